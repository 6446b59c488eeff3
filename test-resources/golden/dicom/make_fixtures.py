#!/usr/bin/python3
"""DICOM reader fixtures: small synthetic CT series written with pydicom, re-encoded with dcmtk and
gdcm, and dcm2niix's NIfTI of each geometry as the reference (shape, affine, scaling, voxels).

Run from this folder: /usr/bin/python3 make_fixtures.py   (Debian: python3-pydicom python3-nibabel
python3-numpy dcm2niix dcmtk libgdcm-tools). Writes series/<name>/, expected.json and index_expected.json;
deterministic apart from the UIDs, which are fixed here.
"""
import hashlib
import json
import os
import shutil
import subprocess
import tempfile

import nibabel
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "series")
NX, NY, NZ = 24, 20, 10
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
# the real JPEG 2000 series beside the project (never copied: only dcm2niix's numbers for it are kept)
REAL = os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "example_ct_dicom")


def phantom():
    """Stored values (HU + 1024) of a body with two organs, [z, row, column]."""
    z, y, x = np.mgrid[0:NZ, 0:NY, 0:NX]
    hu = np.full((NZ, NY, NX), -1000.0)
    body = ((x - 11.5) / 10) ** 2 + ((y - 9.5) / 8) ** 2 < 1
    hu[body] = 20 + 3 * z[body] - y[body]
    hu[((x - 8) ** 2 + (y - 9) ** 2 < 9)] = 60 + 2 * z[((x - 8) ** 2 + (y - 9) ** 2 < 9)]
    hu[((x - 16) ** 2 + (y - 11) ** 2 < 4)] = 700
    return (hu + 1024).astype(np.uint16)


def slice_dataset(stored, k, position, orientation, series_uid, instance, signed=False, padding=None):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
    meta.MediaStorageSOPInstanceUID = "%s.%d" % (series_uid, instance)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "CT"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.StudyInstanceUID = "1.2.826.0.1.3680043.10.1234.1"
    ds.SeriesInstanceUID = series_uid
    ds.SeriesNumber = 2
    ds.InstanceNumber = instance
    ds.FrameOfReferenceUID = "1.2.826.0.1.3680043.10.1234.3"
    ds.PatientID = "phantom"
    ds.PatientAge = "063Y"
    ds.PatientSex = "F"
    ds.SliceThickness = "3"
    ds.ImagePositionPatient = ["%.6f" % v for v in position]
    ds.ImageOrientationPatient = ["%.8f" % v for v in orientation]
    ds.PixelSpacing = ["0.8", "0.7"]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = NY, NX
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, (16 if signed else 12), (15 if signed else 11)
    ds.PixelRepresentation = 1 if signed else 0
    ds.RescaleIntercept = "0" if signed else "-1024"
    ds.RescaleSlope = "1"
    # a private sequence of undefined length before the pixels, which the reader must step over
    item = Dataset()
    item.ReferencedSOPInstanceUID = "1.2.3"
    ds.ReferencedImageSequence = [item]
    values = stored[k].astype(np.int16) - (1024 if signed else 0) if signed else stored[k]
    if padding is not None:  # outside the scanner's circular field of view, as scanners pad it
        yy, xx = np.mgrid[0:NY, 0:NX]
        values = np.where(((xx - 11.5) / 12) ** 2 + ((yy - 9.5) / 10) ** 2 < 1, values, padding)
        ds.PixelPaddingValue = padding
    ds.PixelData = values.astype("<i2" if signed else "<u2").tobytes()
    ds.is_little_endian, ds.is_implicit_VR = True, False
    return ds


