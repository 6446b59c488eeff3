#!/usr/bin/python3
"""Inputs for the benchmarks (written to work-local/bench, which git ignores):

* ct_512x512x400.nii.gz: an int16 CT of 512x512x400 voxels (0.78 x 0.78 x 1.0 mm), the real
  example CT from ../shared/data upsampled with scipy (order 1) plus noise, so it compresses like a
  real CT; smooth random values when that CT is absent;
* seg_512x512x400.nii.gz: a uint8 label map with all 117 TotalSegmentator v2 labels in blocks
  inside the body;
* models/synthetic_118.json: one part, 118 channels (117 classes + background), patch 128^3;
* models/synthetic_5parts.json: TotalSegmentator v2's 5-part layout (25, 27, 19, 24, 27 channels),
  patch 128^3; both are 1x1x1 convolutions (the engine's memory does not depend on the weights).

    /usr/bin/python3 benchmarks/make_data.py
"""
import json
import os

import nibabel as nib
import numpy as np
import onnx
from onnx import TensorProto, helper
from scipy import ndimage

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "work-local", "bench")
REAL_CT = os.path.join(ROOT, "..", "shared", "data", "example_ct.nii.gz")
SHAPE = (512, 512, 400)
SPACING = (0.78, 0.78, 1.0)
PATCH = 128


def ct_volume():
    rng = np.random.default_rng(0)
    if os.path.exists(REAL_CT):
        small = nib.load(REAL_CT).get_fdata().astype(np.float32)
        zoom = [t / s for t, s in zip(SHAPE, small.shape)]
        data = ndimage.zoom(small, zoom, order=1)
    else:
        data = ndimage.gaussian_filter(rng.normal(0, 400, (128, 128, 100)), 3)
        data = ndimage.zoom(data.astype(np.float32), [4, 4, 4], order=1)
    data += rng.normal(0, 10, data.shape).astype(np.float32)
    return np.clip(data, -1024, 3071).astype(np.int16)


def segmentation(ct):
    x, y, z = np.indices(SHAPE, sparse=True)
    labels = ((x // 64) + 8 * (y // 64) + 64 * (z // 50)) % 117 + 1
    return np.where(ct > -500, labels, 0).astype(np.uint8)


def conv_model(path, channels):
    weight = helper.make_tensor("w", TensorProto.FLOAT, [channels, 1, 1, 1, 1],
                                np.linspace(-1, 1, channels, dtype=np.float32).tolist())
    bias = helper.make_tensor("b", TensorProto.FLOAT, [channels], np.zeros(channels, np.float32).tolist())
    node = helper.make_node("Conv", ["input", "w", "b"], ["logits"], kernel_shape=[1, 1, 1])
    graph = helper.make_graph(
        [node], "synthetic",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 1, PATCH, PATCH, PATCH])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", channels, PATCH, PATCH, PATCH])],
        [weight, bias])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)


def spec(name, parts, labelmap):
    return {"id": name, "spacing_mm": [1.5, 1.5, 1.5], "patch_size": [PATCH] * 3, "input_axes": "zyx",
            "step": 0.5, "gaussian_sigma_scale": 0.125, "labelmap": labelmap,
            "parts": [{"name": p, "onnx": onnx_file, "labels": labels,
                       "normalization": {"clip_low": -1000, "clip_high": 1500, "mean": 100, "std": 300}}
                      for p, onnx_file, labels in parts]}


def main():
    models = os.path.join(OUT, "models")
    os.makedirs(models, exist_ok=True)
    if not os.path.exists(os.path.join(OUT, "seg_512x512x400.nii.gz")):  # slow: written once
        ct = ct_volume()
        affine = np.diag(list(SPACING) + [1.0])
        nib.save(nib.Nifti1Image(ct, affine), os.path.join(OUT, "ct_512x512x400.nii.gz"))
        nib.save(nib.Nifti1Image(segmentation(ct), affine), os.path.join(OUT, "seg_512x512x400.nii.gz"))
    with open(os.path.join(ROOT, "conf", "labelmaps", "total_v2.json")) as f:
        labelmap = json.load(f)
    conv_model(os.path.join(models, "synthetic_118.onnx"), 118)
    with open(os.path.join(models, "synthetic_118.json"), "w") as f:
        json.dump(spec("synthetic_118", [("all", "synthetic_118.onnx", labelmap)], labelmap), f, indent=1)
    with open(os.path.join(ROOT, "conf", "models", "total_v2.json")) as f:
        template = json.load(f)
    parts = []
    for part in template["parts"]:
        name = "synthetic_%s.onnx" % part["name"]
        conv_model(os.path.join(models, name), len(part["labels"]) + 1)
        parts.append((part["name"], name, part["labels"]))
    with open(os.path.join(models, "synthetic_5parts.json"), "w") as f:
        json.dump(spec("synthetic_5parts", parts, labelmap), f, indent=1)


if __name__ == "__main__":
    main()
