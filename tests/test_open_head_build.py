"""The shipped open head is what the build script makes from the astronaut portrait.

Bit-for-bit equality is not asked for: numpy's SIMD kernels change between releases and move results by
~1e-15 (seen on posedirs between numpy versions), which changes the file's sha256 but not the head. Every
array must match to a tenth of a micrometre and the topology and the rest of the header exactly.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from flame_assets.library import OPEN_HEAD_PATH

pytest.importorskip("mediapipe")
pytest.importorskip("skimage")

MICROMETRE = 1e-6


def _header(npz) -> dict:
    return json.loads(npz["header_json"].tobytes().decode())   # as HeadModel.save writes it


def test_build_script_reproduces_the_shipped_file(tmp_path):
    from flame_assets.build.open_head import main

    assert main(["-o", str(tmp_path / "open_head.npz")]) == 0
    rebuilt = np.load(tmp_path / "open_head.npz")
    shipped = np.load(OPEN_HEAD_PATH)
    assert sorted(rebuilt.files) == sorted(shipped.files)
    for name in shipped.files:
        if name == "header_json":
            continue
        a, b = rebuilt[name], shipped[name]
        assert a.shape == b.shape and a.dtype == b.dtype, name
        if a.dtype.kind == "f":
            np.testing.assert_allclose(a, b, rtol=0, atol=0.1 * MICROMETRE, err_msg=name)
        else:
            np.testing.assert_array_equal(a, b, err_msg=name)
    header_rebuilt, header_shipped = _header(rebuilt), _header(shipped)
    header_rebuilt.pop("sha256"), header_shipped.pop("sha256")
    assert header_rebuilt == header_shipped
