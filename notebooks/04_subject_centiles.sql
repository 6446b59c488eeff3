-- Databricks notebook source
-- MAGIC %md
-- MAGIC # One subject against the reference charts
-- MAGIC Needs the statistics tables (`cohortseg stats`).

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## The first scan's structures: value, z-score and centile against its sex's age-specific chart

-- COMMAND ----------

SELECT z.scan_id, z.structure, z.measure, round(z.age) AS age, round(z.value, 1) AS value,
       round(z.z_score, 2) AS z, round(z.centile, 1) AS centile,
       CASE WHEN z.centile < 5 THEN 'below 5th' WHEN z.centile > 95 THEN 'above 95th' ELSE 'typical' END AS flag
FROM scan_zscores z
WHERE z.scan_id = (SELECT min(scan_id) FROM scan_zscores)
ORDER BY z.measure, z.structure;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## The reference chart around that subject's age

-- COMMAND ----------

SELECT c.structure, c.measure, c.sex, c.age, round(c.p5, 1) AS p5, round(c.p50, 1) AS p50, round(c.p95, 1) AS p95
FROM centiles c JOIN (SELECT DISTINCT scan_id, sex, round(age) AS age FROM scan_zscores
                      WHERE scan_id = (SELECT min(scan_id) FROM scan_zscores)) s
  ON c.sex = s.sex AND c.age = s.age
ORDER BY c.measure, c.structure;
