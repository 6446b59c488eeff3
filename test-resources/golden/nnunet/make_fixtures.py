#!/usr/bin/python3
"""Golden fixtures for the nnU-Net exporter and engine, made with nnU-Net's and TotalSegmentator's
own code as the reference tool (see RECIPE.md for the checkouts and PYTHONPATH):

a) small nnU-Net v2 trained-model folders with seeded random weights, in nnU-Net's folder and
   checkpoint format, built from their plans by nnU-Net's trainer classes
   (work-local/nnunet_models/<model>/, not committed);
b) their export with tools/nnunet_to_onnx.py (models/<model>/);
c) PyTorch logits of one patch per fold (logits/);
d) TotalSegmentator-style reference segmentations of synthetic CTs with non-canonical affines
   (cases/) and of /work/shared/data/example_ct.nii.gz (real_ct/; the CT itself is not copied):
   nibabel -> canonical RAS -> TotalSegmentator's change_spacing (order 1) -> nnUNetPredictor
   (Gaussian, no mirroring, CPU) -> change_spacing (order 0) back -> original orientation;
e) TotalSegmentator's own python API on one model planted as its task 297 ("total --fast"),
   compared with d);
f) expected.json.

    cd test-resources/golden/nnunet && PYTHONPATH=<refs...> /usr/bin/python3 make_fixtures.py
"""
import copy
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path[:0] = [os.path.join(HERE, "stubs"), os.path.join(ROOT, "tools")]

import nnunet_reference_stubs  # noqa: E402  (must precede nnunetv2)

# one thread: nnU-Net's export step would otherwise set torch to 8 threads (default_num_processes)
os.environ.setdefault("nnUNet_def_n_proc", "1")

STUBBED = nnunet_reference_stubs.install()

import nibabel as nib  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)

from batchgenerators.utilities.file_and_folder_operations import save_json  # noqa: E402
from nnunetv2.imageio.nibabel_reader_writer import NibabelIO  # noqa: E402
from nnunetv2.inference.predict_from_raw_data import nnUNetPredictor  # noqa: E402
import nnunetv2.inference.predict_from_raw_data as nnunet_prediction  # noqa: E402
from nnunetv2.utilities.find_objects import recursive_find_trainer_class_by_name  # noqa: E402
from nnunetv2.utilities.plans_handling.plans_handler import PlansManager  # noqa: E402
from totalsegmentator.alignment import as_closest_canonical, undo_canonical  # noqa: E402
from totalsegmentator.resampling import change_spacing  # noqa: E402

import nnunet_to_onnx  # noqa: E402

WORK = os.path.join(ROOT, "work-local")
MODEL_FOLDERS = os.path.join(WORK, "nnunet_models")
REAL_CT = "/work/shared/data/example_ct.nii.gz"
REFERENCE_COMMITS = {"nnunet": "0e495086", "dynamic_network_architectures": "d35f85c", "acvl_utils": "e70301e",
                     "batchgenerators": "9dc3d49", "totalsegmentator": "0e65a44"}

CT_PROPERTIES = {  # foreground_intensity_properties_per_channel["0"] of each CT model
    "plain_aniso": {"percentile_00_5": -1000.0, "percentile_99_5": 1500.0, "mean": 50.0, "std": 300.0},
    "resenc": {"percentile_00_5": -1024.0, "percentile_99_5": 1200.0, "mean": 40.0, "std": 250.0},
    "legacy_plans": {"percentile_00_5": -980.0, "percentile_99_5": 1350.0, "mean": 60.0, "std": 280.0},
}
NOISE_HU = 3.0
TISSUES = {"air": -1000.0, "fat": -100.0, "soft_tissue": 40.0, "lung": -850.0, "kidney": 30.0, "liver": 65.0,
           "bone": 700.0, "marrow": 250.0}  # HU
TISSUE_IDS = list(TISSUES)
CLASS_OF_TISSUE = {"liver": 1, "kidney": 2, "bone": 3, "marrow": 3, "fat": 4, "lung": 5}
LABEL_NAMES = ["background", "liver", "kidney", "bone", "fat", "lung"]
PROBE_EXTENT_ZYX = [120.0, 144.0, 184.0]  # mm of phantom the segmentation layer is fitted on

