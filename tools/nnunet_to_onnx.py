#!/usr/bin/env python3
"""Export nnU-Net v2 trained models to ONNX and a cohortseg model spec.

One nnU-Net v2 model (a trained-model folder: plans.json, dataset.json, fold_N/checkpoint_final.pth):

    python3 tools/nnunet_to_onnx.py \\
        --model-folder ~/nnUNet_results/Dataset123_Liver/nnUNetTrainer__nnUNetPlans__3d_fullres \\
        --out models/liver --name liver [--folds 0 1 2 3 4] [--step 0.5]

    writes models/liver/liver_fold0.onnx ... and models/liver/liver.json; use the spec with
    `cohortseg predict --model models/liver/liver.json --ct CT --seg-out SEG` (or `segment --model`).
    Several folds make an ensemble: the engine averages their logits, as nnU-Net does.

TotalSegmentator v2 (after TotalSegmentator has downloaded its weights, e.g. by running it once on
any CT with `--task total`, and with `--fast` / `--fastest` for those models):

    python3 tools/nnunet_to_onnx.py --totalsegmentator total_v2 \\
        --weights-dir ~/.totalsegmentator/nnunet/results --out models/total_v2

    total_v2 = tasks 291-295 (5 parts, 1.5 mm), total_v2_fast = task 297 (3 mm),
    total_v2_fastest = task 298 (6 mm); the trainer, plans, fold, resampling spacing and window
    step are the ones TotalSegmentator uses; part names and label maps come from conf/labelmaps.

Spec templates (no weights needed; what conf/models/total_v2*.json ship):

    python3 tools/nnunet_to_onnx.py --templates --out conf/models

Needs torch and dynamic_network_architectures (nnU-Net's network library; nnunetv2 itself is not
needed), and onnx for the optional model check. The ONNX input is "input" [N, 1, z, y, x] (float32,
normalised), the output "logits" [N, C, z, y, x]; the batch axis is dynamic, the spatial axes are
the patch. Plans with a transpose_forward other than [0, 1, 2] get the transposes built into the
graph, so the ONNX and the spec are always in the z, y, x array order of the CT (SimpleITK's order,
which nnU-Net uses). The spec's spacing_mm is x, y, z (the reverse of nnU-Net's).

Not supported, with an error saying so: nnU-Net v1 folders (plans.pkl, *.model), region-based
models, more than one input channel, normalisation schemes other than CTNormalization and
ZScoreNormalization.

Checkpoints are loaded with torch.load(weights_only=False) as nnU-Net loads them: export only
checkpoints you trust.
"""
import argparse
import glob
import hashlib
import importlib
import json
import os
import pkgutil
import pydoc
import re
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
LABELMAPS = os.path.join(HERE, "..", "conf", "labelmaps")

OPSET = 17
GAUSSIAN_SIGMA_SCALE = 0.125
SUPPORTED_SCHEMES = ("CTNormalization", "ZScoreNormalization")
IDENTITY = [0, 1, 2]

# What TotalSegmentator runs for its CT "total" task (totalsegmentator/map_tasks_config.py and
# nnunet.py at 0e65a44): task ids, trainer, plans, fold 0, resampling spacing (mm, all axes) and
# tile_step_size 0.8 (TotalSegmentator uses 0.8 for every "total" variant).
TOTALSEGMENTATOR = {
    "total_v2": {"tasks": [291, 292, 293, 294, 295], "trainer": "nnUNetTrainerNoMirroring", "spacing": 1.5,
                 "description": "TotalSegmentator v2 'total' (117 classes, 5 parts, 1.5 mm)"},
    "total_v2_fast": {"tasks": [297], "trainer": "nnUNetTrainer_4000epochs_NoMirroring", "spacing": 3.0,
                      "description": "TotalSegmentator v2 'total --fast' (117 classes, one model, 3 mm)"},
    "total_v2_fastest": {"tasks": [298], "trainer": "nnUNetTrainer_4000epochs_NoMirroring", "spacing": 6.0,
                         "description": "TotalSegmentator v2 'total --fastest' (117 classes, one model, 6 mm)"},
}
TOTALSEGMENTATOR_COMMON = {"plans": "nnUNetPlans", "configuration": "3d_fullres", "folds": [0], "step": 0.8,
                           "labelmap": "total_v2.json", "parts": "parts_v2_tasks291-295.json"}


