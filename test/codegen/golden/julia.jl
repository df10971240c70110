# Gradient of f: x^2 + x*y + y^2, with respect to x, y
function g0_closed_grad(x, y)
    f = x^2 + x * y + y^2
    df_dx = y + 2.0 * x
    df_dy = x + 2.0 * y
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: x^2 + x*y + y^2, with respect to x, y
function g0_adjoint_grad(x, y)
    # forward sweep
    f = x^2 + x * y + y^2
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    y_bar = 2.0 * f_bar * y + x * f_bar
    x_bar = y * f_bar + 2.0 * f_bar * x
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: x^2 + x*y + y^2, with respect to x, y
function g0_hessian_hess(x, y)
    f = x^2 + x * y + y^2
    df_dx = y + 2.0 * x
    df_dy = x + 2.0 * y
    d2f_dx2 = 2.0
    d2f_dx_dy = 1.0
    d2f_dy2 = 2.0
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: x^x, with respect to x
function g1_closed_grad(x)
    f = x^x
    df_dx = f + f * log(x)
    return (f, (df_dx,))
end

# Reverse mode (adjoint) of f: x^x, with respect to x
function g1_adjoint_grad(x)
    # forward sweep
    f = x^x
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    x_bar = f * f_bar + f_bar * (f * log(x))
    df_dx = x_bar
    return (f, (df_dx,))
end

# Hessian of f: x^x, with respect to x
function g1_hessian_hess(x)
    f = x^x
    t0 = log(x)
    t1 = f * t0
    df_dx = f + t1
    t2 = 1.0 + t0
    d2f_dx2 = f * (1.0 / x) + f * t2 + t1 * t2
    return (f, (df_dx,), [d2f_dx2])
end

# Gradient of f: asin(x/3) + acos(y/3), with respect to x, y
function g2_closed_grad(x, y)
    t0 = x / 3.0
    t1 = y / 3.0
    f = asin(t0) + acos(t1)
    t2 = 1.0 / 3.0
    df_dx = t2 * (1.0 / sqrt(1.0 - t0^2))
    df_dy = -(1.0 / sqrt(1.0 - t1^2) * t2)
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: asin(x/3) + acos(y/3), with respect to x, y
function g2_adjoint_grad(x, y)
    # forward sweep
    t0 = x / 3.0
    t1 = y / 3.0
    f = asin(t0) + acos(t1)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    t2 = 1.0 / 3.0
    y_bar = -(f_bar * (1.0 / sqrt(1.0 - t1^2)) * t2)
    x_bar = t2 * (f_bar * (1.0 / sqrt(1.0 - t0^2)))
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: asin(x/3) + acos(y/3), with respect to x, y
function g2_hessian_hess(x, y)
    t0 = x / 3.0
    t1 = y / 3.0
    f = asin(t0) + acos(t1)
    t2 = 1.0 / 3.0
    t3 = sqrt(1.0 - t0^2)
    t4 = 1.0 / t3
    df_dx = t2 * t4
    t5 = sqrt(1.0 - t1^2)
    t6 = 1.0 / t5
    df_dy = -(t6 * t2)
    d2f_dx2 = 2.0 * t2 * t2 * (t4 / t3) * (1.0 / (2.0 * t3)) * t0
    d2f_dx_dy = 0.0
    d2f_dy2 = -(2.0 * t2 * t2 * (t6 / t5) * (1.0 / (2.0 * t5)) * t1)
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: asinh(-x) + atanh(-x/4), with respect to x
function g3_closed_grad(x)
    t0 = -(x / 4.0)
    f = asinh(-x) + atanh(t0)
    df_dx = -(0.25 * (1.0 / (1.0 - t0^2))) - 1.0 / sqrt(1.0 + (-x)^2)
    return (f, (df_dx,))
end

# Reverse mode (adjoint) of f: asinh(-x) + atanh(-x/4), with respect to x
function g3_adjoint_grad(x)
    # forward sweep
    t0 = -(x / 4.0)
    f = asinh(-x) + atanh(t0)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    x_bar = -(0.25 * f_bar * (1.0 / (1.0 - t0^2))) - f_bar * (1.0 / sqrt(1.0 + (-x)^2))
    df_dx = x_bar
    return (f, (df_dx,))
end

# Hessian of f: asinh(-x) + atanh(-x/4), with respect to x
function g3_hessian_hess(x)
    t0 = x / 4.0
    t1 = -t0
    f = asinh(-x) + atanh(t1)
    t2 = 1.0 - t1^2
    t3 = 1.0 / t2
    t4 = sqrt(1.0 + (-x)^2)
    t5 = 1.0 / t4
    df_dx = -(0.25 * t3) - t5
    d2f_dx2 = 2.0 * (t5 / t4) * (1.0 / (2.0 * t4)) * x + 0.25 * (-0.25 * (t3 / t2) * (2.0 * t0))
    return (f, (df_dx,), [d2f_dx2])
end

# Gradient of f: nthRoot(x - 7, 5) * y, with respect to x, y
function g4_closed_grad(x, y)
    t0 = x - 7.0
    t1 = t0 < 0.0 ? -(7.0 - x)^0.2 : t0^0.2
    f = y * t1
    df_dx = y * (t1 / (5.0 * t0))
    df_dy = t1
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: nthRoot(x - 7, 5) * y, with respect to x, y
function g4_adjoint_grad(x, y)
    # forward sweep
    t0 = x - 7.0
    t1 = t0 < 0.0 ? -(7.0 - x)^0.2 : t0^0.2
    f = y * t1
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    y_bar = f_bar * t1
    x_bar = y * f_bar * (t1 / (5.0 * t0))
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: nthRoot(x - 7, 5) * y, with respect to x, y
function g4_hessian_hess(x, y)
    t0 = x - 7.0
    t1 = t0 < 0.0 ? -(7.0 - x)^0.2 : t0^0.2
    f = y * t1
    t2 = 5.0 * t0
    t3 = t1 / t2
    df_dx = y * t3
    df_dy = t1
    d2f_dx2 = y * (1.0 / t2) * t3 - 5.0 * y * (t3 / t2)
    d2f_dx_dy = t3
    d2f_dy2 = 0.0
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: round(-x*y - 0.25) + x, with respect to x, y
function g5_closed_grad(x, y)
    f = x + round(-(x * y) - 0.25, RoundNearestTiesAway)
    df_dx = 1.0
    df_dy = 0.0
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: round(-x*y - 0.25) + x, with respect to x, y
function g5_adjoint_grad(x, y)
    # forward sweep
    f = x + round(-(x * y) - 0.25, RoundNearestTiesAway)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    x_bar = f_bar
    df_dx = x_bar
    df_dy = 0.0
    return (f, (df_dx, df_dy))
end

# Hessian of f: round(-x*y - 0.25) + x, with respect to x, y
function g5_hessian_hess(x, y)
    f = x + round(-(x * y) - 0.25, RoundNearestTiesAway)
    df_dx = 1.0
    df_dy = 0.0
    d2f_dx2 = 0.0
    d2f_dx_dy = 0.0
    d2f_dy2 = 0.0
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

using SpecialFunctions: erf
# Gradient of f: erf(x*y), with respect to x, y
function g6_closed_grad(x, y)
    t0 = x * y
    f = erf(t0)
    t1 = 2.0 / sqrt(pi) * exp(-t0^2)
    df_dx = y * t1
    df_dy = x * t1
    return (f, (df_dx, df_dy))
end

using SpecialFunctions: erf
# Reverse mode (adjoint) of f: erf(x*y), with respect to x, y
function g6_adjoint_grad(x, y)
    # forward sweep
    t0 = x * y
    f = erf(t0)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    t1 = f_bar * (2.0 / sqrt(pi) * exp(-t0^2))
    y_bar = x * t1
    x_bar = y * t1
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

