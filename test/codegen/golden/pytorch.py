# Gradient of f: x^2 + x*y + y^2, with respect to x, y
def g0_closed_grad(x, y):
    f = x ** 2 + x * y + y ** 2
    df_dx = y + 2 * x
    df_dy = x + 2 * y
    return f, (df_dx, df_dy)

# Reverse mode (adjoint) of f: x^2 + x*y + y^2, with respect to x, y
def g0_adjoint_grad(x, y):
    # forward sweep
    f = x ** 2 + x * y + y ** 2
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    y_bar = 2 * f_bar * y + x * f_bar
    x_bar = y * f_bar + 2 * f_bar * x
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

# Hessian of f: x^2 + x*y + y^2, with respect to x, y
def g0_hessian_hess(x, y):
    f = x ** 2 + x * y + y ** 2
    df_dx = y + 2 * x
    df_dy = x + 2 * y
    d2f_dx2 = 2
    d2f_dx_dy = 1
    d2f_dy2 = 2
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
# Gradient of f: x^x, with respect to x
def g1_closed_grad(x):
    f = x ** x
    df_dx = f + f * torch.log(x)
    return f, (df_dx,)

import torch
# Reverse mode (adjoint) of f: x^x, with respect to x
def g1_adjoint_grad(x):
    # forward sweep
    f = x ** x
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    x_bar = f * f_bar + f_bar * (f * torch.log(x))
    df_dx = x_bar
    return f, (df_dx,)

import torch
# Hessian of f: x^x, with respect to x
def g1_hessian_hess(x):
    f = x ** x
    t0 = torch.log(x)
    t1 = f * t0
    df_dx = f + t1
    t2 = 1 + t0
    d2f_dx2 = f * (1 / x) + f * t2 + t1 * t2
    return f, (df_dx,), ((d2f_dx2,),)

import torch
# Gradient of f: asin(x/3) + acos(y/3), with respect to x, y
def g2_closed_grad(x, y):
    t0 = x / 3
    t1 = y / 3
    f = torch.asin(t0) + torch.acos(t1)
    t2 = 1 / 3
    df_dx = t2 * (1 / torch.sqrt(1 - t0 ** 2))
    df_dy = -(1 / torch.sqrt(1 - t1 ** 2) * t2)
    return f, (df_dx, df_dy)

import torch
# Reverse mode (adjoint) of f: asin(x/3) + acos(y/3), with respect to x, y
def g2_adjoint_grad(x, y):
    # forward sweep
    t0 = x / 3
    t1 = y / 3
    f = torch.asin(t0) + torch.acos(t1)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    t2 = 1 / 3
    y_bar = -(f_bar * (1 / torch.sqrt(1 - t1 ** 2)) * t2)
    x_bar = t2 * (f_bar * (1 / torch.sqrt(1 - t0 ** 2)))
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
# Hessian of f: asin(x/3) + acos(y/3), with respect to x, y
def g2_hessian_hess(x, y):
    t0 = x / 3
    t1 = y / 3
    f = torch.asin(t0) + torch.acos(t1)
    t2 = 1 / 3
    t3 = torch.sqrt(1 - t0 ** 2)
    t4 = 1 / t3
    df_dx = t2 * t4
    t5 = torch.sqrt(1 - t1 ** 2)
    t6 = 1 / t5
    df_dy = -(t6 * t2)
    d2f_dx2 = 2 * t2 * t2 * (t4 / t3) * (1 / (2 * t3)) * t0
    d2f_dx_dy = 0
    d2f_dy2 = -(2 * t2 * t2 * (t6 / t5) * (1 / (2 * t5)) * t1)
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
# Gradient of f: asinh(-x) + atanh(-x/4), with respect to x
def g3_closed_grad(x):
    t0 = -(x / 4)
    f = torch.asinh(-x) + torch.atanh(t0)
    df_dx = -(0.25 * (1 / (1 - t0 ** 2))) - 1 / torch.sqrt(1 + (-x) ** 2)
    return f, (df_dx,)

import torch
# Reverse mode (adjoint) of f: asinh(-x) + atanh(-x/4), with respect to x
def g3_adjoint_grad(x):
    # forward sweep
    t0 = -(x / 4)
    f = torch.asinh(-x) + torch.atanh(t0)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    x_bar = -(0.25 * f_bar * (1 / (1 - t0 ** 2))) - f_bar * (1 / torch.sqrt(1 + (-x) ** 2))
    df_dx = x_bar
    return f, (df_dx,)

import torch
# Hessian of f: asinh(-x) + atanh(-x/4), with respect to x
def g3_hessian_hess(x):
    t0 = x / 4
    t1 = -t0
    f = torch.asinh(-x) + torch.atanh(t1)
    t2 = 1 - t1 ** 2
    t3 = 1 / t2
    t4 = torch.sqrt(1 + (-x) ** 2)
    t5 = 1 / t4
    df_dx = -(0.25 * t3) - t5
    d2f_dx2 = 2 * (t5 / t4) * (1 / (2 * t4)) * x + 0.25 * (-0.25 * (t3 / t2) * (2 * t0))
    return f, (df_dx,), ((d2f_dx2,),)

import torch
# Gradient of f: nthRoot(x - 7, 5) * y, with respect to x, y
def g4_closed_grad(x, y):
    t0 = x - 7
    t1 = torch.where(t0 < 0, -(7 - x) ** 0.2, t0 ** 0.2)
    f = y * t1
    df_dx = y * (t1 / (5 * t0))
    df_dy = t1
    return f, (df_dx, df_dy)

import torch
# Reverse mode (adjoint) of f: nthRoot(x - 7, 5) * y, with respect to x, y
def g4_adjoint_grad(x, y):
    # forward sweep
    t0 = x - 7
    t1 = torch.where(t0 < 0, -(7 - x) ** 0.2, t0 ** 0.2)
    f = y * t1
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    y_bar = f_bar * t1
    x_bar = y * f_bar * (t1 / (5 * t0))
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
# Hessian of f: nthRoot(x - 7, 5) * y, with respect to x, y
def g4_hessian_hess(x, y):
    t0 = x - 7
    t1 = torch.where(t0 < 0, -(7 - x) ** 0.2, t0 ** 0.2)
    f = y * t1
    t2 = 5 * t0
    t3 = t1 / t2
    df_dx = y * t3
    df_dy = t1
    d2f_dx2 = y * (1 / t2) * t3 - 5 * y * (t3 / t2)
    d2f_dx_dy = t3
    d2f_dy2 = 0
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
# Gradient of f: round(-x*y - 0.25) + x, with respect to x, y
def g5_closed_grad(x, y):
    t0 = -(x * y) - 0.25
    f = x + torch.where(t0 < 0, -torch.floor(0.5 - t0), torch.floor(t0 + 0.5))
    df_dx = 1
    df_dy = 0
    return f, (df_dx, df_dy)

import torch
# Reverse mode (adjoint) of f: round(-x*y - 0.25) + x, with respect to x, y
def g5_adjoint_grad(x, y):
    # forward sweep
    t0 = -(x * y) - 0.25
    f = x + torch.where(t0 < 0, -torch.floor(0.5 - t0), torch.floor(t0 + 0.5))
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    x_bar = f_bar
    df_dx = x_bar
    df_dy = 0
    return f, (df_dx, df_dy)

import torch
# Hessian of f: round(-x*y - 0.25) + x, with respect to x, y
def g5_hessian_hess(x, y):
    t0 = -(x * y) - 0.25
    f = x + torch.where(t0 < 0, -torch.floor(0.5 - t0), torch.floor(t0 + 0.5))
    df_dx = 1
    df_dy = 0
    d2f_dx2 = 0
    d2f_dx_dy = 0
    d2f_dy2 = 0
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
import math
# Gradient of f: erf(x*y), with respect to x, y
def g6_closed_grad(x, y):
    t0 = x * y
    f = torch.erf(t0)
    t1 = 2 / math.sqrt(math.pi) * torch.exp(-t0 ** 2)
    df_dx = y * t1
    df_dy = x * t1
    return f, (df_dx, df_dy)

import torch
import math
# Reverse mode (adjoint) of f: erf(x*y), with respect to x, y
def g6_adjoint_grad(x, y):
    # forward sweep
    t0 = x * y
    f = torch.erf(t0)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    t1 = f_bar * (2 / math.sqrt(math.pi) * torch.exp(-t0 ** 2))
    y_bar = x * t1
    x_bar = y * t1
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
import math
# Hessian of f: erf(x*y), with respect to x, y
def g6_hessian_hess(x, y):
    t0 = x * y
    f = torch.erf(t0)
    t1 = 2 / math.sqrt(math.pi)
    t2 = torch.exp(-t0 ** 2)
    t3 = t1 * t2
    df_dx = y * t3
    df_dy = x * t3
    t4 = 2 * t0
    t5 = t2 * (y * t1) * t4
    d2f_dx2 = -(y * t5)
    d2f_dx_dy = t3 - x * t5
    d2f_dy2 = -(x * (t4 * (t2 * (x * t1))))
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
import torch.nn.functional as F
# Gradient of f: softplus(x - y), with respect to x, y
def g7_closed_grad(x, y):
    t0 = x - y
    f = F.softplus(t0)
    df_dx = torch.sigmoid(t0)
    df_dy = -df_dx
    return f, (df_dx, df_dy)

import torch
import torch.nn.functional as F
# Reverse mode (adjoint) of f: softplus(x - y), with respect to x, y
def g7_adjoint_grad(x, y):
    # forward sweep
    t0 = x - y
    f = F.softplus(t0)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    t1 = f_bar * torch.sigmoid(t0)
    y_bar = -t1
    x_bar = t1
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
import torch.nn.functional as F
# Hessian of f: softplus(x - y), with respect to x, y
def g7_hessian_hess(x, y):
    t0 = x - y
    f = F.softplus(t0)
    df_dx = torch.sigmoid(t0)
    df_dy = -df_dx
    d2f_dx2 = df_dx * torch.sigmoid(y - x)
    d2f_dx_dy = -d2f_dx2
    d2f_dy2 = d2f_dx2
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
import torch.nn.functional as F
import math
# Gradient of f: gelu(x*y) + gelu(-x), with respect to x, y
def g8_closed_grad(x, y):
    t0 = x * y
    f = F.gelu(t0, approximate='tanh') + F.gelu(-x, approximate='tanh')
    t1 = math.sqrt(2 / math.pi)
    t2 = t1 * (0.044715 * (-x) ** 3 - x)
    t3 = t1 * (t0 + 0.044715 * t0 ** 3)
    t4 = torch.sigmoid(2 * t3) + 0.5 * t1 * (1 + 0.134145 * t0 ** 2) * t0 * (1 - torch.tanh(t3) ** 2)
    df_dx = 0.5 * t1 * (1 + 0.134145 * (-x) ** 2) * x * (1 - torch.tanh(t2) ** 2) - torch.sigmoid(2 * t2) + y * t4
    df_dy = x * t4
    return f, (df_dx, df_dy)

