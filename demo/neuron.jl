# A single neuron: select the `y = …` line and inspect it.
function neuron(w1, w2, x1, x2, b)
    y = tanh(w1 * x1 + w2 * x2 + b)
    return y
end

logsumexp2(a, b) = log(exp(a) + exp(b))
