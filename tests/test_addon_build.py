"""`mvportrait addon build`: licences, manifest and the pyzmq wheels for every supported Blender (no bpy,
no network: the wheels come from the cache `bash scripts/run.sh install` fills, .cache/addon-wheels)."""

from __future__ import annotations

import hashlib
import os
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest

from backend.cli import main
from backend.commands.addon import (BLENDER_PYTHONS, PLATFORMS, advertised_pythons, loads_on, missing_wheels,
                                    refused_pythons)

REPO = Path(__file__).resolve().parents[1]
WHEELS = Path(os.environ.get("MVPORTRAIT_ADDON_WHEELS") or REPO / ".cache" / "addon-wheels")
# sha256 of the licence texts as their stewards publish them (FSF's gpl-3.0.txt, the ASF's LICENSE-2.0.txt,
# Creative Commons' CC0 legalcode.txt); Debian's common-licenses and Blender's own copies are these bytes.
LICENCE_SHA256 = {
    "GPL-3.0-or-later.txt": "3972dc9744f6499f0f9b2dbf76696f2ae7ad8af9b23dde66d6af86c9dfb36986",
    "Apache-2.0.txt": "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30",
    "CC0-1.0.txt": "a2010f343487d3f7618affe54f789f5487602331c0a8d03f49e9a7c547cf0499",
}
needs_wheel_cache = pytest.mark.skipif(not WHEELS.is_dir(), reason=f"no pyzmq wheel cache at {WHEELS}: "
                                                                   f"`bash scripts/run.sh install blender` fills it")


def _manifest(zf: zipfile.ZipFile) -> dict:
    return tomllib.loads(zf.read("blender_manifest.toml").decode())


def test_licence_texts_are_the_complete_published_texts():
    for name, digest in LICENCE_SHA256.items():
        assert hashlib.sha256((REPO / "LICENSES" / name).read_bytes()).hexdigest() == digest, name


def test_zip_carries_its_licences_and_a_manifest_the_platform_accepts(tmp_path):
    assert main(["addon", "build", "--no-wheels", "-o", str(tmp_path)]) == 0
    with zipfile.ZipFile(tmp_path / "mvportrait-0.1.0.zip") as zf:
        names = set(zf.namelist())
        manifest = _manifest(zf)
        for name in LICENCE_SHA256:
            assert zf.read(f"LICENSES/{name}") == (REPO / "LICENSES" / name).read_bytes()
        assert zf.read("THIRD_PARTY.md") == (REPO / "THIRD_PARTY.md").read_bytes()
        own = zf.read("LICENSE.md").decode()
    assert {"data/OPEN_HEAD.md", "data/open_head.npz"} <= names
    assert "GPL" in own and "Apache-2.0" in own and "CC0-1.0" in own
    # The Extensions Platform takes GPL (2 or 3, "or later") for add-ons that import bpy.
    assert manifest["license"] == ["SPDX:GPL-3.0-or-later"]
    version = lambda text: tuple(int(x) for x in text.split("."))
    # 4.2 LTS from the first patch release checked to pick wheels by Python version (4.2.0 does not).
    assert version(manifest["blender_version_min"]) == (4, 2, 13)
    assert (5, 2, 99) < version(manifest["blender_version_max"])    # exclusive: every 5.2.x
    # Blender's own rule for terse texts (`extension validate`): at most 64 characters, no final punctuation.
    for text in (manifest["tagline"], *manifest["permissions"].values()):
        assert len(text) <= 64 and text[-1].isalnum(), text
    assert "backend" in manifest["permissions"]["network"]


