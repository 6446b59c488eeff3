#!/usr/bin/python3
"""Golden fixtures for `cohortseg measure`: small CT/segmentation pairs and the statistics.json that
TotalSegmentator's --statistics computes for them, reproduced here with numpy exactly as its
statistics code does (facts from its repository: int16 cast of get_fdata(), border rule on the
first/last 3 voxels of every axis, volume = count * prod(zooms), mean via np.average rounded to 5
decimals, json.dump(indent=4)). Extra per-label reference values (std, percentiles, centroid, bbox)
come from plain numpy.

Run with Debian's python: /usr/bin/python3 make_fixtures.py
The real CT in ../shared/data is not copied; its segmentation here is made by thresholds.
"""
import json
import os

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
REAL_CT = os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "example_ct.nii.gz")
LABELMAP_V2 = os.path.join(HERE, "..", "..", "..", "conf", "labelmaps", "total_v2.json")


def ts_touches_border(mask):
    """TotalSegmentator's incomplete-structure rule."""
    return (mask[:3].any() or mask[-3:].any() or mask[:, :3].any() or mask[:, -3:].any()
            or mask[:, :, :3].any() or mask[:, :, -3:].any())


def ts_statistics(seg, ct_img, labelmap, exclude_border=True):
    """statistics.json content as TotalSegmentator computes it (metric 'mean')."""
    ct = ct_img.get_fdata().astype(np.int16)
    zooms = ct_img.header.get_zooms()
    vox_vol = zooms[0] * zooms[1] * zooms[2]
    stats = {}
    for k, name in labelmap.items():
        mask = seg == k
        if exclude_border and ts_touches_border(mask):
            stats[name] = {"volume": 0.0, "intensity": 0.0}
            continue
        weights = mask.astype(np.uint8)
        stats[name] = {
            "volume": mask.sum() * vox_vol,
            "intensity": np.average(ct, weights=weights).round(5) if weights.sum() > 0 else 0.0,
        }
    return stats


def reference_measures(seg, ct_img, labelmap):
    """Every measure cohortseg reports, from plain numpy, for the CSV comparison."""
    ct = ct_img.get_fdata().astype(np.int16).astype(np.float64)
    zooms = ct_img.header.get_zooms()
    rows = {}
    for k, name in labelmap.items():
        mask = seg == k
        n = int(mask.sum())
        if n == 0:
            rows[name] = {"voxel_count": 0}
            continue
        vals = ct[mask]
        idx = np.argwhere(mask)
        centroid = idx.mean(axis=0)
        rows[name] = {
            "voxel_count": n,
            "volume_mm3": float(n * (zooms[0] * zooms[1] * zooms[2])),
            "mean_hu": float(vals.mean()),
            "std_hu": float(vals.std()),
            "min_hu": float(vals.min()),
            "max_hu": float(vals.max()),
            "median_hu": float(np.percentile(vals, 50)),
            "p5_hu": float(np.percentile(vals, 5)),
            "p95_hu": float(np.percentile(vals, 95)),
            "centroid_vox": centroid.tolist(),
            "centroid_mm": nib.affines.apply_affine(ct_img.affine, centroid).tolist(),
            "bbox_min": idx.min(axis=0).tolist(),
            "bbox_max": idx.max(axis=0).tolist(),
            "touches_border": bool(ts_touches_border(mask)),
        }
    return rows


