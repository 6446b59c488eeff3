#!/usr/bin/env bash
# Issue 2 benchmarks, references in the same run:
#  * decode of a 512x512x400 int16 .nii.gz: cohortseg vs `gzip -dc > /dev/null` and nibabel get_fdata();
#  * measuring 117 labels on it: cohortseg vs TotalSegmentator's numpy per-class loop (same numbers checked).
# Inputs come from benchmarks/make_data.py (made on first use). Run on an otherwise idle machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/work-local/bench"
PY=/usr/bin/python3
CT="$B/ct_512x512x400.nii.gz"
SEG="$B/seg_512x512x400.nii.gz"
[ -f "$CT" ] || $PY "$ROOT/benchmarks/make_data.py"
"$ROOT/bin/cohortseg" --version >/dev/null

best() { # best wall seconds of 3 runs of a command
  local best=999999
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
    best=$(echo "$t1 - $t0" | bc -l | awk -v b="$best" '{print ($1 < b) ? $1 : b}')
  done
  echo "$best"
}

gzip_s=$(best sh -c "gzip -dc '$CT' > /dev/null")
nibabel_s=$($PY - "$CT" <<'PY'
import sys, time, nibabel as nib
times = []
for _ in range(3):
    t0 = time.perf_counter(); nib.load(sys.argv[1]).get_fdata(); times.append(time.perf_counter() - t0)
print(min(times))
PY
)
java_s=$("$ROOT/bin/cohortseg" bench read --file "$CT" --repeat 3 2>/dev/null | awk '/^read/{print $2}')
jdk_s=$(JAVA_OPTS="-Xmx8g -Dcohortseg.native=false" "$ROOT/bin/cohortseg" bench read --file "$CT" --repeat 3 2>/dev/null \
  | awk '/^read/{print $2}')
libdeflate_s=$(command -v libdeflate-gunzip >/dev/null && best sh -c "libdeflate-gunzip -c '$CT' > /dev/null" || echo nan)

numpy_s=$($PY - "$CT" "$SEG" "$B/numpy_statistics.json" "$ROOT" <<'PY'
import json, sys, time
import nibabel as nib, numpy as np
sys.path.insert(0, sys.argv[4] + "/test-resources/golden/measure")
from make_fixtures import ts_statistics
ct = nib.load(sys.argv[1]); seg = np.asarray(nib.load(sys.argv[2]).dataobj)
labelmap = {int(k): v for k, v in json.load(open(sys.argv[4] + "/conf/labelmaps/total_v2.json")).items()}
t0 = time.perf_counter(); stats = ts_statistics(seg, ct, labelmap); t = time.perf_counter() - t0
json.dump(stats, open(sys.argv[3], "w"), indent=4)
print(t)
PY
)
measure_s=$("$ROOT/bin/cohortseg" bench measure --ct "$CT" --seg "$SEG" --repeat 3 2>/dev/null | awk '/^measure/{print $2}')
"$ROOT/bin/cohortseg" measure --ct "$CT" --seg "$SEG" --json "$B/java_statistics.json" 2>/dev/null
same=$(cmp -s "$B/numpy_statistics.json" "$B/java_statistics.json" && echo identical || echo DIFFERENT)

mb=$(gzip -dc "$CT" | wc -c | awk '{print $1 / 1e6}')
printf 'decode %s (%.0f MB raw)\n' "$(basename "$CT")" "$mb"
printf '  gzip -dc          %8.3f s\n  libdeflate-gunzip %8.3f s (Debian libdeflate-tools, when installed)\n' "$gzip_s" "$libdeflate_s"
printf '  nibabel get_fdata %8.3f s\n  cohortseg read    %8.3f s (JDK zlib path: %.3f s)\n' "$nibabel_s" "$java_s" "$jdk_s"
printf '  cohortseg throughput / gzip: %.2fx (target >= 0.8x); speed-up over nibabel: %.2fx (target >= 3x)\n' \
  "$(echo "$gzip_s / $java_s" | bc -l)" "$(echo "$nibabel_s / $java_s" | bc -l)"
printf 'measure 117 labels\n  numpy (TotalSegmentator loop) %8.3f s\n  cohortseg                     %8.3f s\n' "$numpy_s" "$measure_s"
printf '  speed-up: %.1fx (target >= 50x); statistics.json %s\n' "$(echo "$numpy_s / $measure_s" | bc -l)" "$same"
