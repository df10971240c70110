/** The New Scratch Pad template: the language in a few lines (kept in step with docs/dx.md). */
export const SCRATCH_PAD_SAMPLE = `# Partials scratch pad: answers appear above each line as you type.
# logistic regression, one example
x = 2.0; y = 1          # numbers: the point
z = w*x + b             # definitions: later lines may use earlier names
loss = log(1 + exp(-y*z))
wrt w, b                # inputs (default: every free name that is not given a number)
dloss/dw = -x*y*exp(-y*z)/(1 + exp(-y*z))   # a claim: checked against the exact partial
dloss/db = -y*exp(-y*z)                     # a wrong claim: use the quick fix (Ctrl+.)
`;