class ExportError(Exception):
    """A model folder that cannot be exported, with the reason."""


# ---------------------------------------------------------------------------------------------
# Reading a trained-model folder


def load_json(path):
    with open(path) as handle:
        return json.load(handle)


def check_is_v2_folder(folder):
    """Fail clearly on anything that is not an nnU-Net v2 trained-model folder."""
    if not os.path.isdir(folder):
        raise ExportError("model folder %s does not exist" % folder)
    v1 = glob.glob(os.path.join(folder, "plans.pkl")) + glob.glob(os.path.join(folder, "fold_*", "*.model"))
    if v1:
        raise ExportError("nnU-Net v1 model folders are not supported (found %s): export from an nnU-Net v2 "
                          "trained-model folder (plans.json, dataset.json, fold_N/checkpoint_final.pth)"
                          % os.path.basename(v1[0]))
    for name in ("plans.json", "dataset.json"):
        if not os.path.isfile(os.path.join(folder, name)):
            raise ExportError("%s has no %s: not an nnU-Net v2 trained-model folder" % (folder, name))


def configuration_of(plans, name):
    """The configuration dict, with nnU-Net's 'inherits_from' resolved."""
    configurations = plans.get("configurations", {})
    if name not in configurations:
        raise ExportError("plans have no configuration %r (they have %s)" % (name, sorted(configurations)))
    config = dict(configurations[name])
    parent = config.pop("inherits_from", None)
    if parent is None:
        return config
    merged = configuration_of(plans, parent)
    merged.update(config)
    return merged


def architecture_of(config):
    """(network class name, keyword arguments, names of arguments given as import paths).

    Current plans carry an 'architecture' entry. Older nnU-Net v2 plans (as TotalSegmentator's v2
    weights were saved with) describe the U-Net with UNet_class_name, UNet_base_num_features, ...;
    they are read as nnU-Net reads them today: features double per stage up to
    unet_max_num_features, 3-d instance norm (eps 1e-5, affine), LeakyReLU, conv bias, no dropout."""
    if "architecture" in config:
        arch = config["architecture"]
        return arch["network_class_name"], dict(arch["arch_kwargs"]), list(arch["_kw_requires_import"])
    if "UNet_class_name" not in config:
        raise ExportError("the configuration has neither 'architecture' nor 'UNet_class_name'")
    class_name = config["UNet_class_name"]
    if class_name not in ("PlainConvUNet", "ResidualEncoderUNet"):
        raise ExportError("old-format plans name %s; only PlainConvUNet and ResidualEncoderUNet can be rebuilt"
                          % class_name)
    stages = len(config["n_conv_per_stage_encoder"])
    blocks_key = "n_conv_per_stage" if class_name == "PlainConvUNet" else "n_blocks_per_stage"
    kwargs = {
        "n_stages": stages,
        "features_per_stage": [min(config["UNet_base_num_features"] * 2 ** i, config["unet_max_num_features"])
                               for i in range(stages)],
        "conv_op": "torch.nn.modules.conv.Conv3d",
        "kernel_sizes": config["conv_kernel_sizes"],
        "strides": config["pool_op_kernel_sizes"],
        blocks_key: config["n_conv_per_stage_encoder"],
        "n_conv_per_stage_decoder": config["n_conv_per_stage_decoder"],
        "conv_bias": True,
        "norm_op": "torch.nn.modules.instancenorm.InstanceNorm3d",
        "norm_op_kwargs": {"eps": 1e-05, "affine": True},
        "dropout_op": None,
        "dropout_op_kwargs": None,
        "nonlin": "torch.nn.LeakyReLU",
        "nonlin_kwargs": {"inplace": True},
    }
    return class_name, kwargs, ["conv_op", "norm_op", "dropout_op", "nonlin"]


