"""Clauses that refer back to a step already read, rather than adding a new one:

- a motion judged by its noun ("The head drop works.") and asked for again later is one step (`_judged_then_asked`);
- a restatement after a colon ("He turns, but not all the way: a small turn to the right") says the same step
  again, more precisely: one step, with the restatement's side, size and speed (`fold_restatements`); a word or
  two after a colon that give no step gloss the step before ("She moves her head from side to side: no");
- a place named again ("turned to his mother on his right, then back to the front, then to his mother again")
  is where it was the first time: the earlier step's side (`earlier_target_side`);
- a time clause or pose pointing back at a step said before ("He turns to the window. Once he's turned, …", "Held in
  that tilt, …"), and a step named as missing then asked for ("The cut lacks a nod. Add one, small."), are that step;
- "twice … and twice …" ("Twice she turned toward the door, and twice she turned back"): two moves that each
  happen once per time, said with the same count, alternate that many times (`repeat_pairs`).
"""

from __future__ import annotations

import dataclasses
import re

from protocols.motion_plan import REPEATING

from . import lexicon
from .clause_reading import ClauseReading, split_words
from .clauses import ASKS_FOR_A_PAUSE as _ASKS_FOR_A_PAUSE
from .drafting import Draft, repoint_overlaps
from .fixed_motions import JUDGED_AS_NOUN

# A restatement is a noun phrase, not a clause with a subject and verb: "a small turn to the right",
# "just the slightest turn", "one slow nod".
# (a reply in a thread may say yes first: "kim: sure, a single small nod", "yeah 3 shakes")
_REPLY_YES = r"(?:(?:yeah|yes|yep|sure|ok|okay)\s+)?"
_NOUN_PHRASE = re.compile(rf"^{_REPLY_YES}(?:(?:just|only|but|and|so)\s+)?(?:a|an|the|one|this|that)\b", re.IGNORECASE)
_GLOSS_WORDS = 3   # "…: no.", "…: a firm no": a gloss is this short


# A motion named in a word or two before a colon, then spelt out after it ("lifts head: look up, slow", "head
# turn: to the right, fast"): a heading and its motion, one step.
_NAMED_BEFORE_COLON = re.compile(r"(?:[\w'-]+\s+)?[\w'-]+", re.IGNORECASE)


# "back to his papers", no verb: the head going back to what it faced (a lean needs its verb: "leans back")
_BACK_TO_WHAT = re.compile(r"(?:(?:and|then)\s+)?(?:\w+ly\s+)?back\s+(?:again\s+)?(?:to|toward|towards|at|on)\s+"
                           r"(?:his|her|their|its|your|my|the)\s+[\w'-]+(?:\s+[\w'-]+)?", re.IGNORECASE)


def fold_restatements(drafts: list[Draft], readings: list[ClauseReading]) -> list[Draft]:
    """A noun phrase of the same action right after a colon restates the step before the colon: one step, and
    what the restatement says (side, size, speed, count, degrees) wins. A gloss after a colon that gives no step
    joins the words of the step before (so "…: no" can say what a side-to-side motion means)."""
    given = {source for d in drafts for source in d.sources}
    for r in readings:
        c = r.clause
        if c.after_colon and c.source not in given and len(split_words(c.text)) <= _GLOSS_WORDS:
            before = [d for d in drafts if d.sentence < c.sentence]
            if before and before[-1].sentence == c.sentence - 1:
                before[-1].sources.append(c.source)
                before[-1].notes.append(f"\"{c.source}\" after a colon says what the step means")
    out: list[Draft] = []
    restating = None   # the sentence that restates the step before it ("He looks up. Up at the sky.")
    for d in drafts:
        prev = out[-1] if out else None
        clause = d.reading.clause
        posed = next((e for e in reversed(out) if e.action != "hold"), None)
        if (prev is not None and prev.action == "hold" and posed is not None and posed.sentence == d.sentence
                and _restates_in_a_sentence(posed, d) and _POSE_REACHED.fullmatch(clause.text.strip())):
            # "dropped his head, and stayed perfectly still, chin on his chest": the pose the step before the pause
            # reached, said after it
            posed.absorb(d, f"\"{clause.source}\" is the pose the {posed.action} reached: one step")
            continue
        if (prev is not None and d.sentence == prev.sentence and prev.action in ("turn", "look", "glance")
                and not _side_said(prev) and d.action == "look" and _side_said(d) in ("up", "down") and _TARGET.search(prev.reading.clause.text)
                and _POSE_SAID.fullmatch(clause.text.strip()) and d.overlaps in (None, len(out) - 1)):
            # "She looks at the letter, head down.": the pose says which way the look at the thing goes, one look
            prev.action, prev.side = "look", _side_said(d)
            prev.reading = d.reading
            prev.absorb(d, f"\"{clause.source}\" says where the look at it goes: one step")
            continue
        if (prev is not None and prev.action == "return" and d.action in ("lean", "recoil") and d.sentence == prev.sentence
                and _BACK_TO_WHAT.fullmatch(clause.text.strip()) and not d.reading.sides and d.overlaps is None):
            # "then faces front again, back to her sewing": where the return goes, said again; no lean
            prev.absorb(d, f"\"{clause.source}\" says where the return goes: one step")
            continue
        if (posed is not None and d.action == posed.action and d.action in ("look", "tilt", "turn", "lean")
                and (clause.absolute or _POSE_SAID.fullmatch(clause.text.strip())) and _side_said(d)
                and _side_said(d) == _side_said(posed) and not lexicon.AGAIN.search(clause.text)
                and (d.overlaps is None or drafts[d.overlaps] in out[out.index(posed):])):
            # "Her head sinks. … And she stays that way, head down, not moving": the pose the head is already in,
            # said as it holds; what runs with it runs with the step that took it
            _run_with(drafts, d, posed)
            posed.absorb(d, f"\"{clause.source}\": the pose the {posed.action} took, said again as it holds")
            continue
        if (prev is not None and prev.action == d.action == "hold" and prev.sentence == d.sentence
                and d.overlaps is None and not lexicon.AGAIN.search(clause.text)
                and prev in drafts and drafts.index(d) - drafts.index(prev) > 1):
            # ("stays that way, head down, not moving": with the pose between them folded, one stillness)
            prev.absorb(d, f"\"{clause.source}\" says the same stillness: one hold")
            continue
        if prev is not None and _eyes_lead(prev, d):
            # "his eyes go to the door, and then his head follows, turning to his right": the eyes lead the head's
            # one move
            d.side = d.side or prev.side
            d.sources[:0] = prev.sources
            d.notes.append(f"\"{prev.reading.clause.source}\": the eyes lead, the head follows: one step")
            out[-1] = d
            continue
        if prev is not None and _eyes_restate(prev, d):
            # "She looks around the hall; her eyes scan every corner.": the eyes doing what the head's step does
            prev.absorb(d, f"\"{clause.source}\": the eyes in the step before, not a step of their own")
            continue
        if prev is not None and _asked_then_answered(prev, d, drafts):
            # "Should the owl tilt here? It tilts, just a little.": a motion asked about, then said as the answer; the
            # answer is the step (what it says wins), the question adds none
            d.side = d.side or prev.side
            if d.count is None and prev.reading.count is not None:
                d.count = prev.count   # ("can she glance twice? she glances, yes")
            d.notes.append(f"\"{prev.reading.clause.source}\" asks for the step its answer says: one step")
            _run_with(drafts, prev, d)
            out[-1] = d
            continue
        if (prev is not None and d.action in ("turn", "tilt", "glance") and not _side_said(d) and d.overlaps is None
                and 0 < d.sentence - prev.sentence <= 2 and _side_said(prev)
                and not any(e.sentence == d.sentence for e in drafts[:drafts.index(d)])
                and _BARE_SIDE.fullmatch(prev.reading.clause.text.strip())
                and any(0 <= prev.sentence - r.clause.sentence <= 1 and _WHICH_WAY.search(r.clause.text)
                        for r in readings)):
            # "Which way, her left? Yes. She turns.": the side asked about and agreed goes to the move that follows
            d.side = prev.side
            d.reading = dataclasses.replace(d.reading, sides=prev.reading.sides)
            d.notes.append(f"\"{prev.reading.clause.source}\": the side asked about, given to the move after it")
            _run_with(drafts, prev, d)
            out[-1] = d
            continue
        if (prev is not None and d.action == "hold" and d.sentence == prev.sentence and clause.marker == ""
                and d.overlaps is None and _STAYS.fullmatch(clause.text.strip())
                and _MOTION_NAMED.fullmatch(prev.reading.clause.text.strip())):
            # "Cut the wag; the rest, a quick tilt to her left, stays.": the motion named is kept, the head is not held
            prev.absorb(d, f"\"{clause.source}\" keeps the {prev.action} named before it: no hold")
            continue
        # (what opens its sentence before it moves nothing: "sure, a single nod" in a thread)
        first = prev is not None and prev.sentence < d.sentence and not any(
            e.sentence == d.sentence for e in drafts[:drafts.index(d)])
        if prev is not None and (_restates_in_a_sentence(prev, d, first) or (d.sentence == restating and d.weak)):
            restating = d.sentence
            _run_with(drafts, d, prev)   # "Head tilted, he keeps nodding": with the pose it names
            prev.sources.extend(d.sources)
            prev.amplitude = prev.amplitude or d.amplitude
            prev.speed = prev.speed or d.speed
            prev.count = prev.count if prev.count is not None else d.count
            prev.notes.append(f"\"{clause.source}\" says the step before again: one step")
            continue
        if (prev is not None and clause.after_colon and d.action == prev.action and d.sentence == prev.sentence + 1
                and (_NOUN_PHRASE.match(clause.text) or (_SAID_AGAIN_COUNTED.fullmatch(clause.text.strip())
                                                          and prev.count in (None, d.count)) or (_NAMED_BEFORE_COLON.fullmatch(prev.reading.clause.text.strip())
                                                         and not re.search(r"\b(?:again|more|another)\b", clause.text, re.IGNORECASE))
                     or _heads_a_list(prev, d, drafts))
                and d.overlaps is None and not d.borrowed):
            _take_what_it_adds(prev, d)
            prev.absorb(d, f"\"{clause.source}\" after a colon restates the step: one step")
            continue
        kept_one = next((e for e in reversed(out) if e.action == d.action and _side_said(d) in ("", _side_said(e))
                         and d.count in (None, 1) and e.count in (None, 1) and 0 < d.sentence - e.sentence <= 3), None)
        if kept_one is not None and _ONLY_THE.fullmatch(clause.text.strip()) and d.overlaps is None:
            # "Skip the wobble. Just the drop.": what stays of the take is the step said before, not a new one
            kept_one.absorb(d, f"\"{clause.source}\" names the step said before: one step")
            continue
        resized = _resized(d, out)
        if resized is not None:
            resized.amplitude = d.amplitude or resized.amplitude
            resized.speed = d.speed or resized.speed
            resized.absorb(d, f"\"{clause.source}\" sizes or paces the step said before: one step")
            continue
        done_before = next((e for e in reversed(out) if e.action == d.action), None)
        if (done_before is not None and done_before.sentence < d.sentence and d.overlaps is None
                and _side_said(d) in ("", _side_said(done_before)) and d.count in (None, 1)
                and done_before.count in (None, 1) and _AFTER_THE_STEP.match(clause.source.strip())
                and not _MORE_OF_IT.search(clause.source)):
            # "She turns to the door. Once she has turned, the lights go out.", "He bows his head. His hands shake
            # as he bows it.": a time clause or pose pointing back at the step said before, not a second one
            done_before.absorb(d, f"\"{clause.source}\" points back at the step said before: one step")
            continue
        if (prev is not None and d.action == prev.action and d.sentence == prev.sentence + 1 and clause.opening
                and d.overlaps is None and (_side_said(d) == _side_said(prev) or "" in (_side_said(d), _side_said(prev)))
                and d.count in (None, 1) and prev.count in (None, 1) and _WANTED_NOUN.search(prev.reading.clause.source)
                and not _MORE_OF_IT.search(clause.source)):
            # "The shot is missing a nod. Add one, small and slow.", "We need a real turn. A sharp look to the door.":
            # the step named as wanting, then said as asked: one step, as the asking says it
            prev.side = d.side or prev.side
            prev.speed = d.speed or prev.speed
            prev.amplitude = d.amplitude or prev.amplitude
            prev.absorb(d, f"\"{clause.source}\" asks for the step named as missing: one step")
            continue
        if prev is not None and _side_given_later(prev, d, readings):
            prev.reading = dataclasses.replace(prev.reading, sides=d.reading.sides)
            prev.side = d.side or prev.side
            prev.absorb(d, f"\"{clause.source}\" gives the side the step before left unsaid: one step")
            continue
        out.append(d)
    _back_to_a_place(out)
    kept = {r.clause.sentence + 1 for r in readings if r.clause.label and _KEEP_LABEL.fullmatch(r.clause.text.strip())}
    return _judged_then_asked(repoint_overlaps(drafts, out), kept)


