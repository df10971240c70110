"""Logistic regression on one example: select a line (or the three lines of `loss`) and run
"Partials: Inspect Selection" (Ctrl+K Ctrl+G), or hover the selection."""
import numpy as np


def loss(w, b, x, y):
    z = w * x + b
    p = 1 / (1 + np.exp(-z))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def gaussian(x, mu, sigma):
    return np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * np.sqrt(2 * np.pi))


# A hand-written derivative to verify: select both lines, run "Partials: Verify Hand-Written Derivative".
f = x ** 2 * np.sin(y)
dfdx = 2 * x * np.sin(y)
