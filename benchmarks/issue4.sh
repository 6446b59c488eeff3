#!/usr/bin/env bash
# Issue 4 benchmarks, references in the same run:
#  * resampling a 512x512x400 CT to 1.5 mm: cohortseg (1 and 2 threads) vs scipy.ndimage.zoom(order=1);
#  * time per stage of the phantom model on a phantom scan and on the 512x512x400 CT;
#  * peak memory (max RSS of the JVM, measured by /usr/bin/time) on synthetic 512x512 CTs of 200, 400 and
#    824 slices (0.78 x 0.78 x 1 mm, resampled to 1.5 mm) with a 118-channel model and with TotalSegmentator's
#    5-part layout, beside what full-volume logits (TotalSegmentator's approach) would take.
# Takes about 15 minutes (the synthetic models are cheap, so blending dominates their time).
# Inputs come from benchmarks/make_data.py; the phantom scan from `cohortseg phantoms`. Run on an idle machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/work-local/bench"
PY=/usr/bin/python3
CT="$B/ct_512x512x400.nii.gz"
[ -f "$CT" ] && [ -f "$B/models/synthetic_5parts.json" ] || $PY "$ROOT/benchmarks/make_data.py"
[ -f "$B/phantom/manifest.csv" ] || "$ROOT/bin/cohortseg" phantoms --n 1 --seed 202 --spacing 1.5 --uniform --out "$B/phantom" >/dev/null 2>&1
CS="$ROOT/bin/cohortseg"

scipy_s=$($PY - "$CT" <<'PY'
import sys, time, nibabel as nib
from scipy import ndimage
img = nib.load(sys.argv[1]); data = img.get_fdata(); zooms = img.header.get_zooms()
times = []
for _ in range(2):
    t0 = time.perf_counter(); ndimage.zoom(data, [z / 1.5 for z in zooms], order=1); times.append(time.perf_counter() - t0)
print(min(times))
PY
)
one=$("$CS" bench resample --file "$CT" --spacing 1.5 --threads 1 2>/dev/null | awk '/^resample/{print $2}')
two=$("$CS" bench resample --file "$CT" --spacing 1.5 --threads 2 2>/dev/null | awk '/^resample/{print $2}')
echo "resample 512x512x400 (0.78x0.78x1 mm) to 1.5 mm"
printf '  scipy.ndimage.zoom order 1 %7.3f s\n  cohortseg 1 thread         %7.3f s (%.1fx)\n  cohortseg 2 threads        %7.3f s (%.1fx)  target >= 5x\n' \
  "$scipy_s" "$one" "$(echo "$scipy_s / $one" | bc -l)" "$two" "$(echo "$scipy_s / $two" | bc -l)"

echo "stages, phantom model (seconds)"
"$CS" bench segment --model phantom --shape 0,0,0 --spacing 1 --file "$B/phantom/images/P00001_ct1.nii.gz" 2>/dev/null | grep '^segment'
"$CS" bench segment --model phantom --shape 0,0,0 --spacing 1 --file "$CT" 2>/dev/null | grep '^segment'

echo "peak memory (max RSS of the whole JVM, heap + native) vs full-volume logits"
# A fixed heap per layout, as a Spark executor has (the smallest that runs 824 slices, plus headroom): the
# JVM grows its heap lazily and collects late, so without a fixed heap RSS shows the collector's slack.
for model in synthetic_118:2500m synthetic_5parts:850m; do
  heap=${model#*:}; model=${model%:*}
  for slices in 200 400 824; do
    out=$( { JAVA_OPTS="-Xms$heap -Xmx$heap" /usr/bin/time -f 'maxrss_kb %M' "$CS" bench segment --model "$B/models/$model.json" \
          --shape 512,512,$slices --spacing 0.78,0.78,1.0 --batch 1 2>&1; } | grep -E '^segment|^maxrss_kb')
    grid=$(echo "$out" | sed -n 's/.*model_grid=\([0-9x]*\).*/\1/p')
    rss=$(echo "$out" | awk '/^maxrss_kb/{print $2 / 1024}')
    voxels=$(echo "$grid" | tr 'x' '*' | bc)
    # logits of the largest part plus the weight map, float32, over the whole model grid
    channels=$([ "$model" = synthetic_118 ] && echo 118 || echo 27)
    full=$(echo "($channels + 1) * $voxels * 4 / 1048576" | bc)
    ct=$((512 * 512 * slices * 2 / 1048576))
    printf '  %-17s -Xmx%-6s %4d slices grid %-12s rss %6.0f MiB (int16 CT: %4d MiB)  rss/full-volume logits %5.3f (%6d MiB)  %s\n' \
      "$model" "$heap" "$slices" "$grid" "$rss" "$ct" "$(echo "$rss / $full" | bc -l)" "$full" "$(echo "$out" | grep '^segment' | cut -d' ' -f4-)"
  done
done