def labels_of(dataset):
    """{channel: name} of the network outputs, background (0) included; the ignore label has no
    output channel. Region-based models fail."""
    labels = dataset.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise ExportError("dataset.json has no 'labels'")
    regions = [name for name, value in labels.items() if isinstance(value, (list, tuple))]
    if regions or "regions_class_order" in dataset:
        raise ExportError("region-based nnU-Net models are not supported: dataset.json labels %s are regions "
                          "(lists of label values) and/or it has regions_class_order; their outputs are "
                          "sigmoids per region, not a softmax over classes" % (regions or "(regions_class_order)"))
    channels = {int(value): name for name, value in labels.items() if name != "ignore"}
    if sorted(channels) != list(range(len(channels))):
        raise ExportError("dataset.json label values must be 0..%d without gaps, got %s"
                          % (len(channels) - 1, sorted(channels)))
    return channels


def input_channels_of(dataset):
    channels = dataset.get("channel_names", dataset.get("modality"))
    if not channels:
        raise ExportError("dataset.json has no 'channel_names'")
    return len(channels)


def normalization_of(plans, config):
    """The part's normalisation entry of the spec (single-channel CT or MR)."""
    schemes = config.get("normalization_schemes", [])
    if len(schemes) != 1:
        raise ExportError("only single-channel models can be exported, the plans have %d normalisation schemes %s"
                          % (len(schemes), schemes))
    scheme = schemes[0]
    if scheme == "CTNormalization":
        props = plans["foreground_intensity_properties_per_channel"]["0"]
        return {"scheme": scheme, "clip_low": props["percentile_00_5"], "clip_high": props["percentile_99_5"],
                "mean": props["mean"], "std": props["std"]}
    if scheme == "ZScoreNormalization":
        return {"scheme": scheme, "use_mask_for_norm": bool(config.get("use_mask_for_norm", [False])[0])}
    raise ExportError("normalisation scheme %s is not supported (only %s)" % (scheme, ", ".join(SUPPORTED_SCHEMES)))


def transposes_of(plans):
    forward = [int(i) for i in plans.get("transpose_forward", IDENTITY)]
    if sorted(forward) != IDENTITY:
        raise ExportError("transpose_forward %s is not a permutation of 0, 1, 2" % forward)
    backward = [forward.index(i) for i in range(3)]
    return forward, backward


def untransposed(values, forward):
    """Values given per axis of the transposed array (nnU-Net's plans), back in the z, y, x order of
    the image: transposed axis i is image axis forward[i]."""
    result = [None] * 3
    for i, axis in enumerate(forward):
        result[axis] = values[i]
    return result


def find_folds(folder, folds, checkpoint):
    """The folds to export: the given ones, or every fold_N with the checkpoint (not fold_all, as
    nnU-Net's own auto-detection)."""
    if not folds:
        found = []
        for path in glob.glob(os.path.join(folder, "fold_*")):
            suffix = os.path.basename(path)[len("fold_"):]
            if suffix.isdigit() and os.path.isfile(os.path.join(path, checkpoint)):
                found.append(int(suffix))
        if not found:
            raise ExportError("no fold_N/%s in %s" % (checkpoint, folder))
        folds = sorted(found)
    for fold in folds:
        path = os.path.join(folder, "fold_%s" % fold, checkpoint)
        if not os.path.isfile(path):
            raise ExportError("fold %s has no checkpoint: %s does not exist" % (fold, path))
    return list(folds)


def parse_fold(text):
    return "all" if text == "all" else int(text)


def source_name(folder):
    """The model folder's name; for nnU-Net's results layout (DatasetX/trainer__plans__config) both."""
    folder = os.path.abspath(folder)
    name = os.path.basename(folder)
    if name.count("__") == 2:
        return os.path.basename(os.path.dirname(folder)) + "/" + name
    return name


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Building and exporting the network


