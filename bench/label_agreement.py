"""How far two labellings of the same descriptions agree, with the text → plan evaluation's own measures.

A reader can hardly be scored above what two careful people agree on: where they differ, the label a reader
is scored against is one person's choice. The script scores the second labelling against the first, as if it
were a plan (`scoring.LabelAsPlan`), and with `--reader` also scores the reader's plans against each
labelling, and against the descriptions where both labellings agree on every step and the feeling.

    python bench/label_agreement.py FIRST.jsonl SECOND.jsonl [--reader]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runs from a clone without installing

from backend.motion.text.plan.scoring import LabelAsPlan, PlanScore, score_plan, summary_lines


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _total(pairs) -> PlanScore:
    total = PlanScore()
    for plan, label in pairs:
        total.add(score_plan(plan, label))
    return total


def _print(title: str, score: PlanScore) -> None:
    print(f"== {title}")
    for line in summary_lines(score):
        print("    " + line)
    print()


def _agree(a: dict, b: dict) -> bool:
    """Both labellings give the same steps (every field) and the same feeling."""
    return a["steps"] == b["steps"] and a.get("emotion") == b.get("emotion") and \
        bool(a.get("unreadable")) == bool(b.get("unreadable"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path, help="labels (JSON lines: id, text, steps, emotion[, unreadable])")
    parser.add_argument("second", type=Path, help="another person's labels of the same descriptions")
    parser.add_argument("--reader", action="store_true", help="also score the reader's plans against each")
    args = parser.parse_args()
    first, second = _records(args.first), _records(args.second)
    by_id = {r["id"]: r for r in second}
    missing = [r["id"] for r in first if r["id"] not in by_id]
    if missing or len(second) != len(first):
        parser.error(f"the two files must label the same descriptions: {len(first)} against {len(second)}, "
                     f"{len(missing)} ids of the first missing from the second")
    changed = [r["id"] for r in first if r["text"] != by_id[r["id"]]["text"]]
    if changed:
        parser.error(f"the descriptions differ between the files for ids {', '.join(changed[:5])}")
    pairs = [(r, by_id[r["id"]]) for r in first]
    _print(f"second labelling scored against the first ({len(pairs)} descriptions)",
           _total((LabelAsPlan.of(b), a) for a, b in pairs))
    _print("first labelling scored against the second", _total((LabelAsPlan.of(a), b) for a, b in pairs))
    same = sum(_agree(a, b) for a, b in pairs)
    print(f"identical labels (every step field and the feeling): {same}/{len(pairs)} = {same / len(pairs):.1%}\n")
    if args.reader:
        from backend.motion.text.plan.reader import read_plan

        plans = {a["id"]: read_plan(a["text"]) for a, _ in pairs}
        _print("reader against the first labelling", _total((plans[a["id"]], a) for a, _ in pairs))
        _print("reader against the second labelling", _total((plans[b["id"]], b) for _, b in pairs))
        _print(f"reader where the two labellings agree ({same} descriptions)",
               _total((plans[a["id"]], a) for a, b in pairs if _agree(a, b)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
