"""How a plan compares with a hand-written label of what a description asks for (the evaluation's
measures): actions, sides, counts, order and overlaps, amplitude, speed, emotion, and whether an
unreadable description was recognised as such.

A label is a dict: ``steps`` (each ``action``, ``side`` (None = not said), ``count`` (None = not said,
0 = open repetition), ``amplitude``, ``speed``, ``with`` (index of the step it runs with, or None)),
``emotion`` (an emotion, "none" = no feeling described, None = not judged) and optionally ``unreadable``.
"""

from __future__ import annotations

import dataclasses

from protocols.motion_plan import MotionPlan


@dataclasses.dataclass
class PlanScore:
    actions_right: int = 0
    actions_total: int = 0        # max(label steps, plan steps): misses and extra steps both count
    sides_right: int = 0
    sides_total: int = 0
    counts_exact: int = 0
    counts_within1: int = 0
    counts_total: int = 0
    order_right: int = 0
    order_total: int = 0          # descriptions with two or more steps
    amplitude_right: int = 0
    amplitude_total: int = 0      # steps whose label says small or large
    speed_right: int = 0
    speed_total: int = 0          # steps whose label says slow or fast
    emotion_right: int = 0
    emotion_total: int = 0        # descriptions with an emotion
    no_emotion_right: int = 0
    no_emotion_total: int = 0     # descriptions without one: the plan invents none (neutral allowed)
    unreadable_right: int = 0
    unreadable_total: int = 0
    readable_kept: int = 0
    readable_total: int = 0
    pairs: list = dataclasses.field(default_factory=list)   # (label step, plan step) of matched actions

    def add(self, other: "PlanScore") -> None:
        for f in dataclasses.fields(self):
            if f.name == "pairs":
                self.pairs.extend(other.pairs)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def align(label_actions: list[str], plan_actions: list[str]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of the two action lists (in order)."""
    n, m = len(label_actions), len(plan_actions)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if label_actions[i] == plan_actions[j] else \
                max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if label_actions[i] == plan_actions[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def score_plan(plan: MotionPlan, label: dict) -> PlanScore:
    s = PlanScore()
    if label.get("unreadable"):
        s.unreadable_total = 1
        s.unreadable_right = int(plan.status == "unreadable")
        return s
    s.readable_total = 1
    s.readable_kept = int(plan.status != "unreadable")
    want = label["steps"]
    got = list(plan.steps)
    pairs = align([w["action"] for w in want], [g.action for g in got])
    s.actions_total = max(len(want), len(got))
    s.actions_right = len(pairs)
    for i, j in pairs:
        w, g = want[i], got[j]
        s.pairs.append((w, g))
        if w["side"] is not None and w["side"] != "":
            s.sides_total += 1
            s.sides_right += int(g.side == w["side"])
        if w["count"] is not None and w["action"] in ("nod", "shake", "wag", "glance"):
            s.counts_total += 1
            if w["count"] == 0:
                ok = g.count == 0 or g.count >= 3
                s.counts_exact += int(ok)
                s.counts_within1 += int(ok or g.count == 2)
            else:
                s.counts_exact += int(g.count == w["count"])
                s.counts_within1 += int(g.count != 0 and abs(g.count - w["count"]) <= 1)
        if w["amplitude"] != "medium":
            s.amplitude_total += 1
            s.amplitude_right += int(g.amplitude == w["amplitude"])
        if w["speed"] != "normal":
            s.speed_total += 1
            s.speed_right += int(g.speed == w["speed"])
    if len(want) >= 2:
        s.order_total = 1
        same_actions = [w["action"] for w in want] == [g.action for g in got]
        same_overlaps = same_actions and all((w["with"] is not None) == (g.overlaps is not None)
                                             for w, g in zip(want, got))
        s.order_right = int(same_overlaps)
    emotion = label.get("emotion")
    felt = {c.emotion for c in plan.emotions}
    if emotion == "none":
        s.no_emotion_total = 1
        s.no_emotion_right = int(felt <= {"neutral"})
    elif emotion is not None:
        s.emotion_total = 1
        s.emotion_right = int(emotion in felt and len(felt - {"neutral"} - {emotion}) == 0)
    return s


def summary_lines(s: PlanScore) -> list[str]:
    def pct(a: int, b: int) -> str:
        return f"{a}/{b} = {a / b:.1%}" if b else "–"

    return [f"action (aligned steps; misses and extra steps count) {pct(s.actions_right, s.actions_total)}",
            f"side {pct(s.sides_right, s.sides_total)}",
            f"count exact {pct(s.counts_exact, s.counts_total)}, within ±1 {pct(s.counts_within1, s.counts_total)}",
            f"order of steps (with overlaps) {pct(s.order_right, s.order_total)}",
            f"amplitude class (where said) {pct(s.amplitude_right, s.amplitude_total)}",
            f"speed (where said) {pct(s.speed_right, s.speed_total)}",
            f"emotion {pct(s.emotion_right, s.emotion_total)}; none invented {pct(s.no_emotion_right, s.no_emotion_total)}",
            f"unreadable recognised {pct(s.unreadable_right, s.unreadable_total)}; readable kept "
            f"{pct(s.readable_kept, s.readable_total)}"]