def network_class(name):
    """The class a plans file names: a dotted path, or a bare class name looked up in
    dynamic_network_architectures.architectures (nnU-Net's fallback, for classes that moved)."""
    found = pydoc.locate(name) if "." in name else None
    if found is not None:
        return found
    import dynamic_network_architectures.architectures as architectures
    short = name.split(".")[-1]
    for module in pkgutil.iter_modules(architectures.__path__):
        try:
            candidate = importlib.import_module(architectures.__name__ + "." + module.name)
        except ImportError:
            continue
        if hasattr(candidate, short):
            return getattr(candidate, short)
    raise ExportError("network class %s not found in dynamic_network_architectures" % name)


def build_network(class_name, kwargs, requires_import, input_channels, output_channels):
    """The network as nnU-Net builds it for inference (deep supervision off)."""
    kwargs = dict(kwargs)
    for key in requires_import:
        if kwargs.get(key) is not None:
            kwargs[key] = pydoc.locate(kwargs[key])
    kwargs["deep_supervision"] = False
    return network_class(class_name)(input_channels=input_channels, num_classes=output_channels, **kwargs)


def load_checkpoint(path):
    import torch
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except TypeError:  # torch < 1.13 has no weights_only
        return torch.load(path, map_location="cpu")


def check_output_channels(weights, expected, path):
    """The last segmentation layer's channels against dataset.json's labels."""
    seg_layers = sorted((key for key in weights if re.search(r"seg_layers\.\d+\.weight$", key)),
                        key=lambda key: int(key.split(".")[-2]))
    if seg_layers and weights[seg_layers[-1]].shape[0] != expected:
        raise ExportError("%s has %d output channels but dataset.json has %d labels (background included)"
                          % (path, weights[seg_layers[-1]].shape[0], expected))


def zyx_module(network, forward, backward):
    """The network taking and returning z, y, x arrays when the plans transpose the axes."""
    import torch

    class TransposedNetwork(torch.nn.Module):
        """Applies the plans' transpose_forward before the network and transpose_backward after it."""

        def __init__(self):
            super().__init__()
            self.network = network

        def forward(self, x):
            y = self.network(x.permute(0, 1, *[axis + 2 for axis in forward]))
            return y.permute(0, 1, *[axis + 2 for axis in backward])

    return network if forward == IDENTITY else TransposedNetwork()


def export_onnx(module, patch_zyx, output_channels, path):
    """ONNX (opset 17), batch axis dynamic; checks the output shape on a zero patch first."""
    import torch
    dummy = torch.zeros([1, 1] + list(patch_zyx), dtype=torch.float32)
    with torch.no_grad():
        shape = list(module(dummy).shape)
    if shape != [1, output_channels] + list(patch_zyx):
        raise ExportError("the network maps a patch %s to %s, expected %s"
                          % (patch_zyx, shape, [1, output_channels] + list(patch_zyx)))
    with warnings.catch_warnings():
        # nnU-Net's InstanceNorm3d keeps no running statistics, so it always normalises with the
        # instance's own: exported as ONNX InstanceNormalization, which is what torch warns about
        warnings.filterwarnings("ignore", message=".*instance_norm.*train=True")
        torch.onnx.export(module, dummy, path, opset_version=OPSET, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, do_constant_folding=True)
    try:
        import onnx
    except ImportError:
        return
    onnx.checker.check_model(onnx.load(path))


