"""`mvportrait addon build`: the Blender extension zip, with `protocols`, the open head and pyzmq wheels inside."""

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
# Blender's Python (4.2 LTS through 5.0) is 3.11.
BLENDER_PYTHON = "3.11"
DOWNLOAD_PLATFORMS = {
    "linux-x64": "manylinux_2_28_x86_64",
    "linux-arm64": "manylinux_2_28_aarch64",
    "macos-arm64": "macosx_11_0_arm64",
    "macos-x64": "macosx_10_15_x86_64",
    "windows-x64": "win_amd64",
}
_WHEEL_PLATFORM = (
    (re.compile(r"manylinux.*x86_64|linux_x86_64"), "linux-x64"),
    (re.compile(r"manylinux.*aarch64|linux_aarch64"), "linux-arm64"),
    (re.compile(r"macosx.*(arm64|universal2)"), "macos-arm64"),
    (re.compile(r"macosx.*(x86_64|universal2)"), "macos-x64"),
    (re.compile(r"win_amd64"), "windows-x64"),
    (re.compile(r"win_arm64"), "windows-arm64"),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("addon", help="build the Blender extension")
    sub = parser.add_subparsers(dest="addon_command", required=True, metavar="ACTION")
    build = sub.add_parser("build", help="write the installable extension zip (Edit > Preferences > Get "
                                         "Extensions > Install from Disk)")
    build.add_argument("--output", "-o", type=Path, default=REPO / "dist",
                       help="folder for the zip (default: dist/)")
    wheels = build.add_mutually_exclusive_group()
    wheels.add_argument("--wheels", type=Path, metavar="DIR",
                        help="folder of pyzmq wheels for Python 3.11 to bundle (one per platform)")
    wheels.add_argument("--download-wheels", action="store_true",
                        help=f"download pyzmq wheels for {', '.join(DOWNLOAD_PLATFORMS)} with pip now (network)")
    wheels.add_argument("--no-wheels", action="store_true",
                        help="bundle no wheels: only for a Blender whose Python already has pyzmq (e.g. the bpy "
                             "module in tests)")
    build.set_defaults(func=_build)


def wheel_platforms(names: list[str]) -> list[str]:
    """Blender platform names covered by wheel file names; pure-Python wheels cover none by themselves."""
    found: set[str] = set()
    for name in names:
        tag = name[:-4].split("-")[-1]
        for pattern, platform in _WHEEL_PLATFORM:
            if pattern.search(tag):
                found.add(platform)
    return sorted(found)


def manifest_text(template: str, wheel_names: list[str]) -> str:
    """The manifest with its `wheels` (and, when wheels are platform-specific, `platforms`) filled in."""
    wheels_line = "wheels = [" + ", ".join(f'"./wheels/{n}"' for n in sorted(wheel_names)) + "]"
    text, count = re.subn(r"(?m)^wheels = \[.*\]$", wheels_line, template)
    if count != 1:
        raise CommandError("blender_addon/blender_manifest.toml lacks its `wheels = [...]` line")
    platforms = wheel_platforms(wheel_names)
    if platforms:
        text = text.replace(wheels_line, wheels_line + "\nplatforms = [" +
                            ", ".join(f'"{p}"' for p in platforms) + "]")
    return text


def _download(target: Path) -> list[Path]:
    for platform, tag in DOWNLOAD_PLATFORMS.items():
        cmd = [sys.executable, "-m", "pip", "download", "pyzmq>=25", "--only-binary=:all:", "--no-deps",
               "--python-version", BLENDER_PYTHON, "--implementation", "cp", "--platform", tag, "-d", str(target)]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise CommandError(f"pip could not download pyzmq for {platform}: {result.stderr.strip()[-400:]}; "
                               f"download wheels yourself and pass --wheels DIR")
    return sorted(target.glob("*.whl"))


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
    return files


def build_zip(output_dir: Path, wheels: list[Path]) -> Path:
    manifest_path = ADDON_DIR / "blender_manifest.toml"
    template = manifest_path.read_text(encoding="utf-8")
    version = re.search(r'(?m)^version = "([^"]+)"', template).group(1)
    if not OPEN_HEAD.is_file():
        raise CommandError(f"the open head {OPEN_HEAD} is missing; rebuild it with "
                           f"`python -m flame_assets.build.open_head`")
    output_dir.mkdir(parents=True, exist_ok=True)
    out = output_dir / f"mvportrait-{version}.zip"
    tmp = out.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, arcname in _sources():
            if arcname == "blender_manifest.toml":
                zf.writestr(arcname, manifest_text(template, [w.name for w in wheels]))
            else:
                zf.write(path, arcname)
        zf.write(OPEN_HEAD, "data/open_head.npz", compress_type=zipfile.ZIP_STORED)
        for wheel in wheels:
            zf.write(wheel, f"wheels/{wheel.name}", compress_type=zipfile.ZIP_STORED)
    tmp.replace(out)
    return out


def _build(args: argparse.Namespace) -> int:
    if args.wheels is not None:
        if not args.wheels.is_dir():
            raise CommandError(f"--wheels {args.wheels} is not a folder")
        wheels = sorted(args.wheels.glob("*.whl"))
        if not any(w.name.lower().startswith("pyzmq-") for w in wheels):
            raise CommandError(f"no pyzmq-*.whl in {args.wheels}; the add-on needs pyzmq for Python "
                               f"{BLENDER_PYTHON} (pip download pyzmq --only-binary=:all: --python-version "
                               f"{BLENDER_PYTHON} --platform <tag> -d {args.wheels})")
        out = build_zip(args.output, wheels)
    elif args.download_wheels:
        with tempfile.TemporaryDirectory() as tmp:
            out = build_zip(args.output, _download(Path(tmp)))
    elif args.no_wheels:
        out = build_zip(args.output, [])
    else:
        raise CommandError("choose where pyzmq comes from: --wheels DIR, --download-wheels, or --no-wheels (only "
                           "for a Blender whose Python already has pyzmq)")
    print(f"wrote {out} ({out.stat().st_size / 2 ** 20:.1f} MiB); install it in Blender with Edit > Preferences > "
          f"Get Extensions > Install from Disk")
    return 0
