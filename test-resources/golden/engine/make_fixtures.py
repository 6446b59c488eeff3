#!/usr/bin/python3
"""Golden fixtures for the segmentation engine, from the reference definitions:

* window starts and Gaussian importance maps as nnU-Net defines them
  (compute_steps_for_sliding_window, compute_gaussian with scipy.ndimage.gaussian_filter);
* resampling with scipy.ndimage.zoom (order 1 for images, order 0 for labels), as
  TotalSegmentator's change_spacing calls it;
* small analytic ONNX models (onnx.helper, opset 17) whose argmax is known for every input value:
  a 1x1x1 convolution giving logits l_c = a_c * x + b_c that pick the band of the normalised value,
  and one that outputs NaN.

Run with Debian's python: /usr/bin/python3 make_fixtures.py
"""
import json
import math
import os

import numpy as np
import onnx
from onnx import TensorProto, helper
from scipy import ndimage

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "files")


def nnunet_steps(image_size, patch, step):
    """nnU-Net's window starts along one axis."""
    target = patch * step
    count = int(math.ceil((image_size - patch) / target)) + 1
    actual = (image_size - patch) / (count - 1) if count > 1 else 99999999999
    return [int(np.round(actual * i)) for i in range(count)]


def nnunet_gaussian(patch, sigma_scale=1.0 / 8):
    """nnU-Net's importance map (before any dtype cast), as float32."""
    tmp = np.zeros(patch)
    tmp[tuple(p // 2 for p in patch)] = 1
    gmap = ndimage.gaussian_filter(tmp, [p * sigma_scale for p in patch], 0, mode="constant", cval=0)
    gmap = gmap / gmap.max()
    gmap[gmap == 0] = gmap[gmap != 0].min()
    return gmap.astype(np.float32)


def write_raw(name, array):
    """Little-endian raw values in Fortran order (x fastest), as the Java volumes hold them."""
    np.asarray(array).ravel(order="F").astype(array.dtype.newbyteorder("<")).tofile(os.path.join(OUT, name))


def band_model(name, patch, thresholds, nan=False):
    """A 1x1x1 conv whose argmax is the band of x among sorted thresholds t1 < t2 < ...:
    l_0 = 0, l_c = c * x - (t_1 + ... + t_c)."""
    channels = len(thresholds) + 1
    slopes = np.arange(channels, dtype=np.float32)
    biases = -np.concatenate([[0.0], np.cumsum(thresholds)]).astype(np.float32)
    if nan:
        biases[:] = np.nan
    weight = helper.make_tensor("w", TensorProto.FLOAT, [channels, 1, 1, 1, 1], slopes.tolist())
    bias = helper.make_tensor("b", TensorProto.FLOAT, [channels], biases.tolist())
    node = helper.make_node("Conv", ["input", "w", "b"], ["logits"], kernel_shape=[1, 1, 1])
    pz, py, px = patch
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 1, pz, py, px])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", channels, pz, py, px])],
        [weight, bias])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {"windows": [], "gaussians": [], "resampling": []}
    for size, patch, step in [(110, 64, 0.5), (64, 64, 0.5), (65, 64, 0.5), (300, 128, 0.5), (300, 128, 0.8),
                              (273, 128, 0.8), (549, 128, 0.5), (17, 16, 0.5), (1000, 96, 0.5), (96, 64, 1.0)]:
        expected["windows"].append({"size": size, "patch": patch, "step": step,
                                    "starts": nnunet_steps(size, patch, step)})
    for patch in [(16, 24, 32), (7, 12, 20), (5, 5, 5)]:
        name = "gaussian_%dx%dx%d.f32" % patch
        write_raw(name, nnunet_gaussian(patch))
        expected["gaussians"].append({"patch_xyz": list(patch), "file": name})
    rng = np.random.default_rng(7)
    volume = ndimage.gaussian_filter(rng.normal(0, 300, (23, 17, 11)), 1.5).astype(np.float32)
    labels = (np.abs(volume) // 40 % 7).astype(np.uint8)
    write_raw("volume_23x17x11.f32", volume)
    write_raw("labels_23x17x11.u8", labels)
    for spacing_in, spacing_out in [((0.8, 0.8, 2.5), (1.5, 1.5, 1.5)), ((3.0, 3.0, 3.0), (1.5, 1.5, 1.5)),
                                    ((1.5, 2.0, 5.0), (3.0, 3.0, 3.0))]:
        zoom = np.array(spacing_in) / np.array(spacing_out)
        linear = ndimage.zoom(volume.astype(np.float64), zoom, order=1)
        nearest = ndimage.zoom(labels, zoom, order=0)
        tag = "%gx%gx%g_to_%gx%gx%g" % (spacing_in + spacing_out)
        write_raw("linear_" + tag + ".f64", linear)
        write_raw("nearest_" + tag + ".u8", nearest)
        expected["resampling"].append({"spacing_in": spacing_in, "spacing_out": spacing_out,
                                       "shape_out": list(linear.shape), "linear": "linear_" + tag + ".f64",
                                       "nearest": "nearest_" + tag + ".u8"})
    band_model("bands_p16", (16, 16, 16), [-1.0, 0.0, 0.5, 1.5])
    band_model("bands_p8x12x16", (8, 12, 16), [-0.5, 0.25])
    band_model("nan_p16", (16, 16, 16), [0.0], nan=True)
    expected["band_models"] = {
        "bands_p16": {"patch_zyx": [16, 16, 16], "thresholds": [-1.0, 0.0, 0.5, 1.5]},
        "bands_p8x12x16": {"patch_zyx": [8, 12, 16], "thresholds": [-0.5, 0.25]},
        "nan_p16": {"patch_zyx": [16, 16, 16], "thresholds": [0.0], "nan": True}}
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
