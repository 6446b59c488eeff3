-- # Cohort overview and quality control
-- Run: bin/cohortseg sql --tables DIR [--stats DIR2] notebooks/01_cohort_overview_qc.sql
-- Views: scans, measurements (from `cohortseg segment`), and with --stats the statistics tables.

-- ## Scans by status
SELECT status, count(*) AS scans FROM scans GROUP BY status ORDER BY status;

-- ## Why scans failed
SELECT error_class, count(*) AS scans, min(error_message) AS example
FROM scans WHERE status = 'FAILED' GROUP BY error_class ORDER BY scans DESC;

-- ## Where the time goes (seconds per scan, OK scans)
SELECT round(avg(seconds_read), 3) AS read, round(avg(seconds_resample), 3) AS resample,
       round(avg(seconds_infer), 3) AS infer, round(avg(seconds_blend), 3) AS blend,
       round(avg(seconds_measure), 3) AS measure, round(avg(seconds_total), 3) AS total
FROM scans WHERE status = 'OK';

-- ## Structures excluded, and why (NULL measures are never zeros)
SELECT structure, null_reason, count(*) AS scans
FROM measurements WHERE null_reason IS NOT NULL GROUP BY structure, null_reason ORDER BY scans DESC, structure;