using SpecialFunctions: erf
# Hessian of f: erf(x*y), with respect to x, y
function g6_hessian_hess(x, y)
    t0 = x * y
    f = erf(t0)
    t1 = 2.0 / sqrt(pi)
    t2 = exp(-t0^2)
    t3 = t1 * t2
    df_dx = y * t3
    df_dy = x * t3
    t4 = 2.0 * t0
    t5 = t2 * (y * t1) * t4
    d2f_dx2 = -(y * t5)
    d2f_dx_dy = t3 - x * t5
    d2f_dy2 = -(x * (t4 * (t2 * (x * t1))))
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: softplus(x - y), with respect to x, y
function g7_closed_grad(x, y)
    t0 = x - y
    f = max(t0, 0.0) + log1p(exp(-abs(t0)))
    df_dx = t0 >= 0.0 ? 1.0 / (1.0 + exp(y - x)) : exp(t0) / (1.0 + exp(t0))
    df_dy = -df_dx
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: softplus(x - y), with respect to x, y
function g7_adjoint_grad(x, y)
    # forward sweep
    t0 = x - y
    f = max(t0, 0.0) + log1p(exp(-abs(t0)))
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    t1 = f_bar * (t0 >= 0.0 ? 1.0 / (1.0 + exp(y - x)) : exp(t0) / (1.0 + exp(t0)))
    y_bar = -t1
    x_bar = t1
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: softplus(x - y), with respect to x, y
function g7_hessian_hess(x, y)
    t0 = x - y
    f = max(t0, 0.0) + log1p(exp(-abs(t0)))
    t1 = y - x
    df_dx = t0 >= 0.0 ? 1.0 / (1.0 + exp(t1)) : exp(t0) / (1.0 + exp(t0))
    df_dy = -df_dx
    d2f_dx2 = df_dx * (t1 >= 0.0 ? 1.0 / (1.0 + exp(t0)) : exp(t1) / (1.0 + exp(t1)))
    d2f_dx_dy = -d2f_dx2
    d2f_dy2 = d2f_dx2
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: gelu(x*y) + gelu(-x), with respect to x, y
function g8_closed_grad(x, y)
    t0 = x * y
    t1 = 0.5 * x
    t2 = 0.5 * t0
    f = t2 * (1.0 + tanh(0.7978845608028654 * (t0 + 0.044715 * t0 * t0 * t0))) - t1 * (1.0 + tanh(0.7978845608028654 * (-x - 0.044715 * x * x * x)))
    t3 = sqrt(2.0 / pi)
    t4 = t3 * (0.044715 * (-x)^3 - x)
    t5 = 2.0 * t4
    t6 = t3 * (t0 + 0.044715 * t0^3)
    t7 = 2.0 * t6
    t8 = (t7 >= 0.0 ? 1.0 / (1.0 + exp(-t7)) : exp(t7) / (1.0 + exp(t7))) + t3 * (1.0 + 0.134145 * t0^2) * t2 * (1.0 - tanh(t6)^2)
    df_dx = t3 * (1.0 + 0.134145 * (-x)^2) * t1 * (1.0 - tanh(t4)^2) - (t5 >= 0.0 ? 1.0 / (1.0 + exp(-t5)) : exp(t5) / (1.0 + exp(t5))) + y * t8
    df_dy = x * t8
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: gelu(x*y) + gelu(-x), with respect to x, y
function g8_adjoint_grad(x, y)
    # forward sweep
    t0 = x * y
    t1 = 0.5 * x
    t2 = 0.5 * t0
    f = t2 * (1.0 + tanh(0.7978845608028654 * (t0 + 0.044715 * t0 * t0 * t0))) - t1 * (1.0 + tanh(0.7978845608028654 * (-x - 0.044715 * x * x * x)))
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    t3 = sqrt(2.0 / pi)
    t4 = t3 * (t0 + 0.044715 * t0^3)
    t5 = 2.0 * t4
    t6 = f_bar * ((t5 >= 0.0 ? 1.0 / (1.0 + exp(-t5)) : exp(t5) / (1.0 + exp(t5))) + t3 * (1.0 + 0.134145 * t0^2) * t2 * (1.0 - tanh(t4)^2))
    y_bar = x * t6
    t7 = t3 * (0.044715 * (-x)^3 - x)
    t8 = 2.0 * t7
    x_bar = y * t6 - f_bar * ((t8 >= 0.0 ? 1.0 / (1.0 + exp(-t8)) : exp(t8) / (1.0 + exp(t8))) - t3 * (1.0 + 0.134145 * (-x)^2) * t1 * (1.0 - tanh(t7)^2))
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: gelu(x*y) + gelu(-x), with respect to x, y
function g8_hessian_hess(x, y)
    t0 = x * y
    t1 = 0.5 * x
    t2 = 0.5 * t0
    f = t2 * (1.0 + tanh(0.7978845608028654 * (t0 + 0.044715 * t0 * t0 * t0))) - t1 * (1.0 + tanh(0.7978845608028654 * (-x - 0.044715 * x * x * x)))
    t3 = sqrt(2.0 / pi)
    t4 = t3 * (0.044715 * (-x)^3 - x)
    t5 = (-x)^2
    t6 = t3 * (1.0 + 0.134145 * t5)
    t7 = 2.0 * t4
    t8 = t6 * t1
    t9 = t3 * (t0 + 0.044715 * t0^3)
    t10 = t0^2
    t11 = t3 * (1.0 + 0.134145 * t10)
    t12 = 2.0 * t9
    t13 = t11 * t2
    t14 = tanh(t9)
    t15 = -t12
    t16 = tanh(t4)
    t17 = -t7
    t18 = t7 >= 0.0 ? 1.0 / (1.0 + exp(t17)) : exp(t7) / (1.0 + exp(t7))
    t19 = 1.0 - t16^2
    t20 = t12 >= 0.0 ? 1.0 / (1.0 + exp(t15)) : exp(t12) / (1.0 + exp(t12))
    t21 = 1.0 - t14^2
    t22 = t20 + t13 * t21
    df_dx = t8 * t19 - t18 + y * t22
    df_dy = x * t22
    t23 = sech(t4)
    t24 = sech(t9)
    t25 = 2.0 * t24
    t26 = t24 * t14
    t27 = 2.0 * t0
    t28 = 3.0 * t10
    t29 = y * t21
    t30 = t20 * (t15 >= 0.0 ? 1.0 / (1.0 + exp(t12)) : exp(t15) / (1.0 + exp(t15)))
    t31 = t3 * (2.0 * y * t30 - y * t13 * t25 * t26)
    t32 = 0.5 * t11 * t29 + 0.134145 * t27 * t3 * t2 * t29 + t31 + 0.044715 * t28 * t31
    t33 = t3 * (-(2.0 * t8 * t23 * t23 * t16) - 2.0 * t18 * (t17 >= 0.0 ? 1.0 / (1.0 + exp(t7)) : exp(t17) / (1.0 + exp(t17))))
    d2f_dx2 = 0.5 * t6 * t19 - t33 + (2.0 * x * (0.134145 * t3 * t1 * t19) - 3.0 * t5 * (0.044715 * t33)) + y * t32
    d2f_dx_dy = t22 + x * t32
    t34 = x * t21
    t35 = t3 * (2.0 * x * t30 - t26 * (t25 * (x * t13)))
    d2f_dy2 = x * (0.5 * t11 * t34 + 0.134145 * t27 * t3 * t2 * t34 + t35 + 0.044715 * t28 * t35)
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: x*y > 1 and x < 3 ? sin(x) : cos(y), with respect to x, y
function g9_closed_grad(x, y)
    f = x * y > 1.0 && x < 3.0 ? sin(x) : cos(y)
    df_dx = x * y > 1.0 && x < 3.0 ? cos(x) : 0.0
    df_dy = x * y > 1.0 && x < 3.0 ? 0.0 : -sin(y)
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: x*y > 1 and x < 3 ? sin(x) : cos(y), with respect to x, y
function g9_adjoint_grad(x, y)
    # forward sweep
    f = x * y > 1.0 && x < 3.0 ? sin(x) : cos(y)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    y_bar = x * y > 1.0 && x < 3.0 ? 0.0 : -(f_bar * sin(y))
    x_bar = x * y > 1.0 && x < 3.0 ? f_bar * cos(x) : 0.0
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: x*y > 1 and x < 3 ? sin(x) : cos(y), with respect to x, y
function g9_hessian_hess(x, y)
    f = x * y > 1.0 && x < 3.0 ? sin(x) : cos(y)
    df_dx = x * y > 1.0 && x < 3.0 ? cos(x) : 0.0
    df_dy = x * y > 1.0 && x < 3.0 ? 0.0 : -sin(y)
    d2f_dx2 = x * y > 1.0 && x < 3.0 ? -sin(x) : 0.0
    d2f_dx_dy = 0.0
    d2f_dy2 = x * y > 1.0 && x < 3.0 ? 0.0 : -cos(y)
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: (x + y)^(1/3), with respect to x, y
function g10_closed_grad(x, y)
    t0 = x + y
    t1 = 1.0 / 3.0
    f = t0^t1
    df_dx = f * (t1 / t0)
    df_dy = df_dx
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: (x + y)^(1/3), with respect to x, y
function g10_adjoint_grad(x, y)
    # forward sweep
    t0 = x + y
    t1 = 1.0 / 3.0
    f = t0^t1
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    t2 = f_bar * (f * (t1 / t0))
    y_bar = t2
    x_bar = t2
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: (x + y)^(1/3), with respect to x, y
function g10_hessian_hess(x, y)
    t0 = x + y
    t1 = 1.0 / 3.0
    f = t0^t1
    t2 = t1 / t0
    df_dx = f * t2
    df_dy = df_dx
    d2f_dx2 = t2 * df_dx - f * (t2 / t0)
    d2f_dx_dy = d2f_dx2
    d2f_dy2 = d2f_dx2
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: sqrt(x^2 + y^2 + z^2), with respect to x, y, z
function g11_closed_grad(x, y, z)
    f = sqrt(x^2 + y^2 + z^2)
    t0 = 1.0 / (2.0 * f)
    df_dx = 2.0 * t0 * x
    df_dy = 2.0 * t0 * y
    df_dz = 2.0 * t0 * z
    return (f, (df_dx, df_dy, df_dz))
end

# Reverse mode (adjoint) of f: sqrt(x^2 + y^2 + z^2), with respect to x, y, z
function g11_adjoint_grad(x, y, z)
    # forward sweep
    f = sqrt(x^2 + y^2 + z^2)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    t0 = f_bar * (1.0 / (2.0 * f))
    z_bar = 2.0 * t0 * z
    y_bar = 2.0 * t0 * y
    x_bar = 2.0 * t0 * x
    df_dx = x_bar
    df_dy = y_bar
    df_dz = z_bar
    return (f, (df_dx, df_dy, df_dz))
end

# Hessian of f: sqrt(x^2 + y^2 + z^2), with respect to x, y, z
function g11_hessian_hess(x, y, z)
    f = sqrt(x^2 + y^2 + z^2)
    t0 = 2.0 * f
    t1 = 1.0 / t0
    t2 = 2.0 * x
    df_dx = t1 * t2
    t3 = 2.0 * y
    df_dy = t1 * t3
    t4 = 2.0 * z
    df_dz = t1 * t4
    t5 = 2.0 * t1
    t6 = t1 / t0
    t7 = 2.0 * t1 * t2 * t6
    d2f_dx2 = t5 - t2 * t7
    d2f_dx_dy = -(t3 * t7)
    d2f_dx_dz = -(t4 * t7)
    t8 = 2.0 * t1 * t3 * t6
    d2f_dy2 = t5 - t3 * t8
    d2f_dy_dz = -(t4 * t8)
    d2f_dz2 = t5 - 2.0 * t4 * t1 * t4 * t6
    return (f, (df_dx, df_dy, df_dz), [d2f_dx2 d2f_dx_dy d2f_dx_dz; d2f_dx_dy d2f_dy2 d2f_dy_dz; d2f_dx_dz d2f_dy_dz d2f_dz2])
end

# Gradient of f: exp(sin(exp(x))), with respect to x
function g12_closed_grad(x)
    t0 = exp(x)
    f = exp(sin(t0))
    df_dx = t0 * (f * cos(t0))
    return (f, (df_dx,))
end

# Reverse mode (adjoint) of f: exp(sin(exp(x))), with respect to x
function g12_adjoint_grad(x)
    # forward sweep
    t0 = exp(x)
    f = exp(sin(t0))
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    x_bar = t0 * (f * f_bar * cos(t0))
    df_dx = x_bar
    return (f, (df_dx,))
end

# Hessian of f: exp(sin(exp(x))), with respect to x
function g12_hessian_hess(x)
    t0 = exp(x)
    t1 = sin(t0)
    f = exp(t1)
    t2 = cos(t0)
    t3 = f * t2
    df_dx = t0 * t3
    d2f_dx2 = t0 * (t3 - t1 * (t0 * f) + t2 * (f * (t0 * t2)))
    return (f, (df_dx,), [d2f_dx2])
end

# Gradient of f: 3.5e-3*x^2 + 1e5*y, with respect to x, y
function g13_closed_grad(x, y)
    f = 0.0035 * x^2 + 100000.0 * y
    df_dx = 0.007 * x
    df_dy = 100000.0
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: 3.5e-3*x^2 + 1e5*y, with respect to x, y
function g13_adjoint_grad(x, y)
    # forward sweep
    f = 0.0035 * x^2 + 100000.0 * y
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    y_bar = 100000.0 * f_bar
    x_bar = 0.0035 * f_bar * (2.0 * x)
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: 3.5e-3*x^2 + 1e5*y, with respect to x, y
function g13_hessian_hess(x, y)
    f = 0.0035 * x^2 + 100000.0 * y
    df_dx = 0.007 * x
    df_dy = 100000.0
    d2f_dx2 = 0.007
    d2f_dx_dy = 0.0
    d2f_dy2 = 0.0
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of c: a = x*y; b = sin(a); c = a*b, with respect to x, y
# dc/dx = y (a cos(a) + b)
# dc/dy = x (a cos(a) + b)
#   where a = x y, b = sin(a)
function g14_closed_grad(x, y)
    a = x * y
    b = sin(a)
    c = a * b
    t0 = b + a * cos(a)
    dc_dx = y * t0
    dc_dy = x * t0
    return (c, (dc_dx, dc_dy))