# The fixture models. spacing and patch are in nnU-Net's (transposed) array order.
MODELS = [
    {"name": "plain_aniso", "dataset": "Dataset901_PlainAniso", "format": "current", "network": "PlainConvUNet",
     "trainer": "nnUNetTrainerNoMirroring", "plans_name": "nnUNetPlans", "folds": [0, 1], "classes": 5,
     "spacing": [4.0, 3.0, 2.5], "patch": [16, 32, 24], "features": [8, 12, 16, 24],
     "strides": [[1, 1, 1], [1, 2, 2], [2, 2, 2], [2, 2, 2]],
     "kernels": [[1, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]], "transpose": [0, 1, 2],
     "normalization": "CTNormalization", "step": 0.5, "seed": 901},
    {"name": "resenc", "dataset": "Dataset902_ResEnc", "format": "current", "network": "ResidualEncoderUNet",
     "trainer": "nnUNetTrainer_4000epochs_NoMirroring", "plans_name": "nnUNetResEncUNetMPlans", "folds": [0],
     "classes": 5, "spacing": [3.0, 3.0, 3.0], "patch": [24, 24, 24], "features": [8, 12, 16, 24],
     "strides": [[1, 1, 1], [2, 2, 2], [2, 2, 2], [2, 2, 2]],
     "kernels": [[3, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]], "transpose": [0, 1, 2],
     "normalization": "CTNormalization", "step": 0.8, "seed": 902},
    {"name": "legacy_plans", "dataset": "Dataset903_LegacyPlans", "format": "legacy", "network": "PlainConvUNet",
     "trainer": "nnUNetTrainerNoMirroring", "plans_name": "nnUNetPlans", "folds": [0], "classes": 5,
     "spacing": [2.0, 2.0, 2.0], "patch": [32, 32, 32], "features": [4, 8, 16, 16],
     "strides": [[1, 1, 1], [2, 2, 2], [2, 2, 2], [2, 2, 2]],
     "kernels": [[3, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]], "transpose": [0, 1, 2],
     "normalization": "CTNormalization", "step": 0.5, "seed": 903},
    # x is the coarse axis: nnU-Net puts it first (transpose_forward [2, 0, 1]); z-score normalisation
    {"name": "transposed_zscore", "dataset": "Dataset904_TransposedZScore", "format": "current",
     "network": "PlainConvUNet", "trainer": "nnUNetTrainer", "plans_name": "nnUNetPlans", "folds": [0],
     "classes": 4, "spacing": [3.5, 2.0, 2.0], "patch": [16, 32, 24], "features": [8, 12, 16],
     "strides": [[1, 1, 1], [1, 2, 2], [2, 2, 2]], "kernels": [[1, 3, 3], [3, 3, 3], [3, 3, 3]],
     "transpose": [2, 0, 1], "normalization": "ZScoreNormalization", "step": 0.5, "seed": 904},
]

# Synthetic CTs: array shape and the affine's 3x3 (columns = voxel axes in RAS mm), given or made of a
# rotation (degrees about z, then x) and voxel sizes; zero_slabs are set to exactly 0 (padding), which
# nnU-Net's crop to the non-zero bounding box removes.
CASES = [
    {"case": "lps_flip", "shape": [70, 60, 45], "axes": np.diag([-2.6, -2.4, 2.8])},
    {"case": "z_first", "shape": [40, 64, 90],
     "axes": np.array([[0.0, 0.0, 2.0], [0.0, -2.2, 0.0], [3.0, 0.0, 0.0]])},
    {"case": "oblique", "shape": [90, 70, 38], "rotation_deg": (12.0, 5.0), "zooms": [2.0, 2.0, 3.2]},
    {"case": "zero_border", "shape": [72, 56, 48], "axes": np.diag([2.5, 2.5, 2.5]),
     "zero_slabs": {"x_low": 4, "z_high": 3}},
    # 60 mm of 5 mm slices: thinner than every model's patch along z, so nnU-Net pads
    {"case": "thin_slab", "shape": [80, 64, 12], "axes": np.diag([2.2, 2.2, 5.0])},
]


def seeded(seed):
    torch.manual_seed(seed)
    return np.random.default_rng(seed)


# ---------------------------------------------------------------------------------------------
# a) model folders


