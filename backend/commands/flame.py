"""`mvportrait flame import PATH`: convert a licensed FLAME model file into the project's head model."""

from __future__ import annotations

import argparse

from backend.cli import CommandError
from flame_assets.flame_versions import FLAME_VERSIONS


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("flame", help="work with licensed FLAME model files")
    sub = parser.add_subparsers(dest="flame_command", required=True, metavar="ACTION")
    imp = sub.add_parser(
        "import", help="convert a FLAME .pkl once into a head-model .npz (read without running pickled code)")
    imp.add_argument("path", metavar="PATH", help="generic_model.pkl, flame2023.pkl, flame2023_no_jaw.pkl "
                                                  "or flame2023_Open.pkl")
    imp.add_argument("--version", dest="flame_version", metavar="V",
                     help=f"FLAME version ({', '.join(FLAME_VERSIONS)}); needed when the file was renamed")
    imp.add_argument("--name", help="name of the head model (default: flame<version>)")
    imp.add_argument("--landmarks", metavar="FILE",
                     help="landmark_embedding.npy or flame_static_embedding.pkl")
    imp.add_argument("--cache-dir", metavar="DIR",
                     help="where the .npz goes (default: $MVPORTRAIT_CACHE/heads or ~/.cache/mvportrait/heads)")
    imp.add_argument("--force", action="store_true", help="convert again even if a valid cached .npz exists")
    imp.set_defaults(func=_import)


def _import(args: argparse.Namespace) -> int:
    from flame_assets.flame_import import import_flame_file

    try:
        result = import_flame_file(args.path, version=args.flame_version, name=args.name,
                                   landmarks_path=args.landmarks, cache_dir=args.cache_dir, force=args.force)
    except FileNotFoundError:
        raise
    except OSError as exc:  # unreadable source, unwritable cache: say which file, without a traceback
        raise CommandError(f"{exc.strerror or exc}: {exc.filename}") from None
    model = result.model
    print(f"{'cached' if result.cached else 'converted'}: {model.meta.get('source_file') or args.path}")
    print(f"version: {model.flame_version}")
    print(f"name: {model.name}")
    print(f"vertices: {model.num_vertices}, shape: {model.n_shape}, expression: {model.n_expr}, "
          f"landmarks: {', '.join(sorted(model.landmarks)) or 'none'}")
    print(f"sha256: {model.sha256()}")
    print(f"npz: {result.npz_path}")
    print(f"license: {model.meta.get('license')}")
    for warning in model.meta.get("warnings", []):
        print(f"warning: {warning}")
    return 0