# A motion said before, named by its noun to size or pace it ("Keep his nod small", "Make the turn lazy and slow",
# "The dip should be slow and deep", "the glance back up is quicker"): a note on that step, not a step of its own.
# ("I want that snap faster than it is" after "his head snaps left": a motion's noun may be the verb it was said with;
# "Both glances quick": each of them)
_RESIZED_NOUN = re.compile(r"^(?:(?:and|but|so|also|then|just|please)\s+)*(?:(?:keep|make|have)\s+|(?:i|we)\s+(?:want|need)\s+)?"
                           r"(?:the|that|this|his|her|their|its|your|both|all\s+the|all|each|every)\s+(?:head\s+)?"
                           r"([a-z]+?)(?:s|es)?\b"
                           r"(?:\s+(?:back|up|down|in|forward|away|over))*(?:\s+(?:to|at)\s+(?:(?:the|her|his|their)\s+)?[\w'-]+)?"
                           r"(?:\s+(?:should|must|needs?\s+to|has\s+to|can)\s+(?:stay|be)|\s+(?:is|stays))?\s+"
                           r"(?:(?:a\s+)?(?:bit|touch|little|tad|really|very|nice\s+and|more|less|quite|super)\s+)?"
                           r"(?:small|smaller|tiny|subtle|big|bigger|large|huge|slow|slower|fast|faster|quick|quicker|lazy|loose|"
                           r"soft|gentle|sharp|snappy|deep|shallow|normal\s+speed|slight|minimal)\b"
                           r"(?:(?:\s*,\s*|\s+and\s+|\s+)(?:small|tiny|subtle|big|large|slow|fast|quick|lazy|loose|soft|"
                           r"gentle|sharp|deep|shallow|slight))*(?:\s+than\s+(?:it\s+is|it\s+was|before|now))?(?=\s*(?:[,.;!]|$))",
                           re.IGNORECASE)
_STEP_NOUN_WORDS = ("nod", "shake", "headshake", "wag", "tilt", "turn", "glance", "lean", "drop", "dip", "look")
# ("Quick glances, small.", "Slow nods.": the motion's noun in the plural with its size and speed only, after the
# motion was said; "Slow nod. Slow nod." is two nods)
_SIZE_OR_PACE = (r"(?:small|tiny|subtle|big|large|huge|slow|fast|quick|lazy|loose|soft|gentle|sharp|snappy|deep|shallow|"
                 r"slight|minimal)")
_SIZED_NOUN = re.compile(rf"^(?:{_SIZE_OR_PACE}\s*,?\s*(?:and\s+)?)+(nod|shake|headshake|wag|tilt|turn|glance|lean|dip)(?:s|es)"
                         rf"(?:\s*,\s*{_SIZE_OR_PACE}(?:\s*(?:,|and)\s*{_SIZE_OR_PACE})*)?\s*[.!]?$", re.IGNORECASE)
# A thread's short question or answer on a motion that happens once, by its bare noun or verb and a size or pace
# only ("recoil is big?", "fast recoil?", "drops slow?"); a nod or shake said so may be a list's next one.
_BARE_SIZED = re.compile(rf"^(?:(?:{_SIZE_OR_PACE})\s+(?:and\s+{_SIZE_OR_PACE}\s+)?)?(tilt|turn|lean|recoil|drop|dip|flinch)"
                         rf"(?:s|es)?(?:\s+(?:is|stays|was|should\s+be|must\s+be))?(?:\s+{_SIZE_OR_PACE}"
                         rf"(?:\s+and\s+{_SIZE_OR_PACE})?)?$", re.IGNORECASE)
_NOUN_ACTIONS = {"drop": ("look",), "flinch": ("recoil",), "glance": ("glance", "look"), "dip": ("look", "nod"), "headshake": ("shake",), "look": ("look", "return", "glance")}


def _resized(d: Draft, before: list[Draft]) -> "Draft | None":
    """The step said before that `d` only sizes or paces by its noun, or None."""
    text = d.reading.clause.text.strip()
    m = _RESIZED_NOUN.match(text) or _SIZED_NOUN.match(text)
    if m is None and _BARE_SIZED.fullmatch(text) and re.search(_SIZE_OR_PACE, text, re.IGNORECASE):
        m = _BARE_SIZED.fullmatch(text)
    if m is None or d.overlaps is not None:
        return None
    noun = m.group(1).lower()
    if noun not in _STEP_NOUN_WORDS and m.re is _RESIZED_NOUN:
        # a noun of no motion's own: the step said with it as its verb ("snaps" → "that snap"), if one was
        return next((e for e in reversed(before) if len(noun) >= 3 and e.action != "hold"
                     and re.search(rf"\b{re.escape(noun)}(?:s|es|ed|ped|ping|ing)\b", e.reading.clause.text, re.IGNORECASE)), None)
    actions = _NOUN_ACTIONS.get(noun, (noun,))
    return next((e for e in reversed(before) if e.action in actions), None)