import torch
import torch.nn.functional as F
import math
# Reverse mode (adjoint) of f: gelu(x*y) + gelu(-x), with respect to x, y
def g8_adjoint_grad(x, y):
    # forward sweep
    t0 = x * y
    f = F.gelu(t0, approximate='tanh') + F.gelu(-x, approximate='tanh')
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    t1 = math.sqrt(2 / math.pi)
    t2 = t1 * (t0 + 0.044715 * t0 ** 3)
    t3 = f_bar * (torch.sigmoid(2 * t2) + 0.5 * t1 * (1 + 0.134145 * t0 ** 2) * t0 * (1 - torch.tanh(t2) ** 2))
    y_bar = x * t3
    t4 = t1 * (0.044715 * (-x) ** 3 - x)
    x_bar = y * t3 - f_bar * (torch.sigmoid(2 * t4) - 0.5 * t1 * (1 + 0.134145 * (-x) ** 2) * x * (1 - torch.tanh(t4) ** 2))
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
import torch.nn.functional as F
import math
# Hessian of f: gelu(x*y) + gelu(-x), with respect to x, y
def g8_hessian_hess(x, y):
    t0 = x * y
    f = F.gelu(t0, approximate='tanh') + F.gelu(-x, approximate='tanh')
    t1 = math.sqrt(2 / math.pi)
    t2 = t1 * (0.044715 * (-x) ** 3 - x)
    t3 = (-x) ** 2
    t4 = t1 * (1 + 0.134145 * t3)
    t5 = 2 * t2
    t6 = torch.sigmoid(t5)
    t7 = 0.5 * x
    t8 = t4 * t7
    t9 = t1 * (t0 + 0.044715 * t0 ** 3)
    t10 = t0 ** 2
    t11 = t1 * (1 + 0.134145 * t10)
    t12 = 2 * t9
    t13 = torch.sigmoid(t12)
    t14 = 0.5 * t0
    t15 = t11 * t14
    t16 = torch.tanh(t9)
    t17 = torch.tanh(t2)
    t18 = 1 - t17 ** 2
    t19 = 1 - t16 ** 2
    t20 = t13 + t15 * t19
    df_dx = t8 * t18 - t6 + y * t20
    df_dy = x * t20
    t21 = t13 * torch.sigmoid(-t12)
    t22 = 2 * t0
    t23 = 3 * t10
    t24 = torch.exp(-torch.abs(t2))
    t25 = 2 * t24 / (1 + t24 * t24)
    t26 = torch.exp(-torch.abs(t9))
    t27 = 2 * t26 / (1 + t26 * t26)
    t28 = y * t19
    t29 = 2 * t27
    t30 = t16 * t27
    t31 = t1 * (2 * y * t21 - y * t15 * t29 * t30)
    t32 = 0.5 * t11 * t28 + 0.134145 * t22 * t1 * t14 * t28 + t31 + 0.044715 * t23 * t31
    t33 = t1 * (-(2 * t8 * t25 * t17 * t25) - 2 * t6 * torch.sigmoid(-t5))
    d2f_dx2 = 0.5 * t4 * t18 - t33 + (2 * x * (0.134145 * t1 * t7 * t18) - 3 * t3 * (0.044715 * t33)) + y * t32
    d2f_dx_dy = t20 + x * t32
    t34 = x * t19
    t35 = t1 * (2 * x * t21 - t30 * (x * t15 * t29))
    d2f_dy2 = x * (0.5 * t11 * t34 + 0.134145 * t22 * t1 * t14 * t34 + t35 + 0.044715 * t23 * t35)
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
# Gradient of f: x*y > 1 and x < 3 ? sin(x) : cos(y), with respect to x, y
def g9_closed_grad(x, y):
    f = torch.where(torch.logical_and(x * y > 1, x < 3), torch.sin(x), torch.cos(y))
    df_dx = torch.where(torch.logical_and(x * y > 1, x < 3), torch.cos(x), 0)
    df_dy = torch.where(torch.logical_and(x * y > 1, x < 3), 0, -torch.sin(y))
    return f, (df_dx, df_dy)

import torch
# Reverse mode (adjoint) of f: x*y > 1 and x < 3 ? sin(x) : cos(y), with respect to x, y
def g9_adjoint_grad(x, y):
    # forward sweep
    f = torch.where(torch.logical_and(x * y > 1, x < 3), torch.sin(x), torch.cos(y))
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    y_bar = torch.where(torch.logical_and(x * y > 1, x < 3), 0, -(f_bar * torch.sin(y)))
    x_bar = torch.where(torch.logical_and(x * y > 1, x < 3), f_bar * torch.cos(x), 0)
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
# Hessian of f: x*y > 1 and x < 3 ? sin(x) : cos(y), with respect to x, y
def g9_hessian_hess(x, y):
    t0 = torch.sin(x)
    t1 = torch.cos(y)
    f = torch.where(torch.logical_and(x * y > 1, x < 3), t0, t1)
    df_dx = torch.where(torch.logical_and(x * y > 1, x < 3), torch.cos(x), 0)
    df_dy = torch.where(torch.logical_and(x * y > 1, x < 3), 0, -torch.sin(y))
    d2f_dx2 = torch.where(torch.logical_and(x * y > 1, x < 3), -t0, 0)
    d2f_dx_dy = 0
    d2f_dy2 = torch.where(torch.logical_and(x * y > 1, x < 3), 0, -t1)
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

# Gradient of f: (x + y)^(1/3), with respect to x, y
def g10_closed_grad(x, y):
    t0 = x + y
    t1 = 1 / 3
    f = t0 ** t1
    df_dx = f * (t1 / t0)
    df_dy = df_dx
    return f, (df_dx, df_dy)

# Reverse mode (adjoint) of f: (x + y)^(1/3), with respect to x, y
def g10_adjoint_grad(x, y):
    # forward sweep
    t0 = x + y
    t1 = 1 / 3
    f = t0 ** t1
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    t2 = f_bar * (f * (t1 / t0))
    y_bar = t2
    x_bar = t2
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

# Hessian of f: (x + y)^(1/3), with respect to x, y
def g10_hessian_hess(x, y):
    t0 = x + y
    t1 = 1 / 3
    f = t0 ** t1
    t2 = t1 / t0
    df_dx = f * t2
    df_dy = df_dx
    d2f_dx2 = t2 * df_dx - f * (t2 / t0)
    d2f_dx_dy = d2f_dx2
    d2f_dy2 = d2f_dx2
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
# Gradient of f: sqrt(x^2 + y^2 + z^2), with respect to x, y, z
def g11_closed_grad(x, y, z):
    f = torch.sqrt(x ** 2 + y ** 2 + z ** 2)
    t0 = 1 / (2 * f)
    df_dx = 2 * t0 * x
    df_dy = 2 * t0 * y
    df_dz = 2 * t0 * z
    return f, (df_dx, df_dy, df_dz)

import torch
# Reverse mode (adjoint) of f: sqrt(x^2 + y^2 + z^2), with respect to x, y, z
def g11_adjoint_grad(x, y, z):
    # forward sweep
    f = torch.sqrt(x ** 2 + y ** 2 + z ** 2)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    t0 = f_bar * (1 / (2 * f))
    z_bar = 2 * t0 * z
    y_bar = 2 * t0 * y
    x_bar = 2 * t0 * x
    df_dx = x_bar
    df_dy = y_bar
    df_dz = z_bar
    return f, (df_dx, df_dy, df_dz)

import torch
# Hessian of f: sqrt(x^2 + y^2 + z^2), with respect to x, y, z
def g11_hessian_hess(x, y, z):
    f = torch.sqrt(x ** 2 + y ** 2 + z ** 2)
    t0 = 2 * f
    t1 = 1 / t0
    t2 = 2 * x
    df_dx = t1 * t2
    t3 = 2 * y
    df_dy = t1 * t3
    t4 = 2 * z
    df_dz = t1 * t4
    t5 = 2 * t1
    t6 = t1 / t0
    t7 = 2 * t1 * t2 * t6
    d2f_dx2 = t5 - t2 * t7
    d2f_dx_dy = -(t3 * t7)
    d2f_dx_dz = -(t4 * t7)
    t8 = 2 * t1 * t3 * t6
    d2f_dy2 = t5 - t3 * t8
    d2f_dy_dz = -(t4 * t8)
    d2f_dz2 = t5 - 2 * t4 * t1 * t4 * t6
    return f, (df_dx, df_dy, df_dz), ((d2f_dx2, d2f_dx_dy, d2f_dx_dz), (d2f_dx_dy, d2f_dy2, d2f_dy_dz), (d2f_dx_dz, d2f_dy_dz, d2f_dz2))

import torch
# Gradient of f: exp(sin(exp(x))), with respect to x
def g12_closed_grad(x):
    t0 = torch.exp(x)
    f = torch.exp(torch.sin(t0))
    df_dx = t0 * (f * torch.cos(t0))
    return f, (df_dx,)

import torch
# Reverse mode (adjoint) of f: exp(sin(exp(x))), with respect to x
def g12_adjoint_grad(x):
    # forward sweep
    t0 = torch.exp(x)
    f = torch.exp(torch.sin(t0))
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    x_bar = t0 * (f * f_bar * torch.cos(t0))
    df_dx = x_bar
    return f, (df_dx,)

import torch
# Hessian of f: exp(sin(exp(x))), with respect to x
def g12_hessian_hess(x):
    t0 = torch.exp(x)
    t1 = torch.sin(t0)
    f = torch.exp(t1)
    t2 = torch.cos(t0)
    t3 = f * t2
    df_dx = t0 * t3
    d2f_dx2 = t0 * (t3 - t1 * (t0 * f) + t2 * (f * (t0 * t2)))
    return f, (df_dx,), ((d2f_dx2,),)

# Gradient of f: 3.5e-3*x^2 + 1e5*y, with respect to x, y
def g13_closed_grad(x, y):
    f = 0.0035 * x ** 2 + 100000 * y
    df_dx = 0.007 * x
    df_dy = 100000
    return f, (df_dx, df_dy)

