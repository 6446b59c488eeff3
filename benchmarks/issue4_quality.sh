#!/usr/bin/env bash
# Issue 4 quality: Dice against the ground truth on the ORIGINAL grid of 20 unseen phantoms of every
# spacing (3, 1.5x1.5x3, 2x2x5, 0.8x0.8x2 mm), orientation and datatype, segmented by the cohort job.
# The model card's figure (Dice at the model spacing, PyTorch) is in test-resources/models/phantom/MODEL_CARD.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/work-local/quality"
CS="$ROOT/bin/cohortseg"
# the paper population: its ground truth has no planted label swaps, and the figures stay comparable
[ -f "$B/cohort/manifest.csv" ] || "$CS" phantoms --population paper --n 20 --seed 404 --out "$B/cohort" >/dev/null 2>&1
"$CS" segment --manifest "$B/cohort/manifest.csv" --out "$B/tables" --masks --master 'local[2]' 2>/dev/null | tail -1
tail -n +2 "$B/cohort/manifest.csv" | while IFS=, read -r scan _ _ label _ _ _ _ _ _ _ spacing orientation datatype; do
  "$CS" evaluate --pred "$B/tables/masks/$scan.nii.gz" --truth "$B/cohort/$label" --labels total_v2 \
    --json "$B/$scan.dice.json" 2>/dev/null | sed "s|^|$scan $spacing $orientation $datatype: |"
done
/usr/bin/python3 - "$B" <<'PY'
import glob, json, sys
scores = [json.load(open(f))["mean_dice"] for f in sorted(glob.glob(sys.argv[1] + "/*.dice.json"))]
print("mean Dice on the original grid over %d scans: %.4f (min %.4f)" % (len(scores), sum(scores) / len(scores), min(scores)))
PY