def synthetic_case(name, shape, zooms, dtype, slope, inter, seed):
    """A random CT with blobs labelled with v2 ids; some touch the border, one id is absent."""
    rng = np.random.default_rng(seed)
    hu = rng.normal(40, 60, shape).round()
    seg = np.zeros(shape, np.uint8)
    grid = np.indices(shape).astype(float)
    centres = {1: (0.5, 0.5, 0.5), 5: (0.25, 0.3, 0.6), 2: (0.0, 0.5, 0.5), 52: (0.7, 0.75, 0.3),
               21: (0.5, 0.5, 0.97), 88: (0.8, 0.2, 0.5)}
    for label, c in centres.items():
        r2 = sum(((grid[a] - c[a] * (shape[a] - 1)) / (shape[a] * 0.18)) ** 2 for a in range(3))
        seg[r2 <= 1] = label
        hu[r2 <= 1] += label * 3 - 20
    hu = np.clip(hu, -1024, 3071)
    affine = np.diag(list(zooms) + [1.0])
    affine[:3, 3] = [-10.5, 20.25, -30.0]
    if dtype == np.int16:
        data = hu.astype(np.int16)
        img = nib.Nifti1Image(data, affine)
        img.header.set_data_dtype(np.int16)
    else:
        stored = ((hu - inter) / slope).astype(dtype)
        img = nib.Nifti1Image(stored, affine)
        img.header.set_slope_inter(slope, inter)
    img.header.set_zooms(zooms)
    img.set_qform(affine, 1)
    img.set_sform(affine, 2)
    ct_path = os.path.join(FILES, name + "_ct.nii.gz")
    seg_path = os.path.join(FILES, name + "_seg.nii.gz")
    nib.save(img, ct_path)
    seg_img = nib.Nifti1Image(seg, affine)
    seg_img.set_qform(affine, 1)
    seg_img.set_sform(affine, 2)
    nib.save(seg_img, seg_path)
    return ct_path, seg_path


def threshold_segmentation(ct_img):
    """A deterministic label map for the real CT: HU bands inside a central box, v2 ids."""
    ct = ct_img.get_fdata()
    seg = np.zeros(ct.shape, np.uint8)
    nx, ny, nz = ct.shape
    box = np.zeros(ct.shape, bool)
    box[10:nx - 10, 10:ny - 10, 5:nz - 5] = True
    seg[box & (ct > 150) & (ct <= 400)] = 52    # bright: "aorta"
    seg[box & (ct > 400)] = 28                  # bone: "vertebrae_L4"
    seg[box & (ct > 20) & (ct <= 80)] = 5       # soft tissue: "liver"
    seg[(ct > -200) & (ct <= -50)] = 88         # fat, touching the border: "iliopsoas_left"
    return seg


def write_case(name, ct_path, seg_path, labelmap, cases):
    ct_img = nib.load(ct_path)
    seg = np.asarray(nib.load(seg_path).dataobj)
    out = {}
    for suffix, exclude in (("", True), ("_include_incomplete", False)):
        stats = ts_statistics(seg, ct_img, labelmap, exclude)
        path = os.path.join(FILES, name + "_statistics" + suffix + ".json")
        with open(path, "w") as f:
            json.dump(stats, f, indent=4)
        out["statistics" + suffix] = os.path.basename(path)
    ref = os.path.join(FILES, name + "_reference.json")
    with open(ref, "w") as f:
        json.dump(reference_measures(seg, ct_img, labelmap), f, indent=1)
    out["reference"] = os.path.basename(ref)
    cases[name] = out


def main():
    os.makedirs(FILES, exist_ok=True)
    with open(LABELMAP_V2) as f:
        labelmap = {int(k): v for k, v in json.load(f).items()}
    cases = {}
    specs = [
        ("int16_iso", (40, 36, 30), (1.5, 1.5, 1.5), np.int16, 1.0, 0.0, 1),
        ("int16_aniso", (33, 29, 17), (0.8, 0.8, 3.0), np.int16, 1.0, 0.0, 2),
        ("float32_scaled", (31, 27, 25), (0.7, 0.7, 2.5), np.float32, 0.5, -1024.0, 3),
    ]
    for name, shape, zooms, dtype, slope, inter, seed in specs:
        ct_path, seg_path = synthetic_case(name, shape, zooms, dtype, slope, inter, seed)
        write_case(name, ct_path, seg_path, labelmap, cases)
        cases[name].update(ct=os.path.basename(ct_path), seg=os.path.basename(seg_path))
    if os.path.exists(REAL_CT):
        real = nib.load(REAL_CT)
        seg_img = nib.Nifti1Image(threshold_segmentation(real), real.affine, real.header)
        seg_img.set_data_dtype(np.uint8)
        seg_img.header.set_slope_inter(1, 0)
        seg_path = os.path.join(FILES, "example_ct_seg.nii.gz")
        nib.save(seg_img, seg_path)
        write_case("example_ct", REAL_CT, seg_path, labelmap, cases)
        cases["example_ct"].update(ct="../shared/data/example_ct.nii.gz", seg=os.path.basename(seg_path))
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
