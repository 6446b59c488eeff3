-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Cohort overview and quality control
-- MAGIC Tables: `scans`, `measurements` (from `cohortseg segment`) and their views `scans_latest` (one row per scan and
-- MAGIC model: the latest try) and `measurements_latest`. Run it in the catalog database (`USE NAME`, or
-- MAGIC `spark-sql --database NAME -f`), or on the folders: `bin/cohortseg sql --tables DIR notebooks/01_cohort_overview_qc.sql`.

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Scans by status (each scan once, however often it was tried)

-- COMMAND ----------

SELECT status, count(*) AS scans FROM scans_latest GROUP BY status ORDER BY status;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Why scans failed

-- COMMAND ----------

SELECT error_class, count(*) AS scans, min(error_message) AS example
FROM scans_latest WHERE status = 'FAILED' GROUP BY error_class ORDER BY scans DESC;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Tries: scans that needed more than one run (`--resume`)

-- COMMAND ----------

SELECT tries, count(*) AS scans
FROM (SELECT scan_id, model_id, count(*) AS tries FROM scans GROUP BY scan_id, model_id)
GROUP BY tries ORDER BY tries;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Where the time goes (seconds per scan, OK scans)

-- COMMAND ----------

SELECT round(avg(seconds_read), 3) AS read, round(avg(seconds_resample), 3) AS resample,
       round(avg(seconds_infer), 3) AS infer, round(avg(seconds_blend), 3) AS blend,
       round(avg(seconds_measure), 3) AS measure, round(avg(seconds_total), 3) AS total
FROM scans_latest WHERE status = 'OK';

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Structures excluded, and why (NULL measures are never zeros)

-- COMMAND ----------

SELECT structure, null_reason, count(*) AS scans
FROM measurements_latest WHERE null_reason IS NOT NULL GROUP BY structure, null_reason ORDER BY scans DESC, structure;
