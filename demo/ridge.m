% Ridge regression in MATLAB/Octave: select the line of J (or the whole function) and run
% "Partials: Inspect Selection" (Ctrl+K Ctrl+G). The gradient reads X'(X theta - y)/m + lambda theta.
function J = ridge_cost(theta, X, y, lambda)
  m = 4;
  r = X*theta - y;
  J = (r'*r) / (2*m) + (lambda/2) * (theta'*theta);
end

function J = quadratic(x, A, b)
  J = 0.5 * x'*A*x - b'*x;
end

function L = gaussian_nll(x, mu, S)
  L = 0.5 * (x - mu)' * (S \ (x - mu)) + 0.5 * log(det(S));
end
