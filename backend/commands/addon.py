"""`mvportrait addon build|wheels`: the Blender extension zip(s), with `protocols`, the open head, the licence
texts and pyzmq wheels for every Blender release the add-on supports."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from backend.cli import CommandError

REPO = Path(__file__).resolve().parents[2]
ADDON_DIR = REPO / "blender_addon"
PROTOCOLS_DIR = REPO / "protocols"
OPEN_HEAD = REPO / "flame_assets" / "data" / "open_head.npz"
OPEN_HEAD_CARD = REPO / "flame_assets" / "data" / "OPEN_HEAD.md"
# What the zip carries besides the code: the licence texts and the notice of third-party parts.
LICENSE_FILES = (REPO / "LICENSES" / "GPL-3.0-or-later.txt", REPO / "LICENSES" / "Apache-2.0.txt",
                 REPO / "LICENSES" / "CC0-1.0.txt", REPO / "THIRD_PARTY.md")
# The one pyzmq every build bundles (a pin keeps builds reproducible and the cached wheel set complete).
# 26.4 is the newest with a wheel per CPython version: 27 ships one stable-ABI (abi3) wheel for 3.12+, and
# Blender lists an extension only for the versions of its version-specific wheels when it has any, so a zip
# with cp311 and abi3 wheels is refused by Python 3.13 ("isn't compatible with (3.11)").
PYZMQ = "pyzmq==26.4.0"
# The Python each supported Blender bundles: 4.2 LTS, 4.5 LTS and 5.0 have 3.11; 5.1 and 5.2 LTS have 3.13.
BLENDER_PYTHONS = {"3.11": "Blender 4.2 LTS to 5.0", "3.13": "Blender 5.1 to 5.2 LTS"}
# Blender's platform names, each with the pip --platform tags that fetch its wheel: what Blender 4.2+ itself
# needs (glibc 2.28, macOS 11 on arm64, 10.15 on x64) and the older manylinux tags that run there too.
PLATFORMS = {
    "linux-x64": ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"),
    "linux-arm64": ("manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"),
    "macos-arm64": ("macosx_11_0_arm64",),
    "macos-x64": ("macosx_10_15_x86_64",),
    "windows-x64": ("win_amd64",),
}
_WHEEL_PLATFORM = (
    (re.compile(r"manylinux.*x86_64|linux_x86_64"), "linux-x64"),
    (re.compile(r"manylinux.*aarch64|linux_aarch64"), "linux-arm64"),
    (re.compile(r"macosx.*(arm64|universal2)"), "macos-arm64"),
    (re.compile(r"macosx.*(x86_64|universal2)"), "macos-x64"),
    (re.compile(r"win_amd64"), "windows-x64"),
    (re.compile(r"win_arm64"), "windows-arm64"),
)
_PYTHON_TAG = re.compile(r"(?:cp|py)(\d)(\d*)")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("addon", help="build the Blender extension")
    sub = parser.add_subparsers(dest="addon_command", required=True, metavar="ACTION")
    build = sub.add_parser("build", help="write the installable extension zip (Edit > Preferences > Get "
                                         "Extensions > Install from Disk)")
    build.add_argument("--output", "-o", type=Path, default=REPO / "dist",
                       help="folder for the zip (default: dist/)")
    wheels = build.add_mutually_exclusive_group()
    wheels.add_argument("--wheels", type=Path, metavar="DIR",
                        help="bundle the pyzmq wheels of this folder (no network); it must hold one for Python "
                             f"{' and '.join(BLENDER_PYTHONS)} on each of {', '.join(PLATFORMS)}: "
                             "`mvportrait addon wheels DIR` fetches them. Default: download them from PyPI now")
    wheels.add_argument("--no-wheels", action="store_true",
                        help="bundle no wheels: only for a Blender whose Python already has pyzmq")
    build.add_argument("--split-platforms", action="store_true",
                       help="one zip per platform with only its wheels (as `blender --command extension build "
                            "--split-platforms`), instead of one zip for every platform")
    build.set_defaults(func=_build)
    fetch = sub.add_parser("wheels", help="download the pyzmq wheels the extension bundles into a folder "
                                          "(network; later builds use it with --wheels DIR offline)")
    fetch.add_argument("folder", type=Path)
    fetch.set_defaults(func=_fetch)


def wheel_platforms(names: list[str]) -> list[str]:
    """Blender platform names covered by wheel file names; pure-Python wheels cover none by themselves."""
    found: set[str] = set()
    for name in names:
        tag = name[:-4].split("-")[-1]
        for pattern, platform in _WHEEL_PLATFORM:
            if pattern.search(tag):
                found.add(platform)
    return sorted(found)


def loads_on(wheel_name: str, python: str, platform: str) -> bool:
    """Whether Blender with this Python ("3.13") on this platform loads the wheel. Blender's own rule: the
    same CPython, or a stable-ABI (abi3) wheel built for an older 3.x; its platform tag names the machine."""
    parts = wheel_name[:-4].split("-")
    if not wheel_name.endswith(".whl") or len(parts) not in (5, 6):
        raise CommandError(f"{wheel_name} is not a wheel's file name (name-version-python-abi-platform.whl)")
    python_tags, abi_tags, platform_tag = parts[-3:]
    if platform_tag != "any" and platform not in wheel_platforms([wheel_name]):
        return False
    want = tuple(int(x) for x in python.split("."))
    for tag in python_tags.split("."):
        m = _PYTHON_TAG.fullmatch(tag)
        if m is None:
            continue
        version = (int(m[1]), int(m[2])) if m[2] else (int(m[1]),)
        if version in (want, want[:1]) or ("abi3" in abi_tags.split(".") and version[:1] == want[:1]
                                          and version <= want):
            return True
    return False


def advertised_pythons(names: list[str]) -> set[tuple[int, ...]]:
    """The Python versions Blender (and the Extensions Platform) lists an extension for, from its wheels'
    names; it refuses the extension on any other. Blender's rule: a stable-ABI or "py3" wheel stands for
    any 3.x, but only when no wheel names a 3.x version."""
    major_only: set[tuple[int, ...]] = set()
    major_minor: set[tuple[int, ...]] = set()
    for name in names:
        python_tags, abi_tags = name[:-4].split("-")[-3:-1]
        for tag in python_tags.split("."):
            m = _PYTHON_TAG.fullmatch(tag)
            if m is None or int(m[1]) <= 2:
                continue
            if "abi3" in abi_tags.split(".") or not m[2]:
                major_only.add((int(m[1]),))
            else:
                major_minor.add((int(m[1]), int(m[2])))
    return major_minor | {v for v in major_only if not any(mm[0] == v[0] for mm in major_minor)}


def refused_pythons(names: list[str]) -> list[str]:
    """Supported Blender Pythons that an extension with these wheels would be refused by."""
    listed = advertised_pythons(names)
    return [py for py in BLENDER_PYTHONS
            if listed and not ({tuple(int(x) for x in py.split(".")), (int(py.split(".")[0]),)} & listed)]


def missing_wheels(names: list[str]) -> list[tuple[str, str]]:
    """(python, platform) pairs of the supported Blender releases that no pyzmq wheel in ``names`` serves."""
    pyzmq = [n for n in names if n.lower().startswith("pyzmq-")]
    return [(py, platform) for py in BLENDER_PYTHONS for platform in PLATFORMS
            if not any(loads_on(n, py, platform) for n in pyzmq)]


def manifest_text(template: str, wheel_names: list[str], platforms: list[str] | None = None) -> str:
    """The manifest with its `wheels` and `platforms` filled in (platforms: those the wheels cover)."""
    wheels_line = "wheels = [" + ", ".join(f'"./wheels/{n}"' for n in sorted(wheel_names)) + "]"
    text, count = re.subn(r"(?m)^wheels = \[.*\]$", wheels_line, template)
    if count != 1:
        raise CommandError("blender_addon/blender_manifest.toml lacks its `wheels = [...]` line")
    platforms = wheel_platforms(wheel_names) if platforms is None else platforms
    if platforms:
        text = text.replace(wheels_line, wheels_line + "\nplatforms = [" +
                            ", ".join(f'"{p}"' for p in platforms) + "]")
    return text


def download_wheels(target: Path) -> list[Path]:
    """Fetch from PyPI the pyzmq wheels that ``target`` lacks for a supported (Python, platform)."""
    target.mkdir(parents=True, exist_ok=True)
    pinned = f"pyzmq-{PYZMQ.split('==')[1]}-"

    def have() -> list[str]:   # only the pinned version counts: a cache may hold older ones
        return [w.name for w in target.glob("*.whl") if w.name.lower().startswith(pinned)]

    while missing := missing_wheels(have()):
        py, platform = missing[0]   # one download may serve several (a universal2 wheel: both Macs)
        cmd = [sys.executable, "-m", "pip", "download", PYZMQ, "--only-binary=:all:", "--no-deps", "--quiet",
               "--python-version", py, "--implementation", "cp", "-d", str(target)]
        for tag in PLATFORMS[platform]:
            cmd += ["--platform", tag]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0 or (py, platform) in missing_wheels(have()):
            raise CommandError(f"pip could not download {PYZMQ} for Python {py} on {platform}: "
                               f"{result.stderr.strip()[-400:] or 'it fetched no wheel that Blender loads'}; "
                               f"download it yourself ({' '.join(cmd[3:])}) into a folder and pass --wheels DIR")
    return [target / name for name in sorted(have())]


def _bundled_wheels(folder: Path) -> list[Path]:
    """The pyzmq wheels of ``folder`` to bundle: of the newest pyzmq version whose wheels serve every
    supported Blender, those that some supported Blender loads."""
    from packaging.utils import parse_wheel_filename

    by_version: dict = {}
    for wheel in folder.glob("*.whl"):
        if wheel.name.lower().startswith("pyzmq-"):
            by_version.setdefault(parse_wheel_filename(wheel.name)[1], []).append(wheel)
    if not by_version:
        raise CommandError(f"no pyzmq-*.whl in {folder}; fetch them with `mvportrait addon wheels {folder}`")
    problems = []
    for version in sorted(by_version, reverse=True):
        wheels = [w for w in sorted(by_version[version])
                  if any(loads_on(w.name, py, p) for py in BLENDER_PYTHONS for p in PLATFORMS)]
        names = [w.name for w in wheels]
        missing, refused = missing_wheels(names), refused_pythons(names)
        if not missing and not refused:
            return wheels
        problems.append(f"pyzmq {version}: " + "; ".join(
            ([f"no wheel for {', '.join(f'Python {py} on {p}' for py, p in missing)}"] if missing else []) +
            ([f"Blender with Python {', '.join(refused)} would refuse the extension (it lists an extension only "
              f"for the Python versions its version-specific wheels name; stable-ABI wheels count only when no "
              f"wheel names a version)"] if refused else [])))
    raise CommandError(f"the wheels in {folder} serve not every supported Blender: {' | '.join(problems)}; fetch "
                       f"a complete set with `mvportrait addon wheels DIR`")


def _sources() -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    for path in sorted(ADDON_DIR.rglob("*")):
        rel = path.relative_to(ADDON_DIR)
        if path.is_dir() or "__pycache__" in rel.parts or rel.parts[0] in {"wheels", "data", "protocols"}:
            continue
        if path.suffix in {".py", ".md", ".toml"}:
            files.append((path, rel.as_posix()))
    for path in sorted(PROTOCOLS_DIR.rglob("*")):
        rel = path.relative_to(PROTOCOLS_DIR)
        if path.is_file() and "__pycache__" not in rel.parts and path.suffix in {".py", ".md"}:
            files.append((path, f"protocols/{rel.as_posix()}"))
    for path in LICENSE_FILES:
        files.append((path, path.relative_to(REPO).as_posix()))
    files.append((OPEN_HEAD_CARD, "data/OPEN_HEAD.md"))
    return files


def _version() -> str:
    template = (ADDON_DIR / "blender_manifest.toml").read_text(encoding="utf-8")
    return re.search(r'(?m)^version = "([^"]+)"', template).group(1)


def build_zip(output_dir: Path, wheels: list[Path], platform: str | None = None) -> Path:
    """One extension zip: for every platform the wheels cover, or (``platform``) only that one's."""
    manifest_path = ADDON_DIR / "blender_manifest.toml"
    template = manifest_path.read_text(encoding="utf-8")
    if not OPEN_HEAD.is_file():
        raise CommandError(f"the open head {OPEN_HEAD} is missing; rebuild it with "
                           f"`python -m flame_assets.build.open_head`")
    if platform is not None:
        wheels = [w for w in wheels if platform in wheel_platforms([w.name])]
    output_dir.mkdir(parents=True, exist_ok=True)
    suffix = f"-{platform.replace('-', '_')}" if platform else ""   # Blender's own split-platform names
    out = output_dir / f"mvportrait-{_version()}{suffix}.zip"
    tmp = out.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, arcname in _sources():
            if arcname == "blender_manifest.toml":
                zf.writestr(arcname, manifest_text(template, [w.name for w in wheels],
                                                   [platform] if platform else None))
            else:
                zf.write(path, arcname)
        zf.write(OPEN_HEAD, "data/open_head.npz", compress_type=zipfile.ZIP_STORED)
        for wheel in wheels:
            zf.write(wheel, f"wheels/{wheel.name}", compress_type=zipfile.ZIP_STORED)
    tmp.replace(out)
    return out


