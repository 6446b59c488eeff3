#!/usr/bin/env bash
# The issue 12 benchmarks on an NVIDIA GPU, as one command (under 10 minutes): builds with -Pgpu (onnxruntime_gpu,
# which needs CUDA 12.x and cuDNN 9.x on the library path), then
#  * seconds per 128^3 window of a full-size TotalSegmentator-topology network (benchmarks/issue12_networks.sh
#    makes it; the ONNX file may also be copied here as work-local/bench12/onnx/organs/) on CUDA vs the CPU;
#  * a 512x512x824 CT (0.78 x 0.78 x 1 mm) through TotalSegmentator's 5-part layout of 1x1x1 models
#    (benchmarks/make_data.py): stage times on CUDA, where blending, argmax and merging are what is left.
# Prints the CUDA and cuDNN libraries it finds; without them the CUDA sessions fail and say why.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CS="$ROOT/bin/cohortseg"
DEVICE=${DEVICE:-cuda:0}
echo "GPU and libraries"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "  nvidia-smi: not found"
ldconfig -p | grep -E 'libcudart\.so|libcublas\.so|libcudnn\.so' | sed 's/^/  /' || echo "  no CUDA/cuDNN libraries on the ldconfig path"
# the jar and the runtime classpath bin/cohortseg runs, both with onnxruntime_gpu (newer than the sources, so kept)
(cd "$ROOT" && mvn -B -q -Pgpu -DskipTests install)
(cd "$ROOT/spark-jobs" && mvn -B -q -Pgpu dependency:build-classpath -DincludeScope=compile \
    -Dmdep.outputFile="$ROOT/spark-jobs/target/runtime-classpath.txt")
touch "$ROOT/spark-jobs/target/spark-jobs-0.1.0-SNAPSHOT.jar" "$ROOT/spark-jobs/target/runtime-classpath.txt"

SPEC="$ROOT/work-local/bench12/onnx/organs/organs.json"
if [ -f "$SPEC" ]; then
  echo "seconds per 128^3 window, full-size network"
  "$CS" bench window --model "$SPEC" --device "$DEVICE" --windows 5 --settings engine 2>/dev/null | sed "s/^window engine/  $DEVICE/"
  "$CS" bench window --model "$SPEC" --device cpu --threads "$(nproc)" --windows 1 --settings engine 2>/dev/null \
    | sed "s/^window engine/  cpu ($(nproc) threads)/"
else
  echo "no full-size network in $SPEC: run benchmarks/issue12_networks.sh on a CPU machine first (skipped)"
fi

B="$ROOT/work-local/bench"
[ -f "$B/models/synthetic_5parts.json" ] || /usr/bin/python3 "$ROOT/benchmarks/make_data.py"
echo "512x512x824 CT through the 5-part layout on $DEVICE (stage seconds)"
"$CS" bench segment --model "$B/models/synthetic_5parts.json" --shape 512,512,824 --spacing 0.78,0.78,1.0 \
  --device "$DEVICE" --threads "$(nproc)" --batch 2 2>&1 | grep -E '^segment|Exception' | sed 's/^/  /'