# Reverse mode (adjoint) of f: 3.5e-3*x^2 + 1e5*y, with respect to x, y
def g13_adjoint_grad(x, y):
    # forward sweep
    f = 0.0035 * x ** 2 + 100000 * y
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    y_bar = 100000 * f_bar
    x_bar = 0.0035 * f_bar * (2 * x)
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

# Hessian of f: 3.5e-3*x^2 + 1e5*y, with respect to x, y
def g13_hessian_hess(x, y):
    f = 0.0035 * x ** 2 + 100000 * y
    df_dx = 0.007 * x
    df_dy = 100000
    d2f_dx2 = 0.007
    d2f_dx_dy = 0
    d2f_dy2 = 0
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
# Gradient of c: a = x*y; b = sin(a); c = a*b, with respect to x, y
# dc/dx = y (a cos(a) + b)
# dc/dy = x (a cos(a) + b)
#   where a = x y, b = sin(a)
def g14_closed_grad(x, y):
    a = x * y
    b = torch.sin(a)
    c = a * b
    t0 = b + a * torch.cos(a)
    dc_dx = y * t0
    dc_dy = x * t0
    return c, (dc_dx, dc_dy)

import torch
# Reverse mode (adjoint) of c: a = x*y; b = sin(a); c = a*b, with respect to x, y
# dc/dx = y (a cos(a) + b)
# dc/dy = x (a cos(a) + b)
#   where a = x y, b = sin(a)
def g14_adjoint_grad(x, y):
    # forward sweep
    a = x * y
    b = torch.sin(a)
    c = a * b
    # backward sweep: adjoints accumulated in reverse order
    c_bar = 1
    b_bar = a * c_bar
    a_bar = b * c_bar
    a_bar = a_bar + b_bar * torch.cos(a)
    y_bar = x * a_bar
    x_bar = y * a_bar
    dc_dx = x_bar
    dc_dy = y_bar
    return c, (dc_dx, dc_dy)

import torch
# Hessian of c: a = x*y; b = sin(a); c = a*b, with respect to x, y
def g14_hessian_hess(x, y):
    a = x * y
    b = torch.sin(a)
    c = a * b
    t0 = torch.cos(a)
    t1 = b + a * t0
    dc_dx = y * t1
    dc_dy = x * t1
    t2 = y * t0
    t3 = t2 + (t2 - b * (y * a))
    d2c_dx2 = y * t3
    d2c_dx_dy = t1 + x * t3
    t4 = x * t0
    d2c_dy2 = x * (t4 + (t4 - b * (x * a)))
    return c, (dc_dx, dc_dy), ((d2c_dx2, d2c_dx_dy), (d2c_dx_dy, d2c_dy2))

import torch
# Gradient of loss: u = x^2; v = u + y; w = exp(-v); loss = w*u, with respect to x, y
# dloss/dx = 2x w (1 − u)
# dloss/dy = −u w
#   where u = x², v = y + u, w = exp(−v)
def g15_closed_grad(x, y):
    u = x ** 2
    v = u + y
    w = torch.exp(-v)
    loss = u * w
    dloss_dx = 2 * (w - loss) * x
    dloss_dy = -loss
    return loss, (dloss_dx, dloss_dy)

import torch
# Reverse mode (adjoint) of loss: u = x^2; v = u + y; w = exp(-v); loss = w*u, with respect to x, y
# dloss/dx = 2x w (1 − u)
# dloss/dy = −u w
#   where u = x², v = y + u, w = exp(−v)
def g15_adjoint_grad(x, y):
    # forward sweep
    u = x ** 2
    v = u + y
    w = torch.exp(-v)
    loss = u * w
    # backward sweep: adjoints accumulated in reverse order
    loss_bar = 1
    w_bar = u * loss_bar
    u_bar = w * loss_bar
    v_bar = -(w * w_bar)
    y_bar = v_bar
    u_bar = u_bar + v_bar
    x_bar = 2 * u_bar * x
    dloss_dx = x_bar
    dloss_dy = y_bar
    return loss, (dloss_dx, dloss_dy)

import torch
# Hessian of loss: u = x^2; v = u + y; w = exp(-v); loss = w*u, with respect to x, y
def g15_hessian_hess(x, y):
    u = x ** 2
    v = u + y
    w = torch.exp(-v)
    loss = u * w
    t0 = w - loss
    t1 = 2 * x
    dloss_dx = t0 * t1
    dloss_dy = -loss
    t2 = w * (t1 - u * t1)
    d2loss_dx2 = 2 * t0 + t1 * (-(w * t1) - t2)
    d2loss_dx_dy = -t2
    d2loss_dy2 = loss
    return loss, (dloss_dx, dloss_dy), ((d2loss_dx2, d2loss_dx_dy), (d2loss_dx_dy, d2loss_dy2))

import torch
# Gradient of loss: h = tanh(w1*x + b1); out = sigmoid(w2*h + b2); loss = (out - t)^2, with respect to w1, x, b1, w2, b2, t
# dloss/dw1 = 2x w₂ out (out − t) (1 − out) (1 − h²)
# dloss/dx = 2w₁ w₂ out (out − t) (1 − out) (1 − h²)
# dloss/db1 = 2w₂ out (out − t) (1 − out) (1 − h²)
# dloss/dw2 = 2h out (out − t) (1 − out)
# dloss/db2 = 2out (out − t) (1 − out)
# dloss/dt = 2 (t − out)
#   where h = tanh(w₁ x + b₁), out = σ(w₂ h + b₂)
def g16_closed_grad(w1, x, b1, w2, b2, t):
    h = torch.tanh(w1 * x + b1)
    t0 = h * w2 + b2
    out = torch.sigmoid(t0)
    t1 = out - t
    loss = t1 ** 2
    t2 = 2 * t1
    t3 = t2 * (out * torch.sigmoid(-t0))
    t4 = w2 * t3 * (1 - h ** 2)
    dloss_dw1 = x * t4
    dloss_dx = w1 * t4
    dloss_db1 = t4
    dloss_dw2 = h * t3
    dloss_db2 = t3
    dloss_dt = -t2
    return loss, (dloss_dw1, dloss_dx, dloss_db1, dloss_dw2, dloss_db2, dloss_dt)

import torch
# Reverse mode (adjoint) of loss: h = tanh(w1*x + b1); out = sigmoid(w2*h + b2); loss = (out - t)^2, with respect to w1, x, b1, w2, b2, t
# dloss/dw1 = 2x w₂ out (out − t) (1 − out) (1 − h²)
# dloss/dx = 2w₁ w₂ out (out − t) (1 − out) (1 − h²)
# dloss/db1 = 2w₂ out (out − t) (1 − out) (1 − h²)
# dloss/dw2 = 2h out (out − t) (1 − out)
# dloss/db2 = 2out (out − t) (1 − out)
# dloss/dt = 2 (t − out)
#   where h = tanh(w₁ x + b₁), out = σ(w₂ h + b₂)
def g16_adjoint_grad(w1, x, b1, w2, b2, t):
    # forward sweep
    h = torch.tanh(w1 * x + b1)
    t0 = h * w2 + b2
    out = torch.sigmoid(t0)
    t1 = out - t
    loss = t1 ** 2
    # backward sweep: adjoints accumulated in reverse order
    loss_bar = 1
    t2 = 2 * loss_bar * t1
    t_bar = -t2
    out_bar = t2
    t3 = out_bar * (out * torch.sigmoid(-t0))
    b2_bar = t3
    w2_bar = h * t3
    h_bar = w2 * t3
    t4 = h_bar * (1 - h ** 2)
    b1_bar = t4
    x_bar = w1 * t4
    w1_bar = x * t4
    dloss_dw1 = w1_bar
    dloss_dx = x_bar
    dloss_db1 = b1_bar
    dloss_dw2 = w2_bar
    dloss_db2 = b2_bar
    dloss_dt = t_bar
    return loss, (dloss_dw1, dloss_dx, dloss_db1, dloss_dw2, dloss_db2, dloss_dt)

import torch
# Hessian of loss: h = tanh(w1*x + b1); out = sigmoid(w2*h + b2); loss = (out - t)^2, with respect to w1, x, b1, w2, b2, t
def g16_hessian_hess(w1, x, b1, w2, b2, t):
    t0 = w1 * x + b1
    h = torch.tanh(t0)
    t1 = h * w2 + b2
    out = torch.sigmoid(t1)
    t2 = out - t
    loss = t2 ** 2
    t3 = 2 * t2
    t4 = torch.sigmoid(-t1)
    t5 = out * t4
    t6 = t3 * t5
    t7 = w2 * t6
    t8 = 1 - h ** 2
    t9 = t7 * t8
    dloss_dw1 = x * t9
    dloss_dx = w1 * t9
    dloss_db1 = t9
    dloss_dw2 = h * t6
    dloss_db2 = t6
    dloss_dt = -t3
    t10 = torch.exp(-torch.abs(t0))
    t11 = 2 * t10 / (1 + t10 * t10)
    t12 = x * t8
    t13 = 2 * t11
    t14 = h * t11
    t15 = w2 * t12
    t16 = t3 * t15
    t17 = 2 * t5 * t15
    t18 = t5 * (t4 * t16 + t17) - t5 * (out * t16)
    t19 = t8 * (w2 * t18) - x * t7 * t13 * t14
    d2loss_dw12 = x * t19
    d2loss_dw1_dx = t9 + w1 * t19
    d2loss_dw1_db1 = t19
    d2loss_dw1_dw2 = t6 * t12 + h * t18
    d2loss_dw1_db2 = t18
    d2loss_dw1_dt = -t17
    t20 = w1 * t8
    t21 = w2 * t20
    t22 = t3 * t21
    t23 = 2 * t5 * t21
    t24 = t5 * (t4 * t22 + t23) - t5 * (out * t22)
    t25 = t8 * (w2 * t24) - t14 * (w1 * t7 * t13)
    d2loss_dx2 = w1 * t25
    d2loss_dx_db1 = t25
    d2loss_dx_dw2 = t6 * t20 + h * t24
    d2loss_dx_db2 = t24
    d2loss_dx_dt = -t23
    t26 = w2 * t8
    t27 = t3 * t26
    t28 = 2 * t5 * t26
    t29 = t5 * (t4 * t27 + t28) - t5 * (out * t27)
    d2loss_db12 = t8 * (w2 * t29) - t14 * (t7 * t13)
    d2loss_db1_dw2 = t6 * t8 + h * t29
    d2loss_db1_db2 = t29
    d2loss_db1_dt = -t28
    t30 = h * t3
    t31 = 2 * h * t5
    t32 = t5 * (t4 * t30 + t31) - t5 * (out * t30)
    d2loss_dw22 = h * t32
    d2loss_dw2_db2 = t32
    d2loss_dw2_dt = -t31
    t33 = 2 * t5
    d2loss_db22 = t5 * (t3 * t4 + t33) - t5 * (out * t3)
    d2loss_db2_dt = -t33
    d2loss_dt2 = 2
    return loss, (dloss_dw1, dloss_dx, dloss_db1, dloss_dw2, dloss_db2, dloss_dt), ((d2loss_dw12, d2loss_dw1_dx, d2loss_dw1_db1, d2loss_dw1_dw2, d2loss_dw1_db2, d2loss_dw1_dt), (d2loss_dw1_dx, d2loss_dx2, d2loss_dx_db1, d2loss_dx_dw2, d2loss_dx_db2, d2loss_dx_dt), (d2loss_dw1_db1, d2loss_dx_db1, d2loss_db12, d2loss_db1_dw2, d2loss_db1_db2, d2loss_db1_dt), (d2loss_dw1_dw2, d2loss_dx_dw2, d2loss_db1_dw2, d2loss_dw22, d2loss_dw2_db2, d2loss_dw2_dt), (d2loss_dw1_db2, d2loss_dx_db2, d2loss_db1_db2, d2loss_dw2_db2, d2loss_db22, d2loss_db2_dt), (d2loss_dw1_dt, d2loss_dx_dt, d2loss_db1_dt, d2loss_dw2_dt, d2loss_db2_dt, d2loss_dt2))

