"""`mvportrait cluster status`: what the render actors on a Ray cluster are doing (docs/cluster.md)."""

from __future__ import annotations

import json

from backend.cli import CommandError

DESCRIPTION = "look at the Ray cluster a render server uses (mvportrait serve --cluster)"


def register(subparsers) -> None:
    parser = subparsers.add_parser("cluster", help=DESCRIPTION, description=DESCRIPTION)
    sub = parser.add_subparsers(dest="cluster_command", required=True, metavar="ACTION")
    p = sub.add_parser("status", help="list the render actors: devices, cached portraits, load")
    p.add_argument("--cluster", default="auto", metavar="ADDRESS",
                   help="ray://HOST:PORT, HOST:PORT (the head's GCS) or auto (this machine's cluster; default)")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each actor (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_status)


def _status(args) -> int:
    from backend.cluster.settings import ClusterUnavailable, parse_address, use_token_if_present
    address = parse_address(args.cluster)
    use_token_if_present()  # before Ray is imported
    try:
        from backend.cluster.connection import connect_only
        from backend.cluster.status import actor_statuses, format_statuses
    except ImportError as exc:
        raise CommandError(f"Ray is not installed here ({exc}); pip install 'mvportrait[cluster]'") from None
    try:
        connect_only(address, args.timeout)
    except ClusterUnavailable as exc:
        raise CommandError(str(exc)) from None
    statuses = actor_statuses(args.timeout)
    print(json.dumps(statuses, indent=1) if args.json else format_statuses(statuses))
    return 0
