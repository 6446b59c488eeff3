# Golden fixtures for the reference centile charts (stats module: QuantileRegression, ShashChart).
#   Rscript test-resources/golden/centiles/make_fixtures.R
# Needs R 4.2 with quantreg, mgcv and jsonlite (Debian r-cran-*). Seeded; writes, next to this script,
#   data.csv       the data sets (set, age, y): age rounded to 0.1 y, y to 0.001 so both sides read the same doubles;
#                  ties_n300 has integer y, coarse_n500 integer age and y (many duplicate scans: degenerate LPs)
#   expected.json  per set: the design knots (age quartiles, type 7), a grid of ages, and
#     rq[tau]: quantreg::rq(y ~ splines::ns(age, knots = knots), tau, method = "br") - fitted values on the grid,
#              the objective sum(rho_tau(residuals)) and whether rq warned that the solution may be nonunique;
#              taus kept where n * min(tau, 1 - tau) >= 1 (the Java rule);
#     shash:   mgcv::gam(list(y ~ ns(age, knots), ~ age, ~ 1, ~ 1), family = shash) - the scale coefficients
#              (logeb link: sigma = exp(b0 + b1 age) + 0.01), epsilon, phi = log(delta), the penalised
#              log-likelihood that mgcv maximises (sum of mgcv's l0, which carries - phiPen * phi^2 per scan),
#              mu and sigma on the grid, centiles on the grid (mgcv's qf) and centileOf for the first 10 scans
#              (mgcv's cdf), all at mgcv's optimum: gam's answer refined by Newton steps with the gradient and
#              Hessian of mgcv's own shash()$ll until max |gradient| < 1e-8, since gam stops on the change in
#              the objective, not the gradient (its |gradient| is up to 6e-5 here). gam_max_rel_diff records how
#              far gam's own coefficients and centiles are from the refined ones (what matching plain gam means).
suppressMessages({library(quantreg); library(mgcv); library(splines)})
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
set.seed(20260315)

shash_draw <- function(n, mu, sigma, eps, delta) mu + delta * sigma * sinh((asinh(rnorm(n)) + eps) / delta)
make <- function(name, n, y_of_age, digits = 1) {
  age <- round(runif(n, 18, 95), digits)
  data.frame(set = name, age = age, y = y_of_age(age))
}
sets <- list(
  make("normal_n50", 50, function(a) round(1200 - 4 * (a - 50) + rnorm(length(a), 0, 60), 3)),
  make("normal_n400", 400, function(a) round(900 + 0.05 * (a - 55)^2 + rnorm(length(a), 0, 20 + 0.4 * a), 3)),
  make("skewed_n800", 800, function(a) round(shash_draw(length(a), 1200 - 4 * (a - 50), 40 + 0.5 * a, 0.5, 1), 3)),
  make("heavy_n1200", 1200, function(a) round(shash_draw(length(a), 60 - 0.2 * a, 3 + 0.02 * a, 0, 0.6), 3)),
  make("lognormal_n2500", 2500, function(a) round(exp(log(1500) - 0.004 * (a - 50) + rnorm(length(a), 0, 0.3)), 3)),
  make("ties_n300", 300, function(a) round(10 + 0.05 * a + rnorm(length(a), 0, 1.5))),
  make("coarse_n500", 500, function(a) round(10 + 0.03 * a + rnorm(length(a), 0, 2)), digits = 0)   # many duplicates
)
data <- do.call(rbind, sets)
write.csv(data, file.path(here, "data.csv"), row.names = FALSE)

taus <- c(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995)
percents <- c(0.5, 5, 25, 50, 75, 95, 99.5)
phiPen <- 1e-3
b <- 1e-2
to_par <- function(l) cbind(l[, 1], log(exp(l[, 2]) + b), l[, 3], l[, 4])   # mgcv's qf/cdf take tau = log sigma
out <- list()
for (s in unique(data$set)) {
  d <- data[data$set == s, c("age", "y")]
  n <- nrow(d)
  knots <- unname(quantile(d$age, c(0.25, 0.5, 0.75), type = 7))
  grid <- unname(round(quantile(d$age, c(0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95)), 1))
  g <- data.frame(age = grid)
  r <- list(n = n, knots = knots, grid = grid, rq = list())
  for (tau in taus[n * pmin(taus, 1 - taus) >= 1]) {
    nonunique <- FALSE
    fit <- withCallingHandlers(rq(y ~ ns(age, knots = knots), tau = tau, data = d, method = "br"),
                               warning = function(w) {
                                 nonunique <<- grepl("nonunique", conditionMessage(w))
                                 invokeRestart("muffleWarning")
                               })
    r$rq[[format(tau)]] <- list(tau = tau, fitted = unname(predict(fit, g)), objective = fit$rho,
                                nonunique = nonunique)
  }
  location <- eval(bquote(y ~ ns(age, knots = .(knots))))   # knots inlined so that predict.gam can rebuild ns
  model <- list(location, ~ age, ~ 1, ~ 1)
  fit <- gam(model, family = shash(b = b, phiPen = phiPen), data = d)
  gam_coef <- coef(fit)
  gam_centiles <- sapply(percents, function(pc) fit$family$qf(pc / 100, to_par(predict(fit, g, type = "link"))))
  X <- model.matrix(fit)
  for (step in 1:10) {
    derivs <- fit$family$ll(d$y, X, coef(fit), rep(1, n), fit$family, deriv = 1)
    if (max(abs(derivs$lb)) < 1e-8) break
    fit$coefficients <- coef(fit) - solve(derivs$lbb, derivs$lb)
  }
  theta <- unname(coef(fit))
  p <- length(theta) - 4
  X <- cbind(1, ns(d$age, knots = knots))
  pll <- function(th) {
    m <- X %*% th[1:p]; sig <- exp(th[p + 1] + th[p + 2] * d$age) + b
    del <- exp(th[p + 4]); z <- (d$y - m) / (sig * del); w <- del * asinh(z) - th[p + 3]
    sum(-log(sig) - 0.5 * log(2 * pi) + log(cosh(w)) - 0.5 * log1p(z^2) - 0.5 * sinh(w)^2 - phiPen * th[p + 4]^2)
  }
  lg <- predict(fit, g, type = "link")
  lp <- predict(fit, d[1:10, ], type = "link")
  qf <- sapply(percents, function(pc) fit$family$qf(pc / 100, to_par(lg)))
  cdf <- fit$family$cdf(d$y[1:10], to_par(lp), logp = FALSE)
  r$shash <- list(scale_coef = theta[p + 1:2], epsilon = theta[p + 3], phi = theta[p + 4],
                  penalised_loglik = pll(theta), mgcv_loglik = derivs$l, max_abs_gradient = max(abs(derivs$lb)),
                  mu = unname(lg[, 1]), sigma = unname(exp(lg[, 2]) + b), percents = percents,
                  centiles = unname(qf), centile_of_first10 = 100 * unname(cdf),
                  gam_max_rel_diff = list(coef = max(abs(gam_coef - theta) / abs(theta)),
                                          centiles = max(abs(gam_centiles - qf) / abs(qf))))
  out[[s]] <- r
}
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "expected.json"))
