"""Shared pieces of the phantom U-Net: classes, data loading, normalisation, network,
sliding-window inference and Dice.

Axis convention: every volume is held as a numpy array in (z, y, x) order of the canonical
RAS image, i.e. nibabel's canonical array ``arr[x, y, z]`` transposed with
``arr.transpose(2, 1, 0)``. Network tensors are [N, C, D, H, W] with (D, H, W) = (z, y, x).
Label volumes hold channel indices 0..18 (see ``CLASSES``), not global ids.
"""
import csv
import itertools
import json
import math
import os
import tempfile
from dataclasses import dataclass

import nibabel as nib
import numpy as np
import torch
from scipy.ndimage import gaussian_filter
from torch import nn

# Model classes in channel order 1..18 (channel 0 = background), as TotalSegmentator v2 global ids.
CLASSES = (
    (1, "spleen"),
    (2, "kidney_right"),
    (3, "kidney_left"),
    (5, "liver"),
    (21, "urinary_bladder"),
    (27, "vertebrae_L5"),
    (28, "vertebrae_L4"),
    (29, "vertebrae_L3"),
    (30, "vertebrae_L2"),
    (31, "vertebrae_L1"),
    (52, "aorta"),
    (63, "inferior_vena_cava"),
    (77, "hip_left"),
    (78, "hip_right"),
    (86, "autochthon_left"),
    (87, "autochthon_right"),
    (88, "iliopsoas_left"),
    (89, "iliopsoas_right"),
)
NUM_CHANNELS = len(CLASSES) + 1
CHANNEL_NAMES = ("background",) + tuple(name for _, name in CLASSES)

SPACING_MM = 3.0
SPACING_TOLERANCE_MM = 1e-3
STAGE_CHANNELS = (8, 16, 32, 64)
INPUT_AXES = "zyx"
WINDOW_STEP = 0.5
GAUSSIAN_SIGMA_SCALE = 1.0 / 8

MANIFEST_COLUMNS = ("scan_id", "subject_id", "path", "label_path", "age", "sex")
# nnU-Net's fingerprint extractor draws this many foreground voxels per case (with replacement)
# from a RandomState created afresh with this seed for every case.
INTENSITY_SEED = 1234
INTENSITY_SAMPLES_PER_CASE = 10000
STD_FLOOR = 1e-8


# ----------------------------------------------------------------------------- data


@dataclass
class Case:
    """One scan in (z, y, x) order: ``image`` float32 (HU, or normalised once
    ``normalize_cases`` ran), ``label`` uint8 channel indices on the same grid."""

    scan_id: str
    subject_id: str
    image: np.ndarray
    label: np.ndarray


def channel_lookup():
    """Return a 256-entry uint8 table that maps a global TotalSegmentator v2 id to its channel
    (ids not in ``CLASSES`` map to 0)."""
    table = np.zeros(256, dtype=np.uint8)
    for channel, (global_id, _) in enumerate(CLASSES, start=1):
        table[global_id] = channel
    return table


def read_manifest(folder):
    """Read ``folder/manifest.csv`` and return its rows as dicts; fail on missing columns."""
    path = os.path.join(folder, "manifest.csv")
    with open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        rows = list(reader)
    if not rows:
        raise ValueError(f"{path}: no cases listed")
    return rows


def load_canonical_zyx(path):
    """Load a NIfTI with ``get_fdata`` (scl_slope/scl_inter applied), reorient it to the
    closest canonical RAS and return ``(float32 array in (z, y, x), canonical affine)``.

    Raises ValueError unless the voxel size is ``SPACING_MM`` isotropic: this model does not
    resample, the generator must write the training grid directly.
    """
    image = nib.as_closest_canonical(nib.load(path))
    spacing = nib.affines.voxel_sizes(image.affine)
    if len(image.shape) != 3:
        raise ValueError(f"{path}: expected a 3-D image, got shape {image.shape}")
    if np.any(np.abs(spacing - SPACING_MM) > SPACING_TOLERANCE_MM):
        raise ValueError(f"{path}: voxel size {tuple(spacing)} mm, the model needs "
                         f"{SPACING_MM} mm isotropic (tolerance {SPACING_TOLERANCE_MM} mm)")
    data = image.get_fdata(dtype=np.float32)
    return np.ascontiguousarray(data.transpose(2, 1, 0)), image.affine


