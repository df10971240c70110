"""A two-layer network in PyTorch: select the loss expression and run "Partials: Inspect Selection"
(Ctrl+K Ctrl+G). Partials gives the gradients in matrix notation; torch.autograd gives only numbers."""
import torch
import torch.nn.functional as F

X = torch.randn(8, 4, dtype=torch.float64)
y = torch.randn(8, dtype=torch.float64)
W1 = torch.randn(4, 5, dtype=torch.float64, requires_grad=True)
b1 = torch.zeros(5, dtype=torch.float64, requires_grad=True)
w2 = torch.randn(5, dtype=torch.float64, requires_grad=True)


def loss(W1, b1, w2):
    h = torch.tanh(X @ W1 + b1)
    return F.mse_loss(h @ w2, y)


def linear(w2):
    return ((X @ W1 @ w2 - y) ** 2).mean()
