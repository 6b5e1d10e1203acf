"""The spool's retention policy: rendered images kept under a size limit, least recently used out
first, never an unfinished job's, and an image let go is rendered again when it is fetched later."""

from __future__ import annotations

import argparse
import hashlib
import os
import time

import pytest

from backend.commands import serve
from backend.disk_lru import usage
from backend.server.settings import DEFAULT_SPOOL_LIMIT_BYTES, ServerSettings
from protocols.messages import RUNNING
from protocols.client import Client
from tests.test_server_harness import frame_rows, render_request, running_server, wait_for
from tests.test_store_damage import frame_file, stream_all


def run_job(server, key: str, seed: int = 0) -> str:
    """A finished job of 3 frames × 2 views; another seed, other images (none shared between jobs)."""
    with Client(server.connection) as client:
        job = client.submit_render(render_request(key, frames=3, views=2, seed=seed)).result(10)
    wait_for(lambda: server.store.get_job(job.job_id).final, what=f"job {key} to finish")
    return job.job_id


def _age(paths, seconds: float) -> None:
    then = time.time() - seconds
    for path in paths:
        os.utime(path, (then, then))


def _images(store, job_id):
    return [frame_file(store, row) for row in frame_rows(store, job_id)]


def test_least_recently_used_images_go_first_and_come_back_when_fetched(tmp_path):
    store = tmp_path / "store"
    with serve_with_retention(tmp_path) as server:
        old, recent = run_job(server, "old", seed=1), run_job(server, "recent", seed=2)
        _age(_images(store, old), 3600)
        _age(_images(store, recent), 1800)
        size = usage(server.store.frames_dir, "*.png")
        recent_size = sum(p.stat().st_size for p in _images(store, recent))
        server.retention.limit_bytes = int(recent_size / 0.9) + 1  # room for the recent job only
        removed, freed = server.retention.trim_now()
        assert removed == len(_images(store, old)) and freed == size - recent_size
        assert not any(p.exists() for p in _images(store, old))
        assert all(p.exists() for p in _images(store, recent))

        rendered = server.counters.get("rendered")
        frames, final = stream_all(server, old)  # an image let go is rendered again, not lost
        assert final.state == "completed" and [f.index for f in frames] == list(range(6))
        assert all(hashlib.sha256(f.image.data).hexdigest() == f.sha256 for f in frames)
        assert server.counters.get("rendered") == rendered + 6
        assert all(p.exists() for p in _images(store, old))


def test_sending_an_image_counts_as_a_use(tmp_path):
    store = tmp_path / "store"
    with serve_with_retention(tmp_path) as server:
        job = run_job(server, "watched")
        _age(_images(store, job), 3600)
        stream_all(server, job)
        assert all(time.time() - p.stat().st_mtime < 60 for p in _images(store, job))


def test_images_of_unfinished_jobs_are_kept_whatever_their_age(tmp_path):
    store = tmp_path / "store"
    with serve_with_retention(tmp_path) as server:
        unfinished, finished = run_job(server, "unfinished", seed=3), run_job(server, "finished", seed=4)
        # As after a restart mid-job: rows and images of a job that is still to finish.
        assert server.store.set_state(unfinished, RUNNING)
        _age(_images(store, unfinished), 7200)
        _age(_images(store, finished), 60)
        server.retention.limit_bytes = 1
        server.retention.trim_now()
        assert all(p.exists() for p in _images(store, unfinished))
        assert not any(p.exists() for p in _images(store, finished))


def test_no_limit_trims_nothing(tmp_path):
    store = tmp_path / "store"
    with serve_with_retention(tmp_path, spool_limit_bytes=None) as server:
        job = run_job(server, "kept")
        _age(_images(store, job), 10 ** 6)
        assert server.retention.trim_now() == (0, 0)
        assert all(p.exists() for p in _images(store, job))


@pytest.mark.parametrize("text, expected", [("20G", 20 * 2 ** 30), ("500M", 500 * 2 ** 20), ("1.5GiB", 3 * 2 ** 29),
                                            ("4096", 4096), ("none", None)])
def test_spool_limit_option(text, expected):
    assert serve._size(text) == expected


@pytest.mark.parametrize("text", ["lots", "-5G", "G"])
def test_spool_limit_option_refuses_what_is_not_a_size(text):
    with pytest.raises(argparse.ArgumentTypeError, match="size"):
        serve._size(text)


def test_the_command_line_default_is_the_settings_default():
    assert serve.DEFAULT_SPOOL_LIMIT == DEFAULT_SPOOL_LIMIT_BYTES == ServerSettings().spool_limit_bytes


def serve_with_retention(tmp_path, **settings):
    # A long interval: the tests trim by hand, so the server's own timer never races them.
    return running_server(tmp_path, spool_trim_interval_s=3600.0, **settings)
