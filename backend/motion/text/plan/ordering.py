"""Ordering and merging drafts: time order inside each sentence ("before"/"after" swap, "while"/"as" and
participles overlap), weak clauses folded into their neighbour, and one motion read twice made one step.
"""

from __future__ import annotations

import re

from protocols.motion_plan import SIDES

from . import lexicon
from .clauses import ASK_FOR_A_PAUSE, ASKS_FOR_A_PAUSE as _ASKS_FOR_A_PAUSE
from .clause_reading import split_words
from .drafting import Draft, apply_modifiers, repoint_overlaps
from .stares import stares_without_direction


# ----------------------------------------------------------------------------------------------- ordering


# Moves to a held pose.
POSE_MOVES = ("turn", "look", "tilt", "lean")
# Motions that repeat while a pose said before them is held ("Head tilted, he keeps nodding", "Turning left, she
# shakes her head").
REPEATED_IN_A_POSE = ("nod", "shake", "wag", "glance")


# A sentence that says it comes before the one said last ("Two nods. And before that, a tilt to the left.", "He
# shakes his head. But first he looks down."): its steps go first.
_BEFORE_THAT = re.compile(r"^(?:(?:and|so|oh|um|uh)\W+)*(?:before\s+(?:that|this|it|then|all\s+that|those|these)\b|"
                          r"but\s+first\b|first\s*,\s*though\b)", re.IGNORECASE)


# A sentence that puts its step between the last two said ("She looks up, then shakes her head. In between, a
# beat.", "Add a pause between them."): it goes before the last step of the sentence before.
_IN_BETWEEN = re.compile(r"^(?:(?:and|so|then|also)\W+)*(?:in[\s-]+between\b|between\s+(?:them|the\s+two|those|these|"
                         r"each)\b|(?:" + ASK_FOR_A_PAUSE + r"|give\s+(?:me|it|him|her))\s+(?:a\s+)?(?:[\w-]+\s+)?(?:beat|pause|hold|"
                         r"moment)\s+(?:in\s+)?between\b)", re.IGNORECASE)




def order_drafts(drafts: list[Draft], readings: list | None = None) -> list[Draft]:
    """Time order inside each sentence ('before'/'after' clauses), overlaps ('while', 'as', participles); a
    sentence that comes before the one before it ("And before that, …") goes first."""
    groups = _sentences_in_order(drafts, readings or [])
    out: list[Draft] = []
    for group in groups:
        for d in group:
            if d.overlaps is not None:
                d.overlaps += len(out)
        out.extend(group)
    return out


