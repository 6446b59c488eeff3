#!/usr/bin/env bash
# Issue 12: full-size networks of TotalSegmentator's topology (3d_fullres PlainConvUNet as nnU-Net plans it for
# a 128^3 patch at 1.5 mm; seeded random weights cost what trained ones cost), references in the same run:
#  * seconds per 128^3 window: ONNX Runtime Java (the engine's settings and the alternatives ONNX Runtime offers)
#    vs PyTorch (the network as nnUNetPredictor calls it);
#  * seconds per scan: the engine's sliding window over a volume on the model grid vs nnUNetPredictor's
#    (Gaussian, no mirroring), same shape, same step;
#  * with STAGES containing rss: peak RSS of a 512x512x824 CT (0.78 x 0.78 x 1 mm) through five full-size parts in
#    TotalSegmentator v2's layout (25, 27, 19, 24, 27 channels), the heap 800 MB (JAVA_OPTS), each part's sessions
#    open only while it runs (the CPU default), glibc's arenas capped by bin/cohortseg; about 40 minutes on 2 cores.
# STAGES (default "window scan"; any of window, scan, rss) picks the measurements; THREADS (default 2) threads on
# both sides. Needs the nnU-Net reference checkout of
# test-resources/golden/nnunet/RECIPE.md (work-local/ref) and Debian's python3-torch and python3-onnx.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/work-local/bench12"
PY=/usr/bin/python3
CS="$ROOT/bin/cohortseg"
THREADS=${THREADS:-2}
SCAN_SHAPE=${SCAN_SHAPE:-128,128,230}
STAGES=" ${STAGES:-window scan} "
R="$ROOT/work-local/ref"
[ -d "$R/nnUNet" ] || { echo "no nnU-Net checkout in $R: see test-resources/golden/nnunet/RECIPE.md" >&2; exit 2; }
export PYTHONPATH=$R/nnUNet:$R/dynamic-network-architectures:$R/acvl_utils:$R/batchgenerators:$R/TotalSegmentator
mkdir -p "$B"

# model folder + export of one full-size part with $2 channels (background included)
part() {
  local name=$1 channels=$2
  if [ ! -f "$B/onnx/$name/$name.json" ]; then
    $PY "$ROOT/benchmarks/nnunet_fullsize.py" make --out "$B/folders/$name" --classes "$channels" >/dev/null
    $PY "$ROOT/tools/nnunet_to_onnx.py" --model-folder "$B/folders/$name" --out "$B/onnx/$name" --name "$name" \
        --step 0.8 >/dev/null
  fi
  echo "$B/onnx/$name/$name.json"
}
SPEC=$(part organs 25)

if [[ $STAGES == *" window "* ]]; then
echo "seconds per 128^3 window, $THREADS threads"
torch_w=$($PY "$ROOT/benchmarks/nnunet_fullsize.py" window --model-folder "$B/folders/organs" --threads "$THREADS" \
          --windows 2 | awk '/^window/{print $2}')
printf '  %-16s %8.2f\n' pytorch "$torch_w"
"$CS" bench window --model "$SPEC" --threads "$THREADS" --windows 2 2>/dev/null | while read -r _ setting s; do
  printf '  ort %-12s %8.2f  (%.2fx PyTorch)\n' "$setting" "$s" "$(echo "$torch_w / $s" | bc -l)"
done
fi

if [[ $STAGES == *" scan "* ]]; then
IFS=, read -r nx ny nz <<<"$SCAN_SHAPE"
echo "seconds per scan on a ${SCAN_SHAPE} model grid (x,y,z), step 0.8, $THREADS threads"
torch_s=$($PY "$ROOT/benchmarks/nnunet_fullsize.py" scan --model-folder "$B/folders/organs" --threads "$THREADS" \
          --shape "$nz" "$ny" "$nx" --step 0.8 | awk '/^scan/{print $2}')
java=$("$CS" bench segment --model "$SPEC" --shape "$SCAN_SHAPE" --spacing 1.5 --threads "$THREADS" 2>/dev/null \
       | grep '^segment')
java_s=$(echo "$java" | sed 's/.* total=\([0-9.]*\).*/\1/')
printf '  nnUNetPredictor  %8.2f\n  cohortseg        %8.2f  (%.2fx)  goal >= 1.5x\n  stages: %s\n' \
  "$torch_s" "$java_s" "$(echo "$torch_s / $java_s" | bc -l)" "$(echo "$java" | cut -d' ' -f5-)"
fi

if [[ $STAGES == *" rss "* ]]; then
  parts=(organs:25 vertebrae:27 cardiac:19 muscles:24 ribs:27)
  for p in "${parts[@]}"; do part "${p%%:*}" "${p##*:}" >/dev/null; done
  $PY - "$B" <<'PY'
import json, sys, os
b = sys.argv[1]; names = ["organs", "vertebrae", "cardiac", "muscles", "ribs"]
specs = [json.load(open(os.path.join(b, "onnx", n, n + ".json"))) for n in names]
labelmap, parts, next_id = {}, [], 1
for n, s in zip(names, specs):
    labels = {}
    for local, name in s["parts"][0]["labels"].items():
        labels[local] = "%s_%s" % (n, name); labelmap[str(next_id)] = labels[local]; next_id += 1
    onnx = os.path.join("..", "onnx", n, s["parts"][0]["onnx"] if isinstance(s["parts"][0]["onnx"], str) else s["parts"][0]["onnx"][0])
    parts.append({**s["parts"][0], "name": n, "labels": labels, "onnx": onnx})
five = {**specs[0], "id": "fullsize_5parts", "labelmap": labelmap, "parts": parts}
os.makedirs(os.path.join(b, "five"), exist_ok=True)
json.dump(five, open(os.path.join(b, "five", "fullsize_5parts.json"), "w"), indent=1)
PY
  echo "peak RSS, 512x512x824 CT through five full-size parts"
  { JAVA_OPTS=${JAVA_OPTS:--Xmx800m} /usr/bin/time -f 'maxrss_kb %M' "$CS" bench segment --model "$B/five/fullsize_5parts.json" --shape 512,512,824 \
      --spacing 0.78,0.78,1.0 --threads "$THREADS" 2>&1; } | grep -E '^segment|^maxrss_kb' | sed 's/^/  /'
fi
