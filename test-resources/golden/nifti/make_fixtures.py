#!/usr/bin/python3
"""Golden NIfTI fixtures: small files plus what nibabel reads from them.

Run with the system Python (Debian's python3-nibabel 5.0 and numpy):

    /usr/bin/python3 test-resources/golden/nifti/make_fixtures.py [--example-ct PATH]

It rewrites files/ and expected.json next to this script. Everything is deterministic (fixed
seeds, gzip mtime 0), so a rerun with the same nibabel/numpy gives identical bytes.

Why the files are written by hand (header via nibabel, voxel bytes via numpy) instead of with
nib.save: nibabel's writer recomputes scl_slope/scl_inter and may change the stored dtype, and
the point here is to control exactly what is stored (datatype, byte order, scaling, codes,
extensions). The *expected* values are then always what nib.load() makes of the file, which is
the behaviour the Java codec (org.cohortseg.nifti) must reproduce.

expected.json layout (non-finite floats are written as the strings "NaN", "Infinity",
"-Infinity" so that the file stays strict JSON):

  good[]: name, file (relative to this folder), header (fields as stored in the file, parsed by
          nibabel without its fix-ups), affine (img.affine, nibabel's best affine), axcodes,
          zooms (header.get_zooms()[:3]), shape (img.shape), checksums, first5/last5 (values of
          get_fdata() in Fortran order = NIfTI order, x fastest), canonical {axcodes, affine,
          shape, checksums} of nib.as_closest_canonical(img)
  bad[]:  name, file, exception (simple class name the Java reader must throw), why, nibabel
          (what nibabel does with the file: "reads" or its exception class, for information)
  example_ct: as a good entry, file relative to the repository root (only if the CT exists)
"""
import argparse
import gzip
import io
import json
import logging
import math
import zlib
from pathlib import Path

import nibabel as nib
import numpy as np

HERE = Path(__file__).resolve().parent
FILES = HERE / 'files'
EXPECTED = HERE / 'expected.json'
REPO_ROOT = HERE.parents[2]
# The real CT lives in the shared data folder beside the repository, not in it.
EXAMPLE_CT_REL = '../shared/data/example_ct.nii.gz'

SHAPE = (7, 6, 5)  # odd and distinct extents: axis mix-ups change the shape
RAS = np.diag([0.8, 0.9, 2.5, 1.0])
RAS[:3, 3] = [-30.5, 12.25, 100.0]

# Checksums are exact (== in Java) when every partial sum is an integer below 2**53.
EXACT_LIMIT = 2.0 ** 53


# ---------------------------------------------------------------------------------------------
# geometry helpers
# ---------------------------------------------------------------------------------------------

def affine_from_columns(columns, origin):
    """Affine whose voxel axes 0, 1, 2 run along the given world (RAS, mm) vectors."""
    a = np.eye(4)
    a[:3, :3] = np.array(columns, dtype=float).T
    a[:3, 3] = origin
    return a


def rotation(axis, degrees):
    """Rotation matrix about `axis` (Rodrigues' formula)."""
    k = np.asarray(axis, dtype=float)
    k = k / np.linalg.norm(k)
    t = math.radians(degrees)
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + math.sin(t) * kx + (1 - math.cos(t)) * kx @ kx


def world_rotation(axis, degrees):
    """4x4 rotation about the origin; on the left of an affine it tilts the grid in world space."""
    a = np.eye(4)
    a[:3, :3] = rotation(axis, degrees)
    return a


def oblique(zooms, origin, degrees=20.0, axis=(0.3, 1.0, 0.2)):
    """An RAS-like grid tilted by `degrees`: still closest to RAS, but not axis-aligned."""
    a = np.eye(4)
    a[:3, :3] = rotation(axis, degrees) @ np.diag(zooms)
    a[:3, 3] = origin
    return a