def _sentences_in_order(drafts: list[Draft], readings: list) -> list[list[Draft]]:
    groups: list[list[Draft]] = []
    for sentence in sorted({d.sentence for d in drafts}):
        group = [d for d in drafts if d.sentence == sentence]
        group = _pose_held_under(_resolve_before_after(group))
        for i, d in enumerate(group):
            main = _main_of(group, i)
            if d.marker == "with" and main is not None and not (main > i and group[main].marker == "next"):
                # (a "while" clause first in its sentence runs with the main clause after it, not with one that comes
                # "then": "She is trembling as she glances right, then left")
                _overlap(group, i, main)
            elif (d.participle and main is not None and main > i and not d.reading.clause.opening
                  and group[main].marker == "next"):
                # "He sits alone, nodding to the music, then turns left": a participle after a clause that gave no
                # step is still that clause's; what comes "then" comes after it
                continue
            elif main is not None and main < i and _repeats_in_the_pose(d, group[main]):
                d.notes.append("a motion kept up in the pose said before it: runs with the pose")
                _overlap(group, i, main)
            elif d.participle and main is not None and not group[main].participle:
                if main > i and _pose_first(d, group[main]):
                    d.notes.append("an opening pause or held pose: first the pose, then the main clause")
                    continue
                _overlap(group, i, main)
            elif (len(group) == 2 and i == 1 and all(g.participle for g in group) and d.marker == ""
                  and not _pose_first(group[0], d)):
                # "(tilting her head, nodding slowly)": a parenthetical or a note of participles alone; the second is
                # the main motion, and the first runs with it as it would before a main clause (rule 1)
                _overlap(group, i, 0)
        group = _pause_asked_between(group)
        opening = next((r.clause.source for r in readings if r.clause.sentence == sentence and r.clause.opening),
                       group[0].reading.clause.source if group else "")
        last = groups[-1] if groups else []
        if (group and (len(last) >= 2 or (last and len(groups) >= 2)) and _IN_BETWEEN.match(opening.strip())
                and all(d.overlaps is None for d in group)
                and last[-1].overlaps is None and all(d.overlaps != len(last) - 1 for d in last)):
            if any(d.action == "hold" for d in group) and _ASKS_FOR_A_PAUSE.match(opening.strip()):
                # "Add a beat between the turn and the nod": the motions named are the two steps already there
                group = [d for d in group if d.action == "hold"]
            for d in group:
                d.notes.append("said to come between the last two steps before it")
            groups[-1:] = [g for g in (last[:-1], group, last[-1:]) if g]
            continue
        if (groups and group and _BEFORE_THAT.match(opening.strip())
                and all(d.overlaps is None for d in groups[-1])):
            for d in group:
                d.notes.append("said to come before the sentence before it: first")
            groups.insert(len(groups) - 1, group)
        else:
            groups.append(group)
    return groups


def _pause_asked_between(group: list[Draft]) -> list[Draft]:
    """A pause asked for between the two steps just said, in the same sentence (a chat's lines run on: "he nods
    then turns [kim] adding a beat between the nod and the turn"): it goes before the last of them."""
    if (len(group) >= 3 and group[-1].action == "hold" and _IN_BETWEEN.match(group[-1].reading.clause.text.strip())
            and all(d.overlaps is None for d in group)):
        group[-1].notes.append("said to come between the last two steps before it")
        return group[:-2] + [group[-1], group[-2]]
    return group


# A pose said to last through what came just before ("…, and her head is tilted to the right during this", "…, the
# whole time", "throughout").
_HELD_THROUGH = re.compile(r"\b(?:during\s+(?:this|that|it|all\s+this)|the\s+whole\s+time|throughout|all\s+the\s+while|"
                           r"all\s+along)\b", re.IGNORECASE)


def _pose_held_under(group: list[Draft]) -> list[Draft]:
    """The guide's rule 2 with the pose said after the motion kept up and said to last through it ("He keeps shaking
    his head, and his chin is down during this"): the pose first, the motion with it. (A bare pose after it, "She
    keeps nodding, her head tilted", runs with the motion as a participle does.)"""
    for i in range(1, len(group)):
        pose, motion = group[i], group[i - 1]
        if (pose.action in POSE_MOVES and motion.action in REPEATED_IN_A_POSE and motion.count in (None, 0)
                and pose.overlaps is None and motion.overlaps is None
                and not pose.reading.clause.absolute and _HELD_THROUGH.search(pose.reading.clause.text)):
            group[i - 1], group[i] = pose, motion
            motion.overlaps = i - 1
            motion.notes.append("a pose said held through the motion kept up: runs with the pose")
    return group


