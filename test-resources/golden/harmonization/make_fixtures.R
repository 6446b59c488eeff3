# Golden fixtures for ComBat harmonisation, the harmonisation check and the adjusted age associations,
# computed with R 4.2 (Debian r-base-core), Bioconductor sva 3.46 (r-bioc-sva) and jsonlite.
#   Rscript test-resources/golden/harmonization/make_fixtures.R
# Writes next to this script:
#   combat_input.csv     12 features x 300 samples (one row per sample): id, batch, age, male, f1..f12; three
#                        batches with planted per-feature location and scale shifts, age and sex effects.
#   combat_expected.json per case: sva::ComBat's harmonised matrix (features x samples, null = NA) and its internal
#                        gamma.hat, delta.hat, gamma.star, delta.star and batch sizes (read from ComBat's frame on exit
#                        with trace(); ComBat itself is unchanged), plus the before/after batch-effect checks.
#   assoc_input.csv      400 subjects: id, age, male, volume, height, scanner, bmi (ties: integer ages, 0.1 ml volumes).
#   assoc_expected.json  partial Spearman correlations (ppcor::pcor.test(method = "spearman")'s definition, computed
#                        in base R: every variable ranked, partial correlation from the inverse correlation matrix,
#                        t = r sqrt((n - 2 - k) / (1 - r^2)) on n - 2 - k df), lm/confint of the age x sex interaction
#                        and of the allometric exponent, and cor.test(method = "spearman", exact = FALSE) of age with
#                        the height-normalised volume.
suppressMessages(library(sva))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
set.seed(20261202)
json <- function(x, file) writeLines(jsonlite::toJSON(x, auto_unbox = TRUE, digits = NA, na = "null", pretty = FALSE),
                                     file.path(here, file))

## ---- ComBat ----
n <- 300; nf <- 12
batch <- sample(c("A", "B", "C"), n, TRUE, prob = c(0.4, 0.35, 0.25))
age <- round(runif(n, 20, 90) + ifelse(batch == "C", 6, 0), 1)
male <- rbinom(n, 1, 0.5)
base <- runif(nf, 5, 50); slope <- rnorm(nf, -0.05, 0.03); sexeff <- rnorm(nf, 2, 1)
loc <- matrix(rnorm(3 * nf, 0, 2), 3); scl <- matrix(exp(rnorm(3 * nf, 0, 0.4)), 3)
bi <- match(batch, c("A", "B", "C"))
dat <- t(sapply(1:nf, function(f) base[f] + slope[f] * age + sexeff[f] * male + loc[bi, f] +
                  scl[cbind(bi, f)] * rnorm(n, 0, 2)))
input <- data.frame(id = sprintf("s%03d", 1:n), batch = batch, age = age, male = male, t(dat))
names(input)[5:(4 + nf)] <- paste0("f", 1:nf)
write.csv(input, file.path(here, "combat_input.csv"), row.names = FALSE)

captured <- c("gamma.hat", "delta.hat", "gamma.star", "delta.star", "n.batches", "mean.only")
trace(ComBat, exit = quote(assign("frame", mget(captured, envir = environment()), envir = globalenv())),
      print = FALSE)
mod <- model.matrix(~ age + male)
m <- function(x) unname(as.matrix(x))
combat <- function(d, b, par.prior, mean.only) {
  out <- suppressMessages(ComBat(d, b, mod = mod, par.prior = par.prior, mean.only = mean.only))
  list(par_prior = par.prior, mean_only_requested = mean.only, features = nrow(d),
       batches = levels(factor(b)), n_batches = unname(frame$n.batches), mean_only = frame$mean.only,
       harmonised = m(out), gamma_hat = m(frame$gamma.hat), delta_hat = m(frame$delta.hat),
       gamma_star = m(frame$gamma.star), delta_star = m(frame$delta.star))
}
six <- dat[1:6, ]
missing <- six; missing[cbind(c(1, 2, 2, 3, 4, 5, 6, 6), c(7, 19, 250, 100, 3, 299, 42, 43))] <- NA
singleton <- batch; singleton[1] <- "D"
flat <- six; flat[6, batch == "B"] <- 30
cases <- list(
  parametric = combat(dat, batch, TRUE, FALSE),
  nonparametric = combat(dat, batch, FALSE, FALSE),
  mean_only = combat(six, batch, TRUE, TRUE),
  mean_only_nonparametric = combat(six, batch, FALSE, TRUE),
  missing = combat(missing, batch, TRUE, FALSE),
  missing_nonparametric = combat(missing, batch, FALSE, FALSE),
  singleton = combat(six, singleton, TRUE, FALSE),
  constant_in_a_batch = combat(flat, batch, TRUE, FALSE))
