"""`mvportrait jobs`: talk to a render server from the shell through `protocols.client.Client`,
the same client the Blender add-on uses.

    mvportrait jobs keygen                       # this artist's CURVE keypair; prints the public key
    mvportrait jobs submit --track t.npz --views v.json --reference face.png [--engine debug]
    mvportrait jobs list | status JOB | cancel JOB
    mvportrait jobs fetch JOB --out DIR          # stream the images; re-running resumes
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from backend.cli import CommandError
from protocols.atomic_files import atomic_write

DESCRIPTION = "submit, list, follow and cancel render jobs on a render server"


def register(subparsers) -> None:
    parser = subparsers.add_parser("jobs", help=DESCRIPTION, description=DESCRIPTION)
    parser.add_argument("--connection-file", type=Path,
                        help="server connection file (default: the config directory's connection.json)")
    parser.add_argument("--keypair", type=Path,
                        help="this artist's CURVE keypair file (default: the config directory's artist-curve.json)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the server (default 10)")
    sub = parser.add_subparsers(dest="jobs_command", required=True, metavar="ACTION")

    p = sub.add_parser("keygen", help="create (or show) this artist's CURVE keypair; prints the public key")
    p.set_defaults(func=_keygen)

    p = sub.add_parser("submit", help="submit a render job")
    p.add_argument("--track", type=Path, required=True, help="track .npz (mvportrait.track/1)")
    p.add_argument("--views", type=Path, required=True, help="views .json (mvportrait.views/1)")
    p.add_argument("--reference", type=Path, required=True, help="reference portrait .png")
    p.add_argument("--engine", default="debug")
    p.add_argument("--resolution", default="512x512", help="WIDTHxHEIGHT (default 512x512)")
    p.add_argument("--option", action="append", default=[], metavar="NAME=JSON",
                   help="engine option, e.g. delay_ms=50 (repeatable)")
    p.add_argument("--key", help="idempotency key (default: one made from the request, so the same request "
                                 "submitted again finds its job, unless that job was canceled or failed)")
    p.set_defaults(func=_submit)

    p = sub.add_parser("list", help="this artist's jobs, newest first")
    p.add_argument("--state", action="append", default=[], help="only jobs in this state (repeatable)")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=_list)

    for name, helptext, func in (("status", "one job's state and progress", "_status"),
                                 ("cancel", "cancel a job (answers once it has stopped)", "_cancel")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("job_id")
        p.set_defaults(func=globals()[func])

    p = sub.add_parser("fetch", help="stream a job's images into a folder (resumes where it stopped)")
    p.add_argument("job_id")
    p.add_argument("--out", type=Path, required=True, help="folder; images go to OUT/<view>/<frame>.png")
    p.set_defaults(func=_fetch)


def _client(args):
    from protocols.client import Client
    from protocols.connection import ConnectionInfo, CurveKeypair, config_dir

    info = ConnectionInfo.load(args.connection_file)
    keypair = None
    if info.server_public_key:
        path = args.keypair or config_dir() / "artist-curve.json"
        if not path.exists():
            raise CommandError(f"the server uses CURVE and there is no keypair at {path}; run "
                               f"`mvportrait jobs keygen` and have the server admin add the public key")
        keypair = CurveKeypair.load(path)
    client = Client(info, keypair=keypair, client_name="mvportrait-cli")
    try:
        client.wait_connected(args.timeout)
    except TimeoutError as exc:
        client.close()
        raise CommandError(str(exc)) from None
    return client


def _answer(future, timeout: float):
    from protocols.client import ServerError
    try:
        return future.result(timeout)
    except ServerError as exc:
        raise CommandError(f"the server refused: {exc}") from None
    except TimeoutError:
        raise CommandError(f"no answer within {timeout} s") from None


def _keygen(args) -> int:
    from protocols.connection import CurveKeypair, config_dir
    path = args.keypair or config_dir() / "artist-curve.json"
    pair = CurveKeypair.load_or_create(path)
    print(pair.public)
    print(f"(keypair in {path}; give the public key above to the server admin for the artists file)")
    return 0


def _submit(args) -> int:
    from protocols.idempotency import derived_key, retry_key
    from protocols.messages import CANCELED, FAILED, Rejected, SubmitRender
    from protocols.tracks import Track
    from protocols.views import load_views_json
    from protocols.wire import Blob

    try:
        width, height = (int(v) for v in args.resolution.lower().split("x"))
    except ValueError:
        raise CommandError(f"--resolution must be WIDTHxHEIGHT, got {args.resolution!r}") from None
    options = {}
    for item in args.option:
        name, _, value = item.partition("=")
        try:
            options[name] = json.loads(value)
        except json.JSONDecodeError:
            raise CommandError(f"--option {item!r}: the value must be JSON (e.g. delay_ms=50)") from None
    request = SubmitRender(idempotency_key=args.key or "derived", engine=args.engine,
                           resolution=(width, height), track=Track.load_npz(args.track),
                           views=tuple(load_views_json(args.views)),
                           reference=Blob("png", args.reference.read_bytes()), options=options)
    if not args.key:
        request = dataclasses.replace(request, idempotency_key=derived_key("cli", *request.encode()))
    with _client(args) as client:
        answer = _answer(client.submit_render(request), args.timeout)
        ended_badly = not isinstance(answer, Rejected) and answer.duplicate and answer.state in (CANCELED, FAILED)
        if ended_badly and not args.key:
            # The same request ended badly before: ask again as a new job (finished images are reused).
            request = dataclasses.replace(request, idempotency_key=retry_key(request.idempotency_key))
            answer = _answer(client.submit_render(request), args.timeout)
    if isinstance(answer, Rejected):
        raise CommandError(f"rejected ({answer.code}): {answer.message}")
    print(f"{answer.job_id} {answer.state} {answer.total} images{' (already submitted)' if answer.duplicate else ''}")
    return 0


def _format(status) -> str:
    text = f"{status.job_id}  {status.state:<16} {status.done + status.failed:>6}/{status.total:<6} {status.engine or ''}"
    return text + (f"  {status.error}" if status.error else "")


def _list(args) -> int:
    with _client(args) as client:
        listing = _answer(client.list_jobs(tuple(args.state), args.limit), args.timeout)
    for status in listing.jobs:
        print(_format(status))
    return 0


def _status(args) -> int:
    with _client(args) as client:
        print(_format(_answer(client.status(args.job_id), args.timeout)))
    return 0


def _cancel(args) -> int:
    with _client(args) as client:
        answer = _answer(client.cancel(args.job_id), args.timeout)
    print(f"{answer.job_id} {answer.state}")
    return 0


def _fetch(args) -> int:
    """Images land as OUT/<view folder>/<scene frame>.png, each written atomically, and a line per
    image goes to OUT/manifest.jsonl; the stream resumes at the first image the manifest lacks, so
    an interrupted fetch just runs again. View names become folder names by `protocols.safe_names`;
    the manifest remembers which folder each view got, so two views never share one."""
    from protocols.atomic_files import DiskFull
    from protocols.messages import Frame, JobStatus

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / "manifest.jsonl"
    entries = _manifest_entries(manifest)
    have = {e["index"] for e in entries}
    folders = _ViewFolders(entries)
    with _client(args) as client, open(manifest, "a", encoding="utf-8") as log:
        status = _answer(client.status(args.job_id), args.timeout)
        start = next(i for i in range(status.total + 1) if i not in have)
        client.subscribe(args.job_id, from_frame=start)
        while not (status.final and len(have) >= status.done + status.failed):
            event = client.get(args.timeout)
            if event is None:
                raise CommandError(f"no news from the server for {args.timeout} s; run fetch again to resume")
            if isinstance(event, JobStatus) and event.job_id == args.job_id:
                status = event
            elif isinstance(event, Frame) and event.job_id == args.job_id:
                entry = {"index": event.index, "view": event.view_name, "frame": event.frame}
                if event.image is not None:
                    path = out / folders.folder(event.view_name) / f"{event.frame:06d}.png"
                    atomic_write(path, event.image.data)
                    entry.update(path=str(path.relative_to(out)), sha256=event.sha256)
                else:
                    entry["failed"] = event.error
                line = json.dumps(entry) + "\n"
                try:
                    log.write(line)
                    log.flush()
                    os.fsync(log.fileno())
                except OSError as exc:
                    raise DiskFull.check(exc, manifest, len(line)) from None
                have.add(event.index)
    print(f"{args.job_id} {status.state}: {status.done} images in {out}"
          + (f", {status.failed} failed" if status.failed else ""))
    return 0 if status.state == "completed" else 1


class _ViewFolders:
    """View name → folder under OUT, as earlier runs of fetch chose them (from the manifest); a new
    view whose plain folder name another view already holds (up to letter case) gets the hashed one."""

    def __init__(self, entries: list[dict]):
        from protocols.safe_names import check_distinct, safe_name
        self._folders: dict[str, str] = {}
        for e in entries:
            view, path = e.get("view"), e.get("path")
            if isinstance(view, str) and view and isinstance(path, str) and path:
                folder = Path(path).parts[0]
                # Only a folder this rule could have chosen: an edited manifest cannot send images elsewhere.
                if folder in (safe_name(view, fallback="view"), safe_name(view, fallback="view", hashed=True)):
                    self._folders.setdefault(view, folder)
        check_distinct(self._folders)

    def folder(self, view: str) -> str:
        from protocols.safe_names import NameClash, safe_name
        if view not in self._folders:
            taken = {f.casefold(): v for v, f in self._folders.items()}
            for hashed in (False, True):
                candidate = safe_name(view, fallback="view", hashed=hashed)
                if taken.get(candidate.casefold(), view) == view:
                    break
            else:
                raise NameClash(f"view {view!r} has no folder of its own under the output folder; fetch into "
                                f"a new folder")
            self._folders[view] = candidate
        return self._folders[view]


def _manifest_entries(path: Path) -> list[dict]:
    """Images already fetched; a torn last line (a crash mid-append) is ignored."""
    entries = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                entry["index"] = int(entry["index"])
            except (ValueError, KeyError, TypeError):
                continue
            entries.append(entry)
    return entries