def load_case(folder, row, lookup):
    """Load one manifest row as a ``Case`` with the image in HU and the labels as channels."""
    image_path = os.path.join(folder, row["path"])
    label_path = os.path.join(folder, row["label_path"])
    image, image_affine = load_canonical_zyx(image_path)
    labels, label_affine = load_canonical_zyx(label_path)
    if image.shape != labels.shape or not np.allclose(image_affine, label_affine, atol=1e-3):
        raise ValueError(f"{label_path}: grid differs from {image_path} "
                         f"(shape {labels.shape} vs {image.shape})")
    if labels.min() < 0 or labels.max() > 255 or np.any(labels != np.round(labels)):
        raise ValueError(f"{label_path}: labels must be integers in 0..255")
    return Case(row["scan_id"], row["subject_id"], image, lookup[labels.astype(np.uint8)])


def load_cases(folder):
    """Load every case listed in ``folder/manifest.csv``, in manifest order."""
    lookup = channel_lookup()
    return [load_case(folder, row, lookup) for row in read_manifest(folder)]


# ----------------------------------------------------------------------------- normalisation


def intensity_properties(cases):
    """Foreground intensity statistics as nnU-Net's dataset fingerprint computes them.

    Per case, ``INTENSITY_SAMPLES_PER_CASE`` voxels with channel label > 0 are drawn with
    replacement (RandomState(INTENSITY_SEED), fresh per case); the pooled samples give the
    0.5 and 99.5 percentiles and the mean and (population) standard deviation. As in
    nnU-Net, mean and std are taken over the unclipped samples.
    Returns ``{"clip_low", "clip_high", "mean", "std"}`` as Python floats.
    """
    samples = []
    for case in cases:
        foreground = case.image[case.label > 0]
        if foreground.size:
            draw = np.random.RandomState(INTENSITY_SEED)
            samples.append(draw.choice(foreground, INTENSITY_SAMPLES_PER_CASE, replace=True))
    if not samples:
        raise ValueError("the training set has no foreground voxels")
    values = np.concatenate(samples).astype(np.float64)
    low, high = np.percentile(values, (0.5, 99.5))
    return {"clip_low": float(low), "clip_high": float(high),
            "mean": float(values.mean()), "std": float(values.std())}


def normalize(image, props):
    """nnU-Net CT normalisation: clip to [clip_low, clip_high], subtract mean, divide by
    max(std, 1e-8). Returns a new float32 array."""
    out = np.clip(image, props["clip_low"], props["clip_high"]).astype(np.float32)
    out -= np.float32(props["mean"])
    out /= np.float32(max(props["std"], STD_FLOOR))
    return out


def normalize_cases(cases, props):
    """Replace every case's HU image by its normalised version (frees the HU copy)."""
    for case in cases:
        case.image = normalize(case.image, props)


# ----------------------------------------------------------------------------- network