end

# Reverse mode (adjoint) of c: a = x*y; b = sin(a); c = a*b, with respect to x, y
# dc/dx = y (a cos(a) + b)
# dc/dy = x (a cos(a) + b)
#   where a = x y, b = sin(a)
function g14_adjoint_grad(x, y)
    # forward sweep
    a = x * y
    b = sin(a)
    c = a * b
    # backward sweep: adjoints accumulated in reverse order
    c_bar = 1.0
    b_bar = a * c_bar
    a_bar = b * c_bar
    a_bar += b_bar * cos(a)
    y_bar = x * a_bar
    x_bar = y * a_bar
    dc_dx = x_bar
    dc_dy = y_bar
    return (c, (dc_dx, dc_dy))
end

# Hessian of c: a = x*y; b = sin(a); c = a*b, with respect to x, y
function g14_hessian_hess(x, y)
    a = x * y
    b = sin(a)
    c = a * b
    t0 = cos(a)
    t1 = b + a * t0
    dc_dx = y * t1
    dc_dy = x * t1
    t2 = y * t0
    t3 = t2 + (t2 - b * (y * a))
    d2c_dx2 = y * t3
    d2c_dx_dy = t1 + x * t3
    t4 = x * t0
    d2c_dy2 = x * (t4 + (t4 - b * (x * a)))
    return (c, (dc_dx, dc_dy), [d2c_dx2 d2c_dx_dy; d2c_dx_dy d2c_dy2])
end

# Gradient of loss: u = x^2; v = u + y; w = exp(-v); loss = w*u, with respect to x, y
# dloss/dx = 2x w (1 − u)
# dloss/dy = −u w
#   where u = x², v = y + u, w = exp(−v)
function g15_closed_grad(x, y)
    u = x^2
    v = u + y
    w = exp(-v)
    loss = u * w
    dloss_dx = 2.0 * (w - loss) * x
    dloss_dy = -loss
    return (loss, (dloss_dx, dloss_dy))
end

# Reverse mode (adjoint) of loss: u = x^2; v = u + y; w = exp(-v); loss = w*u, with respect to x, y
# dloss/dx = 2x w (1 − u)
# dloss/dy = −u w
#   where u = x², v = y + u, w = exp(−v)
function g15_adjoint_grad(x, y)
    # forward sweep
    u = x^2
    v = u + y
    w = exp(-v)
    loss = u * w
    # backward sweep: adjoints accumulated in reverse order
    loss_bar = 1.0
    w_bar = u * loss_bar
    u_bar = w * loss_bar
    v_bar = -(w * w_bar)
    y_bar = v_bar
    u_bar += v_bar
    x_bar = 2.0 * u_bar * x
    dloss_dx = x_bar
    dloss_dy = y_bar
    return (loss, (dloss_dx, dloss_dy))
end

# Hessian of loss: u = x^2; v = u + y; w = exp(-v); loss = w*u, with respect to x, y
function g15_hessian_hess(x, y)
    u = x^2
    v = u + y
    w = exp(-v)
    loss = u * w
    t0 = w - loss
    t1 = 2.0 * x
    dloss_dx = t0 * t1
    dloss_dy = -loss
    t2 = w * (t1 - u * t1)
    d2loss_dx2 = 2.0 * t0 + t1 * (-(w * t1) - t2)
    d2loss_dx_dy = -t2
    d2loss_dy2 = loss
    return (loss, (dloss_dx, dloss_dy), [d2loss_dx2 d2loss_dx_dy; d2loss_dx_dy d2loss_dy2])
end

# Gradient of loss: h = tanh(w1*x + b1); out = sigmoid(w2*h + b2); loss = (out - t)^2, with respect to w1, x, b1, w2, b2, t
# dloss/dw1 = 2x w₂ out (out − t) (1 − out) (1 − h²)
# dloss/dx = 2w₁ w₂ out (out − t) (1 − out) (1 − h²)
# dloss/db1 = 2w₂ out (out − t) (1 − out) (1 − h²)
# dloss/dw2 = 2h out (out − t) (1 − out)
# dloss/db2 = 2out (out − t) (1 − out)
# dloss/dt = 2 (t − out)
#   where h = tanh(w₁ x + b₁), out = σ(w₂ h + b₂)
function g16_closed_grad(w1, x, b1, w2, b2, t)
    h = tanh(w1 * x + b1)
    t0 = h * w2 + b2
    t1 = -t0
    out = t0 >= 0.0 ? 1.0 / (1.0 + exp(t1)) : exp(t0) / (1.0 + exp(t0))
    t2 = out - t
    loss = t2^2
    t3 = 2.0 * t2
    t4 = t3 * (out * (t1 >= 0.0 ? 1.0 / (1.0 + exp(t0)) : exp(t1) / (1.0 + exp(t1))))
    t5 = w2 * t4 * (1.0 - h^2)
    dloss_dw1 = x * t5
    dloss_dx = w1 * t5
    dloss_db1 = t5
    dloss_dw2 = h * t4
    dloss_db2 = t4
    dloss_dt = -t3
    return (loss, (dloss_dw1, dloss_dx, dloss_db1, dloss_dw2, dloss_db2, dloss_dt))
end

# Reverse mode (adjoint) of loss: h = tanh(w1*x + b1); out = sigmoid(w2*h + b2); loss = (out - t)^2, with respect to w1, x, b1, w2, b2, t
# dloss/dw1 = 2x w₂ out (out − t) (1 − out) (1 − h²)
# dloss/dx = 2w₁ w₂ out (out − t) (1 − out) (1 − h²)
# dloss/db1 = 2w₂ out (out − t) (1 − out) (1 − h²)
# dloss/dw2 = 2h out (out − t) (1 − out)
# dloss/db2 = 2out (out − t) (1 − out)
# dloss/dt = 2 (t − out)
#   where h = tanh(w₁ x + b₁), out = σ(w₂ h + b₂)
function g16_adjoint_grad(w1, x, b1, w2, b2, t)
    # forward sweep
    h = tanh(w1 * x + b1)
    t0 = h * w2 + b2
    t1 = -t0
    out = t0 >= 0.0 ? 1.0 / (1.0 + exp(t1)) : exp(t0) / (1.0 + exp(t0))
    t2 = out - t
    loss = t2^2
    # backward sweep: adjoints accumulated in reverse order
    loss_bar = 1.0
    t3 = 2.0 * loss_bar * t2
    t_bar = -t3
    out_bar = t3
    t4 = out_bar * (out * (t1 >= 0.0 ? 1.0 / (1.0 + exp(t0)) : exp(t1) / (1.0 + exp(t1))))
    b2_bar = t4
    w2_bar = h * t4
    h_bar = w2 * t4
    t5 = h_bar * (1.0 - h^2)
    b1_bar = t5
    x_bar = w1 * t5
    w1_bar = x * t5
    dloss_dw1 = w1_bar
    dloss_dx = x_bar
    dloss_db1 = b1_bar
    dloss_dw2 = w2_bar
    dloss_db2 = b2_bar
    dloss_dt = t_bar
    return (loss, (dloss_dw1, dloss_dx, dloss_db1, dloss_dw2, dloss_db2, dloss_dt))
end

# Hessian of loss: h = tanh(w1*x + b1); out = sigmoid(w2*h + b2); loss = (out - t)^2, with respect to w1, x, b1, w2, b2, t
function g16_hessian_hess(w1, x, b1, w2, b2, t)
    t0 = w1 * x + b1
    h = tanh(t0)
    t1 = h * w2 + b2
    t2 = -t1
    out = t1 >= 0.0 ? 1.0 / (1.0 + exp(t2)) : exp(t1) / (1.0 + exp(t1))
    t3 = out - t
    loss = t3^2
    t4 = 2.0 * t3
    t5 = t2 >= 0.0 ? 1.0 / (1.0 + exp(t1)) : exp(t2) / (1.0 + exp(t2))
    t6 = out * t5
    t7 = t4 * t6
    t8 = w2 * t7
    t9 = 1.0 - h^2
    t10 = t8 * t9
    dloss_dw1 = x * t10
    dloss_dx = w1 * t10
    dloss_db1 = t10
    dloss_dw2 = h * t7
    dloss_db2 = t7
    dloss_dt = -t4
    t11 = sech(t0)
    t12 = 2.0 * t11
    t13 = h * t11
    t14 = x * t9
    t15 = w2 * t14
    t16 = t4 * t15
    t17 = 2.0 * t6 * t15
    t18 = t6 * (t5 * t16 + t17) - t6 * (out * t16)
    t19 = t9 * (w2 * t18) - t13 * (t12 * (x * t8))
    d2loss_dw12 = x * t19
    d2loss_dw1_dx = t10 + w1 * t19
    d2loss_dw1_db1 = t19
    d2loss_dw1_dw2 = t7 * t14 + h * t18
    d2loss_dw1_db2 = t18
    d2loss_dw1_dt = -t17
    t20 = w1 * t9
    t21 = w2 * t20
    t22 = t4 * t21
    t23 = 2.0 * t6 * t21
    t24 = t6 * (t5 * t22 + t23) - t6 * (out * t22)
    t25 = t9 * (w2 * t24) - t13 * (t12 * (w1 * t8))
    d2loss_dx2 = w1 * t25
    d2loss_dx_db1 = t25
    d2loss_dx_dw2 = t7 * t20 + h * t24
    d2loss_dx_db2 = t24
    d2loss_dx_dt = -t23
    t26 = w2 * t9
    t27 = t4 * t26
    t28 = 2.0 * t6 * t26
    t29 = t6 * (t5 * t27 + t28) - t6 * (out * t27)
    d2loss_db12 = t9 * (w2 * t29) - t13 * (t12 * t8)
    d2loss_db1_dw2 = t7 * t9 + h * t29
    d2loss_db1_db2 = t29
    d2loss_db1_dt = -t28
    t30 = h * t4
    t31 = 2.0 * h * t6
    t32 = t6 * (t5 * t30 + t31) - t6 * (out * t30)
    d2loss_dw22 = h * t32
    d2loss_dw2_db2 = t32
    d2loss_dw2_dt = -t31
    t33 = 2.0 * t6
    d2loss_db22 = t6 * (t4 * t5 + t33) - t6 * (out * t4)
    d2loss_db2_dt = -t33
    d2loss_dt2 = 2.0
    return (loss, (dloss_dw1, dloss_dx, dloss_db1, dloss_dw2, dloss_db2, dloss_dt), [d2loss_dw12 d2loss_dw1_dx d2loss_dw1_db1 d2loss_dw1_dw2 d2loss_dw1_db2 d2loss_dw1_dt; d2loss_dw1_dx d2loss_dx2 d2loss_dx_db1 d2loss_dx_dw2 d2loss_dx_db2 d2loss_dx_dt; d2loss_dw1_db1 d2loss_dx_db1 d2loss_db12 d2loss_db1_dw2 d2loss_db1_db2 d2loss_db1_dt; d2loss_dw1_dw2 d2loss_dx_dw2 d2loss_db1_dw2 d2loss_dw22 d2loss_dw2_db2 d2loss_dw2_dt; d2loss_dw1_db2 d2loss_dx_db2 d2loss_db1_db2 d2loss_dw2_db2 d2loss_db22 d2loss_db2_dt; d2loss_dw1_dt d2loss_dx_dt d2loss_db1_dt d2loss_dw2_dt d2loss_db2_dt d2loss_dt2])
