-- # Joining cohort columns: any manifest column (here: scanner) is carried into the scans table

-- ## Mean attenuation by scanner (a calibration offset shows up here, and belongs in the regressions:
-- ## cohortseg stats --covariates scanner)
SELECT s.scanner, m.structure, count(*) AS scans, round(avg(m.mean_hu), 1) AS mean_hu
FROM measurements m JOIN scans s ON m.scan_id = s.scan_id AND s.status = 'OK'
GROUP BY s.scanner, m.structure ORDER BY m.structure, s.scanner;

-- ## Volumes by age decade and sex
SELECT m.structure, floor(m.age / 10) * 10 AS decade, m.sex, count(*) AS scans, round(avg(m.volume_ml), 1) AS mean_ml
FROM measurements m GROUP BY m.structure, floor(m.age / 10) * 10, m.sex ORDER BY m.structure, decade, m.sex;