class TrainedModel:
    """An nnU-Net v2 trained-model folder, read and checked for export."""

    def __init__(self, folder, configuration="3d_fullres", checkpoint="checkpoint_final.pth", folds=None):
        check_is_v2_folder(folder)
        self.folder = folder
        self.plans = load_json(os.path.join(folder, "plans.json"))
        self.dataset = load_json(os.path.join(folder, "dataset.json"))
        self.configuration = configuration
        self.config = configuration_of(self.plans, configuration)
        self.checkpoint = checkpoint
        self.folds = find_folds(folder, folds, checkpoint)
        self.labels = labels_of(self.dataset)
        if input_channels_of(self.dataset) != 1:
            raise ExportError("only single-channel (CT or MR) models are supported; dataset.json has %d channels %s"
                              % (input_channels_of(self.dataset), self.dataset.get("channel_names")))
        if len(self.config["patch_size"]) != 3:
            raise ExportError("configuration %s is not 3-d (patch %s)" % (configuration, self.config["patch_size"]))
        self.normalization = normalization_of(self.plans, self.config)
        self.forward, self.backward = transposes_of(self.plans)
        self.architecture = architecture_of(self.config)

    @property
    def patch_zyx(self):
        return [int(p) for p in untransposed(self.config["patch_size"], self.forward)]

    @property
    def spacing_xyz(self):
        """The configuration's spacing, x, y, z (nnU-Net's is z, y, x after its transpose)."""
        return [float(s) for s in reversed(untransposed(self.config["spacing"], self.forward))]

    @property
    def network_class_path(self):
        found = network_class(self.architecture[0])
        return found.__module__ + "." + found.__qualname__

    def checkpoint_path(self, fold):
        return os.path.join(self.folder, "fold_%s" % fold, self.checkpoint)

    def export(self, out, part):
        """Writes <out>/<part>_fold<N>.onnx for each fold; returns the spec's part entry."""
        os.makedirs(out, exist_ok=True)
        onnx_files, hashes, trainers = [], {}, set()
        for fold in self.folds:
            path = self.checkpoint_path(fold)
            checkpoint = load_checkpoint(path)
            self.check_checkpoint(checkpoint, path)
            trainers.add(checkpoint["trainer_name"])
            onnx_file = "%s_fold%s.onnx" % (part, fold)
            self.export_fold(checkpoint["network_weights"], path, os.path.join(out, onnx_file))
            print("wrote %s (fold %s of %s)" % (os.path.join(out, onnx_file), fold, source_name(self.folder)))
            onnx_files.append(onnx_file)
            hashes[str(fold)] = sha256_of(path)
        if len(trainers) != 1:
            raise ExportError("the folds were trained with different trainers: %s" % sorted(trainers))
        return {"name": part,
                "onnx": onnx_files[0] if len(onnx_files) == 1 else onnx_files,
                "labels": {str(c): name for c, name in sorted(self.labels.items()) if c != 0},
                "normalization": self.normalization,
                "provenance": {"source": source_name(self.folder), "trainer": trainers.pop(),
                               "plans_name": self.plans.get("plans_name"), "configuration": self.configuration,
                               "network_class_name": self.network_class_path, "folds": self.folds,
                               "checkpoint": self.checkpoint, "checkpoint_sha256": hashes,
                               # nnU-Net writes its version nowhere in a trained-model folder
                               "nnunet_version": None}}

    def check_checkpoint(self, checkpoint, path):
        for key in ("network_weights", "trainer_name"):
            if key not in checkpoint:
                raise ExportError("%s is not an nnU-Net v2 checkpoint: no %r" % (path, key))
        trained = checkpoint.get("init_args", {}).get("configuration")
        if trained is not None and trained != self.configuration:
            raise ExportError("%s was trained with configuration %s, not %s (use --configuration %s)"
                              % (path, trained, self.configuration, trained))
        check_output_channels(checkpoint["network_weights"], len(self.labels), path)

    def export_fold(self, weights, checkpoint_path, onnx_path):
        class_name, kwargs, requires_import = self.architecture
        network = build_network(class_name, kwargs, requires_import, 1, len(self.labels))
        try:
            network.load_state_dict(weights)
        except RuntimeError as error:
            raise ExportError("the weights in %s do not fit the network the plans describe: %s"
                              % (checkpoint_path, error))
        network.eval()
        export_onnx(zyx_module(network, self.forward, self.backward), self.patch_zyx, len(self.labels), onnx_path)


# ---------------------------------------------------------------------------------------------
# Specs


def spec(model_id, description, spacing_xyz, patch_zyx, step, labelmap, parts):
    return {"id": model_id, "description": description, "spacing_mm": spacing_xyz, "patch_size": patch_zyx,
            "input_axes": "zyx", "step": step, "gaussian_sigma_scale": GAUSSIAN_SIGMA_SCALE,
            "labelmap": labelmap, "parts": parts}


