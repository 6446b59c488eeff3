-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Joining cohort columns
-- MAGIC Any manifest column (here: `scanner`) is carried into the scans table.

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Mean attenuation by scanner
-- MAGIC A calibration offset shows up here, and belongs in the regressions: `cohortseg stats --covariates scanner`.

-- COMMAND ----------

SELECT s.scanner, m.structure, count(*) AS scans, round(avg(m.mean_hu), 1) AS mean_hu
FROM measurements_latest m JOIN scans_latest s ON m.scan_id = s.scan_id AND m.run_id = s.run_id
GROUP BY s.scanner, m.structure ORDER BY m.structure, s.scanner;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Volumes by age decade and sex

-- COMMAND ----------

SELECT m.structure, floor(m.age / 10) * 10 AS decade, m.sex, count(*) AS scans, round(avg(m.volume_ml), 1) AS mean_ml
FROM measurements_latest m GROUP BY m.structure, floor(m.age / 10) * 10, m.sex ORDER BY m.structure, decade, m.sex;
