#!/usr/bin/env bash
# Compares two `cohortseg demo` outputs (e.g. before and after a refactoring): every table row for row
# (EXCEPT ALL both ways, exact values), leaving out what differs by nature between runs (timings, run
# ids, executor, paths under the output folder), and the report's HTML with its figures.
# Usage: benchmarks/compare_runs.sh BEFORE_DIR AFTER_DIR   (prints one line per table; exit 1 on a difference)
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(realpath "$1"); after=$(realpath "$2")
sql=$(mktemp --suffix=.sql)
run_specific="seconds_read, seconds_orient, seconds_resample, seconds_normalize, seconds_infer, seconds_blend,
  seconds_restore, seconds_measure, seconds_total, run_id, executor_id, task_attempt, processed_at, path, label_path, resolved_path"
compare() { # title, relative table path, columns left out (or empty)
  local cols="*"; [ -n "$3" ] && cols="* EXCEPT ($3)"
  cat >> "$sql" <<SQL
-- ## $1
SELECT '$1' AS table_name,
  (SELECT count(*) FROM parquet.\`$before/$2\`) AS rows_before,
  (SELECT count(*) FROM (SELECT $cols FROM parquet.\`$before/$2\` EXCEPT ALL SELECT $cols FROM parquet.\`$after/$2\`)) AS only_before,
  (SELECT count(*) FROM (SELECT $cols FROM parquet.\`$after/$2\` EXCEPT ALL SELECT $cols FROM parquet.\`$before/$2\`)) AS only_after;
SQL
}
schema() { # side: the same tables' column names and types, one line each, for diff
  local f; f=$(mktemp --suffix=.sql)
  for t in tables/scans tables/measurements stats/age_associations stats/age_groups stats/trajectories stats/centiles stats/scan_zscores; do
    printf -- '-- ## %s\nDESCRIBE QUERY SELECT * FROM parquet.`%s/%s`;\n' "$t" "$1" "$t" >> "$f"
  done
  bin/cohortseg sql --tables "$before/tables" "$f" | grep -E '^(\||## )'
  rm -f "$f"
}
schema_before=$(schema "$before"); schema_after=$(schema "$after")
if [ "$(grep -c '^|' <<< "$schema_before")" -lt 100 ]; then echo "schemas: could not be read"; exit 1; fi
if [ "$schema_before" = "$schema_after" ]; then echo "schemas: identical"; else echo "schemas: DIFFERENT"; exit 1; fi
compare scans tables/scans "$run_specific"
compare measurements tables/measurements "run_id"
for t in age_associations age_groups trajectories centiles scan_zscores; do compare "$t" "stats/$t" ""; done
bin/cohortseg sql --tables "$before/tables" "$sql" | tee "$sql.out"
rm -f "$sql"
status=0
if grep -E "^\|[a-z_]+ *\|" "$sql.out" | awk -F'|' '{ if ($4+0 != 0 || $5+0 != 0) bad=1 } END { exit bad }'; then
  echo "tables: identical"
else
  echo "tables: DIFFERENT"; status=1
fi
rm -f "$sql.out"
if cmp -s "$before/stats/report.html" "$after/stats/report.html"; then
  echo "report.html: identical (text and figures, byte for byte)"
else
  echo "report.html: DIFFERENT"; status=1
fi
exit $status