for (k in c("missing", "missing_nonparametric")) {
  cases[[k]]$input_missing <- unname(which(is.na(missing), arr.ind = TRUE) - 1)   # 0-based feature, sample
}
cases$constant_in_a_batch$constant_feature <- 5                            # 0-based

# Batch effect per feature, before and after the parametric harmonisation: the F test of batch added to
# y ~ age + male (anova of the nested lm fits), Kruskal-Wallis of the y ~ age + male residuals by batch, and
# Brown-Forsythe (one-way ANOVA of |residual - batch median of residuals| of y ~ age + male + batch).
check <- function(d) {
  rows <- lapply(1:nrow(d), function(f) {
    y <- d[f, ]
    null <- lm(y ~ age + male); full <- lm(y ~ age + male + batch)
    a <- anova(null, full)
    kw <- kruskal.test(residuals(null), factor(batch))
    r <- residuals(full); z <- abs(r - ave(r, batch, FUN = median))
    bf <- anova(lm(z ~ batch))
    list(f = a$F[2], f_p = a$`Pr(>F)`[2], df1 = a$Df[2], df2 = a$Res.Df[2],
         kruskal = unname(kw$statistic), kruskal_p = kw$p.value, bf = bf$`F value`[1], bf_p = bf$`Pr(>F)`[1])
  })
  lapply(names(rows[[1]]), function(k) sapply(rows, `[[`, k)) |> setNames(names(rows[[1]]))
}
cases$check <- list(before = check(dat), after = check(cases$parametric$harmonised))
json(cases, "combat_expected.json")

## ---- adjusted associations ----
n <- 400
scanner <- sample(c("GE", "Philips", "Siemens"), n, TRUE)
sex <- rbinom(n, 1, 0.55)
agey <- round(runif(n, 18, 95))
height <- round(rnorm(n, 165 + 12 * sex, 7), 1)
bmi <- round(rnorm(n, 26, 4), 1)
volume <- round(exp(log(30) + 1.3 * log(height / 170) - 0.004 * agey + 0.03 * sex - 0.002 * (agey - 55) * sex +
                    c(GE = 0, Philips = 0.04, Siemens = -0.03)[scanner] + 0.005 * (bmi - 26) + rnorm(n, 0, 0.08)), 1)
assoc <- data.frame(id = sprintf("p%03d", sample(n)), age = agey, male = sex, volume = volume, height = height,
                    scanner = scanner, bmi = bmi)
write.csv(assoc, file.path(here, "assoc_input.csv"), row.names = FALSE)

partial <- function(x, y, z) {
  k <- if (is.null(z)) 0 else ncol(z)
  r <- apply(cbind(x, y, z), 2, rank)
  p <- solve(cor(r))
  est <- -p[1, 2] / sqrt(p[1, 1] * p[2, 2])
  df <- length(x) - 2 - k
  stat <- est * sqrt(df / (1 - est^2))
  list(estimate = est, statistic = stat, p = 2 * pt(-abs(stat), df), k = k)
}
coefrow <- function(fit, term) {
  co <- summary(fit)$coefficients; ci <- confint(fit)
  list(estimate = co[term, 1], se = co[term, 2], t = co[term, 3], p = co[term, 4],
       ci_low = ci[term, 1], ci_high = ci[term, 2])
}
associations <- function(d) {
  dummies <- model.matrix(~ scanner, d)[, -1]
  full <- cbind(d$male, dummies, d$bmi)
  inter0 <- lm(volume ~ age + male + age:male, d)
  inter1 <- lm(volume ~ age + male + age:male + scanner + bmi, d)
  allo <- lm(log(volume) ~ log(height) + age + male + scanner + bmi, d)
  b <- unname(coef(allo)["log(height)"])
  sp <- suppressWarnings(cor.test(d$age, d$volume / d$height^b, method = "spearman", exact = FALSE))
  list(n = nrow(d), dummy_names = colnames(dummies),
       partial_sex = partial(d$age, d$volume, cbind(d$male)),
       partial_full = partial(d$age, d$volume, full),
       interaction = coefrow(inter0, "age:male"), interaction_full = coefrow(inter1, "age:male"),
       allometry = coefrow(allo, "log(height)"),
       normalised_spearman = list(estimate = unname(sp$estimate), p = sp$p.value))
}
json(list(n400 = associations(assoc), n25 = associations(assoc[1:25, ])), "assoc_expected.json")