end

# Gradient of f: a = x + y; a = a*a; f = a + x, with respect to x, y
function g17_closed_grad(x, y)
    a2 = x + y
    a = a2 * a2
    f = x + a
    t0 = 2.0 * a2
    df_dx = 1.0 + t0
    df_dy = t0
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: a = x + y; a = a*a; f = a + x, with respect to x, y
function g17_adjoint_grad(x, y)
    # forward sweep
    a2 = x + y
    a = a2 * a2
    f = x + a
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    a_bar = f_bar
    x_bar = f_bar
    a2_bar = 2.0 * a2 * a_bar
    y_bar = a2_bar
    x_bar += a2_bar
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: a = x + y; a = a*a; f = a + x, with respect to x, y
function g17_hessian_hess(x, y)
    a2 = x + y
    a = a2 * a2
    f = x + a
    t0 = 2.0 * a2
    df_dx = 1.0 + t0
    df_dy = t0
    d2f_dx2 = 2.0
    d2f_dx_dy = 2.0
    d2f_dy2 = 2.0
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: r = sqrt(x^2 + y^2); theta = atan2(y, x); f = r*cos(theta) + r^2*sin(theta), with respect to x, y
# df/dx = (2x³ r sin(θ) + 2x y² r sin(θ) − y r³ cos(θ) + x³ cos(θ) + x y² cos(θ) + y r² sin(θ))/(r (x² + y²))
# df/dy = (2x² y r sin(θ) + x r³ cos(θ) + 2y³ r sin(θ) + x² y cos(θ) − x r² sin(θ) + y³ cos(θ))/(r (x² + y²))
#   where r = √(x² + y²), theta = atan2(y, x)
function g18_closed_grad(x, y)
    t0 = x^2 + y^2
    r = sqrt(t0)
    theta = atan(y, x)
    t1 = cos(theta)
    t2 = r^2
    t3 = sin(theta)
    f = r * t1 + t2 * t3
    t4 = 2.0 * r
    t5 = t1 * t2 - r * t3
    t6 = (t1 + t3 * t4) * (1.0 / t4)
    df_dx = 2.0 * t6 * x - t5 * (y / t0)
    df_dy = t5 * (x / t0) + 2.0 * t6 * y
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: r = sqrt(x^2 + y^2); theta = atan2(y, x); f = r*cos(theta) + r^2*sin(theta), with respect to x, y
# df/dx = (2x³ r sin(θ) + 2x y² r sin(θ) − y r³ cos(θ) + x³ cos(θ) + x y² cos(θ) + y r² sin(θ))/(r (x² + y²))
# df/dy = (2x² y r sin(θ) + x r³ cos(θ) + 2y³ r sin(θ) + x² y cos(θ) − x r² sin(θ) + y³ cos(θ))/(r (x² + y²))
#   where r = √(x² + y²), theta = atan2(y, x)
function g18_adjoint_grad(x, y)
    # forward sweep
    t0 = x^2 + y^2
    r = sqrt(t0)
    theta = atan(y, x)
    t1 = cos(theta)
    t2 = r^2
    t3 = sin(theta)
    f = r * t1 + t2 * t3
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    theta_bar = t1 * (t2 * f_bar) - t3 * (r * f_bar)
    t4 = 2.0 * r
    r_bar = t3 * f_bar * t4 + t1 * f_bar
    y_bar = theta_bar * (x / t0)
    x_bar = -(theta_bar * (y / t0))
    t5 = r_bar * (1.0 / t4)
    y_bar += 2.0 * t5 * y
    x_bar += 2.0 * t5 * x
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: r = sqrt(x^2 + y^2); theta = atan2(y, x); f = r*cos(theta) + r^2*sin(theta), with respect to x, y
function g18_hessian_hess(x, y)
    t0 = x^2 + y^2
    r = sqrt(t0)
    theta = atan(y, x)
    t1 = cos(theta)
    t2 = r^2
    t3 = sin(theta)
    f = r * t1 + t2 * t3
    t4 = t1 * t2
    t5 = 2.0 * r
    t6 = t1 + t3 * t5
    t7 = r * t3
    t8 = t4 - t7
    t9 = y / t0
    t10 = 1.0 / t5
    t11 = t6 * t10
    t12 = 2.0 * x
    df_dx = t11 * t12 - t8 * t9
    t13 = x / t0
    t14 = 2.0 * y
    df_dy = t8 * t13 + t11 * t14
    t15 = 2.0 * t11
    t16 = t10 * t12
    t17 = t10 / t5
    t18 = t7 - t4
    t19 = t1 * (r * t9 + t5 * t16) - t3 * (t16 - t2 * t9)
    t20 = t10 * (t3 * t9 + 2.0 * (t3 * t16 - t6 * t12 * t17) - t5 * (t1 * t9)) - t18 * (t9 / t0)
    d2f_dx2 = t15 - t9 * t19 + t12 * t20
    d2f_dx_dy = t18 * (1.0 / t0) + t13 * t19 + t14 * t20
    t21 = t10 * t14
    d2f_dy2 = t15 + t13 * (t1 * (t5 * t21 - r * t13) - t3 * (t21 + t2 * t13)) + t14 * (t10 * (2.0 * (t3 * t21 - t17 * (t6 * t14)) - t3 * t13 + t5 * (t1 * t13)) - t8 * (t13 / t0))
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: s = x + y + z; m = s/3; v = ((x - m)^2 + (y - m)^2 + (z - m)^2)/3; f = sqrt(v), with respect to x, y, z
# df/dx = (x − s/3)/(3 √v)
# df/dy = (y − s/3)/(3 √v)
# df/dz = (z − s/3)/(3 √v)
#   where s = x + y + z, m = s/3, v = (x² + y² + z² − 2s m + 3m²)/3
function g19_closed_grad(x, y, z)
    s = x + y + z
    m = s / 3.0
    t0 = x - m
    t1 = y - m
    t2 = z - m
    v = (t0^2 + t1^2 + t2^2) / 3.0
    f = sqrt(v)
    t3 = 1.0 / 3.0
    t4 = 1.0 / (2.0 * f) * t3
    t5 = 2.0 * t4 * t2
    t6 = 2.0 * t4 * t1
    t7 = 2.0 * t4 * t0
    t8 = t3 * (-t5 - t6 - t7)
    df_dx = t7 + t8
    df_dy = t6 + t8
    df_dz = t5 + t8
    return (f, (df_dx, df_dy, df_dz))
end

# Reverse mode (adjoint) of f: s = x + y + z; m = s/3; v = ((x - m)^2 + (y - m)^2 + (z - m)^2)/3; f = sqrt(v), with respect to x, y, z
# df/dx = (x − s/3)/(3 √v)
# df/dy = (y − s/3)/(3 √v)
# df/dz = (z − s/3)/(3 √v)
#   where s = x + y + z, m = s/3, v = (x² + y² + z² − 2s m + 3m²)/3
function g19_adjoint_grad(x, y, z)
    # forward sweep
    s = x + y + z
    m = s / 3.0
    t0 = x - m
    t1 = y - m
    t2 = z - m
    v = (t0^2 + t1^2 + t2^2) / 3.0
    f = sqrt(v)
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    v_bar = f_bar * (1.0 / (2.0 * f))
    t3 = 1.0 / 3.0
    t4 = v_bar * t3
    t5 = 2.0 * t4 * t2
    t6 = 2.0 * t4 * t1
    t7 = 2.0 * t4 * t0
    m_bar = -t5 - t6 - t7
    z_bar = t5
    y_bar = t6
    x_bar = t7
    s_bar = t3 * m_bar
    z_bar += s_bar
    y_bar += s_bar
    x_bar += s_bar
    df_dx = x_bar
    df_dy = y_bar
    df_dz = z_bar
    return (f, (df_dx, df_dy, df_dz))
end

# Hessian of f: s = x + y + z; m = s/3; v = ((x - m)^2 + (y - m)^2 + (z - m)^2)/3; f = sqrt(v), with respect to x, y, z
function g19_hessian_hess(x, y, z)
    s = x + y + z
    m = s / 3.0
    t0 = x - m
    t1 = y - m
    t2 = z - m
    v = (t0^2 + t1^2 + t2^2) / 3.0
    f = sqrt(v)
    t3 = 2.0 * f
    t4 = 1.0 / t3
    t5 = 1.0 / 3.0
    t6 = t4 * t5
    t7 = 2.0 * t2
    t8 = t6 * t7
    t9 = 2.0 * t1
    t10 = t6 * t9
    t11 = 2.0 * t0
    t12 = t6 * t11
    t13 = t5 * (-t8 - t10 - t12)
    df_dx = t12 + t13
    df_dy = t10 + t13
    df_dz = t8 + t13
    t14 = 1.0 - t5
    t15 = 2.0 * t6 * t14
    t16 = t5 * t9
    t17 = 2.0 * t5 * t6
    t18 = t5 * t7
    t19 = t4 / t3
    t20 = 2.0 * t5 * t4 * t5 * (t11 * t14 - t16 - t18) * t19
    t21 = t7 * t20
    t22 = t9 * t20
    t23 = t11 * t20
    t24 = t5 * (t23 - t15 + (t17 + t21 + (t17 + t22)))
    d2f_dx2 = t15 - t23 + t24
    t25 = -t17
    d2f_dx_dy = t25 - t22 + t24
    d2f_dx_dz = t25 - t21 + t24
    t26 = t5 * t11
    t27 = 2.0 * t5 * t4 * t19 * t5 * (t9 * t14 - t26 - t18)
    t28 = t7 * t27
    t29 = t9 * t27
    t30 = t5 * (t29 - t15 + (t17 + t28) + (t17 + t11 * t27))
    d2f_dy2 = t15 - t29 + t30
    d2f_dy_dz = t25 - t28 + t30
    t31 = 2.0 * t5 * t4 * t19 * t5 * (-t26 - t16 + t7 * t14)
    t32 = t7 * t31
    d2f_dz2 = t15 - t32 + t5 * (t32 - t15 + (t17 + t9 * t31) + (t17 + t11 * t31))
    return (f, (df_dx, df_dy, df_dz), [d2f_dx2 d2f_dx_dy d2f_dx_dz; d2f_dx_dy d2f_dy2 d2f_dy_dz; d2f_dx_dz d2f_dy_dz d2f_dz2])
