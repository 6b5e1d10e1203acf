"""A learned check on a step beside the steps before it: is it a step the plan already has, said again?

The step gate (`step_gate.py`) judges one step's clause in its description; a step can be sound alone and wrong only
next to the others: "He nods once. Yeah, just the one nod." reads two nods where the writer meant one, and a review
or a team thread restates the moves it agrees with. The rules fold the restatements they know
(`back_references.py`); this check weighs what is left, from a few facts about the step and the steps before it:
the gate's chance, whether an earlier step has the same motion (and side, and just before), how close its words are
to theirs (the gate's clause vectors), where it stands in the plan and the text, and a few words that say a motion
is repeated on purpose ("again", "another") or only agreed to ("yes", "so", "keep"). A logistic regression on those
facts, fitted by `train_step_context.py` on the development sets' labels (never on the held-out or blind sets), with
its recipe in `checkpoints/plan_step_context.npz`. The first step of a plan is never judged (nothing comes before it),
nor a step the gate kept for a stated reason in spite of its doubt, nor one the words make again from the step before
on purpose ("…, then three tiny ones", "…, then right"): `reader._checked` picks the steps it judges.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import numpy as np

from protocols.motion_plan import ACTIONS

WEIGHTS = Path(__file__).resolve().parents[1] / "checkpoints" / "plan_step_context.npz"

_REPEATED_ON_PURPOSE = re.compile(r"\b(again|another|once more|second)\b")
_AGREEING = re.compile(r"\W*(so|yes|yeah|ok|okay|sure)\b")
_KEEPING = re.compile(r"\b(keep|kept|same|still)\b")
FEATURES = ("gate log-odds", "gate had no words", "same motion before", "same motion and side before",
            "same motion just before", "closest words before", "closest words of the same motion before",
            "place in the plan", "last step", "steps in the plan", "runs with another step", "place in the text",
            "shares a clause with a step before", "says it is repeated", "asks", "inside quotes", "opens agreeing",
            "says kept or same") + tuple(f"action {a}" for a in ACTIONS)


def features(text: str, steps: list, sources: list[tuple[str, ...]], chances: list[float | None],
             vectors: np.ndarray, i: int) -> np.ndarray:
    """The facts about step `i` (i ≥ 1) and the steps before it, in FEATURES' order. `sources` are each step's
    clauses, `chances` the gate's, `vectors` the gate's clause vectors (one row a step, unit length or zero)."""
    step = steps[i]
    p = chances[i]
    log_odds = 0.0 if p is None else math.log(max(p, 1e-4) / max(1.0 - p, 1e-4))
    same = [j for j in range(i) if steps[j].action == step.action]
    closeness = vectors[:i] @ vectors[i]
    words = (step.source or "").strip().lower()
    at = text.lower().find(words) if words else -1
    ahead = text[:at] if at >= 0 else ""
    return np.asarray([
        log_odds, p is None, bool(same), any(steps[j].side == step.side for j in same),
        steps[i - 1].action == step.action, float(closeness.max()), max((float(closeness[j]) for j in same), default=0.0),
        i / len(steps), i == len(steps) - 1, min(len(steps), 8) / 8, step.overlaps is not None,
        at / max(len(text), 1) if at >= 0 else 0.5,
        any(set(sources[i]) & set(sources[j]) for j in range(i)),
        bool(_REPEATED_ON_PURPOSE.search(words)), "?" in words, (ahead.count('"') + ahead.count("“")) % 2 == 1,
        bool(_AGREEING.match(words)), bool(_KEEPING.search(words)),
        *(step.action == a for a in ACTIONS)], np.float32)


class StepContext:
    """chances(...) → for each judged step, how likely it is a step of its own rather than one said again; a step
    below `keep_at_least` is dropped."""

    def __init__(self, path: Path = WEIGHTS):
        with np.load(path, allow_pickle=False) as data:
            names = tuple(str(n) for n in data["features"])
            if names != FEATURES:
                raise ValueError(f"{path} was fitted on other facts ({len(names)}) than this reader reads "
                                 f"({len(FEATURES)}): retrain it with train_step_context.py")
            self.weights, self.bias = data["weights"].astype(np.float32), float(data["bias"])
            self.keep_at_least = float(data["keep_at_least"])

    def chances(self, text: str, steps: list, sources: list[tuple[str, ...]], chances: list[float | None],
                vectors: np.ndarray, judged: list[int]) -> dict[int, float]:
        """For each step index in `judged` (each ≥ 1), how likely it is a step of its own."""
        out = {}
        for i in judged:
            z = float(features(text, steps, sources, chances, vectors, i) @ self.weights + self.bias)
            out[i] = 1.0 / (1.0 + math.exp(-z))
        return out


@functools.lru_cache(maxsize=1)
def shipped() -> StepContext | None:
    """The shipped check; None where its file is missing (every step the gate keeps then stands)."""
    return StepContext() if WEIGHTS.exists() else None
