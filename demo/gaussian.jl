# A Gaussian negative log-likelihood and least squares in Julia: select a function body (or a one-line
# definition) and run "Partials: Inspect Selection" (Ctrl+K Ctrl+G).
using LinearAlgebra

nll(x, μ, Σ) = 0.5 * (x - μ)' * inv(Σ) * (x - μ) + 0.5 * logdet(Σ)

lsq(w) = sum(abs2, X*w .- y)

function ridge(w)
    r = X*w .- y
    return dot(r, r) + 0.1 * norm(w)^2
end
