"""Export a trained phantom U-Net to ONNX, write the model spec JSON the Java engine reads
and, optionally, a golden input/logits pair for checking ONNX Runtime against PyTorch.

    /usr/bin/python3 export_onnx.py --checkpoint OUTDIR/model_final.pt \\
        --onnx DIR/phantom.onnx --spec DIR/phantom.json \\
        [--golden-dir DIR/golden --golden-case PHANTOM_FOLDER]

ONNX graph: input "input" float32 [N, 1, P, P, P], output "logits" float32 [N, 19, P, P, P]
(P = training patch edge, 64 by default; spatial axes z, y, x; N dynamic); opset 17.
"""
import argparse
import hashlib
import json
import os
import sys
import warnings

import numpy as np
import onnx
import torch
import nibabel as nib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (after the path tweak, so the script runs from any folder)

OPSET = 17
MAX_ONNX_BYTES = 5 * 1024 * 1024
MODEL_ID = "phantom-unet-v1"
DESCRIPTION = ("Small nnU-Net-like 3-D U-Net (4 levels, 8-16-32-64 channels, instance norm) "
               "trained on synthetic CT phantoms at 3 mm isotropic; 18 TotalSegmentator v2 "
               "classes. Test model, not for real CT.")
GOLDEN_SUBSAMPLE = 4
GOLDEN_TOLERANCE = 1e-4


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", required=True, help="model_final.pt from train.py")
    parser.add_argument("--onnx", required=True, help="ONNX file to write")
    parser.add_argument("--spec", required=True, help="model spec JSON to write")
    parser.add_argument("--golden-dir", help="folder for the golden files (see write_golden)")
    parser.add_argument("--golden-case", help="phantom folder whose first scan the golden files use")
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


def centred_crop(volume, patch_size):
    """The patch-sized block at the centre of a (z, y, x) volume, and its start indices."""
    start = [max((size - patch) // 2, 0) for size, patch in zip(volume.shape, patch_size)]
    block = volume[tuple(slice(s, s + p) for s, p in zip(start, patch_size))]
    return np.ascontiguousarray(block, dtype=np.float32), start


def sha256(path):
    """Hex SHA-256 of a file."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def write_golden(model, payload, onnx_path, folder, case_folder):
    """Golden files for the Java engine, from the first scan of a phantom folder:

    * ``input.f32``: the normalised 64^3 block at the scan's centre, [1, 1, z, y, x];
    * ``logits_sub4.f32``: PyTorch's logits for it at every 4th voxel, [1, C, z/4, y/4, x/4]
      (the whole [1, C, 64^3] array would be 20 MB);
    * ``argmax.u8``: PyTorch's channel argmax over the whole block, [z, y, x];
    * ``reference_seg.nii.gz``: PyTorch's sliding-window label map of the whole scan (global
      TotalSegmentator ids, canonical grid), to compare the Java engine with;
    * ``golden.json``: shapes, layout, tolerances and how to regenerate the scan (the cohort
      seed and index: the Java generator rebuilds it, so the CT itself is not committed).
    All raw files are little-endian, C order."""
    os.makedirs(folder, exist_ok=True)
    patch_size = tuple(payload["patch_size"])
    normalization = payload["normalization"]
    row = common.read_manifest(case_folder)[0]
    image, affine = common.load_canonical_zyx(os.path.join(case_folder, row["path"]))
    normalised = common.normalize(image, normalization)
    block, start = centred_crop(normalised, patch_size)
    with torch.no_grad():
        logits = model(torch.from_numpy(block)[None, None]).numpy()
    block[None, None].astype("<f4").tofile(os.path.join(folder, "input.f32"))
    sub = np.ascontiguousarray(logits[:, :, ::GOLDEN_SUBSAMPLE, ::GOLDEN_SUBSAMPLE, ::GOLDEN_SUBSAMPLE])
    sub.astype("<f4").tofile(os.path.join(folder, "logits_sub4.f32"))
    logits.argmax(1)[0].astype(np.uint8).tofile(os.path.join(folder, "argmax.u8"))
    channels = common.segment(model, normalised, patch_size)
    global_ids = np.array([0] + [global_id for global_id, _ in common.CLASSES], dtype=np.uint8)
    seg = nib.Nifti1Image(global_ids[channels].transpose(2, 1, 0), affine)
    seg.set_data_dtype(np.uint8)
    nib.save(seg, os.path.join(folder, "reference_seg.nii.gz"))
    with open(os.path.join(case_folder, "truth.json")) as handle:
        cohort_seed = json.load(handle)["seed"]
    common.write_json_atomic(os.path.join(folder, "golden.json"), {
        "input": "input.f32", "input_shape": [1, 1] + list(patch_size),
        "crop_start_zyx": start,
        "logits_sub4": "logits_sub4.f32", "logits_sub4_shape": list(sub.shape),
        "subsample": GOLDEN_SUBSAMPLE,
        "argmax": "argmax.u8", "argmax_shape": list(patch_size),
        "reference_seg": "reference_seg.nii.gz",
        "dtype": "float32", "byte_order": "little", "layout": "C order, N C z y x",
        "check": "max |onnx - torch| <= abs_tolerance * max(1, max |torch|): ~1e-4 of the logits' range",
        "abs_tolerance": GOLDEN_TOLERANCE,
        "case": {"generator": "cohortseg phantoms --population paper --uniform --spacing 3", "seed": cohort_seed,
                 "index": 0, "scan_id": row["scan_id"]},
        "onnx_sha256": sha256(onnx_path), "torch": torch.__version__,
        "logits_min": float(logits.min()), "logits_max": float(logits.max())})


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
        if not args.golden_case:
            raise SystemExit("--golden-dir needs --golden-case")
        write_golden(model, payload, args.onnx, args.golden_dir, args.golden_case)
        print(f"wrote golden files to {args.golden_dir}", flush=True)


if __name__ == "__main__":
    main()
