# Golden fixtures for the stats module, computed with R (Debian r-base-core 4.2 and r-cran-jsonlite).
#   Rscript test-resources/golden/stats/make_fixtures.R
# Writes fixtures.csv (the input data sets) and expected.json (R's results) next to this script.
# Data sets: varied n (3 to 5000), ties, a constant column, a quadratic trend.
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
set.seed(20261127)

make <- function(name, x, y, group, sex) data.frame(set = name, x = x, y = y, group = group, sex = sex)
sets <- list(
  make("n3", c(18, 45, 90), c(10.5, 12.25, 9.75), c(1, 2, 3), c("F", "M", "F")),
  make("n10_ties", c(20, 20, 30, 40, 40, 40, 55, 60, 60, 80), c(5, 6, 6, 7, 9, 9, 8, 10, 12, 12),
       c(1, 1, 2, 2, 2, 3, 3, 4, 4, 4), rep(c("F", "M"), 5)),
  make("n200", round(runif(200, 18, 100)), NA, NA, sample(c("F", "M"), 200, TRUE, c(0.365, 0.635))),
  make("n5000", round(runif(5000, 18, 100)), NA, NA, sample(c("F", "M"), 5000, TRUE, c(0.365, 0.635))),
  make("constant", c(20, 30, 40, 50, 60), rep(7, 5), c(1, 1, 2, 2, 3), c("F", "M", "F", "M", "F")),
  make("quadratic", seq(18, 100, length.out = 400), NA, NA, rep(c("F", "M"), 200))
)
sets[[3]]$y <- 100 + 0.8 * sets[[3]]$x + rnorm(200, 0, 15) + ifelse(sets[[3]]$sex == "M", 10, 0)
sets[[3]]$group <- cut(sets[[3]]$x, c(-Inf, 41, 59, 78, Inf), labels = FALSE)
sets[[4]]$y <- round(55 - 0.45 * sets[[4]]$x + rnorm(5000, 0, 10))   # rounded: many ties
sets[[4]]$group <- cut(sets[[4]]$x, c(-Inf, 41, 59, 78, Inf), labels = FALSE)
q <- sets[[6]]$x
sets[[6]]$y <- 1500 + 250 * (1 - ((q - 55) / 45)^2) + rnorm(400, 0, 60)
sets[[6]]$group <- cut(q, c(-Inf, 41, 59, 78, Inf), labels = FALSE)
data <- do.call(rbind, sets)
write.csv(data, file.path(here, "fixtures.csv"), row.names = FALSE)

num <- function(v) if (is.na(v) || !is.finite(v)) NULL else unname(v)
out <- list()
for (s in unique(data$set)) {
  d <- data[data$set == s, ]
  r <- list(n = nrow(d))
  if (sd(d$y) > 0 && nrow(d) >= 3) {
    sp <- suppressWarnings(cor.test(d$x, d$y, method = "spearman", exact = FALSE))
    pe <- cor.test(d$x, d$y, method = "pearson")
    r$spearman_rho <- num(sp$estimate); r$spearman_p <- num(sp$p.value)
    r$pearson_r <- num(pe$estimate); r$pearson_p <- num(pe$p.value)
    if (!is.null(pe$conf.int)) { r$pearson_ci <- unname(pe$conf.int[1:2]) }
    fit <- lm(y ~ x, data = d)
    co <- summary(fit)$coefficients
    r$ols <- list(coef = unname(co[, 1]), se = unname(co[, 2]), t = unname(co[, 3]), p = unname(co[, 4]),
                  ci_low = unname(confint(fit)[, 1]), ci_high = unname(confint(fit)[, 2]),
                  r2 = summary(fit)$r.squared)
    if (length(unique(d$sex)) == 2 && nrow(d) > 3) {
      fit2 <- lm(y ~ x + I(sex == "M"), data = d)
      co2 <- summary(fit2)$coefficients
      r$ols_sex <- list(coef = unname(co2[, 1]), se = unname(co2[, 2]), p = unname(co2[, 4]),
                        ci_low = unname(confint(fit2)[, 1]), ci_high = unname(confint(fit2)[, 2]),
                        r2 = summary(fit2)$r.squared)
    }
    if (length(unique(d$group)) > 1) {
      kw <- kruskal.test(d$y, factor(d$group))
      r$kruskal_statistic <- num(kw$statistic); r$kruskal_p <- num(kw$p.value)
    }
    if (nrow(d) >= 50) {
      knots <- quantile(d$x, c(0.25, 0.5, 0.75), type = 7)
      nsfit <- lm(y ~ splines::ns(x, knots = knots), data = d)
      grid <- data.frame(x = seq(20, 95, by = 15))
      pr <- predict(nsfit, grid, interval = "confidence", level = 0.95)
      r$ns <- list(knots = unname(knots), grid = grid$x, fit = unname(pr[, 1]), lwr = unname(pr[, 2]),
                   upr = unname(pr[, 3]))
    }
  }
  r$quantile7 <- unname(quantile(d$y, c(0, 0.05, 0.25, 0.5, 0.75, 0.95, 1), type = 7))
  out[[s]] <- r
}
ps <- c(0.01, 0.04, 0.03, 0.005, 0.5, 0.2, 1e-6, 0.04)
out$p_adjust <- list(p = ps, bonferroni = p.adjust(ps, "bonferroni"), bh = p.adjust(ps, "BH"))
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "expected.json"))