end

# Gradient of f: p = relu(x - 0.5); q = max(p, y); f = q*logsumexp(x, y), with respect to x, y
# df/dx = logsumexp(x, y) (p ≥ y ? 1 : 0) (x − 1/2 > 0 ? 1 : 0) + q exp(x − logsumexp(x, y))
# df/dy = q exp(y − logsumexp(x, y)) + logsumexp(x, y) (p ≥ y ? 0 : 1)
#   where p = relu(x − 1/2), q = max(p, y)
function g20_closed_grad(x, y)
    t0 = x - 0.5
    p = max(t0, 0.0)
    q = max(p, y)
    t1 = max(x, y)
    t2 = t1 + log(exp(x - t1) + exp(y - t1))
    f = q * t2
    df_dx = q * exp(x - t2) + (p >= y ? (t0 > 0.0 ? t2 : 0.0) : 0.0)
    df_dy = q * exp(y - t2) + (p >= y ? 0.0 : t2)
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: p = relu(x - 0.5); q = max(p, y); f = q*logsumexp(x, y), with respect to x, y
# df/dx = logsumexp(x, y) (p ≥ y ? 1 : 0) (x − 1/2 > 0 ? 1 : 0) + q exp(x − logsumexp(x, y))
# df/dy = q exp(y − logsumexp(x, y)) + logsumexp(x, y) (p ≥ y ? 0 : 1)
#   where p = relu(x − 1/2), q = max(p, y)
function g20_adjoint_grad(x, y)
    # forward sweep
    t0 = x - 0.5
    p = max(t0, 0.0)
    q = max(p, y)
    t1 = max(x, y)
    t2 = t1 + log(exp(x - t1) + exp(y - t1))
    f = q * t2
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    q_bar = f_bar * t2
    t3 = f_bar * q
    y_bar = t3 * exp(y - t2)
    x_bar = t3 * exp(x - t2)
    y_bar += p >= y ? 0.0 : q_bar
    p_bar = p >= y ? q_bar : 0.0
    x_bar += t0 > 0.0 ? p_bar : 0.0
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: p = relu(x - 0.5); q = max(p, y); f = q*logsumexp(x, y), with respect to x, y
function g20_hessian_hess(x, y)
    t0 = x - 0.5
    p = max(t0, 0.0)
    q = max(p, y)
    t1 = max(x, y)
    t2 = t1 + log(exp(x - t1) + exp(y - t1))
    f = q * t2
    t3 = exp(x - t2)
    t4 = q * t3
    df_dx = t4 + (p >= y ? (t0 > 0.0 ? t2 : 0.0) : 0.0)
    t5 = exp(y - t2)
    t6 = q * t5
    df_dy = t6 + (p >= y ? 0.0 : t2)
    t7 = (t0 > 0.0 ? (p >= y ? 1.0 : 0.0) : 0.0) - t4
    d2f_dx2 = t4 + t3 * t7 + (p >= y ? (t0 > 0.0 ? t3 : 0.0) : 0.0)
    d2f_dx_dy = t5 * t7 + (p >= y ? 0.0 : t3)
    d2f_dy2 = t6 + t5 * ((p >= y ? 0.0 : 1.0) - t6) + (p >= y ? 0.0 : t5)
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: a = sin(x); b = cos(x); f = a^2 + b^2 + a*b*y, with respect to x, y
# df/dx = cos(x) (y b + 2a) − y a sin(x) − 2b sin(x)
# df/dy = a b
#   where a = sin(x), b = cos(x)
function g21_closed_grad(x, y)
    a = sin(x)
    b = cos(x)
    t0 = a * b
    f = a^2 + b^2 + t0 * y
    df_dx = b * (b * y + 2.0 * a) - a * (a * y + 2.0 * b)
    df_dy = t0
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: a = sin(x); b = cos(x); f = a^2 + b^2 + a*b*y, with respect to x, y
# df/dx = cos(x) (y b + 2a) − y a sin(x) − 2b sin(x)
# df/dy = a b
#   where a = sin(x), b = cos(x)
function g21_adjoint_grad(x, y)
    # forward sweep
    a = sin(x)
    b = cos(x)
    t0 = a * b
    f = a^2 + b^2 + t0 * y
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    y_bar = t0 * f_bar
    t1 = y * f_bar
    b_bar = a * t1 + 2.0 * f_bar * b
    a_bar = b * t1 + 2.0 * f_bar * a
    x_bar = -(a * b_bar)
    x_bar += b * a_bar
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: a = sin(x); b = cos(x); f = a^2 + b^2 + a*b*y, with respect to x, y
function g21_hessian_hess(x, y)
    a = sin(x)
    b = cos(x)
    t0 = a * b
    f = a^2 + b^2 + t0 * y
    t1 = b * y
    t2 = a * y
    t3 = 2.0 * b
    t4 = t2 + t3
    t5 = 2.0 * a
    t6 = t1 + t5
    df_dx = b * t6 - a * t4
    df_dy = t0
    d2f_dx2 = b * (t3 - t4 - t2) - a * (t1 + (t6 - t5))
    d2f_dx_dy = b * b - a * a
    d2f_dy2 = 0.0
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of f: z1 = x*w1 + y*w2; z2 = x*w2 - y*w1; f = softplus(z1) + gelu(z2), with respect to x, w1, y, w2
# df/dx = w₂ z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) + w₁ σ(z₁) + w₂ σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dw1 = x σ(z₁) − y z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) − y σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dy = w₂ σ(z₁) − w₁ z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) − w₁ σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dw2 = x z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) + x σ(2z₂ √(2/π) (0.044715z₂² + 1)) + y σ(z₁)
#   where z1 = x w₁ + y w₂, z2 = x w₂ − w₁ y
function g22_closed_grad(x, w1, y, w2)
    z1 = x * w1 + y * w2
    z2 = x * w2 - w1 * y
    t0 = 0.5 * z2
    f = max(z1, 0.0) + log1p(exp(-abs(z1))) + t0 * (1.0 + tanh(0.7978845608028654 * (z2 + 0.044715 * z2 * z2 * z2)))
    t1 = sqrt(2.0 / pi)
    t2 = t1 * (z2 + 0.044715 * z2^3)
    t3 = 2.0 * t2
    t4 = (t3 >= 0.0 ? 1.0 / (1.0 + exp(-t3)) : exp(t3) / (1.0 + exp(t3))) + t1 * (1.0 + 0.134145 * z2^2) * t0 * (1.0 - tanh(t2)^2)
    t5 = z1 >= 0.0 ? 1.0 / (1.0 + exp(-z1)) : exp(z1) / (1.0 + exp(z1))
    df_dx = w2 * t4 + w1 * t5
    df_dw1 = x * t5 - y * t4
    df_dy = w2 * t5 - w1 * t4
    df_dw2 = x * t4 + y * t5
    return (f, (df_dx, df_dw1, df_dy, df_dw2))
end

# Reverse mode (adjoint) of f: z1 = x*w1 + y*w2; z2 = x*w2 - y*w1; f = softplus(z1) + gelu(z2), with respect to x, w1, y, w2
# df/dx = w₂ z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) + w₁ σ(z₁) + w₂ σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dw1 = x σ(z₁) − y z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) − y σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dy = w₂ σ(z₁) − w₁ z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) − w₁ σ(2z₂ √(2/π) (0.044715z₂² + 1))
# df/dw2 = x z₂ √(2/π) sech(z₂ √(2/π) (0.044715z₂² + 1))² (0.0670725z₂² + 1/2) + x σ(2z₂ √(2/π) (0.044715z₂² + 1)) + y σ(z₁)
#   where z1 = x w₁ + y w₂, z2 = x w₂ − w₁ y
function g22_adjoint_grad(x, w1, y, w2)
    # forward sweep
    z1 = x * w1 + y * w2
    z2 = x * w2 - w1 * y
    t0 = 0.5 * z2
    f = max(z1, 0.0) + log1p(exp(-abs(z1))) + t0 * (1.0 + tanh(0.7978845608028654 * (z2 + 0.044715 * z2 * z2 * z2)))
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    t1 = sqrt(2.0 / pi)
    t2 = t1 * (z2 + 0.044715 * z2^3)
    t3 = 2.0 * t2
    z2_bar = f_bar * ((t3 >= 0.0 ? 1.0 / (1.0 + exp(-t3)) : exp(t3) / (1.0 + exp(t3))) + t1 * (1.0 + 0.134145 * z2^2) * t0 * (1.0 - tanh(t2)^2))
    z1_bar = f_bar * (z1 >= 0.0 ? 1.0 / (1.0 + exp(-z1)) : exp(z1) / (1.0 + exp(z1)))
    w2_bar = x * z2_bar
    y_bar = -(w1 * z2_bar)
    w1_bar = -(y * z2_bar)
    x_bar = w2 * z2_bar
    w2_bar += y * z1_bar
    y_bar += w2 * z1_bar
    w1_bar += x * z1_bar
    x_bar += w1 * z1_bar
    df_dx = x_bar
    df_dw1 = w1_bar
    df_dy = y_bar
    df_dw2 = w2_bar
    return (f, (df_dx, df_dw1, df_dy, df_dw2))
end

