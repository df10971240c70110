"""Least squares and ridge regression with NumPy: select the loss line (or the two lines of `loss`) and run
"Partials: Inspect Selection" (Ctrl+K Ctrl+G). The gradient comes in matrix notation: 2 Xᵀ(X w − y)."""
import numpy as np

X = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [1.5, 0.2, -0.7], [-0.4, 1.1, 0.9]])
w = np.array([0.5, -0.25, 1.0])
y = np.array([1.0, 0.0, 2.0, -1.0])
lam = 0.1


def loss(w, X, y):
    r = X @ w - y
    return r @ r


def ridge(w, X, y, lam):
    return np.sum((X @ w - y) ** 2) + lam * np.dot(w, w)


def mse(w, X, y):
    return ((X @ w - y) ** 2).mean()


def logistic(w, X, y):
    p = 1 / (1 + np.exp(-(X @ w)))
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
