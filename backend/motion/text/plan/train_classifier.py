"""Train the clause classifier (`classifier.py`) from the recipe in `training_phrases.py` and the prototype
sentences of `prototypes.py`, read the way the reader reads clauses (`normalise.motion_text`).

    python -m backend.motion.text.plan.train_classifier [--seed 0] [--per-phrase 6] [--c 4.0] [-o PATH]

Deterministic for a seed (the composed sentences, then L-BFGS from zeros). Needs scikit-learn at training
time only; the reader uses the saved weights with numpy."""

from __future__ import annotations

import argparse
from pathlib import Path

from .classifier import WEIGHTS, ClauseClassifier
from .normalise import motion_text
from .prototypes import MOTION_CLASSES, MOTION_PROTOTYPES
from .softmax_regression import fit
from .training_phrases import compose


def training_set(seed: int = 0, per_phrase: int = 6) -> list[tuple[str, str]]:
    pairs = compose(seed, per_phrase) + [(t, label) for label, texts in MOTION_PROTOTYPES.items() for t in texts]
    return list(dict.fromkeys((motion_text(t) or t, label) for t, label in pairs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-phrase", type=int, default=6)
    parser.add_argument("--c", type=float, default=4.0, help="inverse L2 strength of the regression")
    parser.add_argument("-o", "--output", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)
    pairs = training_set(args.seed, args.per_phrase)
    classes = list(MOTION_CLASSES)
    _, _, accuracy = fit(pairs, classes, ClauseClassifier, args.output, c=args.c, max_iter=2000, seed=args.seed)
    print(f"{len(pairs)} sentences, {len(classes)} classes, training accuracy {accuracy:.1%}; saved {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
