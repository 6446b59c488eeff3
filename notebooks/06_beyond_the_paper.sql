-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Beyond the paper: charts, harmonisation, organ age, within-person change, QC flags
-- MAGIC Needs the statistics tables (`cohortseg stats`; harmonisation with `--harmonize COLUMN`).

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Which chart model describes each measure best (calibration, lower is better)

-- COMMAND ----------

SELECT structure, measure, sex, model, n, round(calibration_score, 2) AS calibration_score, chosen
FROM centile_models
ORDER BY structure, measure, sex, calibration_score;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Scanner effects before and after harmonisation, and the age association on both

-- COMMAND ----------

SELECT structure, measure, round(batch_f_before, 1) AS f_before, round(batch_f_after, 2) AS f_after,
       round(spearman_rho_before, 3) AS rs_before, round(spearman_rho_after, 3) AS rs_after
FROM harmonization_checks
ORDER BY batch_f_before DESC;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Organ age: accuracy per system and sex, and the scans that look oldest for their age

-- COMMAND ----------

SELECT system, sex, count(*) AS scans, round(avg(abs(age_gap)), 1) AS mae,
       round(corr(age_gap_corrected, age), 3) AS corrected_gap_vs_age
FROM organ_age
GROUP BY system, sex
ORDER BY system, sex;

-- COMMAND ----------

SELECT scan_id, system, sex, round(age, 1) AS age, round(predicted_age, 1) AS predicted_age,
       round(age_gap_corrected, 1) AS gap
FROM organ_age
ORDER BY age_gap_corrected DESC
LIMIT 20;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Within-person change against the cross-sectional age effect

-- COMMAND ----------

SELECT structure, measure, n_subjects, n_scans, round(baseline_age, 3) AS cross_sectional_per_year,
       round(years_since_baseline, 3) AS within_person_per_year, round(within_minus_cross_p, 4) AS difference_p,
       p_bonferroni, null_reason
FROM longitudinal_effects
ORDER BY structure, measure;

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## QC flags per flag and structure

-- COMMAND ----------

SELECT flag, structure, count(*) AS scans
FROM qc_flags
GROUP BY flag, structure
ORDER BY flag, scans DESC;
