"""Suite-wide settings: the per-user cache (converted heads, prepared portraits, text vectors) is a folder of
this test session, so that a run neither reads nor fills the cache of the person or machine running it."""

from __future__ import annotations

import os
import tempfile

import pytest


@pytest.fixture(autouse=True, scope="session")
def _session_cache_folder():
    previous = os.environ.get("MVPORTRAIT_CACHE")
    with tempfile.TemporaryDirectory(prefix="mvportrait-test-cache-") as folder:
        os.environ["MVPORTRAIT_CACHE"] = folder
        yield folder
    if previous is None:
        os.environ.pop("MVPORTRAIT_CACHE", None)
    else:
        os.environ["MVPORTRAIT_CACHE"] = previous