LPS = affine_from_columns([(-0.7, 0, 0), (0, -0.7, 0), (0, 0, 1.25)], (40.0, 35.5, -60.0))
LAS = affine_from_columns([(-1.5, 0, 0), (0, 1.5, 0), (0, 0, 3.0)], (50.0, -20.0, -10.0))
ASL = affine_from_columns([(0, 1.1, 0), (0, 0, 1.3), (-0.9, 0, 0)], (25.0, -40.0, -33.0))
IRP = affine_from_columns([(0, 0, -2.0), (0.6, 0, 0), (0, -0.75, 0)], (-12.0, 80.0, 44.0))
OBLIQUE = oblique((1.2, 0.9, 2.0), (-20.0, 15.0, 7.5))


def column_norms(a):
    return np.sqrt((a[:3, :3] ** 2).sum(axis=0))


# ---------------------------------------------------------------------------------------------
# data and header construction
# ---------------------------------------------------------------------------------------------

def rng_for(name):
    """One fixed seed per fixture, so adding a fixture does not change the others."""
    return np.random.default_rng(zlib.crc32(name.encode()))


def random_data(name, dtype, shape=SHAPE):
    """Random voxels spanning the interesting part of the type's range.

    Unsigned types get values above the signed maximum (the reader must not sign-extend them);
    int64 gets values beyond 2**32 and one near -2**62 (rounded to float64 the same way by
    numpy and Java).
    """
    rng = rng_for(name)
    dt = np.dtype(dtype)
    if dt.kind == 'f':
        values = rng.normal(0.0, 300.0, size=shape)
        values[0, 0, 0] = -1024.0
        values[-1, -1, -1] = 3071.5
        return values.astype(dt)
    info = np.iinfo(dt)
    if dt == np.int64:
        values = rng.integers(-2 ** 40, 2 ** 40, size=shape, dtype=np.int64)
        values[1, 0, 0] = -(2 ** 62) + 12345
        return values
    values = rng.integers(int(info.min), int(info.max), size=shape, endpoint=True, dtype=dt)
    values.flat[0] = info.max
    values.flat[-1] = info.min
    return values


def ct_like(name, shape=SHAPE):
    """int16 values in the CT range (-1024..3071), as stored by scanners with slope 1."""
    return rng_for(name).integers(-1024, 3072, size=shape, dtype=np.int16)


def make_header(name, dtype, shape=SHAPE, endian='<', version=1, slope=1.0, inter=0.0):
    """A header with shape, stored dtype, byte order and raw scl_slope/scl_inter; no geometry yet."""
    cls = nib.Nifti2Header if version == 2 else nib.Nifti1Header
    hdr = cls(endianness=endian)
    hdr.set_data_dtype(dtype)
    hdr.set_data_shape(shape)
    hdr['scl_slope'] = slope
    hdr['scl_inter'] = inter
    hdr.set_xyzt_units('mm', 'sec')
    hdr['descrip'] = f'cohortseg golden {name}'[:79].encode()
    return hdr


def set_geometry(hdr, qform=None, sform=None, qform_code=1, sform_code=1, zooms=None):
    """Set qform and/or sform (None: code 0). set_qform also sets pixdim from the affine; without
    a qform, pixdim comes from `zooms` or the sform's column norms (what scanners write)."""
    if qform is not None:
        hdr.set_qform(qform, code=qform_code)
    else:
        hdr.set_qform(None, code=0)
    if sform is not None:
        hdr.set_sform(sform, code=sform_code)
    else:
        hdr.set_sform(None, code=0)
    if zooms is not None:
        hdr.set_zooms(tuple(zooms) + tuple(hdr.get_zooms()[3:]))
    elif qform is None and sform is not None:
        hdr.set_zooms(tuple(column_norms(sform)) + tuple(hdr.get_zooms()[3:]))
    return hdr


def set_pixdim(hdr, index, value):
    pixdim = hdr['pixdim'].copy()
    pixdim[index] = value
    hdr['pixdim'] = pixdim


def file_bytes(hdr, data, extensions=()):
    """Header (+ extension flag and extensions) + padding up to vox_offset + voxel bytes in the
    header's dtype and byte order, Fortran order (x fastest) as NIfTI stores them."""
    for code, content in extensions:
        hdr.extensions.append(nib.nifti1.Nifti1Extension(code, content))
    hdr['vox_offset'] = 0  # let nibabel place the data right after header and extensions
    out = io.BytesIO()
    hdr.write_to(out)
    offset = int(hdr['vox_offset'])
    out.write(b'\0' * (offset - out.tell()))
    out.write(np.asarray(data).astype(hdr.get_data_dtype()).tobytes(order='F'))
    return out.getvalue()


