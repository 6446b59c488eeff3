"""Lets nnU-Net v2's inference code (and TotalSegmentator's) import with Debian's python3-torch 1.13
and without the packages that only training, plotting or file formats we do not read need.

install() must run before nnunetv2 is imported. It

* registers placeholder modules for packages that are imported but never used on the prediction
  path: SimpleITK (the fixtures read NIfTI with nnU-Net's NibabelIO), blosc2 (preprocessed-dataset
  storage), batchgeneratorsv2 (training augmentation), seaborn (training plots), sklearn
  (cross-validation splits), einops and timm (transformer architectures we do not build). Any
  attribute of a placeholder module is a placeholder class, so module-level annotations and
  default arguments resolve; instantiating or calling one raises;
* provides torch._dynamo.OptimizedModule (torch >= 2.0; never an instance here, nnU-Net only
  isinstance-checks against it) and torch.optim.lr_scheduler._enable_get_lr_call (a training-only
  scheduler helper torch 1.13 lacks).
"""
import importlib.abc
import importlib.util
import importlib.machinery
import sys
import types

PLACEHOLDER_PACKAGES = ("SimpleITK", "blosc2", "batchgeneratorsv2", "seaborn", "sklearn", "einops", "timm", "dicom2nifti")


class _PlaceholderType(type):
    """Attributes of a placeholder class are placeholder classes too (blosc2.Codec.LZ4HC)."""

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _PlaceholderType(name, (Placeholder,), {"__module__": cls.__module__})


class Placeholder(metaclass=_PlaceholderType):
    def __init__(self, *args, **kwargs):
        raise RuntimeError("%s.%s is a stub: this package is not installed (see RECIPE.md)"
                           % (type(self).__module__, type(self).__name__))


class _PlaceholderModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _PlaceholderType(name, (Placeholder,), {"__module__": self.__name__})


class _PlaceholderFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports any module of the placeholder packages as a placeholder module."""

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in PLACEHOLDER_PACKAGES:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        return _PlaceholderModule(spec.name)

    def exec_module(self, module):
        module.__path__ = []


def _torch_shims():
    import torch
    import torch.optim.lr_scheduler as schedulers
    if "torch._dynamo" not in sys.modules and not hasattr(torch, "_dynamo"):
        dynamo = types.ModuleType("torch._dynamo")

        class OptimizedModule(torch.nn.Module):
            """torch.compile's wrapper type; nothing here is compiled."""

        dynamo.OptimizedModule = OptimizedModule
        sys.modules["torch._dynamo"] = dynamo
        torch._dynamo = dynamo
    if not hasattr(schedulers, "_enable_get_lr_call"):
        def _enable_get_lr_call(scheduler):
            raise RuntimeError("torch.optim.lr_scheduler._enable_get_lr_call is a stub (training only)")
        schedulers._enable_get_lr_call = _enable_get_lr_call


def install():
    missing = [name for name in PLACEHOLDER_PACKAGES if importlib.util.find_spec(name) is None]
    if not any(isinstance(finder, _PlaceholderFinder) for finder in sys.meta_path):
        sys.meta_path.append(_PlaceholderFinder())
    _torch_shims()
    return missing
