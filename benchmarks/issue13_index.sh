#!/usr/bin/env bash
# Issue 13: indexing DICOM headers, files per second per core, against pydicom's dcmread(stop_before_pixels=True)
# over the same files in the same run (page cache warm for both: each is run 3 times, best kept):
#  * "phantom_x5": the phantom cohort as a PACS export (`phantoms --n 40 --format dicom`, mixed spacings: small files),
#    five hard-linked copies of it (42,390 files), so that the job's fixed costs (Spark's first job and writes, a few
#    seconds) weigh as little as in a real export;
#  * "ct512": a 512x512x500 CT series (512 KB a file) from benchmarks/issue13_read.sh, whose headers are a small part.
# cohortseg: `cohortseg index --master local[C]` for C = 1 and 2; its own "indexed N files in S s" (listing, the
# Spark job over the files, grouping, selection and writing; not the JVM and Spark start; the JVM is cold, and on 2
# cores its JIT compiler competes with the job), and `cohortseg bench headers` (the executors' header path on one
# thread, listing included, best of 3 in one warm JVM). pydicom: one process, one core, a loop over the same files
# (listing included). Needs Debian's python3-pydicom.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/work-local/bench13"
mkdir -p "$B"
if [ ! -d "$B/phantom_export/dicom" ]; then
  "$ROOT/bin/cohortseg" phantoms --n 40 --format dicom --out "$B/phantom_export" >/dev/null
fi
if [ ! -d "$B/phantom_x5" ]; then
  for c in 1 2 3 4 5; do mkdir -p "$B/phantom_x5/copy$c"; cp -al "$B/phantom_export/dicom/." "$B/phantom_x5/copy$c/"; done
fi
[ -d "$B/native500" ] || SLICES=500 "$ROOT/benchmarks/issue13_read.sh" >/dev/null
pydicom_rate() { # folder: files per second, best of 3
  /usr/bin/python3 - "$1" <<'PY'
import os, sys, time
import pydicom
from pydicom.errors import InvalidDicomError
best = None
for _ in range(3):
    t0 = time.perf_counter()
    n = 0
    for d, _, files in os.walk(sys.argv[1]):
        for f in files:
            try:
                pydicom.dcmread(os.path.join(d, f), stop_before_pixels=True)
            except InvalidDicomError:
                pass
            n += 1
    t = time.perf_counter() - t0
    best = t if best is None or t < best else best
print("%d %.3f" % (n, best))
PY
}
cohortseg_rate() { # folder cores: files and seconds, best of 3
  local best=999999 files=0 line
  for _ in 1 2 3; do
    line=$("$ROOT/bin/cohortseg" index --root "$1" --out "$(mktemp -d)/index" --master "local[$2]" 2>/dev/null | grep '^indexed')
    files=$(echo "$line" | awk '{print $2}')
    best=$(echo "$line" | awk -v b="$best" '{s=$5; print (s < b ? s : b)}')
  done
  echo "$files $best"
}
printf "| files | n | pydicom files/s (1 core) | header path, warm, 1 thread | ratio | index job local[1] | ratio | index job local[2], per core | ratio |\n|---|---|---|---|---|---|---|---|---|\n"
for set in phantom_x5 native500; do
  read -r n tp < <(pydicom_rate "$B/$set")
  read -r _ t1 < <(cohortseg_rate "$B/$set" 1)
  read -r _ t2 < <(cohortseg_rate "$B/$set" 2)
  tw=$("$ROOT/bin/cohortseg" bench headers --root "$B/$set" 2>/dev/null | awk '/^headers/ {print $2}')
  echo "$set $n $tp $t1 $t2 $tw" | awk '{p=$2/$3; c1=$2/$4; c2=$2/$5/2; w=$2/$6;
    printf "| %s | %d | %.0f | %.0f | %.2fx | %.0f | %.2fx | %.0f | %.2fx |\n", $1, $2, p, w, w/p, c1, c1/p, c2, c2/p}'
done
