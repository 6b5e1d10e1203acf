"""Train the emotion classifier (`emotion_classifier.py`) from the recipe in `emotion_phrases.py` and the emotion
prototype sentences of `prototypes.py`, read the way the reader reads clauses (`normalise.american`).

    python -m backend.motion.text.plan.train_emotion_classifier [--seed 0] [--per-part 4] [--c 4.0] [-o PATH]

Deterministic for a seed (the composed sentences, then L-BFGS from zeros). Needs scikit-learn at training time
only; the reader uses the saved weights with numpy."""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from .emotion_classifier import WEIGHTS, EmotionClassifier
from .emotion_phrases import compose
from .normalise import american
from .prototypes import EMOTION_PROTOTYPES
from .softmax_regression import fit


def feeling_free_head_motions(seed: int = 0) -> list[str]:
    """The head motions the clause classifier learns from (its recipe's motion classes and the motion prototypes)
    that name no feeling: a word that is itself an emotion prototype ("smiles", "angrily") leaves a sentence out.
    Most descriptions are only head motion, and these teach the classifier that a head motion implies nothing."""
    from .prototypes import MOTION_PROTOTYPES
    from .training_phrases import compose as compose_clauses

    feeling_words = {t.lower() for label, texts in EMOTION_PROTOTYPES.items() if label != "none" for t in texts
                     if " " not in t}
    texts = [t for t, label in compose_clauses(seed) if label != "none"]
    texts += [t for label, ts in MOTION_PROTOTYPES.items() if label != "none" for t in ts]
    return [t for t in dict.fromkeys(texts) if not feeling_words & set(re.findall(r"[a-z'-]+", t.lower()))]


def training_set(seed: int = 0, per_part: int = 4) -> list[tuple[str, str]]:
    pairs = compose(seed, per_part) + [(t, label) for label, texts in EMOTION_PROTOTYPES.items() for t in texts]
    pairs += [(t, "none") for t in feeling_free_head_motions(seed)]
    return list(dict.fromkeys((american(t), label) for t, label in pairs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-part", type=int, default=4)
    parser.add_argument("--c", type=float, default=4.0, help="inverse L2 strength of the regression")
    parser.add_argument("-o", "--output", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    pairs = training_set(args.seed, args.per_part)
    classes = list(EMOTION_PROTOTYPES)
    _, labels, accuracy = fit(pairs, classes, EmotionClassifier, args.output, c=args.c, max_iter=3000, seed=args.seed)
    counts = {c: int((labels == i).sum()) for i, c in enumerate(classes)}
    print(f"{len(pairs)} sentences {counts}, training accuracy {accuracy:.1%}, "
          f"{time.perf_counter() - t0:.0f} s; saved {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