def write_spec(document, path):
    with open(path, "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")
    print("wrote %s" % path)


def export_single(args):
    """One nnU-Net model -> <out>/<name>_fold<N>.onnx + <out>/<name>.json."""
    model = TrainedModel(args.model_folder, args.configuration, args.checkpoint, args.folds)
    name = args.name or model.plans.get("dataset_name") or os.path.basename(os.path.abspath(args.model_folder))
    part = model.export(args.out, name)
    description = "nnU-Net v2 %s (%s, %s, %s, folds %s)" % (
        model.plans.get("dataset_name", name), part["provenance"]["trainer"], model.plans.get("plans_name"),
        args.configuration, ", ".join(str(f) for f in model.folds))
    document = spec(name, description, model.spacing_xyz, model.patch_zyx, args.step, part["labels"], [part])
    write_spec(document, os.path.join(args.out, name + ".json"))


def totalsegmentator_parts(model_id):
    """[(part name, task id, {local id: name})] of a TotalSegmentator model, from conf/labelmaps."""
    tasks = TOTALSEGMENTATOR[model_id]["tasks"]
    if len(tasks) == 1:
        return [("all", tasks[0], load_json(os.path.join(LABELMAPS, TOTALSEGMENTATOR_COMMON["labelmap"])))]
    parts = load_json(os.path.join(LABELMAPS, TOTALSEGMENTATOR_COMMON["parts"]))
    return [(key.replace("class_map_part_", ""), task, labels) for (key, labels), task in zip(parts.items(), tasks)]


def totalsegmentator_folder(weights_dir, task, trainer):
    pattern = os.path.join(weights_dir, "Dataset%03d_*" % task, "%s__%s__%s" % (
        trainer, TOTALSEGMENTATOR_COMMON["plans"], TOTALSEGMENTATOR_COMMON["configuration"]))
    found = sorted(glob.glob(pattern))
    if not found:
        raise ExportError("no weights for task %d: nothing matches %s (run TotalSegmentator once so that it "
                          "downloads them, or give --weights-dir)" % (task, pattern))
    return found[-1]


def check_totalsegmentator_part(model, labels, spacing, task):
    """The part's network fits TotalSegmentator's label map and spacing."""
    if max(int(i) for i in labels) >= len(model.labels):
        raise ExportError("task %d has %d output channels, conf/labelmaps names labels up to %s"
                          % (task, len(model.labels), max(int(i) for i in labels)))
    if any(abs(s - spacing) > 1e-3 for s in model.spacing_xyz):
        raise ExportError("task %d was planned at %s mm but TotalSegmentator resamples to %s mm; nnU-Net would "
                          "resample again inside its predictor, which a spec cannot express"
                          % (task, model.spacing_xyz, spacing))
    differing = {i: (name, model.labels.get(int(i))) for i, name in labels.items() if model.labels.get(int(i)) != name}
    if differing:
        print("note: task %d's dataset.json names differ from conf/labelmaps for %d labels (TotalSegmentator uses "
              "its own map, so does the spec): %s" % (task, len(differing), sorted(differing.items())[:5]))


def export_totalsegmentator(args):
    """TotalSegmentator's parts -> <out>/<part>_fold0.onnx + <out>/<model>.json."""
    model_id = args.totalsegmentator
    facts = TOTALSEGMENTATOR[model_id]
    parts, patch = [], None
    for part_name, task, labels in totalsegmentator_parts(model_id):
        folder = totalsegmentator_folder(args.weights_dir, task, facts["trainer"])
        model = TrainedModel(folder, TOTALSEGMENTATOR_COMMON["configuration"], args.checkpoint,
                             TOTALSEGMENTATOR_COMMON["folds"])
        check_totalsegmentator_part(model, labels, facts["spacing"], task)
        if patch is not None and model.patch_zyx != patch:
            raise ExportError("task %d has patch %s, the other parts %s; a spec has one patch size"
                              % (task, model.patch_zyx, patch))
        patch = model.patch_zyx
        part = model.export(args.out, part_name)
        part["labels"] = labels
        parts.append(part)
    labelmap = load_json(os.path.join(LABELMAPS, TOTALSEGMENTATOR_COMMON["labelmap"]))
    document = spec(model_id, facts["description"], [facts["spacing"]] * 3, patch, TOTALSEGMENTATOR_COMMON["step"],
                    labelmap, parts)
    write_spec(document, os.path.join(args.out, model_id + ".json"))


