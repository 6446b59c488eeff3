#!/usr/bin/env bash
# Issue 12: the engine's CPU work around the networks (Gaussian blending of the window logits, argmax,
# merging of the parts: the `blend` stage) of this tree against a baseline build, on the same cases, run
# back to back and alternating (REPEATS rounds), so that both see the same machine:
#  * `bench segment` on synthetic 512x512 CTs of SLICES slices (0.78 x 0.78 x 1 mm, resampled to 1.5 mm)
#    through TotalSegmentator's 5-part layout (benchmarks/make_data.py), 2 threads, batch 1;
#  * seconds per stage (mean over the rounds), the ratio baseline / this tree of `blend` and of the total,
#    and the peak RSS of each run (/usr/bin/time; default heap, -Xmx8g, unless JAVA_OPTS says otherwise).
# BASELINE_JAR: the application jar (spark-jobs-*-app.jar) of the build to compare with, e.g. of main in a
# second worktree: git worktree add ../base main && (cd ../base && mvn -q -DskipTests package)
# The jar of this tree is the one bin/cohortseg builds (it rebuilds when the sources are newer).
# Takes about 15 minutes with the defaults (SLICES="200 824", REPEATS=2). Run on an otherwise idle machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${BASELINE_JAR:?set BASELINE_JAR to the app jar (spark-jobs-*-app.jar) of the baseline build}"
SLICES=${SLICES:-"200 824"}
REPEATS=${REPEATS:-2}
MODEL="$ROOT/work-local/bench/models/synthetic_5parts.json"
[ -f "$MODEL" ] || /usr/bin/python3 "$ROOT/benchmarks/make_data.py"
"$ROOT/bin/cohortseg" --version >/dev/null # builds this tree and its runtime classpath if needed
CANDIDATE_JAR=$(ls "$ROOT"/spark-jobs/target/spark-jobs-*-app.jar)
# Spark and the other libraries, without the project's own modules: those come from the jar in front
LIBS=$(tr ':' '\n' < "$ROOT/spark-jobs/target/runtime-classpath.txt" | grep -v '/org/cohortseg/' | paste -sd:)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

segment() { # jar, slices: one `bench segment` line, then "maxrss_kb N"
  ORT_DISABLE_TELEMETRY=1 /usr/bin/time -f 'maxrss_kb %M' java ${JAVA_OPTS:--Xmx8g} @"$ROOT/conf/jvm.options" \
    -Dcohortseg.root="$ROOT" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" -cp "$1:$LIBS" \
    org.cohortseg.cli.CohortsegCli bench segment --model "$MODEL" --shape "512,512,$2" --spacing 0.78,0.78,1.0 \
    --threads 2 --batch 1 2>&1 | grep -E '^segment|^maxrss_kb'
}

for slices in $SLICES; do
  for round in $(seq "$REPEATS"); do
    for side in baseline candidate; do
      jar=$BASELINE_JAR; [ "$side" = candidate ] && jar=$CANDIDATE_JAR
      segment "$jar" "$slices" | tee -a "$OUT/$side.$slices" | sed "s/^/  $side round $round: /"
    done
  done
  echo "512x512x$slices, 5 parts, 2 threads, batch 1: seconds (mean of $REPEATS runs), peak RSS (largest)"
  awk -v runs="$REPEATS" '
    FNR == 1 { side = (FILENAME ~ /baseline/) ? "b" : "c" }
    /^segment/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[2] ~ /^[0-9.]+$/) {
                   if (!(kv[1] in seen)) { seen[kv[1]] = 1; order[++n] = kv[1] } sum[side, kv[1]] += kv[2] } } }
    /^maxrss_kb/ { if ($2 > rss[side]) rss[side] = $2 }
    END {
      printf "  %-10s %10s %10s %8s\n", "stage", "baseline", "this tree", "ratio"
      for (i = 1; i <= n; i++) { k = order[i]; b = sum["b", k] / runs; c = sum["c", k] / runs
        printf "  %-10s %10.2f %10.2f %7.2fx\n", k, b, c, (c > 0 ? b / c : 0) }
      printf "  %-10s %10.0f %10.0f  MiB\n", "peak RSS", rss["b"] / 1024, rss["c"] / 1024
    }' "$OUT/baseline.$slices" "$OUT/candidate.$slices"
done
