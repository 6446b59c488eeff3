-- Databricks notebook source
-- MAGIC %md
-- MAGIC # The aging table of the paper: Spearman rs of volume and attenuation with age, per structure
-- MAGIC Needs the statistics tables (`cohortseg stats`).

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## All structures, both measures, Bonferroni over the whole family (significance at P < .0001 as in the paper)

-- COMMAND ----------

SELECT category, structure, measure, n, round(spearman_rho, 2) AS rs, p_bonferroni,
       p_bonferroni < 1e-4 AS significant
FROM age_associations WHERE stratum = 'all' AND spearman_rho IS NOT NULL
ORDER BY category, measure, rs DESC;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## The strongest effects, with the regression slope per decade and its 95 % CI

-- COMMAND ----------

SELECT structure, measure, round(spearman_rho, 2) AS rs, round(slope_per_decade, 2) AS per_decade,
       round(10 * slope_ci_low, 2) AS ci_low, round(10 * slope_ci_high, 2) AS ci_high, q_bh
FROM age_associations WHERE stratum = 'all' AND p_bonferroni < 1e-4
ORDER BY abs(spearman_rho) DESC LIMIT 10;