# Hessian of f: z1 = x*w1 + y*w2; z2 = x*w2 - y*w1; f = softplus(z1) + gelu(z2), with respect to x, w1, y, w2
function g22_hessian_hess(x, w1, y, w2)
    z1 = x * w1 + y * w2
    z2 = x * w2 - w1 * y
    t0 = 0.5 * z2
    f = max(z1, 0.0) + log1p(exp(-abs(z1))) + t0 * (1.0 + tanh(0.7978845608028654 * (z2 + 0.044715 * z2 * z2 * z2)))
    t1 = sqrt(2.0 / pi)
    t2 = t1 * (z2 + 0.044715 * z2^3)
    t3 = z2^2
    t4 = t1 * (1.0 + 0.134145 * t3)
    t5 = 2.0 * t2
    t6 = t4 * t0
    t7 = -z1
    t8 = tanh(t2)
    t9 = -t5
    t10 = t5 >= 0.0 ? 1.0 / (1.0 + exp(t9)) : exp(t5) / (1.0 + exp(t5))
    t11 = 1.0 - t8^2
    t12 = t10 + t6 * t11
    t13 = z1 >= 0.0 ? 1.0 / (1.0 + exp(t7)) : exp(z1) / (1.0 + exp(z1))
    df_dx = w2 * t12 + w1 * t13
    df_dw1 = x * t13 - y * t12
    df_dy = w2 * t13 - w1 * t12
    df_dw2 = x * t12 + y * t13
    t14 = sech(t2)
    t15 = 2.0 * t14
    t16 = t14 * t8
    t17 = 2.0 * z2
    t18 = 3.0 * t3
    t19 = t13 * (t7 >= 0.0 ? 1.0 / (1.0 + exp(z1)) : exp(t7) / (1.0 + exp(t7)))
    t20 = w1 * t19
    t21 = w2 * t11
    t22 = t10 * (t9 >= 0.0 ? 1.0 / (1.0 + exp(t5)) : exp(t9) / (1.0 + exp(t9)))
    t23 = t1 * (2.0 * w2 * t22 - w2 * t6 * t15 * t16)
    t24 = 0.5 * t4 * t21 + 0.134145 * t17 * t1 * t0 * t21 + t23 + 0.044715 * t18 * t23
    d2f_dx2 = w2 * t24 + w1 * t20
    d2f_dx_dw1 = t13 - y * t24 + x * t20
    d2f_dx_dy = w2 * t20 - w1 * t24
    d2f_dx_dw2 = t12 + x * t24 + y * t20
    t25 = x * t19
    t26 = y * t11
    t27 = t1 * (t16 * (t15 * (y * t6)) - 2.0 * y * t22)
    t28 = -(0.5 * t4 * t26) - 0.134145 * t17 * t1 * t0 * t26 + t27 + 0.044715 * t18 * t27
    d2f_dw12 = x * t25 - y * t28
    d2f_dw1_dy = -t12 - w1 * t28 + w2 * t25
    d2f_dw1_dw2 = x * t28 + y * t25
    t29 = w2 * t19
    t30 = w1 * t11
    t31 = t1 * (t16 * (t15 * (w1 * t6)) - 2.0 * w1 * t22)
    t32 = -(0.5 * t4 * t30) - 0.134145 * t17 * t1 * t0 * t30 + t31 + 0.044715 * t18 * t31
    d2f_dy2 = w2 * t29 - w1 * t32
    d2f_dy_dw2 = t13 + x * t32 + y * t29
    t33 = x * t11
    t34 = t1 * (2.0 * x * t22 - t16 * (t15 * (x * t6)))
    d2f_dw22 = x * (0.5 * t4 * t33 + 0.134145 * t17 * t1 * t0 * t33 + t34 + 0.044715 * t18 * t34) + y * (y * t19)
    return (f, (df_dx, df_dw1, df_dy, df_dw2), [d2f_dx2 d2f_dx_dw1 d2f_dx_dy d2f_dx_dw2; d2f_dx_dw1 d2f_dw12 d2f_dw1_dy d2f_dw1_dw2; d2f_dx_dy d2f_dw1_dy d2f_dy2 d2f_dy_dw2; d2f_dx_dw2 d2f_dw1_dw2 d2f_dy_dw2 d2f_dw22])
end

# Gradient of f: g1 = x*y; g2 = g1 + x; f = g1*g2 + exp(g1 - g2), with respect to x, y
# df/dx = x y + y (2x y + x) − exp(−x)
# df/dy = x (g₁ + g₂)
#   where g1 = x y, g2 = x + g₁
function g23_closed_grad(x, y)
    g1 = x * y
    g2 = x + g1
    t0 = exp(g1 - g2)
    f = g1 * g2 + t0
    t1 = g1 - t0
    t2 = g2 + t0 + t1
    df_dx = t1 + y * t2
    df_dy = x * t2
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: g1 = x*y; g2 = g1 + x; f = g1*g2 + exp(g1 - g2), with respect to x, y
# df/dx = x y + y (2x y + x) − exp(−x)
# df/dy = x (g₁ + g₂)
#   where g1 = x y, g2 = x + g₁
function g23_adjoint_grad(x, y)
    # forward sweep
    g1 = x * y
    g2 = x + g1
    t0 = exp(g1 - g2)
    f = g1 * g2 + t0
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    t1 = t0 * f_bar
    g2_bar = g1 * f_bar - t1
    g1_bar = t1 + g2 * f_bar
    g1_bar += g2_bar
    x_bar = g2_bar
    y_bar = x * g1_bar
    x_bar += y * g1_bar
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: g1 = x*y; g2 = g1 + x; f = g1*g2 + exp(g1 - g2), with respect to x, y
function g23_hessian_hess(x, y)
    g1 = x * y
    g2 = x + g1
    t0 = exp(g1 - g2)
    f = g1 * g2 + t0
    t1 = g1 - t0
    t2 = g2 + t0 + t1
    df_dx = t1 + y * t2
    df_dy = x * t2
    t3 = 1.0 + y
    t4 = t0 * (y - t3)
    t5 = y - t4
    t6 = t3 + t4 + t5
    d2f_dx2 = t5 + y * t6
    d2f_dx_dy = t2 + x * t6
    d2f_dy2 = 2.0 * x * x
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of d: c = x + 1; d = c*c, with respect to x
# dd/dx = 2c
#   where c = x + 1
function g24_closed_grad(x)
    c = x + 1.0
    d = c * c
    dd_dx = 2.0 * c
    return (d, (dd_dx,))
end

# Reverse mode (adjoint) of d: c = x + 1; d = c*c, with respect to x
# dd/dx = 2c
#   where c = x + 1
function g24_adjoint_grad(x)
    # forward sweep
    c = x + 1.0
    d = c * c
    # backward sweep: adjoints accumulated in reverse order
    d_bar = 1.0
    c_bar = 2.0 * c * d_bar
    x_bar = c_bar
    dd_dx = x_bar
    return (d, (dd_dx,))
end

# Hessian of d: c = x + 1; d = c*c, with respect to x
function g24_hessian_hess(x)
    c = x + 1.0
    d = c * c
    dd_dx = 2.0 * c
    d2d_dx2 = 2.0
    return (d, (dd_dx,), [d2d_dx2])
end

# Gradient of f: a*x^2 + b*sin(y) + c, with respect to a, x, b, y, c
function g25_closed_grad(a, x, b, y, c)
    t0 = x^2
    t1 = sin(y)
    f = a * t0 + b * t1 + c
    df_da = t0
    df_dx = 2.0 * a * x
    df_db = t1
    df_dy = b * cos(y)
    df_dc = 1.0
    return (f, (df_da, df_dx, df_db, df_dy, df_dc))
end

# Reverse mode (adjoint) of f: a*x^2 + b*sin(y) + c, with respect to a, x, b, y, c
function g25_adjoint_grad(a, x, b, y, c)
    # forward sweep
    t0 = x^2
    t1 = sin(y)
    f = a * t0 + b * t1 + c
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    c_bar = f_bar
    y_bar = b * f_bar * cos(y)
    b_bar = t1 * f_bar
    x_bar = 2.0 * a * f_bar * x
    a_bar = t0 * f_bar
    df_da = a_bar
    df_dx = x_bar
    df_db = b_bar
    df_dy = y_bar
    df_dc = c_bar
    return (f, (df_da, df_dx, df_db, df_dy, df_dc))
end

# Hessian of f: a*x^2 + b*sin(y) + c, with respect to a, x, b, y, c
function g25_hessian_hess(a, x, b, y, c)
    t0 = x^2
    t1 = sin(y)
    t2 = b * t1
    f = a * t0 + t2 + c
    df_da = t0
    t3 = 2.0 * x
    df_dx = a * t3
    df_db = t1
    t4 = cos(y)
    df_dy = b * t4
    df_dc = 1.0
    d2f_da2 = 0.0
    d2f_da_dx = t3
    d2f_da_db = 0.0
    d2f_da_dy = 0.0
    d2f_da_dc = 0.0
    d2f_dx2 = 2.0 * a
    d2f_dx_db = 0.0
    d2f_dx_dy = 0.0
    d2f_dx_dc = 0.0
    d2f_db2 = 0.0
    d2f_db_dy = t4
    d2f_db_dc = 0.0
    d2f_dy2 = -t2
    d2f_dy_dc = 0.0
    d2f_dc2 = 0.0
    return (f, (df_da, df_dx, df_db, df_dy, df_dc), [d2f_da2 d2f_da_dx d2f_da_db d2f_da_dy d2f_da_dc; d2f_da_dx d2f_dx2 d2f_dx_db d2f_dx_dy d2f_dx_dc; d2f_da_db d2f_dx_db d2f_db2 d2f_db_dy d2f_db_dc; d2f_da_dy d2f_dx_dy d2f_db_dy d2f_dy2 d2f_dy_dc; d2f_da_dc d2f_dx_dc d2f_db_dc d2f_dy_dc d2f_dc2])
end

# Gradient of loss: h = tanh(w*x + b); loss = (h - t)^2, with respect to w, x, b, t
# dloss/dw = 2x (h − t) (1 − h²)
# dloss/dx = 2w (h − t) (1 − h²)
# dloss/db = 2 (h − t) (1 − h²)
# dloss/dt = 2 (t − h)
#   where h = tanh(w x + b)
function g26_closed_grad(w, x, b, t)
    h = tanh(w * x + b)
    t0 = h - t
    loss = t0^2
    t1 = 2.0 * t0
    t2 = t1 * (1.0 - h^2)
    dloss_dw = x * t2
    dloss_dx = w * t2
    dloss_db = t2
    dloss_dt = -t1
    return (loss, (dloss_dw, dloss_dx, dloss_db, dloss_dt))
end

# Reverse mode (adjoint) of loss: h = tanh(w*x + b); loss = (h - t)^2, with respect to w, x, b, t
# dloss/dw = 2x (h − t) (1 − h²)
# dloss/dx = 2w (h − t) (1 − h²)
# dloss/db = 2 (h − t) (1 − h²)
# dloss/dt = 2 (t − h)
#   where h = tanh(w x + b)
function g26_adjoint_grad(w, x, b, t)
    # forward sweep
    h = tanh(w * x + b)
    t0 = h - t
    loss = t0^2
    # backward sweep: adjoints accumulated in reverse order
    loss_bar = 1.0
    t1 = 2.0 * loss_bar * t0
    t_bar = -t1
    h_bar = t1
    t2 = h_bar * (1.0 - h^2)
    b_bar = t2
    x_bar = w * t2
    w_bar = x * t2
    dloss_dw = w_bar
    dloss_dx = x_bar
    dloss_db = b_bar
    dloss_dt = t_bar
    return (loss, (dloss_dw, dloss_dx, dloss_db, dloss_dt))
end

