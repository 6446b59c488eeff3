#!/usr/bin/env python3
"""Turn TotalSegmentator's nnU-Net checkpoints into ONNX parts and a cohortseg model spec.

    # 1. templates (what conf/models/total_*.json ship; no weights needed):
    python3 export_totalsegmentator_onnx.py --templates --out ../conf/models

    # 2. a real export, on a machine with your TotalSegmentator weights, torch and nnunetv2:
    python3 export_totalsegmentator_onnx.py --weights ~/.totalsegmentator/nnunet/results \\
        --model total_v2 --out /models/total_v2

THIS EXPORT CANNOT BE RUN ON THE COHORTSEG BUILD MACHINES: they have no TotalSegmentator weights,
no nnunetv2 and no access to the model hub. The templates can be written anywhere.

What a real export does, per part (nnU-Net dataset folder, fold 0, checkpoint_final.pth):
  * builds the network from the part's plans.json (3d_fullres configuration) with nnunetv2's
    get_network_from_plans, loads the checkpoint weights, and exports it to ONNX (opset 17) with
    input "input" [N, 1, z, y, x] and output "logits" [N, C, z, y, x], batch axis dynamic;
  * reads the CT normalisation from plans.json: foreground_intensity_properties_per_channel["0"]
    gives percentile_00_5 (clip_low), percentile_99_5 (clip_high), mean and std;
  * reads the patch size (z, y, x) and the spacing from the 3d_fullres configuration;
  * writes the spec with the part's local label ids -> names (dataset.json "labels").
cohortseg then runs the parts exactly as TotalSegmentator does: canonical RAS, resampling to the
spacing, per-part normalisation, Gaussian sliding window (no mirroring), merge by class name with
the later part winning, labels back to the original grid.
"""
import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
LABELMAPS = os.path.join(HERE, "..", "conf", "labelmaps")

# Published facts: model split, spacing and window step of each TotalSegmentator model.
MODELS = {
    "total_v1": {"parts_file": "parts_v1_tasks251-255.json", "labelmap": "total_v1.json", "tasks": [251, 252, 253, 254, 255],
                 "spacing": 1.5, "step": 0.5, "description": "TotalSegmentator v1 'total' (104 classes, 5 parts, 1.5 mm)"},
    "total_v1_fast": {"single_task": 256, "labelmap": "total_v1.json", "spacing": 3.0, "step": 0.5,
                      "description": "TotalSegmentator v1 'fast' (104 classes, one model, 3 mm)"},
    "total_v2": {"parts_file": "parts_v2_tasks291-295.json", "labelmap": "total_v2.json", "tasks": [291, 292, 293, 294, 295],
                 "spacing": 1.5, "step": 0.8, "description": "TotalSegmentator v2 'total' (117 classes, 5 parts, 1.5 mm)"},
    "total_v2_fast": {"single_task": 297, "labelmap": "total_v2.json", "spacing": 3.0, "step": 0.5,
                      "description": "TotalSegmentator v2 'fast' (117 classes, one model, 3 mm)"},
}
NORMALIZATION_TODO = {"fill_in": "from the part's plans.json: foreground_intensity_properties_per_channel['0'] "
                                 "(percentile_00_5, percentile_99_5, mean, std); run this script with --weights"}


def load_json(path):
    with open(path) as handle:
        return json.load(handle)


def parts_of(name):
    """[(part name, task id, {local id: name})] of a model."""
    model = MODELS[name]
    if "single_task" in model:
        labels = load_json(os.path.join(LABELMAPS, model["labelmap"]))
        return [("all", model["single_task"], labels)]
    parts = load_json(os.path.join(LABELMAPS, model["parts_file"]))
    return [(key.replace("class_map_part_", ""), task, labels)
            for (key, labels), task in zip(parts.items(), model["tasks"])]


def spec(name, patch_zyx, parts):
    """A cohortseg model spec; ``parts`` are (part name, onnx file, labels, normalization)."""
    model = MODELS[name]
    return {
        "id": name,
        "description": model["description"],
        "spacing_mm": [model["spacing"]] * 3,
        "patch_size": patch_zyx,
        "input_axes": "zyx",
        "step": model["step"],
        "gaussian_sigma_scale": 0.125,
        "labelmap": load_json(os.path.join(LABELMAPS, model["labelmap"])),
        "parts": [{"name": part, "onnx": onnx, "labels": labels, "normalization": normalization}
                  for part, onnx, labels, normalization in parts],
    }


def write_templates(out):
    """Specs with everything known from the published model split; normalisation and patch size
    come from each user's plans.json at export time."""
    os.makedirs(out, exist_ok=True)
    for name in MODELS:
        parts = [(part, "%s/part_%s_task%d.onnx" % (name, part, task), labels, NORMALIZATION_TODO)
                 for part, task, labels in parts_of(name)]
        document = spec(name, [128, 128, 128], parts)
        document["patch_size_source"] = "replaced by the part's plans.json 3d_fullres patch_size at export"
        with open(os.path.join(out, name + ".json"), "w") as handle:
            json.dump(document, handle, indent=1)


def export(weights, name, out):
    """The real export (needs torch and nnunetv2, and the weights)."""
    import glob

    import torch
    from nnunetv2.utilities.get_network_from_plans import get_network_from_plans

    os.makedirs(os.path.join(out, name), exist_ok=True)
    parts = []
    patch = None
    for part, task, labels in parts_of(name):
        folder = glob.glob(os.path.join(weights, "Dataset%d_*" % task, "*__nnUNetPlans__3d_fullres"))[0]
        plans = load_json(os.path.join(folder, "plans.json"))
        dataset = load_json(os.path.join(folder, "dataset.json"))
        config = plans["configurations"]["3d_fullres"]
        network = get_network_from_plans(config["architecture"]["network_class_name"],
                                         config["architecture"]["arch_kwargs"],
                                         config["architecture"]["_kw_requires_import"],
                                         1, len(dataset["labels"]), deep_supervision=False)
        checkpoint = torch.load(os.path.join(folder, "fold_0", "checkpoint_final.pth"), map_location="cpu")
        network.load_state_dict(checkpoint["network_weights"])
        network.eval()
        patch = list(config["patch_size"])
        onnx = "%s/part_%s_task%d.onnx" % (name, part, task)
        torch.onnx.export(network, torch.zeros([1, 1] + patch), os.path.join(out, onnx), opset_version=17,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
        props = plans["foreground_intensity_properties_per_channel"]["0"]
        normalization = {"clip_low": props["percentile_00_5"], "clip_high": props["percentile_99_5"],
                         "mean": props["mean"], "std": props["std"]}
        local = {str(v): k for k, v in dataset["labels"].items() if v != 0}
        parts.append((part, onnx, local or labels, normalization))
    with open(os.path.join(out, name + ".json"), "w") as handle:
        json.dump(spec(name, patch, parts), handle, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--templates", action="store_true", help="write the spec templates only")
    parser.add_argument("--weights", help="nnU-Net results folder holding TotalSegmentator's Dataset* folders")
    parser.add_argument("--model", choices=sorted(MODELS), help="which model to export")
    parser.add_argument("--out", required=True, help="output folder")
    args = parser.parse_args()
    if args.templates:
        write_templates(args.out)
    elif args.weights and args.model:
        export(args.weights, args.model, args.out)
    else:
        parser.error("give --templates, or --weights and --model")


if __name__ == "__main__":
    main()