def save(name, raw):
    """Write raw file bytes, gzip-compressed (level 9, mtime 0: deterministic) for .gz names."""
    if name.endswith('.gz'):
        raw = gzip.compress(raw, compresslevel=9, mtime=0)
    (FILES / name).write_bytes(raw)
    return name


# ---------------------------------------------------------------------------------------------
# good fixtures: each function writes one or more files and returns their names
# ---------------------------------------------------------------------------------------------

DTYPES = ['uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float32', 'float64']


def good_datatypes():
    """Every supported datatype, little-endian, qform = sform = RAS; .gz and plain alternate."""
    names = []
    for i, dtype in enumerate(DTYPES):
        name = f'dtype_{dtype}.nii' + ('.gz' if i % 2 == 0 else '')
        hdr = set_geometry(make_header(name, dtype), qform=RAS, sform=RAS)
        names.append(save(name, file_bytes(hdr, random_data(name, dtype))))
    return names


def good_big_endian():
    """Big-endian files ('>' header): the reader must detect the order from sizeof_hdr."""
    names = []
    for dtype, suffix in [('int16', '.nii.gz'), ('uint16', '.nii'), ('uint32', '.nii.gz'),
                          ('int64', '.nii'), ('float64', '.nii.gz'), ('float32', '.nii')]:
        name = f'be_{dtype}{suffix}'
        hdr = set_geometry(make_header(name, dtype, endian='>'), qform=LPS, sform=LPS, sform_code=2)
        names.append(save(name, file_bytes(hdr, random_data(name, dtype))))
    name = 'be_scaled_int16.nii.gz'
    hdr = set_geometry(make_header(name, 'int16', endian='>', slope=0.5, inter=-1024.0), qform=RAS, sform=RAS)
    names.append(save(name, file_bytes(hdr, ct_like(name))))
    return names


def good_nifti2():
    """NIfTI-2 (540-byte header, 64-bit dims, float64 geometry and scaling)."""
    names = []
    name = 'nifti2_int16_both_differ.nii.gz'
    hdr = set_geometry(make_header(name, 'int16', version=2), qform=RAS, sform=OBLIQUE)
    names.append(save(name, file_bytes(hdr, ct_like(name))))

    name = 'nifti2_be_float64_qform_las.nii'
    hdr = set_geometry(make_header(name, 'float64', version=2, endian='>'), qform=LAS)
    names.append(save(name, file_bytes(hdr, random_data(name, 'float64'))))

    name = 'nifti2_scaled_uint16_ext.nii'
    hdr = set_geometry(make_header(name, 'uint16', version=2, slope=0.25, inter=-100.5), sform=ASL)
    names.append(save(name, file_bytes(hdr, random_data(name, 'uint16'), extensions=[(6, b'nifti2 comment')])))
    return names