def architecture(model):
    """The 'architecture' entry of current plans, as nnU-Net's planners write it."""
    stages = len(model["features"])
    blocks = "n_conv_per_stage" if model["network"] == "PlainConvUNet" else "n_blocks_per_stage"
    module = "dynamic_network_architectures.architectures.unet."
    return {"network_class_name": module + model["network"],
            "arch_kwargs": {"n_stages": stages, "features_per_stage": model["features"],
                            "conv_op": "torch.nn.modules.conv.Conv3d", "kernel_sizes": model["kernels"],
                            "strides": model["strides"],
                            blocks: [2] * stages if blocks == "n_conv_per_stage" else [1] + [2] * (stages - 1),
                            "n_conv_per_stage_decoder": [1] * (stages - 1), "conv_bias": True,
                            "norm_op": "torch.nn.modules.instancenorm.InstanceNorm3d",
                            "norm_op_kwargs": {"eps": 1e-05, "affine": True}, "dropout_op": None,
                            "dropout_op_kwargs": None, "nonlin": "torch.nn.LeakyReLU",
                            "nonlin_kwargs": {"inplace": True}},
            "_kw_requires_import": ["conv_op", "norm_op", "dropout_op", "nonlin"]}


def legacy_architecture(model):
    """The same U-Net in the older plans format TotalSegmentator's v2 weights use."""
    stages = len(model["features"])
    return {"UNet_class_name": model["network"], "UNet_base_num_features": model["features"][0],
            "n_conv_per_stage_encoder": [2] * stages, "n_conv_per_stage_decoder": [1] * (stages - 1),
            "num_pool_per_axis": [sum(1 for s in model["strides"] if s[axis] == 2) for axis in range(3)],
            "pool_op_kernel_sizes": model["strides"], "conv_kernel_sizes": model["kernels"],
            "unet_max_num_features": max(model["features"])}


def intensity_properties(model):
    props = CT_PROPERTIES.get(model["name"], {"percentile_00_5": -1000.0, "percentile_99_5": 1000.0,
                                             "mean": 0.0, "std": 500.0})
    return {"max": 3000.0, "median": props["mean"], "min": -1024.0, **props}


def plans_of(model):
    resampling = {"is_seg": False, "order": 3, "order_z": 0, "force_separate_z": None}
    configuration = {
        "data_identifier": model["plans_name"] + "_3d_fullres", "preprocessor_name": "DefaultPreprocessor",
        "batch_size": 2, "patch_size": model["patch"], "median_image_size_in_voxels": [100, 120, 120],
        "spacing": model["spacing"], "normalization_schemes": [model["normalization"]], "use_mask_for_norm": [False],
        "resampling_fn_data": "resample_data_or_seg_to_shape", "resampling_fn_seg": "resample_data_or_seg_to_shape",
        "resampling_fn_data_kwargs": resampling,
        "resampling_fn_seg_kwargs": {**resampling, "is_seg": True, "order": 1},
        "resampling_fn_probabilities": "resample_data_or_seg_to_shape",
        "resampling_fn_probabilities_kwargs": {**resampling, "order": 1},
        "batch_dice": False,
    }
    if model["format"] == "legacy":
        configuration.update(legacy_architecture(model))
    else:
        configuration["architecture"] = architecture(model)
    forward = model["transpose"]
    return {"dataset_name": model["dataset"], "plans_name": model["plans_name"],
            "original_median_spacing_after_transp": model["spacing"],
            "original_median_shape_after_transp": [100, 120, 120], "image_reader_writer": "SimpleITKIO",
            "transpose_forward": forward, "transpose_backward": [forward.index(i) for i in range(3)],
            "configurations": {"3d_fullres": configuration},
            "experiment_planner_used": "nnUNetPlannerResEncM" if model["network"] != "PlainConvUNet"
            else "ExperimentPlanner",
            "label_manager": "LabelManager",
            "foreground_intensity_properties_per_channel": {"0": intensity_properties(model)}}


def dataset_json_of(model):
    return {"channel_names": {"0": "CT"}, "labels": {name: i for i, name in enumerate(LABEL_NAMES[:model["classes"]])},
            "numTraining": 10, "file_ending": ".nii.gz", "name": model["dataset"],
            "description": "cohortseg golden fixture: random weights, not a trained model"}


def build_network(model, plans, dataset):
    """The network exactly as nnU-Net builds it for training (deep supervision on)."""
    plans_manager = PlansManager(copy.deepcopy(plans))
    configuration = plans_manager.get_configuration("3d_fullres")
    trainer = recursive_find_trainer_class_by_name(model["trainer"])
    heads = plans_manager.get_label_manager(dataset).num_segmentation_heads
    return trainer.build_network_architecture(plans_manager, configuration, 1, heads, True)


