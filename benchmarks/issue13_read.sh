#!/usr/bin/env bash
# Issue 13: reading a DICOM series into memory vs dcm2niix converting it, same files, same run:
#  * a 512x512xSLICES CT series (default 500; 12-bit stored, uncompressed explicit VR little endian) written with
#    pydicom from a smooth synthetic volume, the same series as JPEG 2000 lossless (gdcmconv -K) and as JPEG lossless
#    process 14, first-order prediction (dcmcjpeg +e1, the syntax of most lossless PACS exports);
#  * seconds: dcm2niix -z n (best of 3, into a temporary folder) and `cohortseg bench read` (best of 3 in one warm JVM,
#    after a first untimed read); for JPEG lossless also dcmtk's dcmdjpeg decompressing every file (best of 3).
#    Needs Debian's python3-pydicom, python3-numpy, dcm2niix, dcmtk and libgdcm-tools.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SLICES=${SLICES:-500}
B="$ROOT/work-local/bench13"
mkdir -p "$B"
if [ ! -d "$B/native$SLICES" ]; then
  /usr/bin/python3 - "$B/native$SLICES" "$SLICES" <<'PY'
import os, sys
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
y, x = np.mgrid[0:512, 0:512]
for k in range(n):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.10.99.%d" % k
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.SeriesInstanceUID, ds.InstanceNumber = "CT", "1.2.826.0.1.3680043.10.99", k + 1
    ds.ImagePositionPatient = ["-250", "-250", str(-k * 1.0)]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.PixelSpacing, ds.SliceThickness = ["0.9765625", "0.9765625"], "1"
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.Rows, ds.Columns = 1, "MONOCHROME2", 512, 512
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.RescaleIntercept, ds.RescaleSlope = "-1024", "1"
    body = ((x - 256) / 200.0) ** 2 + ((y - 256) / 150.0) ** 2 < 1
    img = np.where(body, 1064 + (x + y + 3 * k) % 200, 24).astype("<u2")
    ds.PixelData = img.tobytes()
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(os.path.join(out, "IM%05d" % k), write_like_original=False)
PY
fi
if [ ! -d "$B/j2k$SLICES" ]; then
  mkdir -p "$B/j2k$SLICES"
  for f in "$B/native$SLICES"/*; do gdcmconv -K "$f" "$B/j2k$SLICES/$(basename "$f")"; done
fi
if [ ! -d "$B/jpegll$SLICES" ]; then
  mkdir -p "$B/jpegll$SLICES"
  for f in "$B/native$SLICES"/*; do dcmcjpeg +e1 "$f" "$B/jpegll$SLICES/$(basename "$f")"; done
fi
best_of_3() { # command...: best wall seconds of 3 runs, each into a fresh temporary folder $OUTDIR
  local best=999999 t0 t
  for _ in 1 2 3; do
    OUTDIR=$(mktemp -d)
    t0=$(date +%s.%N); "$@" >/dev/null; t=$(echo "$(date +%s.%N) - $t0" | bc -l)
    rm -rf "$OUTDIR"
    best=$(echo "if ($t < $best) $t else $best" | bc -l)
  done
  echo "$best"
}
dcmdjpeg_all() { for f in "$1"/*; do dcmdjpeg "$f" "$OUTDIR/$(basename "$f")"; done; }
dcm2niix_into() { dcm2niix -z n -o "$OUTDIR" "$1"; }
for kind in native j2k jpegll; do
  d=$(best_of_3 dcm2niix_into "$B/$kind$SLICES")
  c=$("$ROOT/bin/cohortseg" bench read --file "$B/$kind$SLICES" --repeat 3 2>/dev/null | awk '/^read/{print $2}')
  printf '512x512x%s %-6s dcm2niix -z n %7.2f s   cohortseg read %7.2f s   (%.2fx)\n' "$SLICES" "$kind" "$d" "$c" "$(echo "$d / $c" | bc -l)"
  if [ "$kind" = jpegll ]; then
    j=$(best_of_3 dcmdjpeg_all "$B/$kind$SLICES")
    printf '512x512x%s %-6s dcmdjpeg      %7.2f s   cohortseg read %7.2f s   (%.2fx)\n' "$SLICES" "$kind" "$j" "$c" "$(echo "$j / $c" | bc -l)"
  fi
done