def good_geometry():
    """qform only, sform only, both (different: sform wins), neither (nibabel's fall-back affine),
    and the orientations that catch axis mix-ups: LPS, LAS (qfac -1), ASL, IRP, oblique 20 deg."""
    cases = [
        # name, qform, sform, extra header tweak
        ('qform_only_las.nii.gz', LAS, None, None),
        ('qform_only_oblique.nii', OBLIQUE, None, None),
        ('sform_only_lps.nii.gz', None, LPS, None),
        ('sform_only_irp.nii', None, IRP, None),
        ('sform_only_oblique_asl.nii.gz', None, world_rotation((1, 0.5, 0), 20.0) @ ASL, None),
        # rotating voxel axes of unequal size makes the columns non-orthogonal (shear): only an
        # sform can hold this, nibabel still finds the closest orientation (ASL)
        ('sform_only_sheared.nii.gz', None, ASL @ world_rotation((1, 0.5, 0), 20.0), None),
        ('both_same_asl.nii.gz', ASL, ASL, None),
        ('both_differ_ras_irp.nii', RAS, IRP, None),
        # nibabel reads pixdim[0] = 0 as qfac 1 (NIfTI standard: anything but -1 is 1)
        ('qform_qfac0.nii.gz', RAS, None, lambda h: set_pixdim(h, 0, 0.0)),
        # voxel sizes (pixdim) need not equal the sform's column norms; zooms come from pixdim
        ('sform_pixdim_differs.nii', None, LPS, lambda h: h.set_zooms((1.0, 1.0, 2.0))),
        # sform_code 7 is not a NIfTI code: nib.load resets it to 0 and so uses the qform (RAS),
        # not the sform (LPS)
        ('sform_code_invalid.nii', RAS, LPS, lambda h: h.__setitem__('sform_code', 7)),
    ]
    names = []
    for name, qform, sform, tweak in cases:
        hdr = set_geometry(make_header(name, 'int16'), qform=qform, sform=sform, sform_code=2)
        if tweak:
            tweak(hdr)
        names.append(save(name, file_bytes(hdr, ct_like(name))))

    # no qform, no sform: nibabel's base affine (x flipped, centre voxel at 0); even and odd extents
    name = 'neither_form.nii.gz'
    shape = (6, 5, 4)
    hdr = set_geometry(make_header(name, 'float32', shape=shape), zooms=(0.5, 0.75, 2.0))
    names.append(save(name, file_bytes(hdr, random_data(name, 'float32', shape))))
    return names


def good_scaling():
    """scl_slope/scl_inter: applied (int16 and float32 CT-style 0.5/-1024, uint8 2.5/10), and the
    no-scaling cases nibabel recognises (slope 0, slope NaN, whatever the intercept)."""
    names = []
    for name, dtype, slope, inter in [
        ('scaled_int16.nii.gz', 'int16', 0.5, -1024.0),
        ('scaled_float32.nii', 'float32', 0.5, -1024.0),
        ('scaled_uint8.nii.gz', 'uint8', 2.5, 10.0),
        ('slope0_int16.nii', 'int16', 0.0, 5.0),
        ('slope_nan_int16.nii.gz', 'int16', float('nan'), float('nan')),
        ('slope_nan_inter3_int16.nii', 'int16', float('nan'), 3.0),
    ]:
        hdr = set_geometry(make_header(name, dtype, slope=slope, inter=inter), qform=RAS, sform=RAS)
        data = ct_like(name) if dtype == 'int16' else random_data(name, dtype)
        names.append(save(name, file_bytes(hdr, data)))
    return names


def good_layout():
    """Layout variants: 4-D with one time point, a single slice, header extensions (vox_offset >
    352, also big-endian so esize/ecode are byte-swapped), and an oversized vox_offset gap."""
    names = []
    name = 'fourd_t1.nii.gz'
    shape4 = SHAPE + (1,)
    hdr = set_geometry(make_header(name, 'int16', shape=shape4), qform=LPS, sform=LPS)
    names.append(save(name, file_bytes(hdr, ct_like(name, shape4))))

    name = 'single_slice.nii'
    shape = (7, 6, 1)
    hdr = set_geometry(make_header(name, 'int16', shape=shape), qform=RAS, sform=RAS)
    names.append(save(name, file_bytes(hdr, ct_like(name, shape))))

    name = 'extension.nii.gz'
    hdr = set_geometry(make_header(name, 'int16'), qform=RAS, sform=RAS)
    ext = [(6, b'a comment extension'), (4, b'<afni>not really</afni>' * 3)]
    names.append(save(name, file_bytes(hdr, ct_like(name), extensions=ext)))

    name = 'extension_be.nii'
    hdr = set_geometry(make_header(name, 'float32', endian='>'), qform=IRP, sform=IRP)
    names.append(save(name, file_bytes(hdr, random_data(name, 'float32'), extensions=[(6, b'big-endian')])))

    # vox_offset 1024 with zero padding and no extensions (an allowed gap)
    name = 'vox_offset_gap.nii'
    hdr = set_geometry(make_header(name, 'uint8'), qform=RAS, sform=RAS)
    voxels = file_bytes(hdr, random_data(name, 'uint8'))[352:]
    hdr['vox_offset'] = 1024
    raw = hdr.binaryblock + b'\0' * (1024 - len(hdr.binaryblock)) + voxels
    names.append(save(name, raw))
    return names