def _pose_first(participle: Draft, main: Draft) -> bool:
    """Whether an opening participle comes before its main clause rather than with it. A present participle that
    moves the head runs with the main clause's motion ("Turning left, she nods twice", "Leaning in, he turns
    right"); a pause ("Pausing, he nods"), a move before a hold ("Turning to the door, he stares at it") and a
    pose said as a noun and a past participle before a single move ("Head bowed, he turns left") come first; a
    pose held while a motion repeats runs with it ("Head tilted, he keeps nodding")."""
    from .corrections import gazes_on_something   # (corrections builds on this module)
    if main.action == "hold" and stares_without_direction(main.reading.clause.text) and participle.action != "hold":
        return False   # "Whipping round to the right, she stares at the gate": the stare is held as the head goes
    if participle.action == "hold" or main.action == "hold" or gazes_on_something(main.reading.clause.text):
        return True   # "Lifting his chin, he looks her in the eye": the gaze is held in the pose
    if main.marker == "next":
        return True   # "Lowering her gaze, she murmurs …, and then looks up": its own clause gave no step
    if participle.reading.clause.absolute:
        return main.action not in REPEATED_IN_A_POSE
    return False


# Keeping a motion up ("…, keep nodding", "and keeps shaking his head"), said without "then" or "after".
# ("head tilted left and he keeps nodding": its subject before it)
_KEEPS_ON = re.compile(r"^(?:(?:he|she|they|you|i|we)\s+)?(?:just\s+)?(?:keep|keeps|keeping|kept)\s+(?:on\s+)?\w+ing\b",
                       re.IGNORECASE)
_THEN = re.compile(r"^(?:and\s+)?(?:then|after|afterwards|next|finally|later)\b", re.IGNORECASE)


def _repeats_in_the_pose(d: Draft, pose: Draft) -> bool:
    """The guide's rule 2: a repeating motion kept up in a pose said just before it runs with the pose ("Tilt
    head, keep nodding"; "Head tilted to one side, listening, nodding every now and then"). A pose named again
    later ("keeping it tilted", "over the tilt") is `back_references.runs_over_held_pose`'s part."""
    if d.action not in REPEATED_IN_A_POSE or pose.action not in POSE_MOVES or pose.overlaps is not None:
        return False
    if _KEEPS_ON.match(d.reading.clause.text) and not _THEN.match(d.reading.clause.source):
        return True
    return bool(d.participle and pose.reading.clause.absolute and pose.reading.clause.opening)


def _main_of(group: list[Draft], i: int) -> int | None:
    if i > 0:
        return i - 1
    return 1 if len(group) > 1 else None


def _overlap(group: list[Draft], i: int, main: int) -> None:
    """The later of the two in the list runs with the earlier one."""
    first, second = sorted((i, main))
    if group[first].overlaps is None and group[second].overlaps is None:
        group[second].overlaps = first


def _resolve_before_after(group: list[Draft]) -> list[Draft]:
    group = list(group)
    for d in list(group):
        if d.marker not in ("before_main", "after_main"):
            continue
        i = group.index(d)
        # "She looks up, then, after a pause, she nods": a before/after clause followed by an unlinked clause
        # belongs to that one; otherwise to the clause before it ("She turns left after nodding").
        follows = i + 1 < len(group) and group[i + 1].marker == "" and not group[i + 1].participle
        if i + 1 == len(group) and i > 0 and not d.reading.clause.last:
            continue   # "she bowed her head, and when she raised it her cheeks were wet": its main clause gave no step
        main = i + 1 if (i == 0 or follows) and len(group) > 1 else i - 1
        if main < 0:
            continue
        should_precede = d.marker == "before_main"
        if should_precede and i > main or (not should_precede and i < main):
            group[i], group[main] = group[main], group[i]
    return group


# ------------------------------------------------------------------------------------------------ merging