def fit_segmentation_layer(network, model, plans, rng):
    """Random He-initialised U-Nets put nearly every voxel in one class, in speckles. Keep the random
    U-Net but fit its full-resolution segmentation layer (a 1x1x1 convolution) by ridge regression on
    the phantom's tissues, window by window as inference sees them, so that the labels follow the
    anatomy with clear margins. The transposed convolutions get one weight for all kernel offsets
    (no checkerboard)."""
    seg_layer = network.decoder.seg_layers[-1]
    features, targets = [], []
    hook = seg_layer.register_forward_hook(lambda module, inputs, output: features.append(inputs[0]))
    with torch.no_grad():
        for module in network.decoder.modules():
            if isinstance(module, torch.nn.ConvTranspose3d):
                module.weight.copy_(module.weight.mean(dim=(2, 3, 4), keepdim=True).expand_as(module.weight))
        network.decoder.deep_supervision = False
        for window, classes in probe_windows(model, plans, rng):
            network(window)
            targets.append(classes)
        network.decoder.deep_supervision = True
    hook.remove()
    x = torch.cat([f[0].flatten(1) for f in features], dim=1).T.double()
    x = torch.cat([x, torch.ones(len(x), 1, dtype=x.dtype)], dim=1)
    y = torch.nn.functional.one_hot(torch.from_numpy(np.concatenate(targets)), model["classes"]).double()
    weight = (1.0 / y.sum(dim=0).clamp(min=1.0))[y.argmax(dim=1)][:, None]  # every class counts the same
    gram = x.T @ (weight * x)
    solution = torch.linalg.solve(gram + 1e-6 * gram.trace() * torch.eye(x.shape[1], dtype=x.dtype),
                                  x.T @ (weight * y))
    solution *= 10.0  # logits of a few units
    with torch.no_grad():
        seg_layer.weight.copy_(solution[:-1].T.reshape(seg_layer.weight.shape).float())
        seg_layer.bias.copy_(solution[-1].float())


