/* The Rosenbrock function: select the expression after `return`, then
   "Partials: Insert Gradient Code..." writes the gradient below it. */
#include <math.h>

double rosenbrock(double x, double y)
{
    double a = 1.0;
    double b = 100.0;
    return (a - x) * (a - x) + b * (y - x * x) * (y - x * x);
}

double smooth_abs(double x, double eps)
{
    return sqrt(x * x + eps * eps);
}
