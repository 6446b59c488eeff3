#!/usr/bin/env bash
# Issue 15 end to end on a segmented cohort large enough for organ age (50 subjects of a sex): the demo on
# 260 phantom scans (about 160 subjects; ~35 min on 2 free cores), then the planted effects read back from
# its tables against the cohort's truth: organ-age gap of the accelerated subgroup per system, within-person
# and cross-sectional slopes, partial Spearman and allometric exponents, the chart models chosen for the
# skewed volumes, and the QC flags. A benchmark, not part of `mvn -B verify`.
# Usage: benchmarks/issue15_segmented.sh [OUT_DIR]   (default work-local/demo260; logs beside it)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-work-local/demo260}")
mkdir -p "$(dirname "$out")"
bin/cohortseg demo --n 260 --out "$out" | tee "$out.log"
sql=$(mktemp --suffix=.sql)
cat > "$sql" <<SQL
CREATE OR REPLACE TEMPORARY VIEW truth USING csv OPTIONS (path '$out/cohort/truth_subjects.csv', header 'true');

SELECT o.system, o.sex, t.accelerated, count(*) AS n, round(avg(o.age_gap_corrected), 2) AS gap,
       round(stddev(o.age_gap_corrected) / sqrt(count(*)), 2) AS se
FROM organ_age o JOIN truth t ON split(o.scan_id, '_ct')[0] = t.subject_id
GROUP BY o.system, o.sex, t.accelerated ORDER BY o.system, o.sex, t.accelerated;

SELECT structure, measure, n_subjects, n_scans, round(baseline_age, 3) AS cross_sectional,
       round(baseline_age_se, 3) AS cross_se, round(years_since_baseline, 3) AS within_person,
       round(years_since_baseline_se, 3) AS within_se, round(within_minus_cross_p, 4) AS difference_p
FROM longitudinal_effects WHERE structure IN ('aorta', 'autochthon_left', 'autochthon_right', 'kidney_left')
ORDER BY structure, measure;

SELECT structure, measure, round(partial_spearman_rho, 3) AS partial_rho, round(allometric_exponent, 2) AS b,
       round(allometric_exponent_ci_low, 2) AS b_low, round(allometric_exponent_ci_high, 2) AS b_high
FROM adjusted_associations WHERE structure IN ('aorta', 'liver', 'kidney_left', 'spleen', 'autochthon_left')
ORDER BY structure, measure;

SELECT structure, sex, model, round(calibration_score, 2) AS score, chosen FROM centile_models
WHERE structure IN ('urinary_bladder', 'spleen') AND measure = 'volume_ml' ORDER BY structure, sex, model;

SELECT flag, count(*) AS findings FROM qc_flags GROUP BY flag ORDER BY flag;
SQL
bin/cohortseg sql --tables "$out/tables" --stats "$out/stats" "$sql" | tee "$out.checks.txt"
rm -f "$sql"