def probe_windows(model, plans, rng):
    """Patch-sized windows (network axis order) tiling a normalised phantom at the model spacing,
    with the class of each voxel (flattened)."""
    forward = model["transpose"]
    spacing_zyx = nnunet_to_onnx.untransposed(model["spacing"], forward)
    patch_zyx = nnunet_to_onnx.untransposed(model["patch"], forward)
    counts = [int(np.ceil(extent / s / p)) for extent, s, p in zip(PROBE_EXTENT_ZYX, spacing_zyx, patch_zyx)]
    hu, tissue = phantom_grid([c * p for c, p in zip(counts, patch_zyx)], spacing_zyx, rng)
    volume = normalise(hu, plans).transpose(forward)
    classes = class_of_tissue(tissue, model["classes"]).transpose(forward)
    patch = model["patch"]
    for index in np.ndindex(*[volume.shape[a] // patch[a] for a in range(3)]):
        window = tuple(slice(i * p, (i + 1) * p) for i, p in zip(index, patch))
        yield torch.from_numpy(volume[window][None, None].copy()), classes[window].ravel()


def checkpoint_of(network, model, plans, dataset, fold):
    """The dict nnUNetTrainer.save_checkpoint writes (nnU-Net 2.8.1), for a finished CPU run."""
    optimizer = torch.optim.SGD(network.parameters(), 1e-2, weight_decay=3e-5, momentum=0.99, nesterov=True)
    epochs = 4000 if "4000epochs" in model["trainer"] else 1000
    mirror_axes = (0, 1, 2) if model["trainer"] == "nnUNetTrainer" else None
    logging = {key: [] for key in ("mean_fg_dice", "ema_fg_dice", "dice_per_class_or_region", "train_losses",
                                   "val_losses", "lrs", "epoch_start_timestamps", "epoch_end_timestamps")}
    return {"network_weights": network.state_dict(), "optimizer_state": optimizer.state_dict(),
            "grad_scaler_state": None, "logging": logging, "_best_ema": None, "current_epoch": epochs,
            "init_args": {"plans": plans, "configuration": "3d_fullres", "fold": fold, "dataset_json": dataset,
                          "device": torch.device("cpu")},
            "trainer_name": model["trainer"], "inference_allowed_mirroring_axes": mirror_axes}


def write_model_folder(model):
    """work-local/nnunet_models/<model>/ with plans.json, dataset.json, fold_N/checkpoint_final.pth."""
    folder = os.path.join(MODEL_FOLDERS, model["name"])
    shutil.rmtree(folder, ignore_errors=True)
    plans, dataset = plans_of(model), dataset_json_of(model)
    os.makedirs(folder)
    save_json(plans, os.path.join(folder, "plans.json"), sort_keys=False)
    save_json(dataset, os.path.join(folder, "dataset.json"), sort_keys=False)
    for fold in model["folds"]:
        rng = seeded(model["seed"] * 10 + fold)
        network = build_network(model, plans, dataset)
        network.eval()
        fit_segmentation_layer(network, model, plans, rng)
        os.makedirs(os.path.join(folder, "fold_%d" % fold))
        torch.save(checkpoint_of(network, model, plans, dataset, fold),
                   os.path.join(folder, "fold_%d" % fold, "checkpoint_final.pth"))
    return folder


# ---------------------------------------------------------------------------------------------
# synthetic anatomy


def phantom(x, y, z):
    """HU and tissue (index into TISSUES) of a body-like phantom at RAS world coordinates (mm)."""
    tissue = np.zeros(np.shape(x), dtype=np.int64)
    tissue[(x / 85.0) ** 2 + (y / 65.0) ** 2 <= 1.0] = TISSUE_IDS.index("fat")
    tissue[(x / 78.0) ** 2 + (y / 58.0) ** 2 <= 1.0] = TISSUE_IDS.index("soft_tissue")
    for side in (-1, 1):
        lung = ((x - side * 38) / 28.0) ** 2 + ((y - 8) / 32.0) ** 2 + ((z - 55) / 40.0) ** 2 <= 1.0
        tissue[lung] = TISSUE_IDS.index("lung")
        kidney = ((x - side * 40) / 14.0) ** 2 + ((y + 28) / 18.0) ** 2 + ((z + 25) / 22.0) ** 2 <= 1.0
        tissue[kidney] = TISSUE_IDS.index("kidney")
    liver = ((x + 32) / 34.0) ** 2 + ((y - 12) / 30.0) ** 2 + ((z - 5) / 28.0) ** 2 <= 1.0
    tissue[liver] = TISSUE_IDS.index("liver")
    spine = x ** 2 + (y + 42) ** 2
    tissue[spine <= 14.0 ** 2] = TISSUE_IDS.index("bone")
    tissue[spine <= 7.0 ** 2] = TISSUE_IDS.index("marrow")
    texture = 25.0 * np.sin(x / 23.0) * np.cos(y / 31.0) * np.sin(z / 17.0 + 0.5)
    return np.array(list(TISSUES.values()))[tissue] + texture, tissue


def class_of_tissue(tissue, classes):
    """The fixture class of each tissue (background where the model has fewer classes)."""
    lookup = np.array([CLASS_OF_TISSUE.get(name, 0) for name in TISSUE_IDS])
    lookup[lookup >= classes] = 0
    return lookup[tissue]


def phantom_grid(shape_zyx, spacing_zyx, rng):
    """Phantom HU (with noise) and tissues on a zyx grid centred on the phantom."""
    axes = [(np.arange(n) - (n - 1) / 2.0) * s for n, s in zip(shape_zyx, spacing_zyx)]
    z, y, x = np.meshgrid(*axes, indexing="ij")
    hu, tissue = phantom(x, y, z)
    return hu + rng.normal(0.0, NOISE_HU, shape_zyx), tissue


def normalise(volume, plans):
    """nnU-Net's CTNormalization / ZScoreNormalization (float32)."""
    volume = volume.astype(np.float32)
    scheme = plans["configurations"]["3d_fullres"]["normalization_schemes"][0]
    if scheme == "CTNormalization":
        props = plans["foreground_intensity_properties_per_channel"]["0"]
        volume = np.clip(volume, props["percentile_00_5"], props["percentile_99_5"])
        return ((volume - props["mean"]) / props["std"]).astype(np.float32)
    return ((volume - volume.mean()) / max(volume.std(), 1e-8)).astype(np.float32)


def rotation(z_deg, x_deg):
    a, b = np.radians(z_deg), np.radians(x_deg)
    rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
    return rz @ rx


def case_affine(case):
    axes = case["axes"] if "axes" in case else rotation(*case["rotation_deg"]) @ np.diag(case["zooms"])
    centre_voxel = (np.array(case["shape"]) - 1) / 2.0
    affine = np.eye(4)
    affine[:3, :3] = axes
    affine[:3, 3] = -axes @ centre_voxel + np.array([3.0, -4.0, 10.0])
    return affine


def write_case_ct(case, rng):
    """cases/<case>/ct.nii.gz (int16) and its path."""
    affine = case_affine(case)
    ijk = np.stack(np.meshgrid(*[np.arange(n) for n in case["shape"]], indexing="ij"), axis=-1)
    world = ijk @ affine[:3, :3].T + affine[:3, 3]
    hu = phantom(world[..., 0], world[..., 1], world[..., 2] - 10.0)[0] + rng.normal(0.0, NOISE_HU, case["shape"])
    data = np.round(hu).astype(np.int16)
    slabs = case.get("zero_slabs", {})
    if "x_low" in slabs:
        data[:slabs["x_low"]] = 0
    if "z_high" in slabs:
        data[:, :, -slabs["z_high"]:] = 0
    image = nib.Nifti1Image(data, affine)
    image.header.set_xyzt_units("mm", "sec")
    path = os.path.join(HERE, "cases", case["case"], "ct.nii.gz")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    nib.save(image, path)
    return path


# ---------------------------------------------------------------------------------------------
# b) export, c) logits


def export(model, folder):
    out = os.path.join(HERE, "models", model["name"])
    shutil.rmtree(out, ignore_errors=True)
    nnunet_to_onnx.main(["--model-folder", folder, "--out", out, "--name", model["name"],
                         "--step", str(model["step"])])
    return nnunet_to_onnx.load_json(os.path.join(out, model["name"] + ".json"))


def write_f32(path, array):
    """Raw little-endian float32 in C order of the [N, C, z, y, x] tensor (x fastest)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.ascontiguousarray(array, dtype="<f4").tofile(path)


def logits_fixtures(model, folder, spec):
    """Per fold: a seeded normalised patch (z, y, x) and the network's float32 logits for it."""
    plans = nnunet_to_onnx.load_json(os.path.join(folder, "plans.json"))
    dataset = nnunet_to_onnx.load_json(os.path.join(folder, "dataset.json"))
    forward = model["transpose"]
    backward = [forward.index(i) for i in range(3)]
    entries = []
    for fold in model["folds"]:
        rng = seeded(model["seed"] * 100 + fold)
        patch = spec["patch_size"]
        volume = phantom_grid(patch, nnunet_to_onnx.untransposed(model["spacing"], forward), rng)[0]
        x = normalise(volume, plans) + rng.normal(0.0, 0.1, patch).astype(np.float32)
        network = build_network(model, plans, dataset)
        checkpoint = torch.load(os.path.join(folder, "fold_%d" % fold, "checkpoint_final.pth"), map_location="cpu")
        network.load_state_dict(checkpoint["network_weights"])
        network.decoder.deep_supervision = False
        network.eval()
        with torch.no_grad():
            logits = network(torch.from_numpy(x.transpose(forward)[None, None].copy()))[0].numpy()
        logits = logits.transpose([0] + [a + 1 for a in backward])[None]
        stem = "logits/%s_fold%d" % (model["name"], fold)
        write_f32(os.path.join(HERE, stem + "_input.f32"), x[None, None])
        write_f32(os.path.join(HERE, stem + "_logits.f32"), logits)
        onnx = spec["parts"][0]["onnx"]
        onnx = onnx[model["folds"].index(fold)] if isinstance(onnx, list) else onnx
        entries.append({"model": model["name"], "onnx": "models/%s/%s" % (model["name"], onnx),
                        "input": stem + "_input.f32", "logits": stem + "_logits.f32",
                        "input_shape": [1, 1] + list(patch), "logits_shape": list(logits.shape),
                        "logits_range": [float(logits.min()), float(logits.max())]})
    return entries


# ---------------------------------------------------------------------------------------------
# d) reference segmentation, TotalSegmentator's pipeline with nnU-Net's predictor


def predictor_for(folder, folds, step):
    predictor = nnUNetPredictor(tile_step_size=step, use_gaussian=True, use_mirroring=False,
                                perform_everything_on_device=False, device=torch.device("cpu"),
                                verbose=False, verbose_preprocessing=False, allow_tqdm=False)
    predictor.initialize_from_trained_model_folder(folder, use_folds=folds, checkpoint_name="checkpoint_final.pth")
    return predictor


class Float32Accumulation:
    """Diagnostic only: runs nnU-Net's sliding window with float32 instead of float16 accumulators
    (the Gaussian stays float16), to count the voxels whose label depends on that precision."""

    class _Torch:
        def __getattr__(self, name):
            return torch.float32 if name == "half" else getattr(torch, name)

    def __enter__(self):
        nnunet_prediction.torch = self._Torch()

    def __exit__(self, *exc):
        nnunet_prediction.torch = torch


def reference_segmentation(ct_path, predictor, spacing_xyz, tmp):
    """Labels on the CT's own grid, as TotalSegmentator's nnUNet_predict_image computes them
    (no crop, no postprocessing), plus the count of voxels a float32 accumulation would change."""
    original = nib.load(ct_path)
    image = nib.Nifti1Image(original.get_fdata(), original.affine)
    image = as_closest_canonical(image)
    resampled = change_spacing(image, list(spacing_xyz), order=1, dtype=np.int32, nr_cpus=1)
    resampled_path = os.path.join(tmp, "s01_0000.nii.gz")
    nib.save(resampled, resampled_path)
    data, properties = NibabelIO().read_images([resampled_path])
    labels = predict_back(predictor, data, properties, resampled, image, original, spacing_xyz)
    with Float32Accumulation():
        labels32 = predict_back(predictor, data, properties, resampled, image, original, spacing_xyz)
    return labels, int(np.count_nonzero(labels != labels32))


def predict_back(predictor, data, properties, resampled, canonical, original, spacing_xyz):
    segmentation = predictor.predict_single_npy_array(data, copy.deepcopy(properties), None, None, False)
    predicted = nib.Nifti1Image(segmentation.transpose(2, 1, 0).astype(np.uint8), resampled.affine)
    predicted = change_spacing(predicted, list(spacing_xyz), canonical.shape, order=0, dtype=np.uint8, nr_cpus=1,
                               force_affine=canonical.affine)
    predicted = undo_canonical(predicted, original)
    assert predicted.shape == original.shape and np.allclose(predicted.affine, original.affine, atol=1e-4)
    return predicted.get_fdata().astype(np.uint8)


def save_labels(labels, like, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image = nib.Nifti1Image(labels.astype(np.uint8), like.affine)
    image.header.set_xyzt_units("mm", "sec")
    nib.save(image, path)


def label_counts(labels):
    values, counts = np.unique(labels, return_counts=True)
    return {str(int(v)): int(c) for v, c in zip(values, counts)}


def sha256_of(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


# ---------------------------------------------------------------------------------------------
# e) TotalSegmentator's python API, end to end


def totalsegmentator_end_to_end(model_folder, cases, tmp):
    """Plants the model as TotalSegmentator's task 297 ("total --fast": 3 mm, step 0.8, trainer
    nnUNetTrainer_4000epochs_NoMirroring, nnUNetPlans) and runs totalsegmentator() on the cases.
    The planted plans name NibabelIO as reader (SimpleITK is not installed; for these images it reads
    the same array and spacing). Returns per case: agreement with d) and TotalSegmentator's statistics."""
    home = os.path.join(tmp, "totalseg_home")
    planted = os.path.join(home, "nnunet", "results", "Dataset297_TotalSegmentator_total_3mm_1559subj",
                           "nnUNetTrainer_4000epochs_NoMirroring__nnUNetPlans__3d_fullres")
    shutil.copytree(model_folder, planted)
    plans = nnunet_to_onnx.load_json(os.path.join(planted, "plans.json"))
    plans["image_reader_writer"] = "NibabelIO"
    save_json(plans, os.path.join(planted, "plans.json"), sort_keys=False)
    with open(os.path.join(home, "config.json"), "w") as handle:
        json.dump({"totalseg_id": "totalseg_fixture", "send_usage_stats": False, "prediction_counter": 0,
                   "statistics_disclaimer_shown": True}, handle)
    os.environ["TOTALSEG_HOME_DIR"] = home
    import multiprocessing
    multiprocessing.cpu_count = lambda: 1  # TotalSegmentator sets torch's threads to cpu_count on CPU
    from totalsegmentator.python_api import totalsegmentator
    results = {}
    for case, ct_path, reference in cases:
        out = os.path.join(tmp, "ts_" + case)
        totalsegmentator(ct_path, os.path.join(out, "seg.nii.gz"), ml=True, fast=True, device="cpu", quiet=True,
                         statistics=True, statistics_exclude_masks_at_border=False, nr_thr_resamp=1,
                         nr_thr_saving=1)
        labels = np.asanyarray(nib.load(os.path.join(out, "seg.nii.gz")).dataobj).astype(np.uint8)
        results[case] = {"differing_voxels": int(np.count_nonzero(labels != reference)),
                         "statistics": nnunet_to_onnx.load_json(os.path.join(out, "statistics.json"))}
        torch.set_num_threads(1)
    return results


# ---------------------------------------------------------------------------------------------


def main():
    started = time.time()
    for name in ("models", "logits", "cases", "real_ct"):
        shutil.rmtree(os.path.join(HERE, name), ignore_errors=True)
    expected = {"models": [], "logits": [], "cases": [],
                "real_ct": {"file": os.path.basename(REAL_CT), "sha256": sha256_of(REAL_CT), "references": []},
                "reference_tool": {**REFERENCE_COMMITS, "torch": torch.__version__, "numpy": np.__version__,
                                   "nibabel": nib.__version__, "stubbed": STUBBED}}
    case_paths = [(case["case"], write_case_ct(case, seeded(1000 + i))) for i, case in enumerate(CASES)]
    ts_inputs = []
    with tempfile.TemporaryDirectory(prefix="nnunet_fixtures_") as tmp:
        for model in MODELS:
            folder = write_model_folder(model)
            spec = export(model, folder)
            expected["models"].append({"name": model["name"], "spec": "models/%s/%s.json" % (model["name"],
                                                                                            model["name"]),
                                       "folds": model["folds"]})
            expected["logits"].extend(logits_fixtures(model, folder, spec))
            predictor = predictor_for(folder, model["folds"], spec["step"])
            for case, ct_path in case_paths + [("real_ct", REAL_CT)]:
                tick = time.time()
                labels, fp32_diff = reference_segmentation(ct_path, predictor, spec["spacing_mm"], tmp)
                like = nib.load(ct_path)
                counts = label_counts(labels)
                print("%-18s %-12s %6.1fs  float32-accumulation changes %d voxels  labels %s"
                      % (model["name"], case, time.time() - tick, fp32_diff, counts))
                entry = {"model": model["name"], "label_counts": counts, "float32_accumulation_diff_voxels": fp32_diff}
                if case == "real_ct":
                    entry["reference"] = "real_ct/%s_reference.nii.gz" % model["name"]
                    expected["real_ct"]["references"].append(entry)
                else:
                    entry = {"case": case, "ct": "cases/%s/ct.nii.gz" % case,
                             "reference": "cases/%s/%s_reference.nii.gz" % (case, model["name"]), **entry}
                    expected["cases"].append(entry)
                    if model["name"] == "resenc":
                        ts_inputs.append((case, ct_path, labels))
                save_labels(labels, like, os.path.join(HERE, entry["reference"]))
        ts = totalsegmentator_end_to_end(os.path.join(MODEL_FOLDERS, "resenc"), ts_inputs, tmp)
    for case, result in ts.items():
        print("TotalSegmentator API vs reference, resenc on %s: %d differing voxels"
              % (case, result["differing_voxels"]))
        with open(os.path.join(HERE, "cases", case, "resenc_totalsegmentator_statistics.json"), "w") as handle:
            json.dump(result["statistics"], handle, indent=1)
    expected["totalsegmentator_api"] = {
        "model": "resenc", "planted_as": "task 297 (total --fast)",
        "cases": [{"case": case, "differing_voxels": r["differing_voxels"],
                   "statistics": "cases/%s/resenc_totalsegmentator_statistics.json" % case} for case, r in ts.items()]}
    with open(os.path.join(HERE, "expected.json"), "w") as handle:
        json.dump(expected, handle, indent=1)
        handle.write("\n")
    print("done in %.0fs" % (time.time() - started))


if __name__ == "__main__":
    main()