# Gradient of f: a = x + y; a = a*a; f = a + x, with respect to x, y
def g17_closed_grad(x, y):
    a2 = x + y
    a = a2 * a2
    f = x + a
    t0 = 2 * a2
    df_dx = 1 + t0
    df_dy = t0
    return f, (df_dx, df_dy)

# Reverse mode (adjoint) of f: a = x + y; a = a*a; f = a + x, with respect to x, y
def g17_adjoint_grad(x, y):
    # forward sweep
    a2 = x + y
    a = a2 * a2
    f = x + a
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    a_bar = f_bar
    x_bar = f_bar
    a2_bar = 2 * a2 * a_bar
    y_bar = a2_bar
    x_bar = x_bar + a2_bar
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

# Hessian of f: a = x + y; a = a*a; f = a + x, with respect to x, y
def g17_hessian_hess(x, y):
    a2 = x + y
    a = a2 * a2
    f = x + a
    t0 = 2 * a2
    df_dx = 1 + t0
    df_dy = t0
    d2f_dx2 = 2
    d2f_dx_dy = 2
    d2f_dy2 = 2
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
# Gradient of f: r = sqrt(x^2 + y^2); theta = atan2(y, x); f = r*cos(theta) + r^2*sin(theta), with respect to x, y
# df/dx = (2x³ r sin(θ) + 2x y² r sin(θ) − y r³ cos(θ) + x³ cos(θ) + x y² cos(θ) + y r² sin(θ))/(r (x² + y²))
# df/dy = (2x² y r sin(θ) + x r³ cos(θ) + 2y³ r sin(θ) + x² y cos(θ) − x r² sin(θ) + y³ cos(θ))/(r (x² + y²))
#   where r = √(x² + y²), theta = atan2(y, x)
def g18_closed_grad(x, y):
    t0 = x ** 2 + y ** 2
    r = torch.sqrt(t0)
    theta = torch.atan2(y, x)
    t1 = torch.cos(theta)
    t2 = r ** 2
    t3 = torch.sin(theta)
    f = r * t1 + t2 * t3
    t4 = 2 * r
    t5 = t1 * t2 - r * t3
    t6 = (t1 + t3 * t4) * (1 / t4)
    df_dx = 2 * t6 * x - t5 * (y / t0)
    df_dy = t5 * (x / t0) + 2 * t6 * y
    return f, (df_dx, df_dy)

import torch
# Reverse mode (adjoint) of f: r = sqrt(x^2 + y^2); theta = atan2(y, x); f = r*cos(theta) + r^2*sin(theta), with respect to x, y
# df/dx = (2x³ r sin(θ) + 2x y² r sin(θ) − y r³ cos(θ) + x³ cos(θ) + x y² cos(θ) + y r² sin(θ))/(r (x² + y²))
# df/dy = (2x² y r sin(θ) + x r³ cos(θ) + 2y³ r sin(θ) + x² y cos(θ) − x r² sin(θ) + y³ cos(θ))/(r (x² + y²))
#   where r = √(x² + y²), theta = atan2(y, x)
def g18_adjoint_grad(x, y):
    # forward sweep
    t0 = x ** 2 + y ** 2
    r = torch.sqrt(t0)
    theta = torch.atan2(y, x)
    t1 = torch.cos(theta)
    t2 = r ** 2
    t3 = torch.sin(theta)
    f = r * t1 + t2 * t3
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    theta_bar = t1 * (t2 * f_bar) - t3 * (r * f_bar)
    t4 = 2 * r
    r_bar = t3 * f_bar * t4 + t1 * f_bar
    y_bar = theta_bar * (x / t0)
    x_bar = -(theta_bar * (y / t0))
    t5 = r_bar * (1 / t4)
    y_bar = y_bar + 2 * t5 * y
    x_bar = x_bar + 2 * t5 * x
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
# Hessian of f: r = sqrt(x^2 + y^2); theta = atan2(y, x); f = r*cos(theta) + r^2*sin(theta), with respect to x, y
def g18_hessian_hess(x, y):
    t0 = x ** 2 + y ** 2
    r = torch.sqrt(t0)
    theta = torch.atan2(y, x)
    t1 = torch.cos(theta)
    t2 = r ** 2
    t3 = torch.sin(theta)
    f = r * t1 + t2 * t3
    t4 = t1 * t2
    t5 = 2 * r
    t6 = t1 + t3 * t5
    t7 = r * t3
    t8 = t4 - t7
    t9 = y / t0
    t10 = 1 / t5
    t11 = t6 * t10
    t12 = 2 * x
    df_dx = t11 * t12 - t8 * t9
    t13 = x / t0
    t14 = 2 * y
    df_dy = t8 * t13 + t11 * t14
    t15 = 2 * t11
    t16 = t10 * t12
    t17 = t10 / t5
    t18 = t7 - t4
    t19 = t1 * (r * t9 + t5 * t16) - t3 * (t16 - t2 * t9)
    t20 = t10 * (t3 * t9 + 2 * (t3 * t16 - t6 * t12 * t17) - t5 * (t1 * t9)) - t18 * (t9 / t0)
    d2f_dx2 = t15 - t9 * t19 + t12 * t20
    d2f_dx_dy = t18 * (1 / t0) + t13 * t19 + t14 * t20
    t21 = t10 * t14
    d2f_dy2 = t15 + t13 * (t1 * (t5 * t21 - r * t13) - t3 * (t21 + t2 * t13)) + t14 * (t10 * (2 * (t3 * t21 - t17 * (t6 * t14)) - t3 * t13 + t5 * (t1 * t13)) - t8 * (t13 / t0))
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
# Gradient of f: s = x + y + z; m = s/3; v = ((x - m)^2 + (y - m)^2 + (z - m)^2)/3; f = sqrt(v), with respect to x, y, z
# df/dx = (x − s/3)/(3 √v)
# df/dy = (y − s/3)/(3 √v)
# df/dz = (z − s/3)/(3 √v)
#   where s = x + y + z, m = s/3, v = (x² + y² + z² − 2s m + 3m²)/3
def g19_closed_grad(x, y, z):
    s = x + y + z
    m = s / 3
    t0 = x - m
    t1 = y - m
    t2 = z - m
    v = (t0 ** 2 + t1 ** 2 + t2 ** 2) / 3
    f = torch.sqrt(v)
    t3 = 1 / 3
    t4 = 1 / (2 * f) * t3
    t5 = 2 * t4 * t2
    t6 = 2 * t4 * t1
    t7 = 2 * t4 * t0
    t8 = t3 * (-t5 - t6 - t7)
    df_dx = t7 + t8
    df_dy = t6 + t8
    df_dz = t5 + t8
    return f, (df_dx, df_dy, df_dz)

import torch
# Reverse mode (adjoint) of f: s = x + y + z; m = s/3; v = ((x - m)^2 + (y - m)^2 + (z - m)^2)/3; f = sqrt(v), with respect to x, y, z
# df/dx = (x − s/3)/(3 √v)
# df/dy = (y − s/3)/(3 √v)
# df/dz = (z − s/3)/(3 √v)
#   where s = x + y + z, m = s/3, v = (x² + y² + z² − 2s m + 3m²)/3
def g19_adjoint_grad(x, y, z):
    # forward sweep
    s = x + y + z
    m = s / 3
    t0 = x - m
    t1 = y - m
    t2 = z - m
    v = (t0 ** 2 + t1 ** 2 + t2 ** 2) / 3
    f = torch.sqrt(v)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    v_bar = f_bar * (1 / (2 * f))
    t3 = 1 / 3
    t4 = v_bar * t3
    t5 = 2 * t4 * t2
    t6 = 2 * t4 * t1
    t7 = 2 * t4 * t0
    m_bar = -t5 - t6 - t7
    z_bar = t5
    y_bar = t6
    x_bar = t7
    s_bar = t3 * m_bar
    z_bar = z_bar + s_bar
    y_bar = y_bar + s_bar
    x_bar = x_bar + s_bar
    df_dx = x_bar
    df_dy = y_bar
    df_dz = z_bar
    return f, (df_dx, df_dy, df_dz)