# A speaker taking back or settling what was said ("Actually, to the right", "No, wait, left", "I mean left").
_SETTLING = re.compile(r"^(?:(?:so|ok(?:ay)?|um+|uh+|yeah|well)\W+)*(?:actually|no|wait|i\s+mean|or\s+rather|rather|sorry|"
                       r"make\s+(?:it|that))\b", re.IGNORECASE)


def _side_given_later(prev: Draft, d: Draft, readings: list[ClauseReading]) -> bool:
    """Whether `d` only gives the side of the step before, which named none: the side alone in the next sentence
    ("Then she tilts her head. To the right."), or the motion with its side in a sentence that settles it, a
    sentence later at most ("He turns his head. Which way? Actually, turn left.")."""
    if (d.action != prev.action or d.action not in ("turn", "tilt", "glance") or _side_said(prev) or not _side_said(d)
            or d.overlaps is not None or prev.overlaps is not None or prev.count not in (None, 1)
            or _MORE_OF_IT.search(d.reading.clause.source.replace("and then", ""))):
        return False
    gap = d.sentence - prev.sentence
    if gap == 1 and d.reading.clause.opening and (_SAID_AGAIN_AS_PLACE.match(d.reading.clause.text.strip())
                                                  or _RESAID_VERB.fullmatch(d.reading.clause.text.strip())):
        # ("The head turn needs to be slower. Turn to her left.": the verb again, only to give the side)
        return True
    opening = next((r.clause.text for r in readings if r.clause.sentence == d.sentence), "")
    return gap in (1, 2) and not d.borrowed and bool(_SETTLING.match(opening.strip()))


_ONE_MORE = re.compile(r"\b(?:another|second|one\s+more|other)\b", re.IGNORECASE)


# A review's heading for what the take already does well ("What works: the turn to her left.", "Keep: the tilt").
_KEEP_LABEL = re.compile(r"(?:what\s+works|what'?s\s+working|what\s+is\s+working|keep|works|good|liked?)", re.IGNORECASE)


def _judged_then_asked(drafts: list[Draft], kept: "set[int]" = frozenset()) -> list[Draft]:
    """A motion of the take judged by its noun ("The head drop works.", "the recoil reads weak"), or named under a
    heading that keeps it (`kept`: the sentences after one, "What works: the slow turn to her left."), and asked
    for again in a later sentence ("What we want: the head drops slowly, …", "Do the turn first") is one step,
    where it is asked for."""
    out = list(drafts)
    for d in drafts:
        text = d.reading.clause.text.strip()
        under_keep = d.reading.clause.after_colon and d.sentence in kept and _NAMES_THE_STEP.match(text) is not None
        if not (JUDGED_AS_NOUN.match(text) or under_keep) or d.overlaps is not None:
            continue
        asked = next((e for e in out if e.sentence > d.sentence and e.action == d.action
                      and not JUDGED_AS_NOUN.match(e.reading.clause.text.strip())
                      and _side_said(e) in ("", _side_said(d)) and _side_said(d) in ("", _side_said(e))
                      and not lexicon.AGAIN.search(e.reading.clause.text) and not _ONE_MORE.search(e.reading.clause.text)),
                     None)
        if asked is None or any(e.overlaps is not None and drafts[e.overlaps] is d for e in drafts):
            continue
        asked.side = asked.side or d.side
        asked.absorb(d, f"\"{d.reading.clause.source}\" judged the take's {d.action}, asked for again after: one step")
        out.remove(d)
    return repoint_overlaps(drafts, out)


# A question asking whether the character makes a motion ("can he shake his head here", "Should Ivo nod"), by its form:
# an auxiliary, then who, then the verb.
# ("let the fox glance up": a question asking for it, as `take_notes` words it)
_WHO = r"(?:he|she|they|it|we|you|him|her|them|(?-i:[A-Z])[\w'-]+|the\s+[\w'-]+)"
_ASKED = re.compile(rf"(?:(?:so|and|but|ok|okay)\s*,?\s+)?(?:(?:can|could|does|do|did|should|shall|will|would|must|might|"
                    rf"may)\s+{_WHO}|let\s+{_WHO})\s+(?:\w+ly\s+|also\s+|still\s+|maybe\s+)?([a-z]+)\b", re.IGNORECASE)


def _asked_then_answered(prev: Draft, d: Draft, drafts: list[Draft]) -> bool:
    """Whether `prev` is the one step of a question asking for a motion and `d`, the first step of the next sentence,
    answers it with the question's own verb ("can he shake …" / "he shakes his head"), not only with something like
    it ("like checking him out" after "can she glance at him"), nor more of it ("he nods again")."""
    asked = _ASKED.match(prev.reading.clause.text.strip())
    if (asked is None or len(asked.group(1)) < 3 or d.sentence != prev.sentence + 1 or d.action != prev.action
            or d.overlaps is not None or d.borrowed or _MORE_OF_IT.search(d.reading.clause.source)):
        return False
    if any(e.sentence == d.sentence for e in drafts[:drafts.index(d)]) or any(
            e.sentence == prev.sentence for e in drafts if e is not prev):
        return False
    sides = (_side_said(d), _side_said(prev))
    return ((sides[0] == sides[1] or "" in sides)
            and bool(re.search(rf"\b{re.escape(asked.group(1)[:4])}", " ".join(d.sources), re.IGNORECASE)))


# A side said alone ("her left", "to the right") and a question of which way, for the side asked about.
_BARE_SIDE = re.compile(r"(?:(?:so|ok(?:ay)?|and)\s+)?(?:to\s+)?(?:(?:his|her|their|its|the|your)\s+)?(?:own\s+)?"
                        r"(?:left|right)", re.IGNORECASE)
_WHICH_WAY = re.compile(r"\b(?:which|what)\s+(?:way|side|direction)\b|\bleft\s+or\s+right\b|\bright\s+or\s+left\b",
                        re.IGNORECASE)


# A motion named by its noun, with no verb ("one slow turn to his left", "the rest, a small nod"), and a bare "stays"
# after it: the motion is kept.
_MOTION_NAMED = re.compile(r"(?:(?:the|that|this)\s+(?:[\w'-]+\s+){0,3}?[\w'-]+\s*,\s*)?(?:just\s+|only\s+)?"
                           r"(?:a|an|one|the|that|this|his|her|their)\s+(?:[\w-]+\s+){0,3}?(?:nod|shake|headshake|turn|tilt|lean|glance|look|bow|wag|dip)s?\b"
                           r"(?!\s+(?:\w+s|\w+ed)\b)[\w\s'-]*", re.IGNORECASE)
_STAYS = re.compile(r"(?:stays?|remains?|(?:can|should|must|will)\s+(?:stay|remain))(?:\s+(?:as\s+it\s+is|as\s+is|in))?",
                    re.IGNORECASE)


# A sentence with no verb that names the step before again: its noun ("He shakes his head. A slow shake.") or its
# direction ("He looks up. Up at the sky."; "She turns left. Left, toward the door."); not one said again or more.
# A spoken note may drop the article where a word or two describe it ("He bows low. Deep bow."): the bow is the look
# down it restates.
# ("A nod, just the one.": the one it is, said after the noun)
_SAID_AGAIN_AS_NOUN = re.compile(rf"^{_REPLY_YES}(?:just\s+|only\s+)?(?:(?:a|an|one)\s+(?:[\w-]+\s+){{0,2}}?|(?:[\w-]+\s+){{1,2}}?)"
                                 r"(?:nod|shake|turn|tilt|look|glance|lean|bow)"
                                 r"(?:\s*,?\s*(?:(?:just|only)\s+(?:the\s+)?one|once|one\s+time)(?:\s+only)?)?$", re.IGNORECASE)
_SAID_AGAIN_AS_PLACE = re.compile(r"^(?:(?:all\s+the\s+way|right|straight|over)\s+)?(?:up|down|left|right|to\s+the\s+"
                                  r"(?:left|right)|to\s+(?:his|her|their|your|my)\s+(?:left|right))\b(?!\s+\w+ing\b)",
                                  re.IGNORECASE)
# A noun said with no article ("Slow nod."), as a list of steps writes them.
_BARE_NOUN = re.compile(r"^(?!(?:just\s+|only\s+)?(?:a|an|one)\b)", re.IGNORECASE)
# A verbless sentence of a number and the step's noun ("Two nods.", "Like three shakes, small ones.").
_SAID_AGAIN_COUNTED = re.compile(rf"{_REPLY_YES}(?:like\s+|just\s+|only\s+)?(?:two|three|four|five|six|\d{{1,2}})\s+(?:[\w-]+\s+){{0,2}}?"
                                 r"(?:nods|shakes|headshakes|glances)", re.IGNORECASE)
_MORE_OF_IT = re.compile(r"\b(?:again|another|more|second|twice|then|back|once\s+more|and)\b", re.IGNORECASE)