def _one_by_the_noun(d: Draft) -> bool:
    """Whether the draft's one was said only by its noun or article ("a slow nod", "head wag"), not as a number."""
    c = d.reading.count
    return (d.count == 1 and c is not None and c.value == 1
            and not re.search(r"\b(?:one|once|single|1)\b", c.words, re.IGNORECASE))


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """One motion read twice becomes one step: a reading of intent next to the motion ("He refuses, shaking
    his head twice"), or two clauses of one motion joined by a comma or 'while' rather than by 'then'."""
    drafts = _loop_ends(_turns_to_look(_fold_weak(drafts)))
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        same = prev is not None and prev.action == d.action and prev.sentence == d.sentence and \
            (prev.side == d.side or not prev.side or not d.side or not _explicit_side(prev) or not _explicit_side(d)) \
            and not _named_sides_differ(prev, d) \
            and not (d.action == "lean" and prev.side and d.side and prev.side != d.side) \
            and not lexicon.AGAIN.search(d.reading.clause.text)   # "Turn right, turn right again": said again, done again
        linked = d.overlaps is not None or d.participle or (d.marker == "" and prev is not None and
                                                            prev.sentence == d.sentence) or (
            # "she flinches and jerks her head back": a start is one motion, however many words it is said in
            d.action == "recoil" and prev is not None and prev.sentence == d.sentence
            and not re.match(r"(?:and\s+|,\s*)?(?:then|after|afterwards|later|next)\b", d.reading.clause.source.strip(),
                             re.IGNORECASE))
        if (not same and prev is not None and prev.action == d.action and prev.sentence == d.sentence - 1
                and _bare_repeat(prev) and _bare_repeat(d) and len(split_words(d.reading.clause.text)) == 1
                and len(split_words(prev.reading.clause.text)) == 1):
            prev.repeats += d.repeats   # "Shake. Shake.": the bare verb said twice, one sentence each
            prev.sources.extend(d.sources)
            prev.sentence = d.sentence
            continue
        if same and linked and not lexicon.AGAIN.search(d.reading.clause.text):   # "turn left, turn left again"
            if _bare_repeat(prev) and _bare_repeat(d):
                prev.repeats += d.repeats
            prev.count = prev.count if prev.count is not None else d.count
            if _one_by_the_noun(prev) and d.count is not None and d.count > 1 and d.reading.count is not None:
                prev.count = d.count   # "a loose head wag, three wags": the number said after the noun
            prev.speed = prev.speed or d.speed
            prev.amplitude = prev.amplitude or d.amplitude
            prev.degrees = prev.degrees if prev.degrees is not None else d.degrees
            if _explicit_side(d) and not _explicit_side(prev):
                prev.side = d.side
                prev.reading = d.reading
            prev.sources.extend(d.sources)
            continue
        if d.overlaps is not None:
            # Indices shift when steps merge; point at the same draft.
            d.overlaps = _index_of(out, drafts[d.overlaps]) if d.overlaps < len(drafts) else None
        out.append(d)
    _count_bare_lists(out)
    return out


# "Stops" said right after a motion kept up ("keeps shaking his head … stops, looks down", "nods on and on, then stops and
# turns"): the end of the repetition, and the next step follows; no pause of its own (a pause said outright, "stops
# and holds", "freezes", still is one).
_STOPS = re.compile(r"(?:(?:he|she|they|it)\s+)?(?:\w+ly\s+)?(?:stops?|stopped|quits?)(?:\s+(?:nodding|shaking|wagging|"
                    r"bobbing|it|that))?", re.IGNORECASE)


