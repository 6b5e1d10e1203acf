"""`mvportrait serve`: run the render server until interrupted."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

DEFAULT_SPOOL_LIMIT = 20 * 2 ** 30  # ServerSettings' default, without importing the server for --help
DESCRIPTION = "run the render server (MVP/1 over ZeroMQ) that the Blender add-on talks to"


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help=DESCRIPTION, description=DESCRIPTION)
    add_arguments(parser)
    parser.set_defaults(func=run)


def _resolution(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    return width, height


_SIZE_UNITS = {"": 1, "K": 2 ** 10, "M": 2 ** 20, "G": 2 ** 30, "T": 2 ** 40}


def _size(text: str) -> int | None:
    """'20G', '500M', '1.5T', a number of bytes, or 'none' (no limit)."""
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    if value in ("NONE", "0"):
        return None
    unit = value[-1:] if value[-1:] in _SIZE_UNITS else ""
    try:
        number = float(value[:len(value) - len(unit)])
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size such as 20G, 500M or none, got {text!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"a size must be positive (or none for no limit), got {text!r}")
    return int(number * _SIZE_UNITS[unit])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from protocols.limits import Limits
    defaults = Limits()
    net = parser.add_argument_group("network and security")
    net.add_argument("--address", default="127.0.0.1",
                     help="address to bind (default 127.0.0.1: this machine only; 0.0.0.0 opens it to the network)")
    net.add_argument("--port", type=int, help="port (default: the connection file's, else a free one)")
    net.add_argument("--advertise", help="host name written to the connection file for clients to dial")
    net.add_argument("--connection-file", type=Path,
                     help="connection file to write (default: $MVPORTRAIT_CONFIG or ~/.config/mvportrait)/"
                          "connection.json")
    net.add_argument("--curve", action="store_true", help="encrypt with CURVE and admit only --artists keys")
    net.add_argument("--artists", type=Path, help='JSON file {"artist name": "Z85 public key"} (with --curve)')
    run_group = parser.add_argument_group("jobs")
    run_group.add_argument("--store", type=Path, help="job store directory (default: $MVPORTRAIT_STORE or "
                                                      "~/.local/share/mvportrait/server)")
    run_group.add_argument("--rebuild-store", action="store_true",
                           help="rebuild the job index (jobs.sqlite) from the spool's job files: after the "
                                "database was lost or damaged (a damaged one is moved aside, never deleted)")
    run_group.add_argument("--spool-limit", type=_size, default=DEFAULT_SPOOL_LIMIT, metavar="SIZE",
                           help="keep rendered images under this size, least recently used out first; they "
                                "are rendered again if fetched later (default 20G; none: no limit)")
    run_group.add_argument("--engine", action="append", dest="engines", metavar="NAME",
                           help="offer only this engine (repeatable; default: every installed engine)")
    run_group.add_argument("--workers", type=int, default=1, help="render workers (default 1)")
    run_group.add_argument("--max-active-jobs", type=int, default=4,
                           help="jobs rendered in interleaved turns at once (default 4)")
    run_group.add_argument("--client-timeout", type=float, default=10.0,
                           help="seconds of silence after which a client's streams are dropped (default 10)")
    cluster = parser.add_argument_group("cluster (Ray; docs/cluster.md)")
    cluster.add_argument("--cluster", metavar="ADDRESS",
                         help="render on a Ray cluster: ray://HOST:PORT (Ray Client), HOST:PORT (the head's GCS, when "
                              "this machine is a Ray node) or auto (this machine's cluster, else a Ray started here); "
                              "default: local worker threads")
    cluster.add_argument("--cluster-fallback", choices=("local",),
                         help="render with local workers when the cluster cannot be reached or is lost "
                              "(default: refuse to start, or wait for it)")
    cluster.add_argument("--cluster-cpu-actors", type=int,
                         help="actors on CPU slots (default: none if the cluster has GPUs, else one per CPU slot)")
    cluster.add_argument("--cluster-gpu-actors", type=int, help="actors on GPUs (default: one per GPU)")
    cluster.add_argument("--cluster-cpus-per-actor", type=float, default=1.0,
                         help="CPUs of one CPU-slot actor (default 1)")
    cluster.add_argument("--cluster-chunk-seconds", type=float, default=2.0,
                         help="render time one chunk of images sent to an actor aims at (default 2)")
    cluster.add_argument("--cluster-lost-after", type=float, default=15.0, metavar="SECONDS",
                         help="seconds without an answering actor after which the cluster counts as lost (default 15)")
    lim = parser.add_argument_group("hard limits")
    lim.add_argument("--max-message-mb", type=float, default=defaults.max_message_bytes / 2 ** 20)
    lim.add_argument("--max-frames", type=int, default=defaults.max_frames_per_job, help="track frames per job")
    lim.add_argument("--max-views", type=int, default=defaults.max_views_per_job)
    lim.add_argument("--max-images", type=int, default=defaults.max_images_per_job, help="frames × views per job")
    lim.add_argument("--max-resolution", type=_resolution,
                     default=(defaults.max_width, defaults.max_height), help="WIDTHxHEIGHT")
    lim.add_argument("--max-queued-jobs", type=int, default=defaults.max_queued_jobs_per_artist,
                     help="unfinished jobs per artist")
    lim.add_argument("--max-credit", type=int, default=defaults.max_credit, help="images in flight per stream")
    parser.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))


def settings_from_args(args: argparse.Namespace):
    from protocols.limits import Limits

    from backend.server import ServerSettings

    limits = Limits(max_message_bytes=int(args.max_message_mb * 2 ** 20), max_frames_per_job=args.max_frames,
                    max_views_per_job=args.max_views, max_images_per_job=args.max_images,
                    max_width=args.max_resolution[0], max_height=args.max_resolution[1],
                    max_queued_jobs_per_artist=args.max_queued_jobs, max_credit=args.max_credit)
    optional = {name: value for name, value in (("store_dir", args.store), ("connection_file", args.connection_file))
                if value is not None}
    cluster = None
    if args.cluster is not None:
        from backend.cluster.settings import ClusterSettings, parse_address
        cluster = ClusterSettings(parse_address(args.cluster), fallback=args.cluster_fallback,
                                  cpu_actors=args.cluster_cpu_actors, gpu_actors=args.cluster_gpu_actors,
                                  cpus_per_actor=args.cluster_cpus_per_actor,
                                  chunk_seconds=args.cluster_chunk_seconds, lost_after_s=args.cluster_lost_after)
    return ServerSettings(cluster=cluster, address=args.address, port=args.port, advertise=args.advertise, curve=args.curve,
                          artists_file=args.artists, workers=args.workers, max_active_jobs=args.max_active_jobs,
                          client_timeout_s=args.client_timeout, limits=limits,
                          engines=tuple(args.engines) if args.engines else None,
                          rebuild_store=args.rebuild_store, spool_limit_bytes=args.spool_limit, **optional)


def run(args: argparse.Namespace) -> int:
    from backend.server import RenderServer
    from backend.cluster.settings import ClusterUnavailable
    from backend.server.store import StoreDamaged

    logging.basicConfig(level=args.log_level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        settings = settings_from_args(args)
    except ValueError as exc:
        print(f"mvportrait serve: error: {exc}", file=sys.stderr, flush=True)
        return 2
    try:
        server = RenderServer(settings)
    except StoreDamaged as exc:
        print(f"mvportrait serve: error: {exc}", file=sys.stderr, flush=True)
        return 2
    try:
        info = server.start()
    except ClusterUnavailable as exc:
        print(f"mvportrait serve: error: {exc}", file=sys.stderr, flush=True)
        return 2
    security = "CURVE-encrypted" if info.server_public_key else "signed, not encrypted"
    print(f"mvportrait serve: listening on {info.endpoint} ({security}); connection file "
          f"{settings.connection_file}; store {settings.store_dir}", flush=True)
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stop.wait(0.5):
        pass
    print("mvportrait serve: stopping", file=sys.stderr, flush=True)
    server.stop()
    return 0
