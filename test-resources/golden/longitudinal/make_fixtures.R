# Golden fixtures for the longitudinal mixed model (MixedModel, LongitudinalEffects), computed with
# R 4.2, lme4 1.1-31 and lmerTest 3.1-3 (Debian r-cran-lme4, r-cran-lmertest, r-cran-numderiv, r-cran-jsonlite).
#   Rscript test-resources/golden/longitudinal/make_fixtures.R
# Writes observations.csv (simulated scans: set, subject, age, sex, value) and expected.json: per set the
# REML fit of value ~ baseline_age + years_since_baseline + sex + (1 + years_since_baseline | subject)
# (baseline_age = the subject's age at its first scan, years_since_baseline = age - baseline_age) with
# lmerTest's Satterthwaite t-tests, the random-effect SDs and correlation, sigma, REMLcrit, theta,
# isSingular, and the contest of years_since_baseline - baseline_age (within-person minus cross-sectional
# slope). The fixtures are lmer's optimum itself, not where an optimiser's tolerances stop it: lmer runs with
# tight nloptwrap tolerances, its theta is polished by Newton steps on lmer's own REML deviance function
# (numDeriv gradient and Hessian, free coordinates only), and the reported fit is lmer evaluated at that theta
# (optimizer = NULL). Without the polish, lmer's theta is good to only about 1e-6 relative (1e-5 on a small
# theta); with its default tolerances to about 1e-3 (the script prints how far the default fit is). The
# nobs-vs-random-effects check is off: the cohort set has more random effects than scans, the way a mostly
# cross-sectional cohort does.
# Data sets: planted (300 persons, 1-4 scans over up to 8 years, within-person slope -6 vs cross-sectional -3),
# singular (slope SD 0: lmer reports a boundary fit), unbalanced (1-10 scans, rows shuffled), cohort (2500
# persons, 65 % scanned once, 3832 scans), weak (40 persons, small effects: p-values and df away from
# their limits).
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
suppressMessages({ library(lmerTest); library(jsonlite); library(numDeriv) })
set.seed(20261215)

# Subjects with baseline age in [20, 90], 1..length(visit_prob) scans over up to `years` years, a random
# intercept and slope (SDs sd_int, sd_slope, correlation rho), a cross-sectional slope b_cross per year of
# baseline age and a within-person slope b_within per year since baseline.
simulate <- function(set, subjects, visit_prob, years, b_cross, b_within, b_male, sd_int, sd_slope, rho,
                     sd_res, level) {
  rows <- list()
  for (s in seq_len(subjects)) {
    baseline <- runif(1, 20, 90)
    male <- runif(1) < 0.6
    k <- sample(seq_along(visit_prob), 1, prob = visit_prob)
    time <- c(0, sort(runif(k - 1, 0.3, years)))
    z <- rnorm(2)
    b0 <- sd_int * z[1]
    b1 <- sd_slope * (rho * z[1] + sqrt(1 - rho^2) * z[2])
    value <- level + b_cross * (baseline - 55) + b_within * time + b_male * male + b0 + b1 * time +
      rnorm(k, 0, sd_res)
    rows[[s]] <- data.frame(set = set, subject = sprintf("%s-%04d", set, s), age = round(baseline + time, 2),
                            sex = ifelse(male, "M", "F"), value = round(value, 2))
  }
  do.call(rbind, rows)
}

sets <- list(
  simulate("planted", 300, c(0.25, 0.25, 0.25, 0.25), 8, -3, -6, 25, 40, 2, -0.3, 10, 1500),
  simulate("singular", 200, c(0.3, 0.4, 0.3), 6, -0.5, 0.8, 4, 6, 0, 0, 5, 40),
  simulate("unbalanced", 250, c(0.5, 0.2, 0.1, 0.05, 0.05, 0.03, 0.03, 0.02, 0.01, 0.01), 10, 2, 4, -15, 30,
           3, 0.5, 8, 800),
  simulate("cohort", 2500, c(0.65, 0.2, 0.1, 0.05), 5, -2, -4, 30, 50, 1.5, 0.2, 12, 1200),
  simulate("weak", 40, c(0, 0.3, 0.3, 0.2, 0.2), 6, 0.02, 0.15, 1, 5, 0.5, 0, 3, 50)
)
sets[[3]] <- sets[[3]][sample(nrow(sets[[3]])), ]   # scans in no particular order
data <- do.call(rbind, sets)
write.csv(data, file.path(here, "observations.csv"), row.names = FALSE)

model <- value ~ baseline_age + years_since_baseline + sex + (1 + years_since_baseline | subject)
tight <- lmerControl(optimizer = "nloptwrap", check.nobs.vs.nRE = "ignore",
                     optCtrl = list(xtol_abs = 1e-14, ftol_abs = 1e-15, xtol_rel = 0, ftol_rel = 0, maxeval = 1e5))
at_theta <- lmerControl(optimizer = NULL, check.nobs.vs.nRE = "ignore")

# Newton steps on the REML deviance from lmer's theta; a theta at its lower bound 0 stays there.
polish <- function(d) {
  deviance <- lme4::lmer(model, data = d, control = tight, devFunOnly = TRUE)
  theta <- getME(lme4::lmer(model, data = d, control = tight), "theta")
  free <- theta != 0
  for (step in 1:4) {
    g <- grad(deviance, theta, method.args = list(d = 0.1, eps = 1e-4, r = 4, v = 2))[free]
    theta[free] <- theta[free] - solve(hessian(deviance, theta)[free, free, drop = FALSE], g)
  }
  if (max(abs(g)) > 1e-6) stop("Newton polish did not converge: gradient ", max(abs(g)))
  theta
}

relative <- function(a, b) max(abs(a / b - 1))
out <- list()
for (s in unique(data$set)) {
  d <- data[data$set == s, ]
  d$baseline_age <- ave(d$age, d$subject, FUN = min)
  d$years_since_baseline <- d$age - d$baseline_age
  fit <- lmer(model, data = d, REML = TRUE, control = at_theta, start = list(theta = polish(d)))
  default <- suppressWarnings(lmer(model, data = d, REML = TRUE,
                                    control = lmerControl(check.nobs.vs.nRE = "ignore")))
  inside <- getME(fit, "theta") != 0
  cat(sprintf("%s: lmer with default tolerances is off by %.1e (theta), %.1e (estimates), %.1e (SEs) relative\n",
              s, relative(getME(default, "theta")[inside], getME(fit, "theta")[inside]),
              relative(fixef(default), fixef(fit)), relative(sqrt(diag(vcov(default))), sqrt(diag(vcov(fit))))))
  co <- summary(fit)$coefficients
  vc <- as.data.frame(VarCorr(fit))
  diff <- contest(fit, c(0, -1, 1, 0), joint = FALSE)
  out[[s]] <- list(
    subjects = length(unique(d$subject)), observations = nrow(d),
    terms = rownames(co), estimate = unname(co[, "Estimate"]), se = unname(co[, "Std. Error"]),
    df = unname(co[, "df"]), t = unname(co[, "t value"]), p = unname(co[, "Pr(>|t|)"]),
    theta = unname(getME(fit, "theta")), sd_intercept = vc$sdcor[1], sd_slope = vc$sdcor[2],
    correlation = if (is.finite(vc$sdcor[3])) vc$sdcor[3] else NULL, sigma = sigma(fit),
    reml = REMLcrit(fit), singular = isSingular(fit),
    difference = list(estimate = diff$Estimate, se = diff$`Std. Error`, df = diff$df, t = diff$`t value`,
                      p = diff$`Pr(>|t|)`))
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "expected.json"))
