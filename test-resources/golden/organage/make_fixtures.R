# Golden fixtures for ElasticNet / ElasticNetCv, computed with R 4.2 and glmnet 4.1-6 (Debian r-cran-glmnet).
#   Rscript test-resources/golden/organage/make_fixtures.R
# Writes <set>.csv (inputs: y, foldid, x1..xp; rounded to 6 decimals so the CSV holds exactly what R fitted)
# and expected.json next to this script. For every data set and alpha in {1, 0.5, 0}:
#   path:  glmnet(x, y, alpha, thresh = 1e-14): the whole lambda sequence and dev.ratio, and a0/beta at
#          a few indices along the path;
#   fixed: glmnet(x, y, alpha, lambda = <two off-grid values>, thresh = 1e-14): a0/beta at those lambdas;
#   cv:    cv.glmnet(x, y, alpha, foldid, type.measure = "mse", keep = TRUE, thresh = 1e-14): lambda, cvm,
#          cvsd, lambda.min/1se and their indices, fit.preval at lambda.min.
# Data sets: "dense" (n 120 > p 10, correlated features on very different scales, one constant feature),
# "wide" (n 40 < p 60, a sparse signal: lambda.min.ratio 0.01 and an early-stopping path), "collinear"
# (n 80, p 6: a near-copy with r = 0.995, an exact copy and a linear combination exact to rounding).
suppressPackageStartupMessages(library(glmnet))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
set.seed(20261203)
stopifnot(packageVersion("glmnet") == "4.1.6")

make_dense <- function() {
  n <- 120; p <- 10
  z <- matrix(rnorm(n * p), n, p)
  x <- z
  for (j in 2:p) x[, j] <- 0.6 * x[, j - 1] + 0.8 * z[, j]          # AR(1)-like correlation
  x <- sweep(x, 2, c(1000, 0.01, 5, 50, 1, 200, 0.5, 3, 10, 1), "*")  # volumes, densities, ...
  x <- sweep(x, 2, c(5e4, 0.2, 30, 900, 0, 4000, 2, 10, 100, 0), "+")
  x[, 10] <- 5                                                          # a constant feature
  y <- 55 + 12 * scale(x[, 1]) - 8 * scale(x[, 3]) + 5 * scale(x[, 6]) + 3 * scale(x[, 2]) + rnorm(n, 0, 9)
  list(x = x, y = drop(y))
}
make_wide <- function() {
  n <- 40; p <- 60
  x <- matrix(rnorm(n * p), n, p) * rep(runif(p, 0.5, 20), each = n)
  y <- 60 + 10 * scale(x[, 1]) + 6 * scale(x[, 7]) - 6 * scale(x[, 13]) + rnorm(n, 0, 6)
  list(x = x, y = drop(y))
}
make_collinear <- function() {
  n <- 80
  a <- round(rnorm(n), 6); b <- round(rnorm(n), 6); c <- round(rnorm(n), 6)
  x <- cbind(a, a + rnorm(n, 0, 0.1), a, round(b + c, 6), b, c)     # near-copy (r 0.995), exact copy, x4 = x5 + x6
  y <- 50 + 8 * a + 4 * b - 3 * c + rnorm(n, 0, 5)
  list(x = x, y = drop(y))
}

sets <- list(dense = make_dense(), wide = make_wide(), collinear = make_collinear())
alphas <- c(a1 = 1, a05 = 0.5, a0 = 0)
out <- list()
for (s in names(sets)) {
  x <- round(sets[[s]]$x, 6); y <- round(sets[[s]]$y, 6)
  colnames(x) <- paste0("x", seq_len(ncol(x)))
  foldid <- sample(rep(1:5, length.out = nrow(x)))
  write.csv(data.frame(y = y, foldid = foldid, x), file.path(here, paste0(s, ".csv")), row.names = FALSE)
  r <- list(n = nrow(x), p = ncol(x))
  for (a in names(alphas)) {
    alpha <- alphas[[a]]
    fit <- glmnet(x, y, alpha = alpha, thresh = 1e-14)
    L <- length(fit$lambda)
    idx <- sort(unique(c(1, 2, 3, 10, 25, 50, L)))
    idx <- idx[idx <= L]
    beta <- as.matrix(fit$beta)
    path <- list(lambda = fit$lambda, dev_ratio = fit$dev.ratio, index = idx,
                 a0 = unname(fit$a0[idx]), beta = lapply(idx, function(k) unname(beta[, k])))
    lam_fixed <- c(fit$lambda[5] * 0.77, fit$lambda[min(L, 30)] * 1.3)
    fx <- glmnet(x, y, alpha = alpha, lambda = lam_fixed, thresh = 1e-14)
    fixed <- list(lambda = lam_fixed, fitted_lambda = fx$lambda, a0 = unname(fx$a0),
                  beta = lapply(seq_along(fx$lambda), function(k) unname(as.matrix(fx$beta)[, k])))
    cv <- cv.glmnet(x, y, alpha = alpha, foldid = foldid, type.measure = "mse", keep = TRUE, thresh = 1e-14)
    imin <- cv$index["min", 1]
    cvr <- list(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, lambda_min = cv$lambda.min,
                lambda_1se = cv$lambda.1se, index_min = imin, index_1se = cv$index["1se", 1],
                preval_min = unname(cv$fit.preval[, imin]))
    r[[a]] <- list(alpha = alpha, path = path, fixed = fixed, cv = cvr)
  }
  out[[s]] <- r
}
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "expected.json"))