def _loop_ends(drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for i, d in enumerate(drafts):
        prev = out[-1] if out else None
        after = drafts[i + 1] if i + 1 < len(drafts) else None
        if (d.action == "hold" and prev is not None and prev.action in REPEATED_IN_A_POSE and prev.count == 0
                and after is not None and after.action != "hold" and d.overlaps is None
                and _STOPS.fullmatch(d.reading.clause.text.strip())):
            prev.absorb(d, f"\"{d.reading.clause.text}\": where the repetition ends, no pause of its own")
            continue
        out.append(d)
    return repoint_overlaps(drafts, out)


# A turn said alone ("she turns", "he slowly turns round") ...
_BARE_TURN = re.compile(r"(?:(?:he|she|they|i|you|we|(?:the|a|an)\s+[\w'-]+)\s+)?(?:\w+ly\s+)?turn(?:s|ed|ing)?"
                        r"(?:\s+(?:a)?round)?(?:\s+\w+ly)?", re.IGNORECASE)
# ... then "and looks" somewhere: one move, to where the look goes ("She turns and looks into the lens").
_AND_LOOKS = re.compile(r"and\s+(?:\w+ly\s+)?(?:look|looks|looked|gaz\w+|star\w+|peer\w*)\b", re.IGNORECASE)


def _turns_to_look(drafts: list[Draft]) -> list[Draft]:
    """"He turns and looks up at the sky", "She turns and looks straight into the lens": a turn that names no side,
    and a look right after it, are one move, the look's."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and prev.action == "turn" and prev.sentence == d.sentence and d.overlaps is None
                and prev.overlaps is None and _BARE_TURN.fullmatch(prev.reading.clause.text.strip())
                # ("turns round and stares at the kettle": a stare with no direction is a hold, the turn its own move)
                and _AND_LOOKS.match(d.sources[0].strip()) and d.action in ("look", "return", "turn", "glance")):
            d.sources = prev.sources + d.sources
            d.notes.append("a bare turn and the look after it: one move")
            out[-1] = d
            continue
        out.append(d)
    return repoint_overlaps(drafts, out)


def _count_bare_lists(drafts: list[Draft]) -> None:
    """"Shake, shake, shake, nod.": in a sentence of bare verbs each verb is counted as often as it is said, so
    the nod said once is one nod, not nodding for its time."""
    for sentence in {d.sentence for d in drafts}:
        group = [d for d in drafts if d.sentence == sentence]
        if len(group) >= 2 and all(len(split_words(d.reading.clause.text)) == 1 for d in group) \
                and any(d.repeats > 1 for d in group):
            for d in group:
                if d.action in ("nod", "shake", "wag") and d.count is None and d.reading.count is None:
                    d.count = d.repeats
                    d.notes.append(f"a list of bare verbs: said {d.repeats} time{'s' if d.repeats > 1 else ''}")


def _bare_repeat(d: Draft) -> bool:
    """'Nod' of 'Nod, nod, nod': a repeating action said by its verb alone, with no count."""
    return (d.action in ("nod", "shake", "wag") and d.count is None and d.reading.count is None
            and len(split_words(d.reading.clause.text)) <= 2 and len(d.reading.content_words) <= 1)


def _fold_weak(drafts: list[Draft]) -> list[Draft]:
    """A weak draft next to a full one in its sentence gives it its modifiers and is not a step itself."""
    out = list(drafts)
    for d in list(drafts):
        if not d.weak:
            continue
        i = out.index(d)
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(out) and not out[j].weak
                      and out[j].sentence == d.sentence]
        if not neighbours:
            continue
        host = out[neighbours[0]]
        apply_modifiers(host, d.reading)
        for other in out:
            if other.overlaps is not None and other.overlaps < len(drafts) and drafts[other.overlaps] is d:
                other.overlaps = None
        out.remove(d)
    # Overlap indices point into the list they were made for; re-point them into the folded list.
    for d in out:
        if d.overlaps is not None:
            target = drafts[d.overlaps] if d.overlaps < len(drafts) else None
            d.overlaps = out.index(target) if target in out else None
    return out


def _index_of(out: list[Draft], target: Draft) -> int | None:
    for i, d in enumerate(out):
        if d is target:
            return i
    return len(out) - 1 if out else None


def _named_sides_differ(a: Draft, b: Draft) -> bool:
    """"look left, look right": the words name two different sides, so these are two steps."""
    sa = [s.value for s in a.reading.sides if s.value in SIDES.get(a.action, ())]
    sb = [s.value for s in b.reading.sides if s.value in SIDES.get(b.action, ())]
    return bool(sa and sb and sa[0] != sb[0])


def _explicit_side(d: Draft) -> bool:
    return any(s.value in SIDES.get(d.action, ()) for s in d.reading.sides)

