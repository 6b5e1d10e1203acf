"""A plan written short for tests, ``action[:side[:count]]`` steps separated by `` | `` (an empty side or count is
not checked), and whether the reader's plan of a text matches it and the feeling it ends on ("none" for none)."""

from __future__ import annotations

from backend.motion.text.plan.reader import read_plan


def shown(text: str) -> str:
    plan = read_plan(text)
    return " | ".join(f"{s.action}:{s.side}:{s.count}" for s in plan.steps)


def matches(text: str, spec: str, feeling: str | None) -> bool:
    plan = read_plan(text)
    want = []
    for part in filter(None, (p.strip() for p in spec.split("|"))):
        action, side, count = (part.split(":") + ["", ""])[:3]
        want.append((action, side, int(count) if count else None))
    steps_right = len(plan.steps) == len(want) and all(
        s.action == a and (not side or s.side == side) and (count is None or s.count == count)
        for s, (a, side, count) in zip(plan.steps, want))
    ends_on = plan.emotions[-1].emotion if plan.emotions else "none"
    return steps_right and (feeling is None or ends_on == feeling)
