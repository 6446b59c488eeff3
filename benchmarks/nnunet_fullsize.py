#!/usr/bin/python3
"""Full-size nnU-Net networks of TotalSegmentator's topology, with seeded random weights (random
weights cost what trained ones cost), and PyTorch's times on them: the reference side of
benchmarks/issue12_networks.sh. Uses nnU-Net's own code as the golden fixtures do (PYTHONPATH as in
test-resources/golden/nnunet/RECIPE.md).

    nnunet_fullsize.py make --out DIR --classes 25 [--patch 128 128 128] [--spacing 1.5]
        an nnU-Net v2 trained-model folder: 3d_fullres PlainConvUNet as nnU-Net plans it for the patch
        (32..320 features, 3x3x3 convolutions, stride 2 down to 4 voxels, two convolutions per stage)
    nnunet_fullsize.py window --model-folder DIR [--threads 2] [--windows 2]
        seconds per window of the network (float32, no gradients), as nnUNetPredictor calls it
    nnunet_fullsize.py scan --model-folder DIR --shape Z Y X [--threads 2] [--step 0.8]
        seconds of nnUNetPredictor's sliding window (Gaussian, no mirroring, CPU) over a normalised
        volume of that shape, which is already on the model grid
"""
import argparse
import os
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "test-resources", "golden", "nnunet"))

import make_fixtures as fixtures  # noqa: E402  (installs the stubs, imports nnU-Net)
import numpy as np  # noqa: E402
import torch  # noqa: E402
from batchgenerators.utilities.file_and_folder_operations import save_json  # noqa: E402


def fullsize_model(classes, patch, spacing):
    """The fixture script's model description for a full-size TotalSegmentator part."""
    stages = 1 + int(np.log2(min(patch) // 4))
    return {"name": "fullsize", "dataset": "Dataset991_FullSize", "format": "current", "network": "PlainConvUNet",
            "trainer": "nnUNetTrainerNoMirroring", "plans_name": "nnUNetPlans", "folds": [0], "classes": classes,
            "spacing": [spacing] * 3, "patch": patch, "features": [min(32 * 2 ** s, 320) for s in range(stages)],
            "strides": [[1, 1, 1]] + [[2, 2, 2]] * (stages - 1), "kernels": [[3, 3, 3]] * stages,
            "transpose": [0, 1, 2], "normalization": "CTNormalization", "step": 0.8, "seed": 991}


def make(args):
    model = fullsize_model(args.classes, args.patch, args.spacing)
    plans = fixtures.plans_of(model)
    arch = plans["configurations"]["3d_fullres"]["architecture"]["arch_kwargs"]
    arch["n_conv_per_stage_decoder"] = [2] * (len(model["features"]) - 1)  # nnU-Net's default planner
    dataset = {"channel_names": {"0": "CT"}, "labels": {"background": 0, **{"class_%d" % c: c for c in
                                                                           range(1, args.classes)}},
               "numTraining": 1, "file_ending": ".nii.gz", "name": model["dataset"],
               "description": "cohortseg benchmark: random weights, not a trained model"}
    os.makedirs(os.path.join(args.out, "fold_0"), exist_ok=True)
    save_json(plans, os.path.join(args.out, "plans.json"), sort_keys=False)
    save_json(dataset, os.path.join(args.out, "dataset.json"), sort_keys=False)
    torch.manual_seed(model["seed"])
    network = fixtures.build_network(model, plans, dataset)
    torch.save(fixtures.checkpoint_of(network, model, plans, dataset, 0),
               os.path.join(args.out, "fold_0", "checkpoint_final.pth"))
    print("wrote", args.out, "features", model["features"])


def window(args):
    p = fixtures.predictor_for(args.model_folder, (0,), 0.8)
    p.network.eval()
    patch = p.configuration_manager.patch_size
    x = torch.from_numpy(np.random.default_rng(1).standard_normal((1, 1, *patch), dtype=np.float32))
    with torch.no_grad():
        p.network(x)  # warm-up
        start = time.perf_counter()
        for _ in range(args.windows):
            p.network(x)
    print("window %.3f" % ((time.perf_counter() - start) / args.windows))


def scan(args):
    p = fixtures.predictor_for(args.model_folder, (0,), args.step)
    data = torch.from_numpy(np.random.default_rng(2).standard_normal((1, *args.shape), dtype=np.float32))
    start = time.perf_counter()
    p.predict_sliding_window_return_logits(data)
    print("scan %.3f" % (time.perf_counter() - start))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    m = commands.add_parser("make")
    m.add_argument("--out", required=True)
    m.add_argument("--classes", type=int, required=True)
    m.add_argument("--patch", type=int, nargs=3, default=[128, 128, 128])
    m.add_argument("--spacing", type=float, default=1.5)
    w = commands.add_parser("window")
    w.add_argument("--model-folder", required=True)
    w.add_argument("--windows", type=int, default=2)
    s = commands.add_parser("scan")
    s.add_argument("--model-folder", required=True)
    s.add_argument("--shape", type=int, nargs=3, required=True)
    s.add_argument("--step", type=float, default=0.8)
    for c in (m, w, s):
        c.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    {"make": make, "window": window, "scan": scan}[args.command](args)


if __name__ == "__main__":
    main()
