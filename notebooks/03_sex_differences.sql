-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Sex differences

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Median volume by sex and the male / female ratio

-- COMMAND ----------

SELECT structure, percentile(CASE WHEN sex = 'F' THEN volume_ml END, 0.5) AS women_ml,
       percentile(CASE WHEN sex = 'M' THEN volume_ml END, 0.5) AS men_ml,
       round(percentile(CASE WHEN sex = 'M' THEN volume_ml END, 0.5)
             / percentile(CASE WHEN sex = 'F' THEN volume_ml END, 0.5), 2) AS ratio
FROM measurements_latest GROUP BY structure ORDER BY ratio DESC;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Does the age effect differ between women and men? (needs the statistics tables)

-- COMMAND ----------

SELECT f.structure, f.measure, round(f.spearman_rho, 2) AS rs_women, round(m.spearman_rho, 2) AS rs_men,
       round(f.slope_per_decade, 2) AS per_decade_women, round(m.slope_per_decade, 2) AS per_decade_men
FROM age_associations f JOIN age_associations m
  ON f.structure = m.structure AND f.measure = m.measure AND f.stratum = 'female' AND m.stratum = 'male'
ORDER BY abs(f.spearman_rho - m.spearman_rho) DESC;