# Hessian of loss: h = tanh(w*x + b); loss = (h - t)^2, with respect to w, x, b, t
function g26_hessian_hess(w, x, b, t)
    t0 = w * x + b
    h = tanh(t0)
    t1 = h - t
    loss = t1^2
    t2 = 2.0 * t1
    t3 = 1.0 - h^2
    t4 = t2 * t3
    dloss_dw = x * t4
    dloss_dx = w * t4
    dloss_db = t4
    dloss_dt = -t2
    t5 = sech(t0)
    t6 = 2.0 * t5
    t7 = h * t5
    t8 = 2.0 * x * t3
    t9 = t3 * t8 - x * t2 * t6 * t7
    d2loss_dw2 = x * t9
    d2loss_dw_dx = t4 + w * t9
    d2loss_dw_db = t9
    d2loss_dw_dt = -t8
    t10 = 2.0 * w * t3
    t11 = t3 * t10 - t7 * (t6 * (w * t2))
    d2loss_dx2 = w * t11
    d2loss_dx_db = t11
    d2loss_dx_dt = -t10
    t12 = 2.0 * t3
    d2loss_db2 = t3 * t12 - t7 * (t2 * t6)
    d2loss_db_dt = -t12
    d2loss_dt2 = 2.0
    return (loss, (dloss_dw, dloss_dx, dloss_db, dloss_dt), [d2loss_dw2 d2loss_dw_dx d2loss_dw_db d2loss_dw_dt; d2loss_dw_dx d2loss_dx2 d2loss_dx_db d2loss_dx_dt; d2loss_dw_db d2loss_dx_db d2loss_db2 d2loss_db_dt; d2loss_dw_dt d2loss_dx_dt d2loss_db_dt d2loss_dt2])
end

# Gradient of f: exp(x) / (1 + exp(x)) + log1p(exp(y)), with respect to x, y
function g27_closed_grad(x, y)
    t0 = x >= 0.0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x))
    f = t0 + (max(y, 0.0) + log1p(exp(-abs(y))))
    df_dx = t0 * (-x >= 0.0 ? 1.0 / (1.0 + exp(x)) : exp(-x) / (1.0 + exp(-x)))
    df_dy = y >= 0.0 ? 1.0 / (1.0 + exp(-y)) : exp(y) / (1.0 + exp(y))
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: exp(x) / (1 + exp(x)) + log1p(exp(y)), with respect to x, y
function g27_adjoint_grad(x, y)
    # forward sweep
    t0 = x >= 0.0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x))
    f = t0 + (max(y, 0.0) + log1p(exp(-abs(y))))
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    y_bar = f_bar * (y >= 0.0 ? 1.0 / (1.0 + exp(-y)) : exp(y) / (1.0 + exp(y)))
    x_bar = f_bar * (t0 * (-x >= 0.0 ? 1.0 / (1.0 + exp(x)) : exp(-x) / (1.0 + exp(-x))))
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: exp(x) / (1 + exp(x)) + log1p(exp(y)), with respect to x, y
function g27_hessian_hess(x, y)
    t0 = x >= 0.0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x))
    f = t0 + (max(y, 0.0) + log1p(exp(-abs(y))))
    t1 = -x >= 0.0 ? 1.0 / (1.0 + exp(x)) : exp(-x) / (1.0 + exp(-x))
    df_dx = t0 * t1
    df_dy = y >= 0.0 ? 1.0 / (1.0 + exp(-y)) : exp(y) / (1.0 + exp(y))
    d2f_dx2 = t1 * df_dx - t0 * df_dx
    d2f_dx_dy = 0.0
    d2f_dy2 = df_dy * (-y >= 0.0 ? 1.0 / (1.0 + exp(y)) : exp(-y) / (1.0 + exp(-y)))
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

# Gradient of L: p = 1 / (1 + exp(-(w*x + b))); L = -(y*log(p) + (1 - y)*log(1 - p)), with respect to w, x, b, y
# dL/dw = x (p − y)
# dL/dx = w (p − y)
# dL/db = p − y
# dL/dy = log(1 − p) − log(p)
#   where p = σ(w x + b)
function g28_closed_grad(w, x, b, y)
    t0 = w * x + b
    t1 = -t0
    t2 = 1.0 - y
    t3 = max(t1, 0.0) + log1p(exp(-abs(t1)))
    t4 = max(t0, 0.0) + log1p(exp(-abs(t0)))
    L = y * t3 + t2 * t4
    t5 = t2 * (t0 >= 0.0 ? 1.0 / (1.0 + exp(t1)) : exp(t0) / (1.0 + exp(t0))) - y * (t1 >= 0.0 ? 1.0 / (1.0 + exp(t0)) : exp(t1) / (1.0 + exp(t1)))
    dL_dw = x * t5
    dL_dx = w * t5
    dL_db = t5
    dL_dy = t3 - t4
    return (L, (dL_dw, dL_dx, dL_db, dL_dy))
end

# Reverse mode (adjoint) of L: p = 1 / (1 + exp(-(w*x + b))); L = -(y*log(p) + (1 - y)*log(1 - p)), with respect to w, x, b, y
# dL/dw = x (p − y)
# dL/dx = w (p − y)
# dL/db = p − y
# dL/dy = log(1 − p) − log(p)
#   where p = σ(w x + b)
function g28_adjoint_grad(w, x, b, y)
    # forward sweep
    t0 = w * x + b
    t1 = -t0
    t2 = 1.0 - y
    t3 = max(t1, 0.0) + log1p(exp(-abs(t1)))
    t4 = max(t0, 0.0) + log1p(exp(-abs(t0)))
    L = y * t3 + t2 * t4
    # backward sweep: adjoints accumulated in reverse order
    L_bar = 1.0
    y_bar = L_bar * t3 - L_bar * t4
    t0_bar = t2 * L_bar * (t0 >= 0.0 ? 1.0 / (1.0 + exp(t1)) : exp(t0) / (1.0 + exp(t0))) - y * L_bar * (t1 >= 0.0 ? 1.0 / (1.0 + exp(t0)) : exp(t1) / (1.0 + exp(t1)))
    b_bar = t0_bar
    x_bar = w * t0_bar
    w_bar = x * t0_bar
    dL_dw = w_bar
    dL_dx = x_bar
    dL_db = b_bar
    dL_dy = y_bar
    return (L, (dL_dw, dL_dx, dL_db, dL_dy))
end

# Hessian of L: p = 1 / (1 + exp(-(w*x + b))); L = -(y*log(p) + (1 - y)*log(1 - p)), with respect to w, x, b, y
function g28_hessian_hess(w, x, b, y)
    t0 = w * x + b
    t1 = -t0
    t2 = 1.0 - y
    t3 = max(t1, 0.0) + log1p(exp(-abs(t1)))
    t4 = max(t0, 0.0) + log1p(exp(-abs(t0)))
    L = y * t3 + t2 * t4
    t5 = t0 >= 0.0 ? 1.0 / (1.0 + exp(t1)) : exp(t0) / (1.0 + exp(t0))
    t6 = t1 >= 0.0 ? 1.0 / (1.0 + exp(t0)) : exp(t1) / (1.0 + exp(t1))
    t7 = t2 * t5 - y * t6
    dL_dw = x * t7
    dL_dx = w * t7
    dL_db = t7
    dL_dy = t3 - t4
    t8 = t5 * t6
    t9 = x * y * t8 + x * t2 * t8
    d2L_dw2 = x * t9
    d2L_dw_dx = t7 + w * t9
    d2L_dw_db = t9
    d2L_dw_dy = -(x * t6) - x * t5
    t10 = w * y * t8 + w * t2 * t8
    d2L_dx2 = w * t10
    d2L_dx_db = t10
    d2L_dx_dy = -(w * t6) - w * t5
    d2L_db2 = y * t8 + t2 * t8
    d2L_db_dy = -t6 - t5
    d2L_dy2 = 0.0
    return (L, (dL_dw, dL_dx, dL_db, dL_dy), [d2L_dw2 d2L_dw_dx d2L_dw_db d2L_dw_dy; d2L_dw_dx d2L_dx2 d2L_dx_db d2L_dx_dy; d2L_dw_db d2L_dx_db d2L_db2 d2L_db_dy; d2L_dw_dy d2L_dx_dy d2L_db_dy d2L_dy2])
end

# Gradient of f: u = tanh(x*y); f = u / cosh(y)^2 + 2*u, with respect to x, y
# df/dx = y (1/cosh(y)² + 2) sech(x y)²
# df/dy = x/cosh(y)² − x u²/cosh(y)² − 2u sinh(y)/cosh(y)³ − 2x u² + 2x
#   where u = tanh(x y)
function g29_closed_grad(x, y)
    u = tanh(x * y)
    t0 = 1.0 - tanh(y)^2
    t1 = u * t0
    f = 2.0 * u + t1
    t2 = (2.0 + t0) * (1.0 - u^2)
    df_dx = y * t2
    df_dy = x * t2 - 2.0 * sinh(y) * cosh(y) * t0 * t1
    return (f, (df_dx, df_dy))
end

# Reverse mode (adjoint) of f: u = tanh(x*y); f = u / cosh(y)^2 + 2*u, with respect to x, y
# df/dx = y (1/cosh(y)² + 2) sech(x y)²
# df/dy = x/cosh(y)² − x u²/cosh(y)² − 2u sinh(y)/cosh(y)³ − 2x u² + 2x
#   where u = tanh(x y)
function g29_adjoint_grad(x, y)
    # forward sweep
    u = tanh(x * y)
    t0 = 1.0 - tanh(y)^2
    t1 = u * t0
    f = 2.0 * u + t1
    # backward sweep: adjoints accumulated in reverse order
    f_bar = 1.0
    u_bar = 2.0 * f_bar + f_bar * t0
    y_bar = -(2.0 * sinh(y) * cosh(y) * f_bar * t0 * t1)
    t2 = u_bar * (1.0 - u^2)
    y_bar += x * t2
    x_bar = y * t2
    df_dx = x_bar
    df_dy = y_bar
    return (f, (df_dx, df_dy))
end

# Hessian of f: u = tanh(x*y); f = u / cosh(y)^2 + 2*u, with respect to x, y
function g29_hessian_hess(x, y)
    t0 = x * y
    u = tanh(t0)
    t1 = 1.0 - tanh(y)^2
    t2 = u * t1
    f = 2.0 * u + t2
    t3 = 2.0 + t1
    t4 = 1.0 - u^2
    t5 = t3 * t4
    df_dx = y * t5
    t6 = cosh(y)
    t7 = 2.0 * t6
    t8 = sinh(y)
    t9 = t1 * t2
    t10 = t7 * t9
    df_dy = x * t5 - t8 * t10
    t11 = sech(t0)
    t12 = 2.0 * t11
    t13 = u * t11
    t14 = t13 * (t12 * (y * t3))
    d2f_dx2 = -(y * t14)
    t15 = t1 * t1
    d2f_dx_dy = t5 - t8 * (t7 * (y * t4 * t15)) - x * t14
    t16 = t7 * t8
    t17 = t16 * t1
    d2f_dy2 = t8 * (t7 * (t16 * (t1 * t9) - t15 * (x * t4) + t9 * t17) - 2.0 * t8 * t9) - t6 * t10 + x * (-(t13 * (t12 * (x * t3))) - t4 * (t1 * t17))
    return (f, (df_dx, df_dy), [d2f_dx2 d2f_dx_dy; d2f_dx_dy d2f_dy2])