def write_templates(out):
    """conf/models/<model>.json for the TotalSegmentator models, pointing at <model>/<part>_fold0.onnx:
    everything but the normalisation values and the patch size, which come from the weights."""
    for model_id, facts in TOTALSEGMENTATOR.items():
        fill_in = {"scheme": "CTNormalization",
                   "fill_in": "from the part's plans.json: foreground_intensity_properties_per_channel['0'] "
                              "(percentile_00_5, percentile_99_5, mean, std); export the weights with "
                              "tools/nnunet_to_onnx.py --totalsegmentator %s" % model_id}
        parts = [{"name": part, "onnx": "%s/%s_fold0.onnx" % (model_id, part), "labels": labels,
                  "normalization": fill_in}
                 for part, _, labels in totalsegmentator_parts(model_id)]
        labelmap = load_json(os.path.join(LABELMAPS, TOTALSEGMENTATOR_COMMON["labelmap"]))
        document = spec(model_id, facts["description"], [facts["spacing"]] * 3, [128, 128, 128],
                        TOTALSEGMENTATOR_COMMON["step"], labelmap, parts)
        document["patch_size_source"] = "replaced by the parts' plans.json 3d_fullres patch_size at export"
        os.makedirs(out, exist_ok=True)
        write_spec(document, os.path.join(out, model_id + ".json"))


# ---------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--model-folder", help="an nnU-Net v2 trained-model folder (plans.json, dataset.json, fold_N/)")
    source.add_argument("--totalsegmentator", choices=sorted(TOTALSEGMENTATOR),
                        help="assemble a TotalSegmentator model from its task folders under --weights-dir")
    source.add_argument("--templates", action="store_true",
                        help="write the TotalSegmentator spec templates (no weights needed)")
    parser.add_argument("--out", required=True, help="output folder (ONNX files and the spec)")
    parser.add_argument("--folds", nargs="+", type=parse_fold,
                        help="folds to export (several = an ensemble; default: every fold_N with the checkpoint)")
    parser.add_argument("--checkpoint", default="checkpoint_final.pth", help="checkpoint file in each fold folder")
    parser.add_argument("--name", help="spec id and ONNX file prefix (default: the plans' dataset_name)")
    parser.add_argument("--configuration", default="3d_fullres", help="nnU-Net configuration (default 3d_fullres)")
    parser.add_argument("--step", type=float,
                        help="sliding-window step as a fraction of the patch (nnU-Net's tile_step_size, default 0.5)")
    parser.add_argument("--weights-dir", default=os.path.expanduser("~/.totalsegmentator/nnunet/results"),
                        help="TotalSegmentator's nnU-Net results folder (default ~/.totalsegmentator/nnunet/results)")
    args = parser.parse_args(argv)
    if not args.model_folder and (args.folds or args.name or args.step is not None):
        parser.error("--folds, --name and --step apply to --model-folder only (TotalSegmentator's models use "
                     "fold 0 and step %s)" % TOTALSEGMENTATOR_COMMON["step"])
    if args.step is None:
        args.step = 0.5
    if not 0 < args.step <= 1:
        parser.error("--step must be in (0, 1]")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.templates:
            write_templates(args.out)
        elif args.totalsegmentator:
            export_totalsegmentator(args)
        else:
            export_single(args)
    except ExportError as error:
        sys.exit("nnunet_to_onnx: %s" % error)
    except KeyError as error:
        sys.exit("nnunet_to_onnx: plans.json, dataset.json or a checkpoint lacks the key %s" % error)


if __name__ == "__main__":
    main()