class ConvNormAct(nn.Sequential):
    """Conv3d 3x3x3 -> InstanceNorm3d(affine, eps 1e-5) -> LeakyReLU(0.01)."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__(
            nn.Conv3d(in_channels, out_channels, 3, stride=stride, padding=1),
            nn.InstanceNorm3d(out_channels, eps=1e-5, affine=True),
            nn.LeakyReLU(0.01, inplace=True),
        )


class Stage(nn.Sequential):
    """Two ``ConvNormAct``; the first one carries the (down-sampling) stride."""

    def __init__(self, in_channels, out_channels, stride):
        super().__init__(ConvNormAct(in_channels, out_channels, stride),
                         ConvNormAct(out_channels, out_channels))


class PhantomUNet(nn.Module):
    """nnU-Net-like 3-D U-Net. Input [N, 1, D, H, W] (D, H, W = z, y, x, each a multiple of
    2**(levels-1)); output logits [N, NUM_CHANNELS, D, H, W]."""

    def __init__(self, channels=STAGE_CHANNELS, num_classes=NUM_CHANNELS):
        super().__init__()
        ins = (1,) + tuple(channels[:-1])
        self.encoder = nn.ModuleList(
            Stage(cin, cout, 1 if level == 0 else 2)
            for level, (cin, cout) in enumerate(zip(ins, channels)))
        finer = tuple(reversed(channels[:-1]))
        coarser = tuple(reversed(channels[1:]))
        self.upsample = nn.ModuleList(
            nn.ConvTranspose3d(cin, cout, 2, stride=2) for cin, cout in zip(coarser, finer))
        self.decoder = nn.ModuleList(Stage(2 * c, c, 1) for c in finer)
        self.head = nn.Conv3d(channels[0], num_classes, 1)
        self.apply(_init_weights)

    def forward(self, x):
        skips = []
        for stage in self.encoder:
            x = stage(x)
            skips.append(x)
        x = skips.pop()
        for upsample, stage in zip(self.upsample, self.decoder):
            x = stage(torch.cat((upsample(x), skips.pop()), dim=1))
        return self.head(x)


def _init_weights(module):
    """He initialisation for LeakyReLU(0.01), zero biases (as nnU-Net)."""
    if isinstance(module, (nn.Conv3d, nn.ConvTranspose3d)):
        nn.init.kaiming_normal_(module.weight, a=1e-2)
        nn.init.zeros_(module.bias)


def count_parameters(model):
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# ----------------------------------------------------------------------------- sliding window


def window_starts(image_size, patch_size, step):
    """Window start indices per axis, as nnU-Net's ``compute_steps_for_sliding_window``:
    n = ceil((size - patch) / (patch * step)) + 1 windows, evenly spaced between 0 and
    size - patch, rounded half-to-even (numpy round). E.g. size 110, patch 64, step 0.5
    gives [0, 23, 46]. Every size must be >= its patch (pad first)."""
    starts = []
    for size, patch in zip(image_size, patch_size):
        if size < patch:
            raise ValueError(f"image size {size} < patch {patch}: pad the image first")
        count = int(math.ceil((size - patch) / (patch * step))) + 1
        spacing = (size - patch) / (count - 1) if count > 1 else 0.0
        starts.append([int(np.round(spacing * i)) for i in range(count)])
    return starts


def gaussian_importance(patch_size, sigma_scale=GAUSSIAN_SIGMA_SCALE):
    """nnU-Net's Gaussian importance map: a unit impulse at ``patch // 2`` blurred with
    sigma = patch * sigma_scale (scipy ``gaussian_filter``, constant 0 border), divided by
    its maximum; zeros are replaced by the smallest non-zero value so that no voxel gets
    zero weight. Returns float32 of shape ``patch_size``."""
    impulse = np.zeros(patch_size)
    impulse[tuple(p // 2 for p in patch_size)] = 1.0
    weights = gaussian_filter(impulse, [p * sigma_scale for p in patch_size],
                              order=0, mode="constant", cval=0.0)
    weights = (weights / weights.max()).astype(np.float32)
    weights[weights == 0] = weights[weights > 0].min()
    return weights


def pad_to_patch(image, patch_size, value=0.0):
    """Pad each axis shorter than the patch symmetrically (extra voxel after) with ``value``,
    as nnU-Net's ``pad_nd_image``. Returns ``(padded, slices that undo the padding)``."""
    widths = []
    for size, patch in zip(image.shape, patch_size):
        missing = max(patch - size, 0)
        widths.append((missing // 2, missing - missing // 2))
    padded = np.pad(image, widths, mode="constant", constant_values=value)
    return padded, tuple(slice(lo, lo + size) for (lo, _), size in zip(widths, image.shape))


def sliding_window_logits(model, image, patch_size, step=WINDOW_STEP, batch_size=2,
                          device="cpu"):
    """Gaussian-weighted sliding-window logits of a normalised (z, y, x) image.

    The image is padded with 0 to at least the patch size, windows follow
    ``window_starts``, each window's logits are multiplied by ``gaussian_importance`` and
    accumulated with the weights; the sum is divided by the summed weights and the padding
    removed. Returns float32 [NUM_CHANNELS, z, y, x]. No test-time mirroring.
    """
    padded, unpad = pad_to_patch(image, patch_size, 0.0)
    weights = torch.from_numpy(gaussian_importance(patch_size))
    logit_sum = torch.zeros((NUM_CHANNELS,) + padded.shape)
    weight_sum = torch.zeros(padded.shape)
    source = torch.from_numpy(padded)
    windows = [tuple(slice(s, s + p) for s, p in zip(start, patch_size))
               for start in itertools.product(*window_starts(padded.shape, patch_size, step))]
    model.eval()
    with torch.no_grad():
        for first in range(0, len(windows), batch_size):
            group = windows[first:first + batch_size]
            batch = torch.stack([source[w] for w in group]).unsqueeze(1).to(device)
            for window, logits in zip(group, model(batch).float().cpu()):
                logit_sum[(slice(None),) + window] += logits * weights
                weight_sum[window] += weights
    merged = logit_sum / weight_sum
    if not torch.isfinite(merged).all():
        raise FloatingPointError("non-finite logits after merging windows; check the input "
                                 "normalisation and the model weights")
    return merged[(slice(None),) + unpad].numpy()


def segment(model, image, patch_size, device="cpu"):
    """Channel-index label map (uint8, z, y, x) of a normalised image: argmax of the
    sliding-window logits."""
    logits = sliding_window_logits(model, image, patch_size, device=device)
    return logits.argmax(axis=0).astype(np.uint8)


# ----------------------------------------------------------------------------- metrics


def dice_per_class(prediction, truth):
    """Dice of every foreground channel between two channel-index maps.

    Returns ``{channel: dice}``; a channel absent from both maps gets ``None`` (excluded
    from means), one present in only one of them gets 0.0.
    """
    pairs = truth.astype(np.int64).ravel() * NUM_CHANNELS + prediction.astype(np.int64).ravel()
    confusion = np.bincount(pairs, minlength=NUM_CHANNELS ** 2).reshape(NUM_CHANNELS,
                                                                         NUM_CHANNELS)
    result = {}
    for channel in range(1, NUM_CHANNELS):
        both = confusion[channel, channel]
        total = confusion[channel, :].sum() + confusion[:, channel].sum()
        result[channel] = None if total == 0 else float(2.0 * both / total)
    return result


# ----------------------------------------------------------------------------- files


def write_json_atomic(path, payload):
    """Write JSON to a temporary file in the same folder and move it into place."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    with os.fdopen(handle, "w") as out:
        json.dump(payload, out, indent=2)
        out.write("\n")
    _publish(temp, path)


def save_torch_atomic(path, payload):
    """``torch.save`` to a temporary file in the same folder, then ``os.replace``."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pt")
    os.close(handle)
    torch.save(payload, temp)
    _publish(temp, path)


def _publish(temp, path):
    """Give a finished temporary file the usual permissions (mkstemp makes it 0600) and
    move it atomically to ``path``."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)
    os.replace(temp, path)


def load_model(path):
    """Load ``model_final.pt`` written by train.py: returns ``(model in eval mode, payload)``."""
    payload = torch.load(path, map_location="cpu")
    if [tuple(c) for c in payload["classes"]] != list(CLASSES):
        raise ValueError(f"{path}: class list differs from common.CLASSES")
    model = PhantomUNet(tuple(payload["stage_channels"]))
    model.load_state_dict(payload["state_dict"])
    model.eval()
    return model, payload