end

using SpecialFunctions: erfc
# Gradient of C: d1 = (log(S/K) + (r + s^2/2)*T)/(s*sqrt(T)); d2 = d1 - s*sqrt(T); C = S*normcdf(d1) - K*e..., with respect to S, K, r, s, T
function g30_closed_grad(S, K, r, s, T)
    t0 = S / K
    t1 = r + s^2 / 2.0
    t2 = sqrt(T)
    t3 = s * t2
    d1 = (log(t0) + t1 * T) / t3
    d2 = d1 - t3
    t4 = exp(-(r * T))
    t5 = K * t4
    t6 = sqrt(2.0)
    t7 = 0.5 * erfc(-(d1 / t6))
    t8 = 0.5 * erfc((t3 - d1) / t6)
    C = S * t7 - t5 * t8
    t9 = sqrt(2.0 * pi)
    t10 = t5 * (exp(-(d2^2 / 2.0)) / t9)
    t11 = S * (exp(-(d1^2 / 2.0)) / t9) - t10
    t12 = t11 * (1.0 / t3)
    t13 = t12 * (1.0 / t0)
    dC_dS = t13 * (1.0 / K) + t7
    dC_dK = -(t4 * t8) - t13 * (t0 / K)
    t14 = T * t12
    t15 = t4 * (K * t8)
    dC_dr = t14 + T * t15
    t16 = t10 - t11 * (d1 / t3)
    dC_ds = t2 * t16 + 0.5 * t14 * (2.0 * s)
    dC_dT = t1 * t12 + (s * t16 * (1.0 / (2.0 * t2)) + r * t15)
    return (C, (dC_dS, dC_dK, dC_dr, dC_ds, dC_dT))
end

using SpecialFunctions: erfc
# Reverse mode (adjoint) of C: d1 = (log(S/K) + (r + s^2/2)*T)/(s*sqrt(T)); d2 = d1 - s*sqrt(T); C = S*normcdf(d1) - K*e..., with respect to S, K, r, s, T
function g30_adjoint_grad(S, K, r, s, T)
    # forward sweep
    t1 = sqrt(T)
    t0 = s * t1
    t2 = S / K
    t3 = r + s^2 / 2.0
    d1 = (log(t2) + t3 * T) / t0
    d2 = d1 - t0
    t4 = exp(-(r * T))
    t5 = K * t4
    t6 = sqrt(2.0)
    t7 = 0.5 * erfc(-(d1 / t6))
    t8 = 0.5 * erfc((t0 - d1) / t6)
    C = S * t7 - t5 * t8
    # backward sweep: adjoints accumulated in reverse order
    C_bar = 1.0
    t9 = sqrt(2.0 * pi)
    d2_bar = -(t5 * C_bar * (exp(-(d2^2 / 2.0)) / t9))
    d1_bar = S * C_bar * (exp(-(d1^2 / 2.0)) / t9)
    t10 = C_bar * t8
    t11 = t4 * (K * t10)
    T_bar = r * t11
    r_bar = T * t11
    K_bar = -(t4 * t10)
    S_bar = C_bar * t7
    d1_bar += d2_bar
    t0_bar = -d2_bar
    t0_bar += -(d1_bar * (d1 / t0))
    t12 = d1_bar * (1.0 / t0)
    T_bar += t3 * t12
    t13 = T * t12
    s_bar = 0.5 * t13 * (2.0 * s)
    r_bar += t13
    t14 = t12 * (1.0 / t2)
    K_bar += -(t14 * (t2 / K))
    S_bar += t14 * (1.0 / K)
    T_bar += s * t0_bar * (1.0 / (2.0 * t1))
    s_bar += t1 * t0_bar
    dC_dS = S_bar
    dC_dK = K_bar
    dC_dr = r_bar
    dC_ds = s_bar
    dC_dT = T_bar
    return (C, (dC_dS, dC_dK, dC_dr, dC_ds, dC_dT))
end

using SpecialFunctions: erfc
# Hessian of C: d1 = (log(S/K) + (r + s^2/2)*T)/(s*sqrt(T)); d2 = d1 - s*sqrt(T); C = S*normcdf(d1) - K*e..., with respect to S, K, r, s, T
function g30_hessian_hess(S, K, r, s, T)
    t0 = S / K
    t1 = r + s^2 / 2.0
    t2 = sqrt(T)
    t3 = s * t2
    d1 = (log(t0) + t1 * T) / t3
    d2 = d1 - t3
    t4 = exp(-(r * T))
    t5 = K * t4
    t6 = sqrt(2.0)
    t7 = 0.5 * erfc(-(d1 / t6))
    t8 = 0.5 * erfc((t3 - d1) / t6)
    C = S * t7 - t5 * t8
    t9 = exp(-(d2^2 / 2.0))
    t10 = sqrt(2.0 * pi)
    t11 = t9 / t10
    t12 = t5 * t11
    t13 = exp(-(d1^2 / 2.0))
    t14 = t13 / t10
    t15 = S * t14 - t12
    t16 = 1.0 / t3
    t17 = t15 * t16
    t18 = 1.0 / t0
    t19 = t17 * t18
    t20 = 1.0 / K
    t21 = t19 * t20
    dC_dS = t21 + t7
    t22 = t0 / K
    dC_dK = -(t4 * t8) - t19 * t22
    t23 = T * t17
    t24 = K * t8
    t25 = t4 * t24
    dC_dr = t23 + T * t25
    t26 = d1 / t3
    t27 = t12 - t15 * t26
    t28 = 2.0 * s
    dC_ds = t2 * t27 + 0.5 * t23 * t28
    t29 = s * t27
    t30 = 2.0 * t2
    t31 = 1.0 / t30
    dC_dT = t1 * t17 + (t29 * t31 + r * t25)
    t32 = t18 * t20
    t33 = t18 / t0
    t34 = t16 * t32
    t35 = 1.0 / t10
    t36 = 2.0 * d1
    t37 = 2.0 * d2
    t38 = 0.5 * t9 * t35 * t5 * t34 * t37
    t39 = t38 + (t14 - 0.5 * t13 * S * t34 * t35 * t36)
    t40 = t16 * t39
    t41 = t18 * t40 - t17 * t20 * t33
    d2C_dS2 = t14 * t34 + t20 * t41
    t42 = t11 * t34
    d2C_dS_dK = -(t19 * (t20 / K)) - t4 * t42 - t22 * t41
    t43 = t4 * (K * t42)
    t44 = T * t40
    d2C_dS_dr = T * t43 + t44
    t45 = t16 / t3
    t46 = -(t15 * t32 * t45) - t38 - t26 * t39
    d2C_dS_ds = t2 * t46 + 0.5 * t28 * t44
    d2C_dS_dT = r * t43 + t31 * (s * t46) + t1 * t40
    t47 = t18 * t22
    t48 = t16 * t47
    t49 = t11 * t48
    t50 = 0.5 * t37 * t9 * t35 * t5 * t48
    t51 = t4 * t11
    t52 = 0.5 * t36 * t13 * t35 * S * t48 + (-t50 - t51)
    t53 = t16 * t52
    d2C_dK2 = t19 * (t22 / K) + t4 * t49 - t22 * (t33 * (t17 * t22) - t21 + t18 * t53)
    t54 = T * t53
    t55 = t4 * (K * t49 - t8)
    d2C_dK_dr = t54 - T * t55
    t56 = t45 * (t15 * t47) + (t50 + t51) - t26 * t52
    d2C_dK_ds = 0.5 * t28 * t54 + t2 * t56
    d2C_dK_dT = t1 * t53 + (t31 * (s * t56) - r * t55)
    t57 = T * t16
    t58 = 0.5 * t37 * t9 * t35 * t5 * t57 + t11 * (K * (T * t4))
    t59 = t58 - 0.5 * t36 * t13 * t35 * S * t57
    t60 = t16 * t59
    t61 = T * t60
    t62 = t4 * (T * t24 - K * (t11 * t57))
    d2C_dr2 = t61 - T * t62
    t63 = -(t45 * (T * t15)) - t58 - t26 * t59
    d2C_dr_ds = t2 * t63 + 0.5 * t28 * t61
    d2C_dr_dT = t1 * t60 + (t31 * (s * t63) + (t17 + t25 - r * t62))
    t64 = s * T
    t65 = t2 * t26
    t66 = t2 * t15
    t67 = t26 / t3
    t68 = t16 * t64
    t69 = t2 + (t65 - t68)
    t70 = 0.5 * t37 * t9 * t35 * t5 * t69
    t71 = -(t16 * t66) - 0.5 * t36 * t13 * t35 * S * (t68 - t65) - t70
    t72 = t16 * t71
    t73 = t66 * t67 - t45 * (t15 * t64) + t70 - t26 * t71
    d2C_ds2 = t23 + t2 * t73 + 0.5 * t28 * T * t72
    d2C_ds_dT = s * t17 - r * (t4 * (K * (t11 * t69))) + t31 * (t27 + s * t73) + t1 * t72
    t74 = s * t31
    t75 = t26 * t74
    t76 = t15 * t74
    t77 = t1 * t16
    t78 = t74 + (t75 - t77)
    t79 = 0.5 * t37 * t9 * t35 * t5 * t78
    t80 = t11 * (K * (r * t4))
    t81 = -(t16 * t76) - 0.5 * t36 * t13 * t35 * S * (t77 - t75) + (t80 - t79)
    d2C_dT2 = t1 * (t16 * t81) + (t31 * (s * (t67 * t76 - t45 * (t1 * t15) + (t79 - t80) - t26 * t81) - 2.0 * t29 * (t31 / t30)) - r * (t4 * (K * (t11 * t78) + r * t24)))
    return (C, (dC_dS, dC_dK, dC_dr, dC_ds, dC_dT), [d2C_dS2 d2C_dS_dK d2C_dS_dr d2C_dS_ds d2C_dS_dT; d2C_dS_dK d2C_dK2 d2C_dK_dr d2C_dK_ds d2C_dK_dT; d2C_dS_dr d2C_dK_dr d2C_dr2 d2C_dr_ds d2C_dr_dT; d2C_dS_ds d2C_dK_ds d2C_dr_ds d2C_ds2 d2C_ds_dT; d2C_dS_dT d2C_dK_dT d2C_dr_dT d2C_ds_dT d2C_dT2])
end
