/** LaTeX for identifiers and partial-derivative fractions (pure: the webview and the hover renderer share it). */

/** LaTeX for an identifier the engine reported (x1 → x_{1}; long names upright). */
export function texName(name: string): string {
  const m = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (m) return `${texName(m[1])}_{${m[2]}}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  const greek = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
    'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Phi', 'Psi', 'Omega'];
  if (greek.includes(name)) return `\\${name}`;
  return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
}

export function partialLatex(of: string, wrt: string): string {
  return `\\frac{\\partial ${texName(of)}}{\\partial ${texName(wrt)}}`;
}
