"""`mvportrait jobs` drives a real server through protocols.client.Client."""

from __future__ import annotations

import argparse
import contextlib
import json

import pytest

from backend.cli import CommandError
from backend.commands import jobs
from protocols.views import save_views_json
from tests.test_server_harness import make_track, make_views, reference_png, running_server


def run(capsys, *argv) -> str:
    parser = argparse.ArgumentParser()
    jobs.register(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    assert args.func(args) == 0
    return capsys.readouterr().out


@contextlib.contextmanager
def jobs_commands(tmp_path):
    """A running server and the `jobs` command words for it: (common, submit) where `submit` sends a
    4-frame, 2-camera job at 96x64 from files written here."""
    make_track(4).save_npz(tmp_path / "track.npz")
    save_views_json(tmp_path / "views.json", make_views(2))
    (tmp_path / "face.png").write_bytes(reference_png().data)
    with running_server(tmp_path) as server:
        common = ["jobs", "--connection-file", str(server.settings.connection_file)]
        yield common, [*common, "submit", "--track", str(tmp_path / "track.npz"), "--views",
                       str(tmp_path / "views.json"), "--reference", str(tmp_path / "face.png"), "--resolution", "96x64"]


def test_submit_fetch_resume_list_and_cancel(tmp_path, capsys):
    with jobs_commands(tmp_path) as (common, submit):
        submit = [*submit, "--key", "cli-1"]
        job_id, state, total, _ = run(capsys, *submit).split(maxsplit=3)
        assert total == "8"
        assert "already submitted" in run(capsys, *submit)
        out = tmp_path / "frames"
        assert "completed: 8 images" in run(capsys, *common, "fetch", job_id, "--out", str(out))
        assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png")) == \
            [f"cam{v}/{f:06d}.png" for v in range(2) for f in range(1, 5)]
        lines = (out / "manifest.jsonl").read_text().splitlines()
        assert [json.loads(line)["index"] for line in lines] == list(range(8))
        run(capsys, *common, "fetch", job_id, "--out", str(out))  # nothing missing: nothing fetched again
        assert len((out / "manifest.jsonl").read_text().splitlines()) == 8
        assert job_id in run(capsys, *common, "list")
        assert "completed" in run(capsys, *common, "status", job_id)
        # Another resolution, so that no image comes from the cache and the job is still running.
        slow = [*submit[:-3], "128x128", "--key", "cli-2", "--option", "delay_ms=200"]
        slow_id = run(capsys, *slow).split()[0]
        assert run(capsys, *common, "cancel", slow_id).split() == [slow_id, "canceled"]
        with pytest.raises(CommandError, match="job_finished"):
            run(capsys, *common, "cancel", job_id)


def test_submit_without_a_key_is_idempotent_until_the_job_ends_badly(tmp_path, capsys):
    with jobs_commands(tmp_path) as (common, submit):
        submit = [*submit, "--option", "delay_ms=200"]
        first = run(capsys, *submit).split()
        again = run(capsys, *submit)
        assert again.split()[0] == first[0] and "already submitted" in again
        other = run(capsys, *submit[:-1], "delay_ms=150").split()  # another request: another job
        assert other[0] != first[0] and "already" not in other
        assert run(capsys, *common, "cancel", first[0]).split() == [first[0], "canceled"]
        anew = run(capsys, *submit)
        assert anew.split()[0] not in (first[0], other[0]) and "already" not in anew
