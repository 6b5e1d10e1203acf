"""The shipped open head is exactly what the build script makes from the astronaut portrait."""

from __future__ import annotations

import pytest

from flame_assets.library import load_head

pytest.importorskip("mediapipe")
pytest.importorskip("skimage")


def test_build_script_reproduces_the_shipped_file(tmp_path):
    from flame_assets.build.open_head import main
    from flame_assets.head_model import HeadModel

    assert main(["-o", str(tmp_path / "open_head.npz")]) == 0
    rebuilt = HeadModel.load(tmp_path / "open_head.npz")
    assert rebuilt.sha256() == load_head("open").sha256()