import torch
# Hessian of f: s = x + y + z; m = s/3; v = ((x - m)^2 + (y - m)^2 + (z - m)^2)/3; f = sqrt(v), with respect to x, y, z
def g19_hessian_hess(x, y, z):
    s = x + y + z
    m = s / 3
    t0 = x - m
    t1 = y - m
    t2 = z - m
    v = (t0 ** 2 + t1 ** 2 + t2 ** 2) / 3
    f = torch.sqrt(v)
    t3 = 2 * f
    t4 = 1 / t3
    t5 = 1 / 3
    t6 = t4 * t5
    t7 = 2 * t2
    t8 = t6 * t7
    t9 = 2 * t1
    t10 = t6 * t9
    t11 = 2 * t0
    t12 = t6 * t11
    t13 = t5 * (-t8 - t10 - t12)
    df_dx = t12 + t13
    df_dy = t10 + t13
    df_dz = t8 + t13
    t14 = 1 - t5
    t15 = 2 * t6 * t14
    t16 = t5 * t9
    t17 = 2 * t5 * t6
    t18 = t5 * t7
    t19 = t4 / t3
    t20 = 2 * t5 * t4 * t5 * (t11 * t14 - t16 - t18) * t19
    t21 = t7 * t20
    t22 = t9 * t20
    t23 = t11 * t20
    t24 = t5 * (t23 - t15 + (t17 + t21 + (t17 + t22)))
    d2f_dx2 = t15 - t23 + t24
    t25 = -t17
    d2f_dx_dy = t25 - t22 + t24
    d2f_dx_dz = t25 - t21 + t24
    t26 = t5 * t11
    t27 = 2 * t5 * t4 * t19 * t5 * (t9 * t14 - t26 - t18)
    t28 = t7 * t27
    t29 = t9 * t27
    t30 = t5 * (t29 - t15 + (t17 + t28) + (t17 + t11 * t27))
    d2f_dy2 = t15 - t29 + t30
    d2f_dy_dz = t25 - t28 + t30
    t31 = 2 * t5 * t4 * t19 * t5 * (-t26 - t16 + t7 * t14)
    t32 = t7 * t31
    d2f_dz2 = t15 - t32 + t5 * (t32 - t15 + (t17 + t9 * t31) + (t17 + t11 * t31))
    return f, (df_dx, df_dy, df_dz), ((d2f_dx2, d2f_dx_dy, d2f_dx_dz), (d2f_dx_dy, d2f_dy2, d2f_dy_dz), (d2f_dx_dz, d2f_dy_dz, d2f_dz2))

import torch
# Gradient of f: p = relu(x - 0.5); q = max(p, y); f = q*logsumexp(x, y), with respect to x, y
# df/dx = logsumexp(x, y) (p ≥ y ? 1 : 0) (x − 1/2 > 0 ? 1 : 0) + q exp(x − logsumexp(x, y))
# df/dy = q exp(y − logsumexp(x, y)) + logsumexp(x, y) (p ≥ y ? 0 : 1)
#   where p = relu(x − 1/2), q = max(p, y)
def g20_closed_grad(x, y):
    t0 = x - 0.5
    p = torch.relu(t0)
    q = torch.maximum(p, y)
    t1 = torch.maximum(x, y)
    t2 = t1 + torch.log(torch.exp(x - t1) + torch.exp(y - t1))
    f = q * t2
    df_dx = q * torch.exp(x - t2) + torch.where(p >= y, torch.where(t0 > 0, t2, 0), 0)
    df_dy = q * torch.exp(y - t2) + torch.where(p >= y, 0, t2)
    return f, (df_dx, df_dy)

import torch
# Reverse mode (adjoint) of f: p = relu(x - 0.5); q = max(p, y); f = q*logsumexp(x, y), with respect to x, y
# df/dx = logsumexp(x, y) (p ≥ y ? 1 : 0) (x − 1/2 > 0 ? 1 : 0) + q exp(x − logsumexp(x, y))
# df/dy = q exp(y − logsumexp(x, y)) + logsumexp(x, y) (p ≥ y ? 0 : 1)
#   where p = relu(x − 1/2), q = max(p, y)
def g20_adjoint_grad(x, y):
    # forward sweep
    t0 = x - 0.5
    p = torch.relu(t0)
    q = torch.maximum(p, y)
    t1 = torch.maximum(x, y)
    t2 = t1 + torch.log(torch.exp(x - t1) + torch.exp(y - t1))
    f = q * t2
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    q_bar = f_bar * t2
    t3 = q * f_bar
    y_bar = t3 * torch.exp(y - t2)
    x_bar = t3 * torch.exp(x - t2)
    y_bar = y_bar + torch.where(p >= y, 0, q_bar)
    p_bar = torch.where(p >= y, q_bar, 0)
    x_bar = x_bar + torch.where(t0 > 0, p_bar, 0)
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
# Hessian of f: p = relu(x - 0.5); q = max(p, y); f = q*logsumexp(x, y), with respect to x, y
def g20_hessian_hess(x, y):
    t0 = x - 0.5
    p = torch.relu(t0)
    q = torch.maximum(p, y)
    t1 = torch.maximum(x, y)
    t2 = t1 + torch.log(torch.exp(x - t1) + torch.exp(y - t1))
    f = q * t2
    t3 = torch.exp(x - t2)
    t4 = q * t3
    df_dx = t4 + torch.where(p >= y, torch.where(t0 > 0, t2, 0), 0)
    t5 = torch.exp(y - t2)
    t6 = q * t5
    df_dy = t6 + torch.where(p >= y, 0, t2)
    t7 = torch.where(t0 > 0, torch.where(p >= y, 1, 0), 0) - t4
    d2f_dx2 = t4 + t3 * t7 + torch.where(p >= y, torch.where(t0 > 0, t3, 0), 0)
    d2f_dx_dy = t5 * t7 + torch.where(p >= y, 0, t3)
    d2f_dy2 = t6 + t5 * (torch.where(p >= y, 0, 1) - t6) + torch.where(p >= y, 0, t5)
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
# Gradient of f: a = sin(x); b = cos(x); f = a^2 + b^2 + a*b*y, with respect to x, y
# df/dx = cos(x) (y b + 2a) − y a sin(x) − 2b sin(x)
# df/dy = a b
#   where a = sin(x), b = cos(x)
def g21_closed_grad(x, y):
    a = torch.sin(x)
    b = torch.cos(x)
    t0 = a * b
    f = a ** 2 + b ** 2 + t0 * y
    df_dx = b * (b * y + 2 * a) - a * (a * y + 2 * b)
    df_dy = t0
    return f, (df_dx, df_dy)

import torch
# Reverse mode (adjoint) of f: a = sin(x); b = cos(x); f = a^2 + b^2 + a*b*y, with respect to x, y
# df/dx = cos(x) (y b + 2a) − y a sin(x) − 2b sin(x)
# df/dy = a b
#   where a = sin(x), b = cos(x)
def g21_adjoint_grad(x, y):
    # forward sweep
    a = torch.sin(x)
    b = torch.cos(x)
    t0 = a * b
    f = a ** 2 + b ** 2 + t0 * y
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    y_bar = t0 * f_bar
    t1 = y * f_bar
    b_bar = a * t1 + 2 * f_bar * b
    a_bar = b * t1 + 2 * f_bar * a
    x_bar = -(a * b_bar)
    x_bar = x_bar + b * a_bar
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
# Hessian of f: a = sin(x); b = cos(x); f = a^2 + b^2 + a*b*y, with respect to x, y
def g21_hessian_hess(x, y):
    a = torch.sin(x)
    b = torch.cos(x)
    t0 = a * b
    f = a ** 2 + b ** 2 + t0 * y
    t1 = b * y
    t2 = a * y
    t3 = 2 * b
    t4 = t2 + t3
    t5 = 2 * a
    t6 = t1 + t5
    df_dx = b * t6 - a * t4
    df_dy = t0
    d2f_dx2 = b * (t3 - t4 - t2) - a * (t1 + (t6 - t5))
    d2f_dx_dy = b * b - a * a
    d2f_dy2 = 0
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
import torch.nn.functional as F
import math
# Gradient of f: z1 = x*w1 + y*w2; z2 = x*w2 - y*w1; f = softplus(z1) + gelu(z2), with respect to x, w1, y, w2
# df/dx = w₂ z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) + w₁ σ(z₁) + w₂ σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dw1 = x σ(z₁) − y z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) − y σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dy = w₂ σ(z₁) − w₁ z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) − w₁ σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dw2 = x z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) + x σ(2z₂ √(2/π) (0.044715z₂² + 1)) + y σ(z₁)
#   where z1 = x w₁ + y w₂, z2 = x w₂ − w₁ y
def g22_closed_grad(x, w1, y, w2):
    z1 = x * w1 + y * w2
    z2 = x * w2 - w1 * y
    f = F.softplus(z1) + F.gelu(z2, approximate='tanh')
    t0 = math.sqrt(2 / math.pi)
    t1 = t0 * (z2 + 0.044715 * z2 ** 3)
    t2 = torch.sigmoid(z1)
    t3 = torch.sigmoid(2 * t1) + 0.5 * t0 * (1 + 0.134145 * z2 ** 2) * z2 * (1 - torch.tanh(t1) ** 2)
    df_dx = w1 * t2 + w2 * t3
    df_dw1 = x * t2 - y * t3
    df_dy = w2 * t2 - w1 * t3
    df_dw2 = y * t2 + x * t3
    return f, (df_dx, df_dw1, df_dy, df_dw2)

import torch
import torch.nn.functional as F
import math
# Reverse mode (adjoint) of f: z1 = x*w1 + y*w2; z2 = x*w2 - y*w1; f = softplus(z1) + gelu(z2), with respect to x, w1, y, w2
# df/dx = w₂ z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) + w₁ σ(z₁) + w₂ σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dw1 = x σ(z₁) − y z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) − y σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dy = w₂ σ(z₁) − w₁ z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) − w₁ σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dw2 = x z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) + x σ(2z₂ √(2/π) (0.044715z₂² + 1)) + y σ(z₁)
#   where z1 = x w₁ + y w₂, z2 = x w₂ − w₁ y
def g22_adjoint_grad(x, w1, y, w2):
    # forward sweep
    z1 = x * w1 + y * w2
    z2 = x * w2 - w1 * y
    f = F.softplus(z1) + F.gelu(z2, approximate='tanh')
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    t0 = math.sqrt(2 / math.pi)
    t1 = t0 * (z2 + 0.044715 * z2 ** 3)
    z2_bar = f_bar * (torch.sigmoid(2 * t1) + 0.5 * t0 * (1 + 0.134145 * z2 ** 2) * z2 * (1 - torch.tanh(t1) ** 2))
    z1_bar = f_bar * torch.sigmoid(z1)
    w2_bar = x * z2_bar
    y_bar = -(w1 * z2_bar)
    w1_bar = -(y * z2_bar)
    x_bar = w2 * z2_bar
    w2_bar = w2_bar + y * z1_bar
    y_bar = y_bar + w2 * z1_bar
    w1_bar = w1_bar + x * z1_bar
    x_bar = x_bar + w1 * z1_bar
    df_dx = x_bar
    df_dw1 = w1_bar
    df_dy = y_bar
    df_dw2 = w2_bar
    return f, (df_dx, df_dw1, df_dy, df_dw2)

