#!/usr/bin/env bash
# Issue 5 benchmarks (60 phantoms at 3 mm), references in the same run:
#  * throughput of `segment` on embedded local[2] vs the same engine in a plain 2-worker loop in one JVM
#    (Spark's overhead, target <= 10 %);
#  * 1 vs 2 executors on a real standalone cluster (master + worker JVMs on 127.0.0.1, the application
#    jar submitted with SparkSubmit), target >= 1.8x.
# Needs `mvn -DskipTests verify` first (application jar and target/spark-home). Run on an idle machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/work-local/bench5"
CS="$ROOT/bin/cohortseg"
HOME_DIR="$ROOT/spark-jobs/target/spark-home"
APP=$(ls "$ROOT"/spark-jobs/target/spark-jobs-*-app.jar)
[ -f "$B/cohort/manifest.csv" ] || "$CS" phantoms --n 60 --seed 5 --spacing 3 --out "$B/cohort" >/dev/null 2>&1

loop=$("$CS" bench loop --manifest "$B/cohort/manifest.csv" --workers 2 2>/dev/null | sed -n 's/.*: \([0-9.]*\) scans\/min/\1/p')
spark=$("$CS" segment --manifest "$B/cohort/manifest.csv" --out "$B/local" --master 'local[2]' 2>/dev/null \
  | sed -n 's/.*(\([0-9.]*\) scans\/min)/\1/p')
printf 'local[2] segment %.2f scans/min vs plain loop %.2f scans/min: Spark overhead %.1f %% (target <= 10 %%)\n' \
  "$spark" "$loop" "$(echo "(1 - $spark / $loop) * 100" | bc -l)"

JAVA=(java -Xmx1g @"$ROOT/conf/jvm.options" -cp "$HOME_DIR/conf/:$HOME_DIR/jars/*")
export SPARK_HOME="$HOME_DIR" SPARK_SCALA_VERSION=2.13 ORT_DISABLE_TELEMETRY=1
mkdir -p "$HOME_DIR/conf" && cp "$ROOT/conf/log4j2.properties" "$HOME_DIR/conf/"
"${JAVA[@]}" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7177 --webui-port 8180 > "$B/master.log" 2>&1 &
MASTER_PID=$!
sleep 8
"${JAVA[@]}" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 6g --webui-port 8181 \
  --work-dir "$B/worker" spark://127.0.0.1:7177 > "$B/worker.log" 2>&1 &
WORKER_PID=$!
trap 'kill $WORKER_PID $MASTER_PID 2>/dev/null; pkill -f CoarseGrainedExecutorBackend || true' EXIT
sleep 8
for cores in 1 2; do
  rate=$("${JAVA[@]}" org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:7177 --class org.cohortseg.cli.SegmentCohort \
      --conf spark.executor.cores=1 --conf spark.cores.max=$cores --conf spark.executor.memory=2g \
      --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 "$APP" --manifest "$B/cohort/manifest.csv" \
      --model "$ROOT/conf/models/phantom.json" --out "$B/cluster$cores" 2>/dev/null \
      | sed -n 's/.*(\([0-9.]*\) scans\/min)/\1/p')
  printf 'standalone cluster, %d executor(s): %.2f scans/min\n' "$cores" "$rate"
  eval "rate$cores=$rate"
done
printf '2 vs 1 executors: %.2fx (target >= 1.8x)\n' "$(echo "$rate2 / $rate1" | bc -l)"
