/* The Rosenbrock function: select the right-hand side of `f`, then
   "Partials: Insert Gradient Code..." writes the gradient below it. */
#include <math.h>

double rosenbrock(double x, double y)
{
    double a = 1.0;
    double b = 100.0;
    double f = (a - x) * (a - x) + b * (y - x * x) * (y - x * x);
    return f;
}

double smooth_abs(double x, double eps)
{
    return sqrt(x * x + eps * eps);
}
