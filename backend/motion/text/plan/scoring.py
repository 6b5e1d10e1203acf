"""How a plan compares with a hand-written label of what a description asks for (the evaluation's
measures): actions, sides, counts, order and overlaps, amplitude, speed, emotion, and whether an
unreadable description was recognised as such.

A label is a dict: ``steps`` (each ``action``, ``side`` (None = not said), ``count`` (None = not said,
0 = open repetition), ``amplitude``, ``speed``, ``with`` (index of the step it runs with, or None)),
``emotion`` (an emotion, "none" = no feeling described, None = not judged) and optionally ``unreadable``.

Steps that start together (a step and those that overlap it) have no order between them: "nods while turning"
may be written turn + nod-with-it or nod + turn-with-it, and both lay out the same motion. So steps are
compared in the order they start, and a group of steps that start together as a set.
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


def in_time_order(actions: list[str], overlaps: list[int | None]) -> list[list[int]]:
    """Step indices grouped by the steps that start together (an overlapping step starts with the step it
    overlaps: MotionPlan's layout), groups in the order they start, each in list order."""
    root: list[int] = []
    for i, o in enumerate(overlaps):
        root.append(i if o is None or not 0 <= o < i else root[o])
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(root):
        groups.setdefault(r, []).append(i)
    return [g for _, g in sorted(groups.items())]


def match_steps(label_steps: list[dict], plan_steps: list) -> list[tuple[int, int]]:
    """(label index, plan index) of the matched actions, in time order; within a group of label steps that
    start together, the steps are taken in the order the plan has their actions."""
    plan_actions = [s.action for s in plan_steps]
    first = {a: plan_actions.index(a) for a in set(plan_actions)}
    want = [i for g in in_time_order([w["action"] for w in label_steps], [w["with"] for w in label_steps])
            for i in sorted(g, key=lambda i: (first.get(label_steps[i]["action"], len(plan_actions)), i))]
    got = [j for g in in_time_order(plan_actions, [s.overlaps for s in plan_steps]) for j in g]
    pairs = align([label_steps[i]["action"] for i in want], [plan_actions[j] for j in got])
    return [(want[a], got[b]) for a, b in pairs]


def same_order(label_steps: list[dict], plan_steps: list) -> bool:
    """The same steps start in the same order, the same ones together."""
    def groups(actions: list[str], overlaps: list[int | None]) -> list[list[str]]:
        return [sorted(actions[i] for i in g) for g in in_time_order(actions, overlaps)]

    return groups([w["action"] for w in label_steps], [w["with"] for w in label_steps]) == \
        groups([s.action for s in plan_steps], [s.overlaps for s in plan_steps])


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


@dataclasses.dataclass(frozen=True)
class _LabelledStep:
    action: str
    side: str | None
    count: int | None
    amplitude: str
    speed: str
    overlaps: int | None


@dataclasses.dataclass(frozen=True)
class _LabelledFeeling:
    emotion: str


@dataclasses.dataclass(frozen=True)
class LabelAsPlan:
    """A second person's label read as if it were a plan, so two labellings of the same descriptions compare with
    `score_plan`'s measures (how far two careful people agree bounds what a reader can be scored at)."""

    steps: tuple[_LabelledStep, ...]
    emotions: tuple[_LabelledFeeling, ...]
    status: str

    @classmethod
    def of(cls, label: dict) -> "LabelAsPlan":
        steps = tuple(_LabelledStep(w["action"], w["side"], w["count"], w["amplitude"], w["speed"], w["with"])
                      for w in label["steps"])
        emotion = label.get("emotion")
        feelings = (_LabelledFeeling(emotion),) if emotion not in (None, "none") else ()
        return cls(steps, feelings, "unreadable" if label.get("unreadable") else "ok")


def score_plan(plan: MotionPlan | LabelAsPlan, label: dict) -> PlanScore:
    s = PlanScore()
    if label.get("unreadable"):
        s.unreadable_total = 1
        s.unreadable_right = int(plan.status == "unreadable")
        return s
    s.readable_total = 1
    s.readable_kept = int(plan.status != "unreadable")
    want = label["steps"]
    got = list(plan.steps)
    pairs = match_steps(want, got)
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
            if g.count is None:
                pass   # a second labelling that leaves the count unsaid gets it neither exact nor within one
            elif w["count"] == 0:
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
        s.order_right = int(same_order(want, got))
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
