#!/usr/bin/python3
"""Golden fixture for the float16 conversions of the engine's logit accumulator, from numpy:

* float32 -> float16 (numpy's astype, round to nearest, ties to even) for edge cases (zeros,
  subnormals, the smallest normal, ties at every exponent, 65504, the overflow midpoint,
  infinities) and random bit patterns over the whole finite range;
* float16 -> float32 for all 65536 half bit patterns, recorded as the SHA-256 of the float32 bits
  (little endian), NaN payloads included.

Run with Debian's python: /usr/bin/python3 make_half_fixtures.py
"""
import hashlib
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def edge_floats():
    values = [0.0, -0.0, 1.0, -1.0, 65504.0, 65519.99, 65520.0, 65536.0, 1e10, np.inf, -np.inf,
              2.0 ** -14, 2.0 ** -24, 2.0 ** -25, 2.0 ** -25 * 1.0001, 2.0 ** -26, 3 * 2.0 ** -25, 1e-30]
    halves = np.arange(0, 0x7C00, 97, dtype=np.uint16).view(np.float16).astype(np.float32)
    # midpoints between consecutive halves: exact ties, and one float32 ulp either side
    upper = (np.arange(0, 0x7C00, 97, dtype=np.uint16) + 1).view(np.float16).astype(np.float32)
    mid = ((halves.astype(np.float64) + upper.astype(np.float64)) / 2).astype(np.float32)
    bits = mid.view(np.uint32)
    neighbours = np.concatenate([bits - 1, bits + 1]).view(np.float32)
    return np.concatenate([np.array(values, np.float32), halves, mid, neighbours, -mid])


def main():
    rng = np.random.default_rng(16)
    random_bits = rng.integers(0, 0x7F800000, 4000, dtype=np.uint32) | (rng.integers(0, 2, 4000, dtype=np.uint32) << 31)
    floats = np.concatenate([edge_floats(), random_bits.view(np.float32)]).astype(np.float32)
    with np.errstate(over="ignore"):
        halves = floats.astype(np.float16)
    pairs = [[int(f), int(h)] for f, h in zip(floats.view(np.uint32), halves.view(np.uint16))]
    all_halves = np.arange(65536, dtype=np.uint16).view(np.float16).astype(np.float32)
    digest = hashlib.sha256(all_halves.astype("<f4").tobytes()).hexdigest()
    with open(os.path.join(HERE, "files", "half.json"), "w") as f:
        json.dump({"numpy": np.__version__, "to_half": pairs, "all_to_float_sha256": digest}, f)


if __name__ == "__main__":
    main()
