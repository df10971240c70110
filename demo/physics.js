// Select an expression, e.g. the right-hand side of `energy`, and inspect it.
export function energy(m, v, h, g = 9.81) {
  const energy = 0.5 * m * v ** 2 + m * g * h;
  return energy;
}

export function pendulumPeriod(L, g, theta0) {
  return 2 * Math.PI * Math.sqrt(L / g) * (1 + theta0 ** 2 / 16);
}

export function softplus(x) {
  return Math.log(1 + Math.exp(x));
}
