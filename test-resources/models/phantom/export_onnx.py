"""Export a trained phantom U-Net to ONNX, write the model spec JSON the Java engine reads
and, optionally, a golden input/logits pair for checking ONNX Runtime against PyTorch.

    /usr/bin/python3 export_onnx.py --checkpoint OUTDIR/model_final.pt \\
        --onnx DIR/phantom.onnx --spec DIR/phantom.json [--golden-dir DIR/golden]

ONNX graph: input "input" float32 [N, 1, P, P, P], output "logits" float32 [N, 19, P, P, P]
(P = training patch edge, 64 by default; spatial axes z, y, x; N dynamic); opset 17.
"""
import argparse
import hashlib
import os
import sys
import warnings

import numpy as np
import onnx
import torch
from scipy.ndimage import gaussian_filter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (after the path tweak, so the script runs from any folder)

OPSET = 17
MAX_ONNX_BYTES = 5 * 1024 * 1024
MODEL_ID = "phantom-unet-v1"
DESCRIPTION = ("Small nnU-Net-like 3-D U-Net (4 levels, 8-16-32-64 channels, instance norm) "
               "trained on synthetic CT phantoms at 3 mm isotropic; 18 TotalSegmentator v2 "
               "classes. Test model, not for real CT.")
GOLDEN_SEED = 20240601
GOLDEN_SMOOTHING_VOXELS = 2.0
GOLDEN_TOLERANCE = 1e-4


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", required=True, help="model_final.pt from train.py")
    parser.add_argument("--onnx", required=True, help="ONNX file to write")
    parser.add_argument("--spec", required=True, help="model spec JSON to write")
    parser.add_argument("--golden-dir", help="folder for input.f32, logits.f32, golden.json")
    return parser.parse_args(argv)


def export(model, patch_size, path):
    """Write the ONNX graph (batch axis dynamic) and check it; returns the loaded ModelProto."""
    example = torch.zeros((1, 1) + tuple(patch_size))
    # InstanceNorm3d without running statistics always normalises with the statistics of the
    # instance; torch calls that "train=True" and warns, but the exported
    # InstanceNormalization node computes exactly that.
    warnings.filterwarnings("ignore", message=".*'instance_norm' is set to train=True")
    torch.onnx.export(model, example, path, opset_version=OPSET, input_names=["input"],
                      output_names=["logits"], do_constant_folding=True,
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    size = os.path.getsize(path)
    if size > MAX_ONNX_BYTES:
        raise ValueError(f"{path}: {size} bytes, limit {MAX_ONNX_BYTES}")
    proto = onnx.load(path)
    onnx.checker.check_model(proto, full_check=True)
    check_signature(proto, patch_size)
    return proto


def check_signature(proto, patch_size):
    """Verify the graph's single input and output names and shapes (batch symbolic)."""
    def dims(value_info):
        return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]

    graph = proto.graph
    expected = {"input": ["N", 1] + list(patch_size),
                "logits": ["N", common.NUM_CHANNELS] + list(patch_size)}
    found = {v.name: dims(v) for v in list(graph.input) + list(graph.output)}
    if found != expected:
        raise ValueError(f"ONNX signature {found}, expected {expected}")


def model_spec(normalization, patch_size, onnx_path, spec_path):
    """The spec JSON: global label map, one part with its local channel labels and
    normalisation; the ONNX path is relative to the spec's folder."""
    relative = os.path.relpath(os.path.abspath(onnx_path),
                               os.path.dirname(os.path.abspath(spec_path)))
    return {
        "id": MODEL_ID,
        "description": DESCRIPTION,
        "spacing_mm": [common.SPACING_MM] * 3,
        "patch_size": list(patch_size),
        "input_axes": common.INPUT_AXES,
        "step": common.WINDOW_STEP,
        "gaussian_sigma_scale": common.GAUSSIAN_SIGMA_SCALE,
        "labelmap": {str(global_id): name for global_id, name in common.CLASSES},
        "parts": [{
            "name": "phantom",
            "onnx": relative.replace(os.sep, "/"),
            "labels": {str(channel): name for channel, (_, name)
                       in enumerate(common.CLASSES, start=1)},
            "normalization": {key: normalization[key]
                              for key in ("clip_low", "clip_high", "mean", "std")},
        }],
    }


def golden_input(patch_size, normalization):
    """A deterministic [1, 1, P, P, P] float32 input that looks like normalised CT: seeded
    white noise smoothed over GOLDEN_SMOOTHING_VOXELS, rescaled to unit std and clipped to
    the range that normalisation can produce."""
    noise = np.random.default_rng(GOLDEN_SEED).standard_normal(patch_size)
    field = gaussian_filter(noise, GOLDEN_SMOOTHING_VOXELS)
    field /= field.std()
    std = max(normalization["std"], common.STD_FLOOR)
    low = (normalization["clip_low"] - normalization["mean"]) / std
    high = (normalization["clip_high"] - normalization["mean"]) / std
    return np.clip(field, low, high).astype(np.float32)[None, None]


def sha256(path):
    """Hex SHA-256 of a file."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def write_golden(model, patch_size, normalization, onnx_path, folder):
    """Write input.f32 and logits.f32 (raw little-endian float32, C order, N C z y x) and
    golden.json describing them."""
    os.makedirs(folder, exist_ok=True)
    data = golden_input(patch_size, normalization)
    with torch.no_grad():
        logits = model(torch.from_numpy(data)).numpy()
    data.astype("<f4").tofile(os.path.join(folder, "input.f32"))
    logits.astype("<f4").tofile(os.path.join(folder, "logits.f32"))
    common.write_json_atomic(os.path.join(folder, "golden.json"), {
        "input": "input.f32", "input_shape": list(data.shape),
        "logits": "logits.f32", "logits_shape": list(logits.shape),
        "dtype": "float32", "byte_order": "little", "layout": "C order, N C z y x",
        "check": "|onnx - torch| <= abs_tolerance + rel_tolerance * |torch|",
        "abs_tolerance": GOLDEN_TOLERANCE, "rel_tolerance": GOLDEN_TOLERANCE,
        "input_seed": GOLDEN_SEED,
        "onnx_sha256": sha256(onnx_path), "torch": torch.__version__,
        "logits_min": float(logits.min()), "logits_max": float(logits.max()),
        "argmax_counts": np.bincount(logits.argmax(1).ravel(),
                                     minlength=common.NUM_CHANNELS).tolist()})


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(1)
    model, payload = common.load_model(args.checkpoint)
    patch_size = tuple(payload["patch_size"])
    for path in (args.onnx, args.spec):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    export(model, patch_size, args.onnx)
    spec = model_spec(payload["normalization"], patch_size, args.onnx, args.spec)
    common.write_json_atomic(args.spec, spec)
    print(f"wrote {args.onnx} ({os.path.getsize(args.onnx)} bytes, opset {OPSET}) "
          f"and {args.spec}", flush=True)
    if args.golden_dir:
        write_golden(model, patch_size, payload["normalization"], args.onnx, args.golden_dir)
        print(f"wrote golden input/logits to {args.golden_dir}", flush=True)


if __name__ == "__main__":
    main()