def test_wheel_rules_follow_blenders():
    cp311 = "pyzmq-26.4.0-cp311-cp311-manylinux_2_28_x86_64.whl"
    cp313 = "pyzmq-26.4.0-cp313-cp313-win_amd64.whl"
    abi3 = "pyzmq-27.3.0-cp312-abi3-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl"
    mac = "pyzmq-26.4.0-cp313-cp313-macosx_10_15_universal2.whl"
    assert loads_on(cp311, "3.11", "linux-x64") and not loads_on(cp311, "3.13", "linux-x64")
    assert not loads_on(cp311, "3.11", "linux-arm64") and loads_on(cp313, "3.13", "windows-x64")
    assert loads_on(abi3, "3.13", "linux-x64") and not loads_on(abi3, "3.11", "linux-x64")
    assert loads_on(mac, "3.13", "macos-arm64") and loads_on(mac, "3.13", "macos-x64")
    assert loads_on("six-1.16.0-py2.py3-none-any.whl", "3.13", "windows-x64")
    # A stable-ABI wheel next to a version-specific one: Blender lists the extension for 3.11 only, and
    # Blender 5.1+ (Python 3.13) refuses it, although the abi3 wheel would load there.
    assert advertised_pythons([cp311, abi3]) == {(3, 11)} and refused_pythons([cp311, abi3]) == ["3.13"]
    assert advertised_pythons([abi3]) == {(3,)} and refused_pythons([abi3]) == []
    assert advertised_pythons([cp311, cp313]) == {(3, 11), (3, 13)} and refused_pythons([cp311, cp313]) == []
    assert ("3.13", "linux-x64") in missing_wheels([cp311, mac]) and ("3.13", "macos-x64") not in \
        missing_wheels([cp311, mac])


@needs_wheel_cache
def test_one_zip_serves_every_release_and_platform(tmp_path):
    assert main(["addon", "build", "--wheels", str(WHEELS), "-o", str(tmp_path)]) == 0
    with zipfile.ZipFile(tmp_path / "mvportrait-0.1.0.zip") as zf:
        manifest = _manifest(zf)
        bundled = {n for n in zf.namelist() if n.startswith("wheels/")}
        wheels = [Path(w).name for w in manifest["wheels"]]
        for w in wheels:   # unmodified, as Blender requires
            assert zf.read(f"wheels/{w}") == (WHEELS / w).read_bytes()
    assert bundled == {f"wheels/{w}" for w in wheels}
    assert sorted(manifest["platforms"]) == sorted(PLATFORMS)
    for py in BLENDER_PYTHONS:
        for platform in PLATFORMS:
            assert len([w for w in wheels if loads_on(w, py, platform)]) == 1, (py, platform)
    assert advertised_pythons(wheels) == {(3, 11), (3, 13)}


@needs_wheel_cache
def test_split_platforms_zips_hold_only_their_platforms_wheels(tmp_path):
    assert main(["addon", "build", "--wheels", str(WHEELS), "--split-platforms", "-o", str(tmp_path)]) == 0
    for platform in PLATFORMS:
        with zipfile.ZipFile(tmp_path / f"mvportrait-0.1.0-{platform.replace('-', '_')}.zip") as zf:
            manifest = _manifest(zf)
            bundled = sorted(Path(n).name for n in zf.namelist() if n.startswith("wheels/"))
        assert manifest["platforms"] == [platform]
        assert sorted(Path(w).name for w in manifest["wheels"]) == bundled
        assert [py for py in BLENDER_PYTHONS if any(loads_on(w, py, platform) for w in bundled)] == \
            list(BLENDER_PYTHONS)
        assert all(any(loads_on(w, py, platform) for py in BLENDER_PYTHONS) for w in bundled)


@needs_wheel_cache
def test_incomplete_wheel_folders_are_refused_with_what_is_missing(tmp_path, capsys):
    partial = tmp_path / "partial"
    partial.mkdir()
    for wheel in WHEELS.glob("*cp311*.whl"):
        shutil.copy(wheel, partial)
    assert main(["addon", "build", "--wheels", str(partial), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "no wheel for Python 3.13 on linux-x64" in err and "mvportrait addon wheels" in err
    assert main(["addon", "build", "--wheels", str(tmp_path / "none"), "-o", str(tmp_path / "out")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["addon", "build", "--wheels", str(tmp_path / "empty"), "-o", str(tmp_path / "out")]) == 2
    assert "no pyzmq-*.whl" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.zip"))