# ---------------------------------------------------------------------------------------------
# bad fixtures: (name, exception the Java reader must throw, why)
# ---------------------------------------------------------------------------------------------

def valid_bytes(name, dtype='int16', shape=SHAPE):
    hdr = set_geometry(make_header(name, dtype, shape=shape), qform=RAS, sform=RAS)
    data = ct_like(name, shape) if dtype == 'int16' else random_data(name, dtype, shape)
    return file_bytes(hdr, data)


def patched(raw, offset, value_bytes):
    raw = bytearray(raw)
    raw[offset:offset + len(value_bytes)] = value_bytes
    return bytes(raw)


def corrupt_gzip(raw):
    """gzip of `raw` with bytes in the middle of the deflate stream overwritten such that zlib
    fails before the end of the data (so a reader that stops after the voxels still sees it,
    not just the CRC at the end). Compressible data so that the middle is Huffman-coded."""
    packed = bytearray(gzip.compress(raw, compresslevel=9, mtime=0))
    for start in range(len(packed) // 2, len(packed) - 16):
        candidate = bytearray(packed)
        candidate[start:start + 8] = b'\xff' * 8
        if fails_before_end(bytes(candidate), len(raw)):
            return bytes(candidate)
    raise AssertionError('no corrupting position found')


def fails_before_end(packed, raw_length):
    """True when zlib rejects the stream while fewer than raw_length bytes have come out
    (fed byte by byte, so the output produced before the error is known)."""
    inflater = zlib.decompressobj(wbits=31)
    produced = 0
    for i in range(len(packed)):
        try:
            produced += len(inflater.decompress(packed[i:i + 1]))
        except zlib.error:
            return produced < raw_length
    return False


def bad_fixtures():
    """Files the reader must reject, each with the specific exception type."""
    smooth = np.add.outer(np.add.outer(np.arange(20), np.arange(20)), np.arange(20)).astype(np.int16)
    hdr = set_geometry(make_header('bad_corrupt', 'int16', shape=smooth.shape), qform=RAS, sform=RAS)
    smooth_bytes = file_bytes(hdr, smooth)

    huge = make_header('bad_huge', 'int16', shape=(30000, 30000, 30000))
    huge['vox_offset'] = 352
    four_d = valid_bytes('bad_4d_t2', shape=SHAPE + (2,))
    plain = valid_bytes('bad_plain')
    cases = [
        ('bad_magic.nii', patched(plain, 344, b'abc\0'), 'InvalidHeaderException', 'magic is not n+1'),
        ('bad_magic_pair.nii', patched(plain, 344, b'ni1\0'), 'InvalidHeaderException',
         'ni1 = .hdr/.img pair, not a single file'),
        ('bad_sizeof_hdr.nii', patched(plain, 0, np.int32(350).tobytes()), 'InvalidHeaderException',
         'sizeof_hdr 350 is neither 348 nor 540 in either byte order'),
        ('bad_dim0_zero.nii.gz', patched(plain, 40, np.int16(0).tobytes()), 'InvalidHeaderException',
         'dim[0] = 0'),
        ('bad_dim_negative.nii', patched(plain, 44, np.int16(-6).tobytes()), 'InvalidHeaderException',
         'dim[2] = -6'),
        ('bad_datatype_complex64.nii', patched(patched(plain, 70, np.int16(32).tobytes()), 72,
                                               np.int16(64).tobytes()),
         'UnsupportedDatatypeException', 'datatype 32 (complex64) is not supported'),
        ('bad_scl_inter_nan.nii', patched(plain, 112, np.float32(2.0).tobytes() + np.float32('nan').tobytes()),
         'InvalidHeaderException', 'valid scl_slope 2 but scl_inter NaN (nibabel refuses it too)'),
        ('bad_truncated.nii', plain[:352 + 100], 'TruncatedDataException', 'voxel data cut after 100 bytes'),
        ('bad_truncated_header.nii', plain[:200], 'TruncatedDataException', 'file ends inside the header'),
        ('bad_truncated_gzip.nii.gz', gzip.compress(plain, 9, mtime=0)[:400], 'TruncatedDataException',
         'gzip stream cut in the middle'),
        ('bad_corrupt_gzip.nii.gz', corrupt_gzip(smooth_bytes), 'CorruptCompressionException',
         'deflate data overwritten in the middle'),
        ('bad_gzip_header.nii.gz', b'\x1f\x8b\x09\x00' + b'\0' * 60, 'CorruptCompressionException',
         'gzip magic, unknown compression method 9'),
        ('bad_4d_t2.nii.gz', four_d, 'UnsupportedDimensionsException', '4-D with 2 time points'),
        ('bad_huge.nii', huge.binaryblock, 'VolumeTooLargeException',
         '348-byte header declaring 30000x30000x30000 int16 (must fail before allocating)'),
    ]
    entries = []
    for name, raw, exception, why in cases:
        if name.endswith('.gz') and raw[:2] != b'\x1f\x8b':
            raw = gzip.compress(raw, compresslevel=9, mtime=0)
        (FILES / name).write_bytes(raw)
        entries.append({'name': name, 'file': f'files/{name}', 'exception': exception, 'why': why,
                        'nibabel': nibabel_outcome(FILES / name)})
    return entries


def nibabel_outcome(path):
    """What nibabel does with a bad file (informational: the Java reader may be stricter)."""
    try:
        img = nib.load(str(path))
        if np.prod(img.shape) > 1e7:
            return 'loads the header (data not tried)'
        img.get_fdata()
        return 'reads'
    except Exception as e:  # noqa: BLE001 - any failure is the answer
        return type(e).__name__


# ---------------------------------------------------------------------------------------------
# expected values, as nibabel reads the files
# ---------------------------------------------------------------------------------------------

def jsonable(x):
    """numpy scalars/arrays to JSON values; non-finite floats as strings (strict JSON)."""
    if isinstance(x, np.ndarray):
        x = x.tolist()  # nested lists, or a Python scalar for a 0-d array
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return 'NaN'
        if math.isinf(x):
            return 'Infinity' if x > 0 else '-Infinity'
        return x
    return x


def raw_header(path):
    """The header as stored in the file: nibabel's parse with check=False, i.e. without the
    fix-ups nib.load applies (qfac 0 -> 1, invalid codes -> 0). The Java NiftiHeader is raw too."""
    opener = gzip.open if path.read_bytes()[:2] == b'\x1f\x8b' else open
    with opener(path, 'rb') as f:
        raw = f.read(540)
    size_le = int.from_bytes(raw[:4], 'little')
    size_be = int.from_bytes(raw[:4], 'big')
    cls = nib.Nifti2Header if 540 in (size_le, size_be) else nib.Nifti1Header
    return cls.from_fileobj(io.BytesIO(raw + b'\0' * 4), check=False)


def header_fields(path):
    h = raw_header(path)
    return {
        'sizeof_hdr': int(h['sizeof_hdr']),
        'byte_order': h.endianness,
        'dim': jsonable(h['dim']),
        'pixdim': jsonable(h['pixdim']),
        'datatype': int(h['datatype']),
        'vox_offset': jsonable(h['vox_offset']),
        'scl_slope': jsonable(h['scl_slope']),
        'scl_inter': jsonable(h['scl_inter']),
        'qform_code': int(h['qform_code']),
        'sform_code': int(h['sform_code']),
        'xyzt_units': int(h['xyzt_units']),
        'descrip': h['descrip'].item().decode('latin-1'),
    }


def checksums(img):
    """Sums of get_fdata() (float64) in Fortran order: plain, of squares, and weighted by
    1 + (i % 7) so that a permuted or flipped voxel order changes the result. math.fsum is
    correctly rounded, so these are the true sums of the float64 terms.

    exact: all values are integers and every partial sum stays below 2**53, so any summation
    order gives exactly these numbers. scale: sum of |terms|, the yardstick for a relative
    tolerance otherwise (a plain sum can cancel)."""
    d = np.asarray(img.get_fdata(dtype=np.float64)).ravel(order='F')
    w = 1.0 + (np.arange(d.size) % 7)
    abs_sum = math.fsum(np.abs(d))
    sum_sq = math.fsum(d * d)
    exact = bool(np.all(d == np.round(d)) and 7 * abs_sum < EXACT_LIMIT and sum_sq < EXACT_LIMIT)
    return {
        'n': int(d.size),
        'sum': math.fsum(d),
        'sum_sq': sum_sq,
        'weighted': math.fsum(d * w),
        'abs_sum': abs_sum,
        'exact': exact,
    }, d


def describe(path, file_ref, name):
    """Everything nibabel says about a readable file."""
    img = nib.load(str(path))
    hdr = img.header
    sums, data = checksums(img)
    canonical = nib.as_closest_canonical(img)
    canonical_sums, canonical_data = checksums(canonical)
    check_canonical_is_reordering(img, canonical, data, canonical_data)
    return {
        'name': name,
        'file': file_ref,
        'header': header_fields(path),
        'affine': jsonable(img.affine),
        'axcodes': ''.join(nib.aff2axcodes(img.affine)),
        'zooms': jsonable([float(z) for z in hdr.get_zooms()[:3]]),
        'shape': list(img.shape),
        'checksums': sums,
        'first5': jsonable(data[:5]),
        'last5': jsonable(data[-5:]),
        'canonical': {
            'axcodes': ''.join(nib.aff2axcodes(canonical.affine)),
            'affine': jsonable(canonical.affine),
            'shape': list(canonical.shape),
            'checksums': canonical_sums,
            'first5': jsonable(canonical_data[:5]),
            'last5': jsonable(canonical_data[-5:]),
        },
    }


def check_canonical_is_reordering(img, canonical, data, canonical_data):
    """as_closest_canonical must only reorder voxels (same values), else the Java comparison
    (which reorders and keeps the scaling) would test something else."""
    assert sorted(data.tolist()) == sorted(canonical_data.tolist()), 'canonical changed values'
    assert ''.join(nib.aff2axcodes(canonical.affine)) == 'RAS'


def check_good_file(name):
    """Sanity checks on what we wrote: byte order really as intended, file small."""
    path = FILES / name
    assert path.stat().st_size < 8 * 1024, f'{name} is too large'
    hdr = raw_header(path)
    want = '>' if name.startswith(('be_', 'nifti2_be_', 'extension_be')) else '<'
    assert hdr.endianness == want, f'{name}: byte order {hdr.endianness}, wanted {want}'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--example-ct', type=Path, default=REPO_ROOT / EXAMPLE_CT_REL,
                        help='the real CT to summarise (default: %(default)s)')
    args = parser.parse_args()

    # nib.load logs its header fix-ups (e.g. "sform_code 7 not valid; setting to 0"); these are
    # expected for the fixtures that exercise them.
    logging.getLogger('nibabel.global').setLevel(logging.ERROR)
    FILES.mkdir(parents=True, exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()

    good_names = (good_datatypes() + good_big_endian() + good_nifti2() + good_geometry()
                  + good_scaling() + good_layout())
    good = []
    for name in good_names:
        check_good_file(name)
        good.append(describe(FILES / name, f'files/{name}', name))
    bad = bad_fixtures()

    expected = {
        'generator': 'make_fixtures.py',
        'nibabel': nib.__version__,
        'numpy': np.__version__,
        'good': good,
        'bad': bad,
    }
    if args.example_ct.exists():
        expected['example_ct'] = describe(args.example_ct, EXAMPLE_CT_REL, 'example_ct.nii.gz')
    else:
        print(f'note: {args.example_ct} not found, example_ct left out')

    EXPECTED.write_text(json.dumps(expected, indent=1, allow_nan=False) + '\n')
    total = sum(p.stat().st_size for p in FILES.iterdir())
    print(f'{len(good)} good and {len(bad)} bad fixtures, {total / 1024:.1f} KiB in {FILES}')


if __name__ == '__main__':
    main()