def _restates_in_a_sentence(prev: Draft, d: Draft, first: bool = False) -> bool:
    """Whether `d` only says the step before again: a verbless sentence naming it ("He shakes his head. A slow
    shake.", "He looks up. Up at the sky.", "She bows her head. Head bowed, she prays."), or, in the same sentence, its
    noun ("He tilts his head, the tilt barely visible") or the pose it reaches ("He lowers his head, chin to
    chest"); a held pose in the next sentence with the step's own verb ("Her head sags to the left. Half asleep,
    head sagged, she keeps nodding") is the pose the step reached, and what runs with it runs with the step."""
    clause = d.reading.clause
    text = clause.text.strip()
    if d.overlaps is not None or d.borrowed or clause.after_colon or _MORE_OF_IT.search(clause.source):
        return False
    if d.sentence == prev.sentence and clause.marker == "" and not clause.participle:
        noun = _NAMES_THE_STEP.match(text)
        if noun and noun.group(1).lower() == prev.action:
            return True
        plural = _PLURAL_OF_THE_STEP.fullmatch(text)
        if plural and (plural.group(1).lower() == prev.action
                       or re.search(rf"\b{plural.group(1)}", prev.reading.clause.text, re.IGNORECASE)):
            # ("glances down twice, quick glances": the step before may still read as a look here)
            return True
        return bool(_POSE_REACHED.fullmatch(text) and (d.action == prev.action or (
            prev.action == "look" and prev.side == "down" and d.action == "nod")))
    if (d.sentence == prev.sentence + 1 and clause.absolute and _same_verb(prev, text)
            and next((f.value for f in d.reading.sides), "") in ("", _side_said(prev))):   # (its words' side)
        # "Her head sags to the left. Half asleep, head sagged, she keeps nodding": the pose the step before reached
        return True
    if (d.sentence == prev.sentence + 1 and clause.opening and clause.participle and not clause.absolute
            and d.action == prev.action and d.count is None and _side_said(d) in ("", _side_said(prev))
            and _same_verb_going_on(prev, text)):
        # "She shakes her head. Still shaking it, she picks up the cup.", "He bobs his head slowly. Bobbing, he
        # reaches for his coat": the step before goes on while the character does something else, one step
        return True
    if (d.sentence == prev.sentence + 1 and clause.opening and d.action == prev.action and prev.count in (None, 1)
            and d.count in (None, 1) and _side_said(d) and _side_said(d) == _side_said(prev)
            and _RESAID_VERB.match(text) and not prev.reading.clause.text.lower().startswith(text.split()[0].lower())
            and _HAS_SUBJECT.match(prev.reading.clause.text)
            # ("Tim looks down at the peas. Glances down at the dog.": another place, another move)
            and not (targets_of(prev.reading.clause.text) and targets_of(text)
                     and not targets_of(prev.reading.clause.text) & targets_of(text))):
        # a spoken note says the move again in other words, the subject left out ("Her head sinks. Sags down,
        # slow."): one step
        return True
    # (a spoken note may put a word of its own between: "Just a nod. One. Yeah, one nod.")
    # ("Make it two nods? / sure / two slow nods": a line between, in a thread)
    spoken_gap = d.sentence == prev.sentence + 2 and bool(_SAID_AGAIN_AS_NOUN.match(text)
                                                          or _SAID_AGAIN_COUNTED.fullmatch(text))
    if (d.sentence != prev.sentence + 1 and not spoken_gap) or d.action != prev.action:
        return False
    if not clause.opening and not (first and (_SAID_AGAIN_AS_NOUN.match(text) or _SAID_AGAIN_COUNTED.fullmatch(text))):
        return False
    if _SAID_AGAIN_AS_NOUN.match(text):
        # (not a list of nouns with no article: "Slow nod. Slow nod." is two)
        return (d.count in (None, 1) and prev.count in (None, 1)
                and not (_BARE_NOUN.match(text) and _SAID_AGAIN_AS_NOUN.match(prev.reading.clause.text.strip())))
    if _SAID_AGAIN_COUNTED.fullmatch(text):
        # "He nods. Two nods, small ones.", "Make it two. Two nods, slow.": the number of the step before, said again
        return d.count is not None and prev.count in (None, d.count)
    if clause.absolute:
        return _side_said(d) == _side_said(prev)
    return bool(_SAID_AGAIN_AS_PLACE.match(text) and _side_said(d) and _side_said(d) == _side_said(prev))


# The eyes or the gaze as the subject of a move ("her eyes scan the room", "over the mug his eyes go to the door").
_EYES_MOVE = re.compile(r"^(?:(?:and|but|so|while|as)\s+)?(?:[\w'-]+\s+){0,6}?(?:his|her|their|its|my|your|the)\s+"
                        r"(?:eyes|gaze)\s+(?:\w+ly\s+)?(?!widen|narrow|fill|well|water|close|shut|open|light|glaze|glint|"
                        r"sparkle|twinkle|crinkle|brim|bulge|pop|roll|are|is|was|were)[a-z]+\b", re.IGNORECASE)
# The head said to follow where the eyes went ("and then his head follows", "her head goes after them").
_HEAD_FOLLOWS = re.compile(r"\b(?:head|face)\s+(?:\w+ly\s+)?(?:follows?|followed|following|goes\s+after|went\s+after|"
                           r"comes\s+after|catches\s+up)\b|\bfollows?\s+(?:with|after)\s+(?:his|her|their|its|the)\s+head\b",
                           re.IGNORECASE)
# Words that make the eyes' move a later one ("Later her eyes go up"), not the head's step seen again.
_LATER_ONE = re.compile(r"\b(?:again|another|more|second|then|later|after|next|back|once\s+more)\b", re.IGNORECASE)
_LOOKS = ("turn", "look", "glance", "look_around")


def _eyes_lead(eyes: Draft, d: Draft) -> bool:
    """Whether `eyes` is the eyes going somewhere and `d` the head said to follow them, in that sentence or the next."""
    return (eyes.action in _LOOKS and d.action in _LOOKS and 0 <= d.sentence - eyes.sentence <= 1
            and eyes.overlaps is None and bool(_EYES_MOVE.match(eyes.reading.clause.text.strip()))
            and any(_HEAD_FOLLOWS.search(source) for source in d.sources)
            and _side_said(eyes) in ("", _side_said(d)))


def _eyes_restate(step: Draft, d: Draft) -> bool:
    """Whether `d` is the eyes doing the head's step just said, in its sentence or the next: over a look around, a
    sweep or a look of the eyes; over a turn, look or glance, a move of the eyes to no other side."""
    if (d.overlaps is not None or not 0 <= d.sentence - step.sentence <= 1 or step.action not in _LOOKS
            or not _EYES_MOVE.match(d.reading.clause.text.strip()) or _LATER_ONE.search(d.reading.clause.source)
            or _EYES_MOVE.match(step.reading.clause.text.strip())):
        return False
    if step.action == "look_around":
        return d.action in _LOOKS and not _side_said(d)
    return d.action in _LOOKS and _side_said(d) in ("", _side_said(step))


def _run_with(drafts: list[Draft], folded: Draft, into: Draft) -> None:
    """What ran with a step folded into another runs with that one."""
    for e in drafts:
        if e.overlaps is not None and e.overlaps < len(drafts) and drafts[e.overlaps] is folded:
            e.overlaps = drafts.index(into)


def _take_what_it_adds(prev: Draft, d: Draft) -> None:
    """The step said again more precisely: its side, count, size, speed and degrees, where it says them."""
    if d.reading.sides:
        prev.reading = d.reading
    prev.side = d.side or prev.side
    prev.count = d.count if d.count is not None else prev.count
    prev.speed = d.speed or prev.speed
    prev.amplitude = d.amplitude or prev.amplitude
    prev.degrees = d.degrees if d.degrees is not None else prev.degrees


# A step named as a noun that the take lacks or needs ("it lacks a head turn", "we need a bigger nod", "is missing the
# recoil")
_WANTED_NOUN = re.compile(r"\b(?:lacks?|lacking|missing|needs?|wants?|could\s+use|calls?\s+for)\s+(?:a|an|the|some|one)\s+"
                          r"(?:[\w-]+\s+){0,3}?(?:nod|shake|turn|tilt|lean|look|glance|recoil|flinch|bow)\b", re.IGNORECASE)
# A time clause of a step already done ("once she's turned", "as he looks down", "after he has nodded") or a pose
# held from it ("held in that tilt", "still in the turn"): when, or how, not a new step.
_AFTER_THE_STEP = re.compile(r"(?:(?:and|then|so)\s+)?(?:(?:once|as|after|while|now\s+that)\s+(?:he|she|they|it|(?-i:[A-Z])[\w-]+)"
                             r"(?:'s|'ve|\s+has|\s+had|\s+is|\s+was)?\s+(?:\w+ly\s+)?\w+(?:ed|s|ing|en)?\b|"
                             r"(?:held|kept|still|staying|stays?|frozen)\s+in\s+(?:that|this|the|his|her|their)\s+"
                             r"(?:same\s+)?(?:tilt|turn|lean|look|pose|bow))", re.IGNORECASE)
