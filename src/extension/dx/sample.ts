/** The New Scratch Pad template: the language in a few lines (kept in step with docs/dx.md). */
export const SCRATCH_PAD_SAMPLE = `# Partials scratch pad: answers appear above each line as you type.
# logistic regression, one example
x = 2.0; y = 1          # numbers: the point
z = w*x + b             # definitions: later lines may use earlier names
p = 1/(1 + exp(-z))
loss = -(y*log(p) + (1 - y)*log(1 - p))
wrt w, b                # inputs (default: every free name that is not given a number)
dloss/dw = x*(p - y)    # a claim: checked against the exact partial
dloss/db = y - p        # a wrong claim: use the quick fix (Ctrl+.)
`;