import torch
import torch.nn.functional as F
import math
# Hessian of f: z1 = x*w1 + y*w2; z2 = x*w2 - y*w1; f = softplus(z1) + gelu(z2), with respect to x, w1, y, w2
def g22_hessian_hess(x, w1, y, w2):
    z1 = x * w1 + y * w2
    z2 = x * w2 - w1 * y
    f = F.softplus(z1) + F.gelu(z2, approximate='tanh')
    t0 = math.sqrt(2 / math.pi)
    t1 = t0 * (z2 + 0.044715 * z2 ** 3)
    t2 = z2 ** 2
    t3 = t0 * (1 + 0.134145 * t2)
    t4 = 2 * t1
    t5 = torch.sigmoid(t4)
    t6 = 0.5 * z2
    t7 = t3 * t6
    t8 = torch.sigmoid(z1)
    t9 = torch.tanh(t1)
    t10 = 1 - t9 ** 2
    t11 = t5 + t7 * t10
    df_dx = w1 * t8 + w2 * t11
    df_dw1 = x * t8 - y * t11
    df_dy = w2 * t8 - w1 * t11
    df_dw2 = y * t8 + x * t11
    t12 = t8 * torch.sigmoid(-z1)
    t13 = w1 * t12
    t14 = t5 * torch.sigmoid(-t4)
    t15 = 2 * z2
    t16 = 3 * t2
    t17 = torch.exp(-torch.abs(t1))
    t18 = 2 * t17 / (1 + t17 * t17)
    t19 = w2 * t10
    t20 = 2 * t18
    t21 = t9 * t18
    t22 = t0 * (2 * w2 * t14 - w2 * t7 * t20 * t21)
    t23 = 0.5 * t3 * t19 + 0.134145 * t15 * t0 * t6 * t19 + t22 + 0.044715 * t16 * t22
    d2f_dx2 = w1 * t13 + w2 * t23
    d2f_dx_dw1 = x * t13 + (t8 - y * t23)
    d2f_dx_dy = w2 * t13 - w1 * t23
    d2f_dx_dw2 = y * t13 + (t11 + x * t23)
    t24 = x * t12
    t25 = y * t10
    t26 = t0 * (t21 * (y * t7 * t20) - 2 * y * t14)
    t27 = -(0.5 * t3 * t25) - 0.134145 * t15 * t0 * t6 * t25 + t26 + 0.044715 * t16 * t26
    d2f_dw12 = x * t24 - y * t27
    d2f_dw1_dy = w2 * t24 + (-t11 - w1 * t27)
    d2f_dw1_dw2 = y * t24 + x * t27
    t28 = w2 * t12
    t29 = w1 * t10
    t30 = t0 * (t21 * (w1 * t7 * t20) - 2 * w1 * t14)
    t31 = -(0.5 * t3 * t29) - 0.134145 * t15 * t0 * t6 * t29 + t30 + 0.044715 * t16 * t30
    d2f_dy2 = w2 * t28 - w1 * t31
    d2f_dy_dw2 = y * t28 + (t8 + x * t31)
    t32 = x * t10
    t33 = t0 * (2 * x * t14 - t21 * (x * t7 * t20))
    d2f_dw22 = y * (y * t12) + x * (0.5 * t3 * t32 + 0.134145 * t15 * t0 * t6 * t32 + t33 + 0.044715 * t16 * t33)
    return f, (df_dx, df_dw1, df_dy, df_dw2), ((d2f_dx2, d2f_dx_dw1, d2f_dx_dy, d2f_dx_dw2), (d2f_dx_dw1, d2f_dw12, d2f_dw1_dy, d2f_dw1_dw2), (d2f_dx_dy, d2f_dw1_dy, d2f_dy2, d2f_dy_dw2), (d2f_dx_dw2, d2f_dw1_dw2, d2f_dy_dw2, d2f_dw22))

import torch
# Gradient of f: g1 = x*y; g2 = g1 + x; f = g1*g2 + exp(g1 - g2), with respect to x, y
# df/dx = x y + y (2x y + x) − exp(−x)
# df/dy = x (g₁ + g₂)
#   where g1 = x y, g2 = x + g₁
def g23_closed_grad(x, y):
    g1 = x * y
    g2 = x + g1
    t0 = torch.exp(g1 - g2)
    f = g1 * g2 + t0
    t1 = g1 - t0
    t2 = g2 + t0 + t1
    df_dx = t1 + y * t2
    df_dy = x * t2
    return f, (df_dx, df_dy)

import torch
# Reverse mode (adjoint) of f: g1 = x*y; g2 = g1 + x; f = g1*g2 + exp(g1 - g2), with respect to x, y
# df/dx = x y + y (2x y + x) − exp(−x)
# df/dy = x (g₁ + g₂)
#   where g1 = x y, g2 = x + g₁
def g23_adjoint_grad(x, y):
    # forward sweep
    g1 = x * y
    g2 = x + g1
    t0 = torch.exp(g1 - g2)
    f = g1 * g2 + t0
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    t1 = t0 * f_bar
    g2_bar = g1 * f_bar - t1
    g1_bar = t1 + g2 * f_bar
    g1_bar = g1_bar + g2_bar
    x_bar = g2_bar
    y_bar = x * g1_bar
    x_bar = x_bar + y * g1_bar
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
# Hessian of f: g1 = x*y; g2 = g1 + x; f = g1*g2 + exp(g1 - g2), with respect to x, y
def g23_hessian_hess(x, y):
    g1 = x * y
    g2 = x + g1
    t0 = torch.exp(g1 - g2)
    f = g1 * g2 + t0
    t1 = g1 - t0
    t2 = g2 + t0 + t1
    df_dx = t1 + y * t2
    df_dy = x * t2
    t3 = 1 + y
    t4 = t0 * (y - t3)
    t5 = y - t4
    t6 = t3 + t4 + t5
    d2f_dx2 = t5 + y * t6
    d2f_dx_dy = t2 + x * t6
    d2f_dy2 = 2 * x * x
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

# Gradient of d: c = x + 1; d = c*c, with respect to x
# dd/dx = 2c
#   where c = x + 1
def g24_closed_grad(x):
    c = x + 1
    d = c * c
    dd_dx = 2 * c
    return d, (dd_dx,)

# Reverse mode (adjoint) of d: c = x + 1; d = c*c, with respect to x
# dd/dx = 2c
#   where c = x + 1
def g24_adjoint_grad(x):
    # forward sweep
    c = x + 1
    d = c * c
    # backward sweep: adjoints accumulated in reverse order
    d_bar = 1
    c_bar = 2 * c * d_bar
    x_bar = c_bar
    dd_dx = x_bar
    return d, (dd_dx,)

# Hessian of d: c = x + 1; d = c*c, with respect to x
def g24_hessian_hess(x):
    c = x + 1
    d = c * c
    dd_dx = 2 * c
    d2d_dx2 = 2
    return d, (dd_dx,), ((d2d_dx2,),)

import torch
# Gradient of f: a*x^2 + b*sin(y) + c, with respect to a, x, b, y, c
def g25_closed_grad(a, x, b, y, c):
    t0 = x ** 2
    t1 = torch.sin(y)
    f = a * t0 + b * t1 + c
    df_da = t0
    df_dx = 2 * a * x
    df_db = t1
    df_dy = b * torch.cos(y)
    df_dc = 1
    return f, (df_da, df_dx, df_db, df_dy, df_dc)

import torch
# Reverse mode (adjoint) of f: a*x^2 + b*sin(y) + c, with respect to a, x, b, y, c
def g25_adjoint_grad(a, x, b, y, c):
    # forward sweep
    t0 = x ** 2
    t1 = torch.sin(y)
    f = a * t0 + b * t1 + c
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    c_bar = f_bar
    y_bar = b * f_bar * torch.cos(y)
    b_bar = t1 * f_bar
    x_bar = 2 * a * f_bar * x
    a_bar = t0 * f_bar
    df_da = a_bar
    df_dx = x_bar
    df_db = b_bar
    df_dy = y_bar
    df_dc = c_bar
    return f, (df_da, df_dx, df_db, df_dy, df_dc)

import torch
# Hessian of f: a*x^2 + b*sin(y) + c, with respect to a, x, b, y, c
def g25_hessian_hess(a, x, b, y, c):
    t0 = x ** 2
    t1 = torch.sin(y)
    t2 = b * t1
    f = a * t0 + t2 + c
    df_da = t0
    t3 = 2 * x
    df_dx = a * t3
    df_db = t1
    t4 = torch.cos(y)
    df_dy = b * t4
    df_dc = 1
    d2f_da2 = 0
    d2f_da_dx = t3
    d2f_da_db = 0
    d2f_da_dy = 0
    d2f_da_dc = 0
    d2f_dx2 = 2 * a
    d2f_dx_db = 0
    d2f_dx_dy = 0
    d2f_dx_dc = 0
    d2f_db2 = 0
    d2f_db_dy = t4
    d2f_db_dc = 0
    d2f_dy2 = -t2
    d2f_dy_dc = 0
    d2f_dc2 = 0
    return f, (df_da, df_dx, df_db, df_dy, df_dc), ((d2f_da2, d2f_da_dx, d2f_da_db, d2f_da_dy, d2f_da_dc), (d2f_da_dx, d2f_dx2, d2f_dx_db, d2f_dx_dy, d2f_dx_dc), (d2f_da_db, d2f_dx_db, d2f_db2, d2f_db_dy, d2f_db_dc), (d2f_da_dy, d2f_dx_dy, d2f_db_dy, d2f_dy2, d2f_dy_dc), (d2f_da_dc, d2f_dx_dc, d2f_db_dc, d2f_dy_dc, d2f_dc2))

import torch
# Gradient of loss: h = tanh(w*x + b); loss = (h - t)^2, with respect to w, x, b, t
# dloss/dw = 2x (h − t) (1 − h²)
# dloss/dx = 2w (h − t) (1 − h²)
# dloss/db = 2 (h − t) (1 − h²)
# dloss/dt = 2 (t − h)
#   where h = tanh(w x + b)
def g26_closed_grad(w, x, b, t):
    h = torch.tanh(w * x + b)
    t0 = h - t
    loss = t0 ** 2
    t1 = 2 * t0
    t2 = t1 * (1 - h ** 2)
    dloss_dw = x * t2
    dloss_dx = w * t2
    dloss_db = t2
    dloss_dt = -t1
    return loss, (dloss_dw, dloss_dx, dloss_db, dloss_dt)

