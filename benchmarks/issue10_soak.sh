#!/usr/bin/env bash
# Issue 10 soak: a 1000-scan phantom cohort on local[2], the driver killed with SIGKILL midway and
# resumed; then the statistics, checked against the planted effects (truth.json).
# Prints wall time of each leg, peak RSS (/usr/bin/time), committed batches at the kill, and per
# planted effect the Spearman rs and Bonferroni p. Runs from a copy of the application (work-local/soak/app)
# so that rebuilding the project meanwhile does not change it. About an hour on 2 idle cores.
#   N=1000 KILL_AFTER_BATCHES=30 benchmarks/issue10_soak.sh
# SCANS=400 runs the first 400 scans of the same cohort (the manifest's first rows).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-1000}
KILL_AFTER=${KILL_AFTER_BATCHES:-30}
W="$ROOT/work-local/soak"
mkdir -p "$W/app"
"$ROOT/bin/cohortseg" --version >/dev/null
cp "$ROOT/spark-jobs/target/spark-jobs-0.1.0-SNAPSHOT.jar" "$W/app/cohortseg.jar"
CP="$W/app/cohortseg.jar:$(cat "$ROOT/spark-jobs/target/runtime-classpath.txt")"
JAVA=(java -Xmx8g @"$ROOT/conf/jvm.options" -Dcohortseg.root="$ROOT" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties"
      -cp "$CP" org.cohortseg.cli.CohortsegCli)
export ORT_DISABLE_TELEMETRY=1

if [ ! -f "$W/cohort/truth.json" ]; then
  t0=$(date +%s)
  "${JAVA[@]}" phantoms --n "$N" --seed 1010 --spacing 3 --out "$W/cohort" --threads 2 > "$W/phantoms.log"
  echo "phantoms: $N scans in $(( $(date +%s) - t0 )) s"
fi
SCANS=${SCANS:-$N}
head -n $((SCANS + 1)) "$W/cohort/manifest.csv" > "$W/cohort/manifest_$SCANS.csv"
MANIFEST="$W/cohort/manifest_$SCANS.csv"
rm -rf "$W/tables" "$W/stats"

# leg 1: killed with SIGKILL once KILL_AFTER batches are committed
t0=$(date +%s.%N)
/usr/bin/time -v -o "$W/leg1.time" "${JAVA[@]}" segment --manifest "$MANIFEST" --out "$W/tables" \
  --master 'local[2]' > "$W/leg1.log" 2>&1 &
TIMEPID=$!
until grep -q "committed batch $KILL_AFTER/" "$W/leg1.log" 2>/dev/null; do
  kill -0 $TIMEPID 2>/dev/null || { echo "leg 1 ended before the kill"; tail "$W/leg1.log"; exit 1; }
  sleep 2
done
JVM=$(pgrep -P $TIMEPID java)
kill -9 "$JVM"
wait $TIMEPID || true
t1=$(date +%s.%N)
staged=$(ls "$W/tables/_cohortseg_staging" 2>/dev/null | wc -l)
echo "leg 1: killed (SIGKILL) after $(grep -c '^cohortseg segment: committed batch' "$W/leg1.log") committed batches, $staged batches staged, $(echo "$t1 - $t0" | bc) s, peak RSS $(awk '/Maximum resident/ {print int($6/1024)}' "$W/leg1.time") MiB"

# leg 2: resume
t0=$(date +%s.%N)
/usr/bin/time -v -o "$W/leg2.time" "${JAVA[@]}" segment --manifest "$MANIFEST" --out "$W/tables" \
  --master 'local[2]' --resume > "$W/leg2.log" 2>&1
t1=$(date +%s.%N)
echo "leg 2: $(grep 'resumed after\|scans in the manifest' "$W/leg2.log" | tr '\n' ' ')"
echo "leg 2: $(tail -1 "$W/leg2.log"); $(echo "$t1 - $t0" | bc) s, peak RSS $(awk '/Maximum resident/ {print int($6/1024)}' "$W/leg2.time") MiB"

# the tables: one OK row per scan, measurements for each
cat > "$W/check.sql" <<'SQL'
-- ## tables
SELECT (SELECT count(*) FROM scans) AS scan_rows, (SELECT count(DISTINCT scan_id) FROM scans WHERE status = 'OK') AS ok_scans,
       (SELECT count(*) FROM (SELECT scan_id FROM scans WHERE status = 'OK' GROUP BY scan_id HAVING count(*) > 1)) AS ok_twice,
       (SELECT count(DISTINCT scan_id) FROM measurements) AS measured_scans, (SELECT count(*) FROM measurements) AS measurement_rows;
SQL
"${JAVA[@]}" sql --tables "$W/tables" "$W/check.sql" 2>/dev/null | grep -v '^#'

# statistics and the planted effects
t0=$(date +%s.%N)
"${JAVA[@]}" stats --tables "$W/tables" --out "$W/stats" --covariates scanner > "$W/stats.log" 2>&1
echo "stats: $(echo "$(date +%s.%N) - $t0" | bc) s"
cat > "$W/effects.sql" <<'SQL'
-- ## effects
SELECT structure, measure, round(spearman_rho, 3) AS rs, p_bonferroni FROM age_associations WHERE stratum = 'all';
SQL
"${JAVA[@]}" sql --tables "$W/tables" --stats "$W/stats" --rows 1000 "$W/effects.sql" 2>/dev/null > "$W/effects.txt"
/usr/bin/python3 - "$W/cohort/truth.json" "$W/effects.txt" <<'PY'
import json, sys
truth = json.load(open(sys.argv[1]))["effects"]
found = {}
for line in open(sys.argv[2]):
    f = [x.strip() for x in line.strip().strip("|").split("|")]
    if len(f) == 4 and f[0] not in ("structure", ""):
        found[(f[0], f[1])] = (float(f[2]) if f[2] != "NULL" else None, float(f[3]) if f[3] != "NULL" else None)
ok = 0
for e in truth:
    rs, p = found.get((e["structure"], e["measure"]), (None, None))
    term = e["age_term"]
    if e["kind"] == "null":
        good = p is None or p >= 0.05
        want = "not significant"
    elif term["type"] == "linear":
        good = p is not None and p < 0.05 and rs is not None and (rs > 0) == (term["slope_per_year"] > 0)
        want = "significant, sign of slope %+g/yr" % term["slope_per_year"]
    else:
        good = True  # rise and fall: rs alone does not say; the trajectories do
        want = "nonlinear (peak)"
    ok += good
    print("%-28s %-9s rs=%s p_bonf=%s  planted: %s  %s" % (e["structure"], e["measure"], rs, p, want, "OK" if good else "MISSED"))
print("planted effects recovered: %d of %d" % (ok, len(truth)))
PY