def write_series(name, orientation=(1, 0, 0, 0, 1, 0), step=(0, 0, 2.5), origin=(-10, -20, -100), order=None,
                 drop=(), duplicate=None, signed=False, series_uid="1.2.826.0.1.3680043.10.1234.2", padding=None):
    stored = phantom()
    folder = os.path.join(OUT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    ks = order if order is not None else list(range(NZ))
    for n, k in enumerate(ks):
        if k in drop:
            continue
        position = [origin[a] + k * step[a] for a in range(3)]
        ds = slice_dataset(stored, k, position, orientation, series_uid, k + 1, signed, padding)
        ds.save_as(os.path.join(folder, "IM%04d" % n), write_like_original=False)
    if duplicate is not None:
        shutil.copy(os.path.join(folder, "IM%04d" % duplicate), os.path.join(folder, "IM9999"))
    return folder


def write_enhanced(name, order):
    """The axial phantom as one enhanced CT file: geometry and rescale in the shared functional groups, each
    frame's position in its own, frames stored in the given order."""
    stored = phantom()
    folder = os.path.join(OUT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    uid = "1.2.826.0.1.3680043.10.1234.2"
    ds = slice_dataset(stored, 0, (-10, -20, -100), (1, 0, 0, 0, 1, 0), uid, 1)
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2.1"  # enhanced CT
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID = uid + ".1000"
    for keyword in ("ImagePositionPatient", "ImageOrientationPatient", "PixelSpacing", "SliceThickness",
                    "RescaleIntercept", "RescaleSlope", "InstanceNumber", "ImageType"):
        delattr(ds, keyword)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL", "NONE"]
    ds.InstanceNumber = 1
    ds.NumberOfFrames = len(order)
    measures, plane, value = Dataset(), Dataset(), Dataset()
    measures.PixelSpacing, measures.SliceThickness = ["0.8", "0.7"], "3"
    plane.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    value.RescaleIntercept, value.RescaleSlope, value.RescaleType = "-1024", "1", "HU"
    shared = Dataset()
    shared.PixelMeasuresSequence, shared.PlaneOrientationSequence = [measures], [plane]
    shared.PixelValueTransformationSequence = [value]
    ds.SharedFunctionalGroupsSequence = [shared]
    frames = []
    for k in order:
        position, content, item = Dataset(), Dataset(), Dataset()
        position.ImagePositionPatient = ["-10", "-20", "%.6f" % (-100 + 2.5 * k)]
        content.InStackPositionNumber, content.StackID, content.DimensionIndexValues = k + 1, "1", [1, k + 1]
        item.PlanePositionSequence, item.FrameContentSequence = [position], [content]
        frames.append(item)
    ds.PerFrameFunctionalGroupsSequence = frames
    ds.PixelData = b"".join(stored[k].astype("<u2").tobytes() for k in order)
    ds.save_as(os.path.join(folder, "enhanced.dcm"), write_like_original=False)
    return folder


def recode(source, name, *command):
    folder = os.path.join(OUT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for f in sorted(os.listdir(source)):
        subprocess.run([*command, os.path.join(source, f), os.path.join(folder, f)], check=True, capture_output=True)
    return folder


def dcm2niix(folder, air_for=None):
    """dcm2niix's NIfTI of a series: shape, RAS affine, scl, and the sha256 of its stored voxels (those equal to
    air_for, a pixel padding value, replaced by the stored value of -1024 HU)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dcm2niix", "-z", "n", "-f", "out", "-o", tmp, folder], check=True, capture_output=True)
        img = nibabel.load(os.path.join(tmp, "out.nii"))
        data = np.asarray(img.dataobj.get_unscaled())
        if air_for is not None:
            data = np.where(data == air_for, round((-1024 - float(img.dataobj.inter)) / float(img.dataobj.slope)), data)
        return {"shape": list(data.shape), "affine": img.affine.tolist(),
                "scl_slope": float(img.dataobj.slope), "scl_inter": float(img.dataobj.inter),
                "dtype": str(data.dtype), "sha256": hashlib.sha256(data.astype("<i2").tobytes(order="F")).hexdigest(),
                "sum": int(data.astype(np.int64).sum())}


def tilt_corrected(folder):
    """dcm2niix's gantry-tilt correction of a series (its _Tilt_1 volume), as cohortseg must give it: rows that no
    slice covers (the slice shifted past them) set to air instead of dcm2niix's fill, and the origin moved by the
    fraction of a row dcm2niix drops, so that every voxel lies where its slice put it. The shifts come from the
    positions here, with numpy: slice k moves max(t) - t_k rows up j, t_k being its offset from the stack's normal
    along the column direction, in rows."""
    files = sorted(os.listdir(folder))
    slices = [pydicom.dcmread(os.path.join(folder, f), stop_before_pixels=True) for f in files]
    iop = np.array([float(v) for v in slices[0].ImageOrientationPatient])
    normal = np.cross(iop[:3], iop[3:])
    positions = np.array([[float(v) for v in d.ImagePositionPatient] for d in slices])
    positions = positions[np.argsort(positions @ normal, kind="stable")]
    off = (positions - positions[0]) - np.outer((positions - positions[0]) @ normal, normal)
    t = off @ iop[3:] / float(slices[0].PixelSpacing[0])
    shift = t.max() - t
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dcm2niix", "-z", "n", "-f", "out", "-o", tmp, folder], check=True, capture_output=True)
        img = nibabel.load(os.path.join(tmp, "out_Tilt_1.nii"))
        data = np.asarray(img.dataobj.get_unscaled()).copy()
        ny = int(slices[0].Rows)
        air = round((-1024 - float(img.dataobj.inter)) / float(img.dataobj.slope))
        for k in range(data.shape[2]):
            source = np.arange(data.shape[1]) - shift[k]
            data[:, (source < -1e-6) | (source > ny - 1 + 1e-6), k] = air
        affine = img.affine.copy()
        affine[:3, 3] += (np.ceil(shift.max() - 1e-6) - shift.max()) * affine[:3, 1]
        return {"shape": list(data.shape), "affine": affine.tolist(), "dcm2niix_affine": img.affine.tolist(),
                "scl_slope": float(img.dataobj.slope), "scl_inter": float(img.dataobj.inter), "dtype": str(data.dtype),
                "sha256": hashlib.sha256(data.astype("<i2").tobytes(order="F")).hexdigest(),
                "sum": int(data.astype(np.int64).sum())}


def placement(ds):
    """Positions (one per frame), orientation, pixel spacing and slice thickness of a file, single-frame or enhanced
    (whose frames take them from the shared and per-frame functional groups)."""
    if "PerFrameFunctionalGroupsSequence" in ds:
        shared = ds.SharedFunctionalGroupsSequence[0]
        measures = shared.PixelMeasuresSequence[0]
        positions = [[float(v) for v in f.PlanePositionSequence[0].ImagePositionPatient]
                     for f in ds.PerFrameFunctionalGroupsSequence]
        return (positions, [float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient],
                [float(v) for v in measures.PixelSpacing], float(measures.SliceThickness))
    return ([[float(v) for v in ds.ImagePositionPatient]], [float(v) for v in ds.ImageOrientationPatient],
            [float(v) for v in ds.PixelSpacing], float(ds.SliceThickness))


def index_reference():
    """What the index must find, from pydicom (headers, stop_before_pixels) and numpy (geometry): for the first file
    of each fixture series its header values, and for each series folder its slice count, spacings, coverage along
    the normal and the angle between the normal and the line through the slice positions (gantry tilt)."""
    headers, series = {}, {}
    for name in sorted(os.listdir(OUT)):
        folder = os.path.join(OUT, name)
        files = sorted(os.listdir(folder))
        ds = pydicom.dcmread(os.path.join(folder, files[0]), stop_before_pixels=True)
        positions, orientation, spacing, thickness = placement(ds)
        headers[name] = {
            "transfer_syntax": str(ds.file_meta.TransferSyntaxUID), "study_uid": str(ds.StudyInstanceUID),
            "series_uid": str(ds.SeriesInstanceUID), "modality": ds.Modality, "image_type": "\\".join(ds.ImageType),
            "patient_id": ds.PatientID, "patient_age": ds.PatientAge, "sex": ds.PatientSex,
            "slice_thickness": thickness, "pixel_spacing": spacing,
            "rows": int(ds.Rows), "columns": int(ds.Columns), "series_number": int(ds.SeriesNumber),
            "position": positions[0], "orientation": orientation}
        if name == "two_series":
            continue
        positions = []
        for f in files:
            positions += placement(pydicom.dcmread(os.path.join(folder, f), stop_before_pixels=True))[0]
        normal = np.cross(orientation[:3], orientation[3:])
        along = np.sort(np.array(positions) @ normal)
        ordered = np.array(positions)[np.argsort(np.array(positions) @ normal, kind="stable")]
        gaps = np.diff(along)
        line = ordered[-1] - ordered[0]
        tilt = np.degrees(np.arccos(min(1.0, abs(line @ normal) / np.linalg.norm(line))))
        series[name] = {"slices": len(positions), "z_coverage_mm": float(along[-1] - along[0]),
                        "slice_spacing_mm": float(np.median(gaps)), "slice_spacing_min_mm": float(gaps.min()),
                        "slice_spacing_max_mm": float(gaps.max()), "gantry_tilt_deg": float(tilt)}
    with open(os.path.join(HERE, "index_expected.json"), "w") as f:
        json.dump({"headers": headers, "series": series}, f, indent=1, sort_keys=True)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    expected = {}
    axial = write_series("explicit_le")
    expected["axial"] = dcm2niix(axial)
    recode(axial, "implicit_le", "dcmconv", "+ti")
    recode(axial, "explicit_be", "dcmconv", "+tb")
    recode(axial, "deflated", "dcmconv", "+td")
    recode(axial, "undefined_lengths", "dcmconv", "+ti", "-e")
    recode(axial, "jpeg2000", "gdcmconv", "-K")
    recode(axial, "rle", "dcmcrle")
    recode(axial, "jpeg_lossless_sv1", "dcmcjpeg", "+e1")
    for sv in range(2, 8):  # process 14 with each of the other predictors
        recode(axial, "jpeg_lossless_sv%d" % sv, "dcmcjpeg", "+el", "+sv", str(sv))
    recode(axial, "jpeg_ls", "dcmcjpls")
    # near-lossless (NEAR 2): the reference is dcm2niix's volume of what dcmtk's dcmdjpls decodes
    near = recode(axial, "jpeg_ls_near", "dcmcjpls", "+en")
    with tempfile.TemporaryDirectory() as tmp:
        for f in sorted(os.listdir(near)):
            subprocess.run(["dcmdjpls", os.path.join(near, f), os.path.join(tmp, f)], check=True, capture_output=True)
        expected["jpeg_ls_near"] = dcm2niix(tmp)
    shuffled = write_series("shuffled", order=[3, 7, 0, 9, 5, 1, 8, 2, 6, 4])
    expected["shuffled"] = dcm2niix(shuffled)
    c, s = np.cos(np.radians(20)), np.sin(np.radians(20))
    oblique = (c, s, 0, 0, 0, -1)  # rows along a rotated x, columns down the body: a coronal-ish oblique series
    normal = np.cross(oblique[:3], oblique[3:])
    expected["oblique"] = dcm2niix(write_series("oblique", orientation=oblique, step=tuple(2.5 * normal)))
    signed = write_series("signed", signed=True)
    expected["signed"] = dcm2niix(signed)
    recode(signed, "signed_rle", "dcmcrle")
    recode(signed, "signed_jpeg_lossless", "dcmcjpeg", "+e1")
    recode(signed, "signed_jpeg_ls", "dcmcjpls")
    # padding to air: dcm2niix keeps the padding value; cohortseg stores air (-1024 HU) there instead
    padded = dcm2niix(write_series("padded", signed=True, padding=-2000), air_for=-2000)
    expected["padded"] = padded
    write_series("missing_slice", drop=(4,))
    write_series("duplicate_slice", duplicate=3)
    enhanced = write_enhanced("enhanced", order=[3, 7, 0, 9, 5, 1, 8, 2, 6, 4])
    expected["enhanced"] = dcm2niix(enhanced)
    recode(enhanced, "enhanced_jpeg_lossless", "dcmcjpeg", "+e1")
    expected["tilted"] = tilt_corrected(write_series("tilted", step=(0, 0.9, 2.5)))
    two = write_series("two_series")
    other = write_series("two_series_b", series_uid="1.2.826.0.1.3680043.10.1234.9")
    for f in os.listdir(other):
        shutil.move(os.path.join(other, f), os.path.join(two, "B" + f))
    os.rmdir(other)
    if os.path.isdir(REAL):
        expected["real"] = dcm2niix(REAL)
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    index_reference()


if __name__ == "__main__":
    main()