import torch
# Reverse mode (adjoint) of loss: h = tanh(w*x + b); loss = (h - t)^2, with respect to w, x, b, t
# dloss/dw = 2x (h − t) (1 − h²)
# dloss/dx = 2w (h − t) (1 − h²)
# dloss/db = 2 (h − t) (1 − h²)
# dloss/dt = 2 (t − h)
#   where h = tanh(w x + b)
def g26_adjoint_grad(w, x, b, t):
    # forward sweep
    h = torch.tanh(w * x + b)
    t0 = h - t
    loss = t0 ** 2
    # backward sweep: adjoints accumulated in reverse order
    loss_bar = 1
    t1 = 2 * loss_bar * t0
    t_bar = -t1
    h_bar = t1
    t2 = h_bar * (1 - h ** 2)
    b_bar = t2
    x_bar = w * t2
    w_bar = x * t2
    dloss_dw = w_bar
    dloss_dx = x_bar
    dloss_db = b_bar
    dloss_dt = t_bar
    return loss, (dloss_dw, dloss_dx, dloss_db, dloss_dt)

import torch
# Hessian of loss: h = tanh(w*x + b); loss = (h - t)^2, with respect to w, x, b, t
def g26_hessian_hess(w, x, b, t):
    t0 = w * x + b
    h = torch.tanh(t0)
    t1 = h - t
    loss = t1 ** 2
    t2 = 2 * t1
    t3 = 1 - h ** 2
    t4 = t2 * t3
    dloss_dw = x * t4
    dloss_dx = w * t4
    dloss_db = t4
    dloss_dt = -t2
    t5 = torch.exp(-torch.abs(t0))
    t6 = 2 * t5 / (1 + t5 * t5)
    t7 = 2 * t6
    t8 = h * t6
    t9 = 2 * x * t3
    t10 = t3 * t9 - x * t2 * t7 * t8
    d2loss_dw2 = x * t10
    d2loss_dw_dx = t4 + w * t10
    d2loss_dw_db = t10
    d2loss_dw_dt = -t9
    t11 = 2 * w * t3
    t12 = t3 * t11 - t8 * (w * t2 * t7)
    d2loss_dx2 = w * t12
    d2loss_dx_db = t12
    d2loss_dx_dt = -t11
    t13 = 2 * t3
    d2loss_db2 = t3 * t13 - t8 * (t2 * t7)
    d2loss_db_dt = -t13
    d2loss_dt2 = 2
    return loss, (dloss_dw, dloss_dx, dloss_db, dloss_dt), ((d2loss_dw2, d2loss_dw_dx, d2loss_dw_db, d2loss_dw_dt), (d2loss_dw_dx, d2loss_dx2, d2loss_dx_db, d2loss_dx_dt), (d2loss_dw_db, d2loss_dx_db, d2loss_db2, d2loss_db_dt), (d2loss_dw_dt, d2loss_dx_dt, d2loss_db_dt, d2loss_dt2))

import torch
import torch.nn.functional as F
# Gradient of f: exp(x) / (1 + exp(x)) + log1p(exp(y)), with respect to x, y
def g27_closed_grad(x, y):
    t0 = torch.sigmoid(x)
    f = t0 + F.softplus(y)
    df_dx = t0 * torch.sigmoid(-x)
    df_dy = torch.sigmoid(y)
    return f, (df_dx, df_dy)

import torch
import torch.nn.functional as F
# Reverse mode (adjoint) of f: exp(x) / (1 + exp(x)) + log1p(exp(y)), with respect to x, y
def g27_adjoint_grad(x, y):
    # forward sweep
    t0 = torch.sigmoid(x)
    f = t0 + F.softplus(y)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    y_bar = f_bar * torch.sigmoid(y)
    x_bar = f_bar * (t0 * torch.sigmoid(-x))
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
import torch.nn.functional as F
# Hessian of f: exp(x) / (1 + exp(x)) + log1p(exp(y)), with respect to x, y
def g27_hessian_hess(x, y):
    t0 = torch.sigmoid(x)
    f = t0 + F.softplus(y)
    t1 = torch.sigmoid(-x)
    df_dx = t0 * t1
    df_dy = torch.sigmoid(y)
    d2f_dx2 = t1 * df_dx - t0 * df_dx
    d2f_dx_dy = 0
    d2f_dy2 = df_dy * torch.sigmoid(-y)
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
import torch.nn.functional as F
# Gradient of L: p = 1 / (1 + exp(-(w*x + b))); L = -(y*log(p) + (1 - y)*log(1 - p)), with respect to w, x, b, y
# dL/dw = x (p − y)
# dL/dx = w (p − y)
# dL/db = p − y
# dL/dy = log(1 − p) − log(p)
#   where p = σ(w x + b)
def g28_closed_grad(w, x, b, y):
    t0 = w * x + b
    t1 = -t0
    t2 = F.softplus(t1)
    t3 = 1 - y
    t4 = F.softplus(t0)
    L = y * t2 + t3 * t4
    t5 = torch.sigmoid(t0) * t3 - y * torch.sigmoid(t1)
    dL_dw = x * t5
    dL_dx = w * t5
    dL_db = t5
    dL_dy = t2 - t4
    return L, (dL_dw, dL_dx, dL_db, dL_dy)

import torch
import torch.nn.functional as F
# Reverse mode (adjoint) of L: p = 1 / (1 + exp(-(w*x + b))); L = -(y*log(p) + (1 - y)*log(1 - p)), with respect to w, x, b, y
# dL/dw = x (p − y)
# dL/dx = w (p − y)
# dL/db = p − y
# dL/dy = log(1 − p) − log(p)
#   where p = σ(w x + b)
def g28_adjoint_grad(w, x, b, y):
    # forward sweep
    t0 = w * x + b
    t1 = -t0
    t2 = F.softplus(t1)
    t3 = 1 - y
    t4 = F.softplus(t0)
    L = y * t2 + t3 * t4
    # backward sweep: adjoints accumulated in reverse order
    L_bar = 1
    y_bar = t2 * L_bar - t4 * L_bar
    t0_bar = torch.sigmoid(t0) * (t3 * L_bar) - torch.sigmoid(t1) * (y * L_bar)
    b_bar = t0_bar
    x_bar = w * t0_bar
    w_bar = x * t0_bar
    dL_dw = w_bar
    dL_dx = x_bar
    dL_db = b_bar
    dL_dy = y_bar
    return L, (dL_dw, dL_dx, dL_db, dL_dy)

import torch
import torch.nn.functional as F
# Hessian of L: p = 1 / (1 + exp(-(w*x + b))); L = -(y*log(p) + (1 - y)*log(1 - p)), with respect to w, x, b, y
def g28_hessian_hess(w, x, b, y):
    t0 = w * x + b
    t1 = -t0
    t2 = F.softplus(t1)
    t3 = 1 - y
    t4 = F.softplus(t0)
    L = y * t2 + t3 * t4
    t5 = torch.sigmoid(t0)
    t6 = torch.sigmoid(t1)
    t7 = t5 * t3 - y * t6
    dL_dw = x * t7
    dL_dx = w * t7
    dL_db = t7
    dL_dy = t2 - t4
    t8 = t5 * t6
    t9 = x * y * t8 + x * t3 * t8
    d2L_dw2 = x * t9
    d2L_dw_dx = t7 + w * t9
    d2L_dw_db = t9
    d2L_dw_dy = -(x * t6) - x * t5
    t10 = t8 * (w * y) + t8 * (w * t3)
    d2L_dx2 = w * t10
    d2L_dx_db = t10
    d2L_dx_dy = -(w * t6) - w * t5
    d2L_db2 = y * t8 + t3 * t8
    d2L_db_dy = -t6 - t5
    d2L_dy2 = 0
    return L, (dL_dw, dL_dx, dL_db, dL_dy), ((d2L_dw2, d2L_dw_dx, d2L_dw_db, d2L_dw_dy), (d2L_dw_dx, d2L_dx2, d2L_dx_db, d2L_dx_dy), (d2L_dw_db, d2L_dx_db, d2L_db2, d2L_db_dy), (d2L_dw_dy, d2L_dx_dy, d2L_db_dy, d2L_dy2))

import torch
# Gradient of f: u = tanh(x*y); f = u / cosh(y)^2 + 2*u, with respect to x, y
# df/dx = y (1/cosh(y)² + 2) sech(x y)²
# df/dy = x/cosh(y)² − x u²/cosh(y)² − 2u sinh(y)/cosh(y)³ − 2x u² + 2x
#   where u = tanh(x y)
def g29_closed_grad(x, y):
    u = torch.tanh(x * y)
    t0 = 1 - torch.tanh(y) ** 2
    t1 = u * t0
    f = 2 * u + t1
    t2 = (2 + t0) * (1 - u ** 2)
    df_dx = y * t2
    df_dy = x * t2 - 2 * torch.sinh(y) * torch.cosh(y) * t0 * t1
    return f, (df_dx, df_dy)

import torch
# Reverse mode (adjoint) of f: u = tanh(x*y); f = u / cosh(y)^2 + 2*u, with respect to x, y
# df/dx = y (1/cosh(y)² + 2) sech(x y)²
# df/dy = x/cosh(y)² − x u²/cosh(y)² − 2u sinh(y)/cosh(y)³ − 2x u² + 2x
#   where u = tanh(x y)
def g29_adjoint_grad(x, y):
    # forward sweep
    u = torch.tanh(x * y)
    t0 = 1 - torch.tanh(y) ** 2
    t1 = u * t0
    f = 2 * u + t1
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1
    u_bar = 2 * f_bar + f_bar * t0
    y_bar = -(2 * torch.sinh(y) * torch.cosh(y) * f_bar * t0 * t1)
    t2 = u_bar * (1 - u ** 2)
    y_bar = y_bar + x * t2
    x_bar = y * t2
    df_dx = x_bar
    df_dy = y_bar
    return f, (df_dx, df_dy)

import torch
# Hessian of f: u = tanh(x*y); f = u / cosh(y)^2 + 2*u, with respect to x, y
def g29_hessian_hess(x, y):
    t0 = x * y
    u = torch.tanh(t0)
    t1 = 1 - torch.tanh(y) ** 2
    t2 = u * t1
    f = 2 * u + t2
    t3 = 2 + t1
    t4 = 1 - u ** 2
    t5 = t3 * t4
    df_dx = y * t5
    t6 = torch.cosh(y)
    t7 = 2 * t6
    t8 = torch.sinh(y)
    t9 = t1 * t2
    t10 = t7 * t9
    df_dy = x * t5 - t8 * t10
    t11 = torch.exp(-torch.abs(t0))
    t12 = 2 * t11 / (1 + t11 * t11)
    t13 = 2 * t12
    t14 = u * t12
    t15 = y * t3 * t13 * t14
    d2f_dx2 = -(y * t15)
    t16 = t1 * t1
    d2f_dx_dy = t5 - t8 * (t7 * (y * t4 * t16)) - x * t15
    t17 = t7 * t8
    t18 = t17 * t1
    d2f_dy2 = t8 * (t7 * (t17 * (t1 * t9) - t16 * (x * t4) + t9 * t18) - 2 * t8 * t9) - t6 * t10 + x * (-(t14 * (t13 * (x * t3))) - t4 * (t1 * t18))
    return f, (df_dx, df_dy), ((d2f_dx2, d2f_dx_dy), (d2f_dx_dy, d2f_dy2))