# "Just the drop.", "Only the turn to the left.": the one step of the take that stays
_ONLY_THE = re.compile(r"(?:just|only)\s+(?:the|that|this|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:nod|shake|turn|tilt|"
                       r"look|glance|lean|drop|bow)(?:\s+(?:up|down|left|right|forward|back))?", re.IGNORECASE)
# A sentence opening on its verb, with no subject ("Sags down, slow.", "Lean forward."), and one that names who moves.
_RESAID_VERB = re.compile(r"(?:[a-z]+ly\s+)?[a-z]+\s+(?:down|up|forward|back|left|right|to\s+(?:the|his|her|their|your)\s+"
                          r"(?:left|right))\b", re.IGNORECASE)
_HAS_SUBJECT = re.compile(r"(?:(?:and|then|so)\s+)?(?:he|she|they|it|(?:his|her|their|its|the)\s+(?:head|chin|face)|"
                          r"(?:the|a|an)\s+[\w'-]+\s+[a-z]+s|(?-i:[A-Z])[\w'-]+\s+[a-z]+s)\b", re.IGNORECASE)


# A participle alone or with "still" / "all the while" and the head, nothing more of its own ("Still nodding", "Shaking
# his head", "Still bobbing it slowly"); a side, a place or a count would make it a move of its own.
_GOES_ON = re.compile(r"(?:(?:still|all\s+the\s+while|\w+ly)\s+)*(\w+ing)(?:\s+(?:(?:his|her|their|its|my|your|the)\s+"
                      r"head|it))?(?:\s+(?:\w+ly|a\s+little|a\s+bit|gently|softly))*", re.IGNORECASE)


def _same_verb_going_on(prev: Draft, text: str) -> bool:
    """Whether the participle of `text` ("Nodding", "still shaking his head") is the verb of the step before."""
    m = _GOES_ON.fullmatch(text.strip())
    if not m:
        return False
    stem = m.group(1).lower()[:-3]
    stem = stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem   # nodd- → nod, bobb- → bob
    return len(stem) >= 3 and bool(re.search(rf"\b{re.escape(stem)}", prev.reading.clause.text, re.IGNORECASE))


def _same_verb(prev: Draft, absolute: str) -> bool:
    """Whether an absolute pose ("head sagged", "chin tilted") names the verb of the step before ("sags", "tilts")."""
    m = re.search(r"\b(\w+?)(?:ed|d)\b\s*$", absolute)
    if not m or len(m.group(1)) < 3:
        return False
    stem = m.group(1)[:-1] if re.search(r"([^aeiou])\1$", m.group(1)) and not m.group(1).endswith("ll") else m.group(1)
    return bool(re.search(rf"\b{re.escape(stem)}\w*", prev.reading.clause.text, re.IGNORECASE))


# "…, the tilt barely visible": the step's own noun after it, with no verb
_NAMES_THE_STEP = re.compile(r"^(?:the|that|this|his|her|their)\s+(?:[\w-]+\s+){0,2}?(nod|shake|turn|tilt|look|glance|lean)\b"
                             r"(?!\s+(?:\w+s|\w+ed)\b)", re.IGNORECASE)
# "…, small quick nods": the step's own noun in the plural, only sized, no number and no verb
_PLURAL_OF_THE_STEP = re.compile(r"(?:(?:small|little|tiny|quick|short|slow|soft|gentle|big|sharp|fast|nervous|shy|"
                                 r"furtive|brief)\s+){1,3}(nod|shake|glance|tilt)s", re.IGNORECASE)
# "…, head down at the page", "…, eyes lowered": the pose a look at something takes, said after it
_POSE_SAID = re.compile(r"(?:with\s+)?(?:(?:his|her|their|my|your|the)\s+)?(?:head|chin|eyes|gaze)\s+(?:down|up|lowered|raised)"
                        r"(?:\s+(?:at|to|toward|towards|on)\s+[\w\s'-]{1,30})?", re.IGNORECASE)
# "…, chin to chest", "…, ear to shoulder": the pose the step reaches, part to place
_POSE_REACHED = re.compile(r"(?:(?:his|her|their|my|your|the)\s+)?(?:chin|nose|ear|forehead|cheek|head|face|eyes)\s+"
                           r"(?:to|on|against|toward|towards)\s+(?:(?:his|her|their|my|your|the)\s+)?[\w-]+", re.IGNORECASE)


def _heads_a_list(heading: Draft, d: Draft, drafts: list[Draft]) -> bool:
    """A sentence of one step with no side, before a colon, and after it that motion spelt out more than once with
    its sides ("She turns toward the voices: left at the first shout, right at the second"): the heading names the
    steps of the list, it is none of its own."""
    listed = [e for e in drafts if e.sentence == d.sentence]
    return (not _side_said(heading) and heading.count is None and _side_said(d) != ""
            and sum(e.sentence == heading.sentence for e in drafts) == 1
            and len(listed) >= 2 and all(e.action == d.action for e in listed))


def _side_said(d: Draft) -> str:
    """The step's side, or the first side its words name (sides are settled later, `sides.py`)."""
    return d.side or next((f.value for f in d.reading.sides), "")


# Where a move goes: the noun after to/toward/at ("to his mother", "at the old clock", "toward the door"); not a
# word that only says whose side ("to screen left", "to camera right": a side, the screen no place).
_TARGET = re.compile(r"\b(?:to|toward|towards|at|into)\s+(?:(?:the|his|her|their|your|my|its|our|a|an|that|this)\s+)?"
                     r"(?:(?:old|new|big|small|little|open|closed|front|back)\s+)?([a-z][\w'-]*)\b(?!\s+(?:left|right)\b)",
                     re.IGNORECASE)
_NOT_TARGETS = {"left", "right", "front", "side", "camera", "lens", "centre", "center", "middle", "neutral", "rest",
                "floor", "ground", "ceiling", "sky", "face", "him", "her", "them", "me", "us", "you", "one", "other",
                "way", "look", "nod", "turn", "shake", "audience", "viewer", "viewers", "player", "house",
                # a pace, not a place: "at normal speed", "at half speed"
                "normal", "half", "full", "double", "speed", "pace", "tempo"}


def targets_of(text: str) -> set[str]:
    """The places or people a clause moves toward ("then to his mother again" → {"mother"})."""
    return {m.group(1).lower() for m in _TARGET.finditer(text) if m.group(1).lower() not in _NOT_TARGETS}


# The words of a place a clause moves toward, up to three ("at the station clock" → station, clock).
_PLACE_WORDS = re.compile(r"\b(?:to|toward|towards|at|into)\s+(?:(?:the|his|her|their|your|my|its|our|that|this)\s+)?"
                          r"((?:[a-z][\w'-]*\s+){0,2}[a-z][\w'-]*)", re.IGNORECASE)


def _back_to_a_place(drafts: list[Draft]) -> None:
    """A move with no verb of its own (or the verb of the step before) that goes "again" to a place an earlier step
    went to is that earlier step again ("looks up at the wall clock, glances down at his watch, then up at the clock again": a look
    up, not a glance)."""
    for k, d in enumerate(drafts):
        text = d.reading.clause.text
        if not (d.borrowed or _SAID_AGAIN_AS_PLACE.match(text)) or not lexicon.AGAIN.search(text) or k < 2:
            continue
        places = {w.lower() for m in _PLACE_WORDS.finditer(text) for w in m.group(1).split()} - _NOT_TARGETS - {"again"}
        if not places:
            continue
        for e in reversed(drafts[:k - 1]):
            went = {w.lower() for m in _PLACE_WORDS.finditer(e.reading.clause.text) for w in m.group(1).split()}
            if places & went and e.action != d.action and _side_said(e) == _side_said(d):
                d.notes.append(f"again to where the {e.action} went: a {e.action}")
                d.action = e.action
                break


def earlier_target_side(d: Draft, earlier: list[Draft]) -> str:
    """The side of an earlier step that went to the same place as `d` ("" when none did): left or right, or up or
    down for a look ("Look up at the skylight, then down at your notes, then at the skylight again")."""
    targets = targets_of(" ".join(d.sources))
    if not targets:
        return ""
    for e in reversed(earlier):
        if targets & targets_of(" ".join(e.sources)) and (
                e.side in ("left", "right") or (e.action in ("look", "glance") and e.side in ("up", "down"))):
            return e.side
    return ""


def repeat_pairs(drafts: list[Draft]) -> list[Draft]:
    """"Three times he looked out, and three times he looked back": a move and its way back, said one after the
    other with the same count, are the pair done that many times (turn, back, turn, back). Other pairs said with a
    count each ("Look right twice and left twice") are each done that many times (`said_times`)."""
    out: list[Draft] = []
    i = 0
    while i < len(drafts):
        a = drafts[i]
        b = drafts[i + 1] if i + 1 < len(drafts) else None
        n = _said_count(a)
        if (b is not None and n >= 2 and _said_count(b) == n and a.action not in REPEATING
                and b.action not in REPEATING and a.sentence == b.sentence and a.overlaps is None
                and b.overlaps is None and not any(o.overlaps is not None for o in drafts)
                and (b.action == "return" or _BACK.search(b.reading.clause.text))):
            a.count = b.count = None
            a.notes.append(f"said {n} times with the step after it: the pair repeats {n} times")
            out.extend([a, b])
            for _ in range(n - 1):
                out.extend(dataclasses.replace(x, sources=list(x.sources), notes=list(x.notes), marker="next")
                           for x in (a, b))
            i += 2
            continue
        out.append(a)
        i += 1
    return said_times(out)