def build(output_dir: Path, wheels: list[Path], split_platforms: bool = False) -> list[Path]:
    if split_platforms:
        if not wheels:
            raise CommandError("--split-platforms needs wheels: without them there is nothing to split")
        return [build_zip(output_dir, wheels, platform) for platform in PLATFORMS]
    return [build_zip(output_dir, wheels)]


def _build(args: argparse.Namespace) -> int:
    if args.wheels is not None:
        if not args.wheels.is_dir():
            raise CommandError(f"--wheels {args.wheels} is not a folder")
        outs = build(args.output, _bundled_wheels(args.wheels), args.split_platforms)
    elif args.no_wheels:
        outs = build(args.output, [], args.split_platforms)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            outs = build(args.output, download_wheels(Path(tmp)), args.split_platforms)
    for out in outs:
        print(f"wrote {out} ({out.stat().st_size / 2 ** 20:.1f} MiB)")
    print("install it in Blender with Edit > Preferences > Get Extensions > Install from Disk")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    wheels = download_wheels(args.folder)
    print(f"{args.folder} holds {PYZMQ} for Python {' and '.join(BLENDER_PYTHONS)} on {', '.join(PLATFORMS)} "
          f"({len(wheels)} wheels); build offline with `mvportrait addon build --wheels {args.folder}`")
    return 0