import torch
import math
# Gradient of C: d1 = (log(S/K) + (r + s^2/2)*T)/(s*sqrt(T)); d2 = d1 - s*sqrt(T); C = S*normcdf(d1) - K*e..., with respect to S, K, r, s, T
def g30_closed_grad(S, K, r, s, T):
    t0 = S / K
    t1 = r + s ** 2 / 2
    t2 = torch.sqrt(T)
    t3 = s * t2
    d1 = (torch.log(t0) + t1 * T) / t3
    d2 = d1 - t3
    t4 = torch.special.ndtr(d1)
    t5 = torch.exp(-(r * T))
    t6 = K * t5
    t7 = torch.special.ndtr(d2)
    C = S * t4 - t6 * t7
    t8 = math.sqrt(2 * math.pi)
    t9 = t6 * (torch.exp(-(d2 ** 2 / 2)) / t8)
    t10 = S * (torch.exp(-(d1 ** 2 / 2)) / t8) - t9
    t11 = t10 * (1 / t3)
    t12 = t11 * (1 / t0)
    dC_dS = t4 + t12 * (1 / K)
    dC_dK = -(t5 * t7) - t12 * (t0 / K)
    t13 = t5 * (K * t7)
    t14 = T * t11
    dC_dr = T * t13 + t14
    t15 = t9 - t10 * (d1 / t3)
    dC_ds = t2 * t15 + 0.5 * t14 * (2 * s)
    dC_dT = r * t13 + s * t15 * (1 / (2 * t2)) + t1 * t11
    return C, (dC_dS, dC_dK, dC_dr, dC_ds, dC_dT)

import torch
import math
# Reverse mode (adjoint) of C: d1 = (log(S/K) + (r + s^2/2)*T)/(s*sqrt(T)); d2 = d1 - s*sqrt(T); C = S*normcdf(d1) - K*e..., with respect to S, K, r, s, T
def g30_adjoint_grad(S, K, r, s, T):
    # forward sweep
    t1 = torch.sqrt(T)
    t0 = s * t1
    t2 = S / K
    t3 = r + s ** 2 / 2
    d1 = (torch.log(t2) + t3 * T) / t0
    d2 = d1 - t0
    t4 = torch.special.ndtr(d1)
    t5 = torch.exp(-(r * T))
    t6 = K * t5
    t7 = torch.special.ndtr(d2)
    C = S * t4 - t6 * t7
    # backward sweep: adjoints accumulated in reverse order
    C_bar = 1
    t8 = math.sqrt(2 * math.pi)
    d2_bar = -(t6 * C_bar * (torch.exp(-(d2 ** 2 / 2)) / t8))
    d1_bar = S * C_bar * (torch.exp(-(d1 ** 2 / 2)) / t8)
    t9 = t7 * C_bar
    t10 = t5 * (K * t9)
    T_bar = r * t10
    r_bar = T * t10
    K_bar = -(t5 * t9)
    S_bar = t4 * C_bar
    d1_bar = d1_bar + d2_bar
    t0_bar = -d2_bar
    t0_bar = t0_bar + -(d1_bar * (d1 / t0))
    t11 = d1_bar * (1 / t0)
    T_bar = T_bar + t3 * t11
    t12 = T * t11
    s_bar = 0.5 * t12 * (2 * s)
    r_bar = r_bar + t12
    t13 = t11 * (1 / t2)
    K_bar = K_bar + -(t13 * (t2 / K))
    S_bar = S_bar + t13 * (1 / K)
    T_bar = T_bar + s * t0_bar * (1 / (2 * t1))
    s_bar = s_bar + t1 * t0_bar
    dC_dS = S_bar
    dC_dK = K_bar
    dC_dr = r_bar
    dC_ds = s_bar
    dC_dT = T_bar
    return C, (dC_dS, dC_dK, dC_dr, dC_ds, dC_dT)

import torch
import math
# Hessian of C: d1 = (log(S/K) + (r + s^2/2)*T)/(s*sqrt(T)); d2 = d1 - s*sqrt(T); C = S*normcdf(d1) - K*e..., with respect to S, K, r, s, T
def g30_hessian_hess(S, K, r, s, T):
    t0 = S / K
    t1 = r + s ** 2 / 2
    t2 = torch.sqrt(T)
    t3 = s * t2
    d1 = (torch.log(t0) + t1 * T) / t3
    d2 = d1 - t3
    t4 = torch.special.ndtr(d1)
    t5 = torch.exp(-(r * T))
    t6 = K * t5
    t7 = torch.special.ndtr(d2)
    C = S * t4 - t6 * t7
    t8 = torch.exp(-(d2 ** 2 / 2))
    t9 = math.sqrt(2 * math.pi)
    t10 = t8 / t9
    t11 = t6 * t10
    t12 = torch.exp(-(d1 ** 2 / 2))
    t13 = t12 / t9
    t14 = S * t13 - t11
    t15 = 1 / t3
    t16 = t14 * t15
    t17 = 1 / t0
    t18 = t16 * t17
    t19 = 1 / K
    t20 = t18 * t19
    dC_dS = t4 + t20
    t21 = t0 / K
    dC_dK = -(t5 * t7) - t18 * t21
    t22 = K * t7
    t23 = t5 * t22
    t24 = T * t16
    dC_dr = T * t23 + t24
    t25 = d1 / t3
    t26 = t11 - t14 * t25
    t27 = 2 * s
    dC_ds = t2 * t26 + 0.5 * t24 * t27
    t28 = s * t26
    t29 = 2 * t2
    t30 = 1 / t29
    dC_dT = r * t23 + t28 * t30 + t1 * t16
    t31 = t17 * t19
    t32 = t17 / t0
    t33 = t15 * t31
    t34 = 1 / t9
    t35 = 2 * d1
    t36 = 2 * d2
    t37 = 0.5 * t8 * t34 * t6 * t33 * t36
    t38 = t37 + (t13 - 0.5 * t12 * S * t33 * t34 * t35)
    t39 = t15 * t38
    t40 = t17 * t39 - t16 * t19 * t32
    d2C_dS2 = t13 * t33 + t19 * t40
    t41 = t10 * t33
    d2C_dS_dK = -(t18 * (t19 / K)) - t5 * t41 - t21 * t40
    t42 = t5 * (K * t41)
    t43 = T * t39
    d2C_dS_dr = T * t42 + t43
    t44 = t15 / t3
    t45 = -(t14 * t31 * t44) - t37 - t25 * t38
    d2C_dS_ds = t2 * t45 + 0.5 * t27 * t43
    d2C_dS_dT = r * t42 + t30 * (s * t45) + t1 * t39
    t46 = t17 * t21
    t47 = t15 * t46
    t48 = t10 * t47
    t49 = 0.5 * t36 * t8 * t34 * t6 * t47
    t50 = t5 * t10
    t51 = 0.5 * t35 * t12 * t34 * S * t47 + (-t49 - t50)
    t52 = t15 * t51
    d2C_dK2 = t18 * (t21 / K) + t5 * t48 - t21 * (t32 * (t16 * t21) - t20 + t17 * t52)
    t53 = t5 * (K * t48 - t7)
    t54 = T * t52
    d2C_dK_dr = t54 - T * t53
    t55 = t44 * (t14 * t46) + (t49 + t50) - t25 * t51
    d2C_dK_ds = 0.5 * t27 * t54 + t2 * t55
    d2C_dK_dT = t1 * t52 + (t30 * (s * t55) - r * t53)
    t56 = T * t15
    t57 = 0.5 * t36 * t8 * t34 * t6 * t56 + t10 * (K * (T * t5))
    t58 = t5 * (T * t22 - K * (t10 * t56))
    t59 = t57 - 0.5 * t35 * t12 * t34 * S * t56
    t60 = t15 * t59
    t61 = T * t60
    d2C_dr2 = t61 - T * t58
    t62 = -(t44 * (T * t14)) - t57 - t25 * t59
    d2C_dr_ds = t2 * t62 + 0.5 * t27 * t61
    d2C_dr_dT = t23 + t16 - r * t58 + t30 * (s * t62) + t1 * t60
    t63 = s * T
    t64 = t2 * t25
    t65 = t2 * t14
    t66 = t25 / t3
    t67 = t15 * t63
    t68 = t2 + (t64 - t67)
    t69 = 0.5 * t36 * t8 * t34 * t6 * t68
    t70 = -(t15 * t65) - 0.5 * t35 * t12 * t34 * S * (t67 - t64) - t69
    t71 = t15 * t70
    t72 = t65 * t66 - t44 * (t14 * t63) + t69 - t25 * t70
    d2C_ds2 = t24 + t2 * t72 + 0.5 * t27 * T * t71
    d2C_ds_dT = s * t16 - r * (t5 * (K * (t10 * t68))) + t30 * (t26 + s * t72) + t1 * t71
    t73 = s * t30
    t74 = t25 * t73
    t75 = t14 * t73
    t76 = t1 * t15
    t77 = t73 + (t74 - t76)
    t78 = 0.5 * t36 * t8 * t34 * t6 * t77
    t79 = t10 * (K * (r * t5))
    t80 = -(t15 * t75) - 0.5 * t35 * t12 * t34 * S * (t76 - t74) + (t79 - t78)
    d2C_dT2 = t30 * (s * (t66 * t75 - t44 * (t1 * t14) + (t78 - t79) - t25 * t80) - 2 * t28 * (t30 / t29)) - r * (t5 * (r * t22 + K * (t10 * t77))) + t1 * (t15 * t80)
    return C, (dC_dS, dC_dK, dC_dr, dC_ds, dC_dT), ((d2C_dS2, d2C_dS_dK, d2C_dS_dr, d2C_dS_ds, d2C_dS_dT), (d2C_dS_dK, d2C_dK2, d2C_dK_dr, d2C_dK_ds, d2C_dK_dT), (d2C_dS_dr, d2C_dK_dr, d2C_dr2, d2C_dr_ds, d2C_dr_dT), (d2C_dS_ds, d2C_dK_ds, d2C_dr_ds, d2C_ds2, d2C_ds_dT), (d2C_dS_dT, d2C_dK_dT, d2C_dr_dT, d2C_ds_dT, d2C_dT2))