_BACK = re.compile(r"\bback\b", re.IGNORECASE)
# A note asking for one more of a motion said before ("add a second nod", "put in another shake").
_ADD_ONE_MORE = re.compile(r"\b(?:add|adds|added|put\s+in|throw\s+in)\s+(?:a\s+second|another|one\s+more|an\s+extra)\b",
                       re.IGNORECASE)
_COUNTED = ("nod", "shake", "wag", "glance")


def added_ones(drafts: list[Draft]) -> list[Draft]:
    """"Two nods are fine. Add a second shake ...": a note that adds one more of the step just said (same motion, same
    side) counts it once more ("The glance left works. Add another glance left." is one glance left, twice)."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and d.action in _COUNTED and prev.action == d.action and prev.side == d.side
                and d.overlaps is None and _ADD_ONE_MORE.search(d.reading.clause.text)):
            prev.count = (prev.count or 1) + 1
            prev.absorb(d, f"\"{d.reading.clause.source}\" adds one more: {prev.count} in all")
            continue
        out.append(d)
    return repoint_overlaps(drafts, out)


# A look to a side said more than once is a glance there and back each time ("Look left twice").
_LOOK_VERB = re.compile(r"\b(?:look|looks|looked|looking|peek\w*|peep\w*|check\w*)\b", re.IGNORECASE)


def said_times(drafts: list[Draft]) -> list[Draft]:
    """A step that happens once, said with a count ("looks around the room twice", "Look left twice"): a look
    around is done that many times; a look to a side is a glance with that count."""
    out: list[Draft] = []
    for d in drafts:
        n = _said_count(d) if d.count is not None else 0   # (a pair repeated by `repeat_pairs` has its count used)
        if n >= 2 and d.action == "look_around" and d.overlaps is None:
            d.notes.append(f"said {n} times: {n} looks around")
            out.append(d)
            out.extend(dataclasses.replace(d, sources=list(d.sources), notes=list(d.notes), marker="next")
                       for _ in range(n - 1))
            continue
        if (n >= 2 and d.action in ("turn", "look") and d.side in ("left", "right")
                and _LOOK_VERB.search(" ".join(d.sources))):
            d.action, d.count = "glance", n
            d.notes.append(f"a look to the {d.side} said {n} times: a glance there and back, {n} times")
        out.append(d)
    return repoint_overlaps(drafts, out)


def _said_count(d: Draft) -> int:
    return int(d.reading.count.value) if d.reading.count is not None else 0


# Raising the head by its verb ("raises it", "lifts her head", "brings his chin up").
_RAISES = re.compile(r"\b(?:rais|lift|bring|brought)\w*\s+(?:it|(?:his|her|their|your|my|the)\s+(?:head|chin|face|eyes|gaze))\b",
                     re.IGNORECASE)
# "…, then back down", "looks back up": back the way the step before came.
# (with a thing to look at, "back down at her notes", the head goes where the thing is: a look)
_BACK_VERTICAL = re.compile(r"\bback\s+(up|down)(?:wards?)?\b(?!\s+(?:at|to|toward|towards|into|on|onto|over)\b)",
                            re.IGNORECASE)
# Back up after a look down, at the one it faced ("looks back up at him", "then back up to me"): the head comes back
# from the pose it took, a return (the guide's rule 19: "looks back up" stays a return); "back up at the lamp" is a look.
_BACK_UP_AT = re.compile(r"\bback\s+(up)(?:wards?)?\s+(?:at|to|toward|towards)\s+(?:me|him|her|them|us|you|"
                         r"the\s+(?:camera|lens|viewer))\b(?!['\w])", re.IGNORECASE)
# Pauses and motions done in the pose the head is in ("looks down, a beat, a slow shake, then looks back up"): the
# step back still goes back the way the pose came (the guide's rule 4: "looks back" is a return).
_IN_THE_POSE = ("hold", "nod", "shake", "wag")
# "Back.", "0:03 back", "slowly back again": back to the front, said alone.
_BACK_ALONE = re.compile(r"(?:(?:and|then)\s+)?(?:\w+ly\s+)?back(?:\s+again)?(?:\s+\w+ly)?", re.IGNORECASE)
# "…, flicking back each time", "darting back again": a glance's way back said as a participle
_GLANCE_COMES_BACK = re.compile(r"(?:(?:and|then)\s+)?(?:\w+ly\s+)?[a-z]+ing\s+back(?:\s+(?:each|every)\s+time|\s+again|"
                                r"\s+\w+ly)*", re.IGNORECASE)
# "…, then back at me", "then back to the stranger", "back at the road": back to a person or the lens (group 1), or to
# a thing.
_BACK_AT = re.compile(r"(?:(?:and|then)\s+)?(?:\w+ly\s+)?back\s+(?:at|to|toward|towards|on)\s+(?:(me|him|her|them|us|"
                      r"you|the\s+(?:camera|lens|viewer))|(?:(?:the|his|her|their|my|your)\s+)?[\w'-]+(?:\s+[\w'-]+){0,2})"
                      r"(?:\s+again)?", re.IGNORECASE)
# "Tilt, nod, tilt back": the tilt undone ("tilts her head back" is a look up).
_TILT_BACK = re.compile(r"^(?:(?:he|she|they|you|i|we)\s+)?(?:\w+ly\s+)?tilt(?:s|ed|ing)?\s+back(?:\s+again)?"
                        r"(?:\s+\w+ly)?$", re.IGNORECASE)
_OPPOSITE = {"up": "down", "down": "up"}
# "looks straight ahead": after a move, back to the front; as the first thing said, the head holds.
_AHEAD = re.compile(r"\b(?:look|looks|looked|looking|gaz\w+|star\w+)\s+(?:\w+ly\s+)?(?:straight\s+)?(?:ahead|forward|"
                    r"in\s+front)\b", re.IGNORECASE)


# An opening participle that faces the camera ("Facing the lens, …", "Looking straight at the camera, …").
_AT_THE_CAMERA = re.compile(r"^(?:\w+ly\s+)?(?:facing|looking|staring|gazing)\s+(?:straight\s+|directly\s+|right\s+)?"
                            r"(?:at\s+|into\s+|toward\s+|towards\s+)?(?:the\s+)?(?:camera|lens|us|front|forward|viewer|"
                            r"audience)\b", re.IGNORECASE)


# "neutral" said alone, or of the face ("…, neutral.", "neutral expression"): the face, or the rest pose.
_NEUTRAL_ALONE = re.compile(r"(?:and\s+|then\s+|just\s+)?(?:a\s+)?(?:completely\s+|totally\s+)?neutral"
                            r"(?:\s+(?:face|expression|look))?[.!]*", re.IGNORECASE)


def returns_back(drafts: list[Draft]) -> list[Draft]:
    """A step that goes back the way the step before it came is a return to the front (the labelling guide,
    rule 4): "glances up, then back down", "looks down … looks back up", "Back." alone after a move, "tilt back"
    after a tilt; "and back" right after a glance is the glance coming back ("glance R and back": one glance).""" 
    if (drafts and _AHEAD.search(drafts[0].reading.clause.text) and drafts[0].action in ("look", "glance", "return", "turn")
            and not lexicon.AGAIN.search(drafts[0].reading.clause.text)):   # "straight ahead again": back to the front
        drafts[0].action, drafts[0].side = "hold", ""   # nothing to come back from: the head stays where it is
        drafts[0].notes.append("a look straight ahead with no move before it: a hold")
    if (len(drafts) > 1 and drafts[0].action == "return" and drafts[0].participle
            and drafts[0].reading.clause.opening and drafts[1].sentence == drafts[0].sentence
            and _AT_THE_CAMERA.match(drafts[0].reading.clause.text.strip())
            and not re.search(r"\b(?:again|back|once\s+more)\b", drafts[0].reading.clause.text, re.IGNORECASE)):
        # "Facing the camera, she nods twice": the pose the head is already in, nothing to come back from
        drafts[1].notes.append(f"\"{drafts[0].reading.clause.source}\" with no move before it: the rest pose, no step")
        drafts = repoint_overlaps(drafts, drafts[1:])
    still = [k for k, d in enumerate(drafts) if d.action == "return" and _NEUTRAL_ALONE.fullmatch(d.reading.clause.text.strip())
             and k > 0 and all(e.action == "hold" for e in drafts[:k])]
    if still:
        # "Freeze. Neutral.": after nothing but stillness, "neutral" alone is the face; the head has not moved
        for k in still:
            drafts[k - 1].notes.append(f"\"{drafts[k].reading.clause.source}\" after stillness alone: the face, no step")
        drafts = repoint_overlaps(drafts, [d for k, d in enumerate(drafts) if k not in still])
    out = drafts[:1]
    for prev, d in zip(drafts, drafts[1:]):
        text = d.reading.clause.text.strip()
        vertical = _BACK_VERTICAL.search(text)
        if (d.action == "return" and prev.action == "look" and prev.side == "up" and out and out[-1] is prev
                and d.sentence == prev.sentence and d.overlaps is None and re.match(r"and\s", d.sources[0], re.IGNORECASE)
                and _RAISES.search(prev.reading.clause.text) and len(out) > 1
                and next((e for e in reversed(out[:-1]) if e.action not in _IN_THE_POSE), prev).side == "down"):
            # "bows her head …, then lifts it and looks into the lens": the raise is the way back to the lens, one
            # return
            out[-1] = d
            d.sources[:0] = prev.sources
            d.notes.append(f"\"{prev.reading.clause.source}\" after the head went down, on the way to the front: one return")
            continue
        if (prev.action == "glance" and _BACK_ALONE.fullmatch(text) and d.overlaps is None
                and re.match(r"and\s", d.sources[0], re.IGNORECASE) and d.sentence == prev.sentence):
            prev.absorb(d, f"\"{text}\": the glance comes back")   # "glance R and back": it comes back by itself
            continue
        if prev.action == "glance" and d.sentence == prev.sentence and _GLANCE_COMES_BACK.fullmatch(text):
            # "keeps glancing at the door, flicking back each time": the glances' own way back
            prev.absorb(d, f"\"{text}\": the glance comes back")
            continue
        out.append(d)
        posed = next((e for e in reversed(out[:-1]) if e.action not in _IN_THE_POSE), prev)
        vertical = vertical or (_BACK_UP_AT.search(text) if posed.side == "down" else None)
        if (d.action in ("look", "glance") and vertical and posed.action == "look" and posed.side == "up"
                and vertical.group(1).lower() == "down"):
            # "looks up at the gulls, then back down": the head goes down again, a look down (the guide's rule 19);
            # after a glance up, "then back down" is the glance coming back
            d.side = "down"   # ("drops his head back down": not the head tipped back)
            d.notes.append(f"\"{text}\" after a look up: a look down")
        elif (d.action in ("look", "glance") and vertical and posed.action in ("look", "glance")
                and posed.side == _OPPOSITE[vertical.group(1).lower()]):
            d.action, d.side = "return", ""
            d.notes.append(f"\"{text}\": back the way the step before came, a return")
        elif (d.action in ("lean", "look") or (d.action == "glance" and prev.action == "glance")) and \
                _BACK_ALONE.fullmatch(text) and prev.action in ("turn", "look", "tilt", "glance", "lean"):
            # ("glances right, then back": the verb it borrowed is a glance's, the head comes back to the front)
            d.action, d.side = "return", ""
            d.notes.append(f"\"{text}\" alone after a move: a return")
        elif ((back_at := _BACK_AT.fullmatch(text)) and d.action in ("look", "glance", "turn")
              and (back_at.group(1) or prev.action == "glance") and prev.action in ("turn", "look", "tilt", "glance")):
            # after a glance, or back at a person or the lens after any move, the head comes back to the one it faced
            # ("glances at the mirror, then back at the road", "looks left, then back at me")
            d.action, d.side = "return", ""
            d.notes.append(f"\"{text}\": back to whom the head faced before, a return")
        elif d.action in ("look", "lean") and _TILT_BACK.match(text) and _last_tilted(drafts[:drafts.index(d)], d):
            d.action, d.side = "return", ""
            d.notes.append(f"\"{text}\" after a tilt: the tilt undone, a return")
    return repoint_overlaps(drafts, out)


def _last_tilted(earlier: list[Draft], d: Draft) -> bool:
    """Whether the head is still tilted: a tilt earlier in the sentence, not returned from since ("Tilt, nod, tilt
    back")."""
    for e in reversed(earlier):
        if e.sentence != d.sentence or e.action == "return":
            return False
        if e.action == "tilt":
            return True
    return False


# A repeated motion said to go on over a pose taken before ("tilts right and, keeping it tilted, wags it", "wag x3 over
# the tilt"): the motion runs with the step that took the pose (the labelling guide's rule 2).
_KEEPS_POSE = re.compile(r"\b(?:keeping|holding|with)\s+(?:it|the\s+head|his\s+head|her\s+head|their\s+head|the\s+pose)\s+"
                         r"(?:still\s+)?(tilted|cocked|turned|lowered|raised|bowed)\b|"
                         r"\b(?:over|on\s+top\s+of|during|through|in)\s+(?:the|that|this)\s+(?:held\s+)?(tilt|turn|lean)\b|"
                         r"\b(?:with\s+)?(?:the|that|this|its|his|her|their)\s+(tilt|turn|lean)\s+(?:still\s+)?(?:held|kept)\b",
                         re.IGNORECASE)
_POSE_OF = {"tilted": "tilt", "cocked": "tilt", "tilt": "tilt", "turned": "turn", "turn": "turn", "lowered": "look",
            "raised": "look", "bowed": "look", "lean": "lean"}


def runs_over_held_pose(drafts: list[Draft], readings: list[ClauseReading]) -> list[Draft]:
    """A nod, shake or wag said to go on over a pose held from an earlier step runs with that step. (The pose said
    just before a motion kept up, "tilt head, keep nodding", is `ordering.order_drafts`'s part of rule 2.)"""
    for i, d in enumerate(drafts):
        if d.action not in REPEATING or d.overlaps is not None:
            continue
        k = next((j for j, r in enumerate(readings) if r is d.reading), None)
        if k is None:
            continue
        texts = [d.reading.clause.text] + ([readings[k - 1].clause.text] if k > 0 and
                                           readings[k - 1].clause.sentence == d.reading.clause.sentence else [])
        # ("nod x3, keeping it tilted": the pose said kept right after the motion)
        texts += [readings[k + 1].clause.text] if k + 1 < len(readings) and \
            readings[k + 1].clause.sentence == d.reading.clause.sentence else []
        found = next((m for m in map(_KEEPS_POSE.search, texts) if m), None)
        if found is None:
            continue
        pose = _POSE_OF[(found.group(1) or found.group(2) or found.group(3)).lower()]
        earlier = [j for j in range(i) if drafts[j].action == pose]
        if earlier:
            d.overlaps = earlier[-1]
            d.notes.append(f"\"{found.group(0)}\": runs with the {pose} held from before")
    # The pose said kept and nothing more ("…, keeping it tilted", "still turned") after a step that took it: that
    # step's pose goes on, no second move.
    out: list[Draft] = []
    for d in drafts:
        kept = _POSE_KEPT_ONLY.fullmatch(d.reading.clause.text.strip())
        pose = _POSE_OF[(kept.group(1) or kept.group(2)).lower()] if kept else ""
        took = next((e for e in reversed(out) if e.action in (pose, "return")), None) if kept else None
        if took is not None and took.action == pose and d.action in (pose, "hold") and not d.reading.sides:
            # ("…, with the tilt kept" read as a hold: it is the tilt going on)
            took.absorb(d, f"\"{d.reading.clause.text}\": the {pose} is kept, not taken again")
            continue
        out.append(d)
    return _still_in_the_pose(repoint_overlaps(drafts, out))


# The pose said to go on ("still leaning back", "while still looking down", "and keep leaning back", "still pulled
# back"): not a second move; the head is still where the step before took it.
_STILL_IN_POSE = re.compile(r"^(?:(?:and|but|while|then|as)\s+)*(?:(?:he|she|they|you|i|we)\s+(?:is\s+|are\s+|am\s+)?)?"
                            r"(?:still\s+|keep(?:s|ing)?\s+(?:(?:him|her|them|it|his\s+head|her\s+head|their\s+head|the\s+head)"
                            r"\s+)?(?:still\s+)?)(?:\w+ly\s+)?\w+(?:ing|ed|wn)\b", re.IGNORECASE)


# The pose said kept and nothing more: "and held", "and stays so", "keep it there", "she stays like that".
_HELD_ALONE = re.compile(r"(?:and\s+|then\s+)?(?:(?:he|she|they|you|i|we)\s+)?(?:held|hold|holds|holding|stay|stays|stayed|"
                         r"staying|remain|remains|remained|remaining|keep|keeps|kept|keeping|leave|leaves|leaving)"
                         r"(?:\s+(?:it|that|the\s+pose|the\s+head|(?:his|her|their|your|my)\s+head))?"
                         r"(?:\s+(?:there|so|put|like\s+(?:that|this)|that\s+way|in\s+place|in\s+(?:that|the)\s+pose))?",
                         re.IGNORECASE)


def _still_in_the_pose(drafts: list[Draft]) -> list[Draft]:
    """A pose said still held after the step that took it is that step, kept ("She lowers her head and nods twice
    while still looking down"); a nod, shake or wag said with it runs over that step (the labelling guide's rule 2)."""
    out: list[Draft] = []
    kept: dict[int, Draft] = {}   # index of a pose said kept → the step that took it
    for i, d in enumerate(drafts):
        took = next((e for e in reversed(out) if e.action not in _IN_THE_POSE), None)
        if (took is not None and d.action == took.action and d.action not in REPEATING + ("hold", "return")
                and _STILL_IN_POSE.match(d.reading.clause.text.strip()) and _side_said(d) in ("", _side_said(took))
                and not lexicon.AGAIN.search(d.reading.clause.text)):
            took.absorb(d, f"\"{d.reading.clause.source}\": the {d.action} is still held, not taken again")
            kept[i] = took
            continue
        if (took is not None and d.action == "hold" and took.action in ("tilt", "turn", "look", "lean")
                and took.sentence == d.sentence and _HELD_ALONE.fullmatch(d.reading.clause.text.strip())
                and i + 1 < len(drafts) and drafts[i + 1].action in REPEATING
                and ((drafts[i + 1].sentence == d.sentence
                      and (drafts[i + 1].participle or drafts[i + 1].overlaps is not None))
                     or drafts[i + 1].overlaps == drafts.index(took))):
            # "head tilted left and held, nodding all the while", "He tips his head right and holds it so. Over that
            # tilt, he nods on.": the tilt kept while the nods run (the guide's rule 2), no pause of its own
            took.absorb(d, f"\"{d.reading.clause.source}\": the {took.action} is held while the next motion runs")
            kept[i] = took
            continue
        out.append(d)
    if not kept:
        return drafts
    for i, took in kept.items():
        d = drafts[i]
        # the motion it runs with: one it was said with, one said with it, or the next in its sentence
        said_with = drafts[d.overlaps] if d.overlaps is not None and d.overlaps < len(drafts) else None
        motion = next((m for m in [said_with] + [m for m in drafts if m.overlaps == i] +
                       [drafts[i + 1] if i + 1 < len(drafts) and drafts[i + 1].sentence == d.sentence
                        and drafts[i + 1].overlaps is None else None]
                       if m is not None and m.action in REPEATING and m in out), None)
        for m in out:
            if m.overlaps is not None and m.overlaps < len(drafts) and drafts[m.overlaps] is d:
                m.overlaps = None
        if motion is not None and motion is not took and out.index(motion) > out.index(took):
            motion.overlaps = drafts.index(took)
            motion.notes.append(f"runs over the {took.action} still held")
    return repoint_overlaps(drafts, out)


# ("…, with the tilt held": the pose named by its noun)
_POSE_KEPT_ONLY = re.compile(r"(?:keeping|holding)\s+(?:it|the\s+head|his\s+head|her\s+head|their\s+head|the\s+pose)\s+"
                             r"(?:still\s+)?(tilted|cocked|turned|lowered|raised|bowed)|"
                             r"(?:and\s+)?(?:with\s+)?(?:the|that|this|its|his|her|their)\s+(tilt|turn|lean)\s+(?:still\s+)?(?:held|kept)",
                             re.IGNORECASE)


# A step said before, named again by its noun with "the" so that something else can be timed by it: a sound, an
# effect or another cue ("He nods twice. Put the bell on the second nod.", "She flinches. A crash on the flinch.",
# "Start the music after the nods begin", "sync the tilt to the beat"). The noun points back at the step; it adds none.
_STEP_NOUNS = {
    "nod": r"nods?|nodding", "shake": r"(?:head\s*)?shakes?|headshakes?|(?:head\s*)?shaking", "tilt": r"(?:head\s+)?tilts?",
    "turn": r"(?:head\s+)?turns?", "glance": r"glances?", "wag": r"wags?|wobbles?",
    "look_around": r"look(?:s|ing)?[\s-]+(?:a)?round",
    "look": r"looks?(?:\s+(?:up|down|away|over))?|(?:head\s+)?(?:drops?|dips?)|bows?",
    "recoil": r"recoils?|jerks?|flinch(?:es)?|jolts?|pull\s*-?\s*backs?", "lean": r"lean(?:\s+(?:in|back|forward))?s?",
}
_STEP_NOUN_ACTIONS = {"nod": ("nod",), "shake": ("shake",), "tilt": ("tilt",), "turn": ("turn",), "glance": ("glance", "look"),
                      "wag": ("wag",), "look_around": ("look_around",), "look": ("look", "glance", "return"), "recoil": ("recoil",), "lean": ("lean",)}
_THE = r"(?:the|that|this|those|these|each|every)\s+(?:(?:first|second|third|last|final|big|small|little|fast|slow|quick)\s+)?"
# the noun heads the clause, after a verb of timing at most ("Sync the nods to the drum hit", "the nods begin")
_NOUN_OPENS = r"^(?:(?:and|but|so|then|just|only|also|please)\s+)*(?:(?:time|sync|match|line\s+up|cue|key|put|place)\s+)?" + _THE
# or stands in a phrase of time ("a thud on the recoil", "the lights change after the turn")
# ("fast for the nods, normal for the turn": how each step said before goes)
_NOUN_TIMES = r"\b(?:on|at|after|before|until|till|with|during|for)\s+" + _THE
# ("end on the recoil", "finish with the nod": where the step goes, asked for, not a cue timed by it)
_PLACES_IT = re.compile(r"^(?:(?:and|but|so|then|just|only|please)\s+)*(?:end|ends|finish|finishes|close|closes|start|"
                        r"starts|open|opens|begin|begins)\s+(?:on|with)\b", re.IGNORECASE)
# or is kept, sized, paced or pointed at by a note on it ("Keep the nodding big", "keep the pace of the look down",
# "we lost the look around", "from the head's side it's the turn")
_NOUN_KEPT = (r"\b(?:keep|keeps|keeping|make|makes|have|want|wants|need|needs|like|likes|liked|love|loves|loved|hold|"
              r"lose|lost|(?:(?:pace|speed|size|timing|length)\s+)?of|it'?s|that'?s)\s+" + _THE)
_NOT_THE_SAME = re.compile(r"\b(?:again|another|more|second|one\s+more|extra|new)\b", re.IGNORECASE)


def steps_named_to_time(drafts: list[Draft]) -> list[Draft]:
    """A draft read from a motion's noun with "the", in a later sentence than a step of that motion, in a clause that
    names no side of its own and does not ask for it again, is that step named again (to time something by it):
    no step. Its motion said as a verb beside the noun ("and nods on the nod") stays a step."""
    out: list[Draft] = []
    for d in drafts:
        text = d.reading.clause.text.strip()
        earlier = [e for e in out if e.sentence < d.sentence]
        named = None
        for noun, words in _STEP_NOUNS.items():
            opens = re.match(_NOUN_OPENS + rf"(?:{words})\b", text, re.IGNORECASE)
            kept = re.search(_NOUN_KEPT + rf"(?:{words})\b", text, re.IGNORECASE)
            # (a note opening on a step's noun, or keeping it, is about that step whatever motion its other words
            # suggest, where they name no other: "keep the first turn big enough to read" is the turn)
            if d.action not in _STEP_NOUN_ACTIONS[noun] and opens is None and kept is None:
                continue
            m = opens or re.search(_NOUN_TIMES + rf"(?:{words})\b", text, re.IGNORECASE) or kept
            if m is None:
                continue
            rest = text[:m.start()] + " " + text[m.end():]
            if not re.search(rf"\b(?:{words}|{noun}\w*)\b", rest, re.IGNORECASE) and (
                    d.action in _STEP_NOUN_ACTIONS[noun] or (d.action not in ("return", "hold")
                                                             and not lexicon.ACTION_WORD.search(rest)
                                                             and not _BACK.search(rest))):
                # (but "the turn back to centre" is the way back, a step of its own)
                # (the step of the side the noun names, where it names one: "the look down" after a look down and
                # a look up)
                sides = {f.value for f in d.reading.sides}
                named = next((e for e in reversed(earlier) if e.action in _STEP_NOUN_ACTIONS[noun]
                              and (not sides or e.side in sides)), None)
            break
        if (named is None or d.overlaps is not None or _NOT_THE_SAME.search(text) or _PLACES_IT.match(text)
                or any(f.value != named.side for f in d.reading.sides)
                or any(e.overlaps is not None and e.overlaps < len(drafts) and drafts[e.overlaps] is d for e in drafts)):
            out.append(d)
            continue
        named.notes.append(f"\"{d.reading.clause.source}\" names the {named.action.replace('_', ' ')} said before, "
                           "to time something by it: no step of its own")
        asked = out[-1] if out else None
        if (asked is not None and asked is not named and asked.action == "hold" and asked.sentence == d.sentence
                and d.reading.clause.marker == "next" and _ASKS_FOR_A_PAUSE.match(asked.reading.clause.text.strip())
                and asked.overlaps is None and named.overlaps is None):
            # "She nods, then tilts. Add a pause before the tilt." (read "… a pause, then the tilt"): the pause first
            out.remove(asked)
            out.insert(out.index(named), asked)
            asked.notes.append(f"asked for before the {named.action.replace('_', ' ')} said before")
    return repoint_overlaps(drafts, out)
