"""The held-out descriptions of the text → plan evaluation stay held out and well formed.

`bench/data/text_motion_heldout.jsonl` (and its fresh and seventeen blind companions) is read by the evaluation
(bench/eval_text2flame.py) and by these tests only: no training code, prototype table or corpus template may read
it, and no prototype sentence the reader compares clauses with may share a run of five words with it (nor be one
of its descriptions). The development sets (dev3-dev19) were read by no training code either until the eleventh
round; since then the step gate learns from their labels (`train_step_gate.py`), and nothing else reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from protocols.motion_plan import ACTIONS, AMPLITUDES, EMOTIONS, REPEATING, SIDES, SPEEDS

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "bench" / "data" / "text_motion_heldout.jsonl"
# Written after the first reading of the main set, and read only by the final evaluation.
FRESH = ROOT / "bench" / "data" / "text_motion_heldout_fresh.jsonl"
# Written before the second round of work on the reader and never used to tune it: the "before" and "after"
# figures of that round are both measured on it.
BLIND = ROOT / "bench" / "data" / "text_motion_blind.jsonl"
# The third development set (issue 17, third round): written for tuning the reader, so it is not held out, but
# no training code, prototype table or template reads it either (the classifier never sees its sentences).
DEV3 = ROOT / "bench" / "data" / "text_motion_dev3.jsonl"
# The second blind set (written 2026-12-03, before the fourth round of work on the reader, by someone who never
# read or ran the reader): the older sets had been read too often to be held out; this one is read only by the
# final evaluation, so the fourth round's figures on it are untuned.
BLIND2 = ROOT / "bench" / "data" / "text_motion_blind2.jsonl"
# The fourth development set (fourth round): styles the earlier sets hold few of (stage directions, animator
# shorthand, second person, long literary sentences, negations, hedges, counts like "3x" or "once more"). Not
# held out either, and read by no training code, prototype table or template.
DEV4 = ROOT / "bench" / "data" / "text_motion_dev4.jsonl"
# The fifth development set and the third blind set (written 2026-12-03, before the fifth round of work on the
# reader, by someone who never read or ran the reader): one batch of descriptions in the styles the reader finds
# hard, split at random into two halves. Dev5 is tuned on (not held out, but read by no training code, prototype
# table or template); blind3 is read only by the final evaluation.
DEV5 = ROOT / "bench" / "data" / "text_motion_dev5.jsonl"
BLIND3 = ROOT / "bench" / "data" / "text_motion_blind3.jsonl"
# The sixth development set and the fourth blind set (written 2026-12-03, before the sixth round of work on the
# reader, by someone who never read or ran the reader): one batch split at random into two halves, in the styles
# users write that the earlier sets hold few of (timecoded notes, one-line lists, a director talking aloud, lowercase
# chat, non-native phrasing, game cutscene scripts, mocap notes, dialogue mixed with action). Dev6 is tuned on (read
# by no training code, prototype table or template); blind4 is read only by the final evaluation.
DEV6 = ROOT / "bench" / "data" / "text_motion_dev6.jsonl"
BLIND4 = ROOT / "bench" / "data" / "text_motion_blind4.jsonl"
# The seventh development set and the fifth blind set (written 2026-12-03, before the seventh round of work on the
# reader, by someone who never read or ran the reader, labelled per bench/data/LABELLING.md): one batch of the ways
# users write (plain tool input, literary prose, stage directions, shorthand, chat, a director, cutscene scripts, mocap
# notes, lists and timecodes, non-native phrasing, dialogue, second person, negations, hedges) split at random into two
# halves. Dev7 is tuned on (read by no training code, prototype table or template); blind5 is read only by the final
# evaluation.
DEV7 = ROOT / "bench" / "data" / "text_motion_dev7.jsonl"
BLIND5 = ROOT / "bench" / "data" / "text_motion_blind5.jsonl"
# The eighth development set and the sixth blind set (written 2026-12-03, before the eighth round, by someone who
# never read or ran the reader nor read an earlier set, labelled per bench/data/LABELLING.md): one batch of 400 in the
# ways users write (plain tool input, prose, screenplay, take notes, cutscenes, mocap and dope-sheet notes, non-native
# phrasing, chat, second person, and a few odd formats), 40 of them unreadable, split at random into two halves. Dev8 is
# for the next round to tune on; blind6 is read only by the final evaluation.
DEV8 = ROOT / "bench" / "data" / "text_motion_dev8.jsonl"
BLIND6 = ROOT / "bench" / "data" / "text_motion_blind6.jsonl"
# The ninth development set and the seventh blind set (written 2026-12-03, before the ninth round, by someone who
# never read or ran the reader nor read an earlier set, labelled per bench/data/LABELLING.md): one batch of 400 in the
# same ways of writing as the eighth round's, longer on average, 40 of them unreadable, split at random into two halves.
# Dev9's misses were read in the ninth round and it is the next round's to tune on; blind7 is read only by the final
# evaluation.
DEV9 = ROOT / "bench" / "data" / "text_motion_dev9.jsonl"
BLIND7 = ROOT / "bench" / "data" / "text_motion_blind7.jsonl"
# The tenth development set and the eighth blind set (written 2026-12-04, before the tenth round, by someone who
# never read or ran the reader nor read an earlier set, labelled per bench/data/LABELLING.md): one batch of 400 in the
# earlier ways of writing and four more (storyboard captions, voice-memo transcripts, timestamped notes on a reference
# video, instructions to an actor), 40 of them unreadable, split at random into two halves. Dev10 is the next round's
# to tune on; blind8 is read only by the final evaluation.
DEV10 = ROOT / "bench" / "data" / "text_motion_dev10.jsonl"
BLIND8 = ROOT / "bench" / "data" / "text_motion_blind8.jsonl"
# The eleventh development set and the ninth blind set (written 2026-12-04, before the twelfth round, by someone who
# never read or ran the reader nor read a blind set, labelled per bench/data/LABELLING.md): one batch of 400 in the
# earlier ways of writing and four more (described video for blind viewers, a director in rehearsal, an animator's
# frame-range notes, British English), 20 of them unreadable, split at random into two halves. Dev11 is the next
# round's to tune on; blind9 is read only by the final evaluation.
DEV11 = ROOT / "bench" / "data" / "text_motion_dev11.jsonl"
BLIND9 = ROOT / "bench" / "data" / "text_motion_blind9.jsonl"
# The twelfth development set and the tenth blind set (written 2026-12-04, before the twelfth round, by someone who
# opened nothing of the project but the labelling guide, the plan's values and ten lines of dev10 for the format): one
# batch of 400, 40 % of them long working documents (screenplay scenes, prose, voice memos, capture notes), in the
# earlier ways of writing and one more (a supervisor's review of a take), 20 unreadable, split at random into two
# halves. Dev12 is the next round's to tune on; blind10 is read only by the final evaluation.
DEV12 = ROOT / "bench" / "data" / "text_motion_dev12.jsonl"
BLIND10 = ROOT / "bench" / "data" / "text_motion_blind10.jsonl"   # (198: two that repeated main's word for word left out)
# The thirteenth development set and the eleventh blind set (written 2026-12-05, before the thirteenth round, by two
# writers who opened nothing of the project but the labelling guide and the plan's values): two batches of 200, 40 %
# long documents, in the earlier ways of writing and seven more (theatre stage directions, an audio-description track,
# a client's email, a shot list, a team thread settling a shot, comic panels, a subtitle file), pooled, four that
# repeated an earlier description (or each other) left out, 19 unreadable, split at random into two halves of 198.
# Dev13 is the next round's to tune on; blind11 is read only by the final evaluation.
DEV13 = ROOT / "bench" / "data" / "text_motion_dev13.jsonl"
BLIND11 = ROOT / "bench" / "data" / "text_motion_blind11.jsonl"
# The fourteenth development set and the twelfth blind set (written 2026-12-05, before the fifteenth round, by two
# writers who opened nothing of the project but the labelling guide and the plan's values): two batches of 200 weighted
# toward the ways of writing blind11 read worst (team threads, reviews, voice memos, e-mails, subtitles, learner
# English, second person), pooled, ten that repeated an earlier set word for word left out, split by way of writing at
# random into two halves of 195 (10 unreadable in each). Dev14 is the fifteenth round's to tune on; blind12 is read only
# by the final evaluation.
DEV14 = ROOT / "bench" / "data" / "text_motion_dev14.jsonl"
BLIND12 = ROOT / "bench" / "data" / "text_motion_blind12.jsonl"
# The fifteenth development set and the thirteenth blind set (written 2026-12-05, before the sixteenth round, by three
# writers who opened nothing of the project but the labelling guide and the plan's values): two batches of 200 and one
# of 100 long descriptions, weighted toward the ways of writing blind12 read worst (game scripts, voice memos, reviews,
# audio description, mocap notes), pooled, four that repeated an earlier set word for word left out, split by way of
# writing at random into two halves of 248 (9 unreadable in each). Dev15 is the sixteenth round's to tune on; blind13
# is read only by the final evaluation.
DEV15 = ROOT / "bench" / "data" / "text_motion_dev15.jsonl"
BLIND13 = ROOT / "bench" / "data" / "text_motion_blind13.jsonl"
# The sixteenth development set and the fourteenth blind set (written 2026-12-05, before the seventeenth round, by three
# writers who opened nothing of the project but the labelling guide and the plan's values): two batches of 200 and one
# of 100 long descriptions, weighted toward the ways of writing blind13 read worst (reviews, voice memos, e-mails, game
# scripts), pooled, four that repeated an earlier set word for word left out, split by way of writing and readability
# at random into two halves of 248 (10 unreadable in dev16, 14 in blind14). Dev16 is the seventeenth round's to tune on;
# blind14 is read only by the final evaluation.
DEV16 = ROOT / "bench" / "data" / "text_motion_dev16.jsonl"
BLIND14 = ROOT / "bench" / "data" / "text_motion_blind14.jsonl"
# The seventeenth development set and the fifteenth blind set (written 2026-12-05, before the eighteenth round, by three
# writers who opened nothing of the project but the labelling guide and the plan's values): two batches of 200 and one
# of 100 long descriptions, weighted toward the ways of writing blind14 read worst (reviews, team chat threads, voice
# memos, e-mails, game scripts), pooled, split by way of writing, readability and the rare wag at random into two
# halves of 250 (14 unreadable in dev17, 11 in blind15). Dev17 is the eighteenth round's to tune on; blind15 is read
# only by the final evaluation.
DEV17 = ROOT / "bench" / "data" / "text_motion_dev17.jsonl"
BLIND15 = ROOT / "bench" / "data" / "text_motion_blind15.jsonl"
# The eighteenth development set and the sixteenth blind set (written 2026-12-05, before the nineteenth round's work,
# by three writers who opened nothing of the project but the labelling guide and the plan's values): two batches of
# 200 and one of 100 long descriptions over twelve ways of writing, pooled, split by way of writing, readability and
# the rare wag at random into two halves of 250 (13 unreadable in dev18, 14 in blind16). Dev18 is the nineteenth
# round's to tune on; blind16 is read only by the final evaluation.
DEV18 = ROOT / "bench" / "data" / "text_motion_dev18.jsonl"
BLIND16 = ROOT / "bench" / "data" / "text_motion_blind16.jsonl"
# The nineteenth development set and the seventeenth blind set (written 2026-12-05, before the twentieth round's work,
# by three writers who opened nothing of the project but the labelling guide and the plan's values), made and split as
# the batch before (12 unreadable in dev19, 16 in blind17). Dev19 chooses the twentieth round's learned parts; blind17
# is read only by the final evaluation.
DEV19 = ROOT / "bench" / "data" / "text_motion_dev19.jsonl"
BLIND17 = ROOT / "bench" / "data" / "text_motion_blind17.jsonl"
READERS = {Path("bench/eval_text2flame.py")}


def heldout(path: Path = HELDOUT) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def all_heldout() -> list[dict]:
    return (heldout(HELDOUT) + heldout(FRESH) + heldout(BLIND) + heldout(BLIND2) + heldout(BLIND3) + heldout(BLIND4)
            + heldout(BLIND5) + heldout(BLIND6) + heldout(BLIND7) + heldout(BLIND8) + heldout(BLIND9)
            + heldout(BLIND10) + heldout(BLIND11) + heldout(BLIND12) + heldout(BLIND13) + heldout(BLIND14)
            + heldout(BLIND15) + heldout(BLIND16) + heldout(BLIND17))


def development_sets() -> list[dict]:
    """The development sets the prototypes and training sentences must not copy either (dev3 excepted: it was
    written when its wording was already in the prototypes)."""
    return (heldout(DEV4) + heldout(DEV5) + heldout(DEV6) + heldout(DEV7) + heldout(DEV8) + heldout(DEV9) + heldout(DEV10)
            + heldout(DEV11) + heldout(DEV12) + heldout(DEV13) + heldout(DEV14) + heldout(DEV15) + heldout(DEV16)
            + heldout(DEV17) + heldout(DEV18) + heldout(DEV19))


def _assert_none_repeated(texts, earlier: set[str], what: str) -> None:
    """Fail naming only the repeated sentences of `texts` (lowered): a failure message must never print the
    held-out descriptions it compares against."""
    repeated = sorted({t for t in texts if t in earlier})
    assert not repeated, f"{what} repeat descriptions of another set: {repeated}"


def _check_labels(r: dict) -> None:
    assert set(r) <= {"id", "text", "steps", "emotion", "unreadable"}, r
    assert r["emotion"] in (None, "none") + EMOTIONS, r
    assert not r.get("unreadable") or not r["steps"], r
    for i, s in enumerate(r["steps"]):
        assert s["action"] in ACTIONS, r
        assert s["side"] is None or s["side"] in SIDES[s["action"]], r
        assert s["count"] is None or (s["count"] >= 0 and (s["action"] in REPEATING or s["count"] == 1)), r
        assert s["amplitude"] in AMPLITUDES and s["speed"] in SPEEDS, r
        assert s["with"] is None or 0 <= s["with"] < i, r


def test_the_held_out_set_is_large_varied_and_labelled_with_plan_values():
    records = heldout()
    assert len(records) >= 200
    assert len({r["id"] for r in records}) == len(records) == len({r["text"] for r in records})
    _assert_none_repeated([r["text"] for r in records], {r["text"] for r in heldout(FRESH)}, "the main set's descriptions")
    for r in all_heldout():
        _check_labels(r)
    texts = [r["text"] for r in records]
    # Styles the issue asks for: counts as digits and words, gerunds, British spellings, long and short.
    assert sum(bool(re.search(r"\d", t)) for t in texts) >= 10
    assert sum(bool(re.search(r"\b(twice|three|two|four|five|couple|several|few)\b", t)) for t in texts) >= 20
    assert sum(t.split()[0].endswith("ing") for t in texts) >= 10
    assert sum(bool(re.search(r"towards|centre|favour|humour|upwards|downwards", t)) for t in texts) >= 5
    assert min(map(len, texts)) < 12 and max(map(len, texts)) > 100
    assert sum(len(r["steps"]) > 1 for r in records) >= 50
    assert sum(s["with"] is not None for r in records for s in r["steps"]) >= 10
    assert sum(r["emotion"] not in (None, "none") for r in records) >= 40


def _new_labelled_set(path, minimum: int) -> tuple[list[dict], list[str]]:
    """A later set's records and texts, checked: at least `minimum`, unique, none from the main or fresh
    sets, every label well formed."""
    records = heldout(path)
    assert len(records) >= minimum
    assert len({r["id"] for r in records}) == len(records) == len({r["text"] for r in records})
    older = {r["text"].lower() for r in heldout(HELDOUT) + heldout(FRESH)}
    _assert_none_repeated([r["text"].lower() for r in records], older, "this set's descriptions")
    for r in records:
        _check_labels(r)
    return records, [r["text"] for r in records]


def test_the_blind_set_is_large_varied_new_and_labelled():
    records, texts = _new_labelled_set(BLIND, 200)
    assert sum(bool(re.search(r"\d", t)) for t in texts) >= 10
    assert sum(bool(re.search(r"\b(twice|three|two|four|five|six|couple|several|few)\b", t, re.I)) for t in texts) >= 20
    assert sum(t.split()[0].endswith("ing") for t in texts) >= 10
    assert sum(bool(re.search(r"towards|centre|favour|humour|upwards|downwards|savour|forwards", t)) for t in texts) >= 5
    assert min(map(len, texts)) < 12 and max(map(len, texts)) > 80
    assert sum(len(r["steps"]) > 1 for r in records) >= 50
    assert sum(s["with"] is not None for r in records for s in r["steps"]) >= 10
    assert sum(r["emotion"] not in (None, "none") for r in records) >= 30
    assert sum(bool(r.get("unreadable")) for r in records) >= 5
    assert {s["action"] for r in records for s in r["steps"]} == set(ACTIONS)


def test_the_second_blind_set_is_large_varied_new_and_labelled():
    records, texts = _new_labelled_set(BLIND2, 220)
    earlier = {r["text"].lower() for r in heldout(BLIND) + heldout(DEV3)}
    _assert_none_repeated([t.lower() for t in texts], earlier, "this set's descriptions")
    assert sum(bool(re.search(r"\d", t)) for t in texts) >= 12
    assert sum(bool(re.search(r"\b(once|twice|two|three|four|five|six|couple|several|few|handful|dozen)\b", t, re.I))
               for t in texts) >= 25
    assert sum(t.split()[0].endswith("ing") for t in texts) >= 10
    assert sum(bool(re.search(r"towards|centre|favour|colour|grey|neighbour|harbour|whilst|swivelling", t))
               for t in texts) >= 8
    assert min(map(len, texts)) < 12 and max(map(len, texts)) > 100
    assert sum(len(r["steps"]) > 1 for r in records) >= 70
    assert sum(s["with"] is not None for r in records for s in r["steps"]) >= 15
    assert sum(r["emotion"] not in (None, "none") for r in records) >= 50
    assert sum(bool(r.get("unreadable")) for r in records) >= 8
    assert {s["action"] for r in records for s in r["steps"]} == set(ACTIONS)


_STAGE = r"\b(?:INT|EXT|CLOSE ON|HOLD ON|beat|pause)\b|\("
_SHORTHAND = r"\b(?:[LR]|x\d|\d+x|fwd|cam|deg|hd|dn|ctr)\b|->|>|/|\+"
_NEGATION = r"\b(?:not|n't|without|never|no|instead of|rather than|neither|nor)\b"
_HEDGE = r"\b(?:slight(?:ly)?|barely|hardly|faint(?:ly|est)?|a fraction|a touch|a hint|smallest|tiny|perhaps|might)\b"


def _the_fifth_round_set_is_varied(records: list[dict], texts: list[str], *, multi: int, overlaps: int,
                                   emotions: int, unreadable: int) -> None:
    """Shared checks of dev5 and blind3 (one batch split at random): every style the batch was written for is
    there in numbers, and no description repeats one of an earlier set."""
    earlier = {r["text"].lower() for r in heldout(BLIND) + heldout(BLIND2) + heldout(DEV3) + heldout(DEV4)}
    _assert_none_repeated([t.lower() for t in texts], earlier, "this set's descriptions")
    assert sum(bool(re.search(_STAGE, t)) for t in texts) >= 15                                  # stage directions
    assert sum(bool(re.search(_SHORTHAND, t)) for t in texts) >= 12                              # shorthand
    assert sum(bool(re.search(r"\b(?:you|your)\b", t, re.I)) for t in texts) >= 10               # second person
    assert sum(bool(re.search(_NEGATION, t, re.I)) for t in texts) >= 10                         # negations
    assert sum(bool(re.search(_HEDGE, t, re.I)) for t in texts) >= 6                             # hedges
    assert sum(bool(re.search(r"\d", t)) for t in texts) >= 10
    assert sum(bool(re.search(r"\b(?:once|twice|two|three|four|five|six|seven|couple|few|dozen|over and over|"
                              r"again and again)\b", t, re.I)) for t in texts) >= 25            # counts in words
    assert sum(t.split()[0].endswith("ing") for t in texts) >= 10
    assert sum(bool(re.search(r"towards|centre|colour|grey|harbour|neighbour|swivelling|scepticism", t))
               for t in texts) >= 6
    assert min(map(len, texts)) < 12 and max(map(len, texts)) > 150
    assert sum(len(t) > 150 for t in texts) >= 6                                                  # long literary
    assert sum(len(r["steps"]) > 1 for r in records) >= multi
    assert sum(2 <= len(r["steps"]) <= 5 for r in records) >= 0.4 * len(records)
    assert sum(s["with"] is not None for r in records for s in r["steps"]) >= overlaps
    assert sum(s["count"] == 0 for r in records for s in r["steps"]) >= 3                       # "over and over"
    assert sum(r["emotion"] not in (None, "none") for r in records) >= emotions
    assert sum(bool(r.get("unreadable")) for r in records) >= unreadable
    assert {s["action"] for r in records for s in r["steps"]} == set(ACTIONS)


def test_the_fifth_development_set_is_large_varied_labelled_and_not_a_held_out_description():
    records, texts = _new_labelled_set(DEV5, 220)
    _assert_none_repeated([t.lower() for t in texts], {r["text"].lower() for r in heldout(BLIND3)}, "dev5's descriptions")
    _the_fifth_round_set_is_varied(records, texts, multi=100, overlaps=12, emotions=60, unreadable=4)


def test_the_third_blind_set_is_large_varied_new_and_labelled():
    records, texts = _new_labelled_set(BLIND3, 220)
    _the_fifth_round_set_is_varied(records, texts, multi=100, overlaps=12, emotions=60, unreadable=6)


_TIMECODE = r"\b\d{1,2}:\d{2}\b|\bframe \d+|\b\d(?:\.\d)?s:|\bTC\b"
_LIST_MARK = r"(?:\(?\d\)|\d\.|\(?[a-c]\)|[ivx]+\.|[\u2022*\u2460-\u2473]|\d -|-)"
_LIST = rf"(?:^|\s){_LIST_MARK}\s.*\s{_LIST_MARK}\s"                         # two item markers in one line
_DIRECTOR = r"(?i)\b(?:let's|can we|can you|could you|can he|can she|I want|I think|what if|ok so|okay|alright|" \
            r"we need|give me)\b"
_CHAT_WORDS = r"\b(?:u|pls|lol|idk|af|kinda|sooo|dude|uhh|hes|doesnt|nothign|arround|foward|rigth|grl|alot|n|like|" \
              r"hmm|ok|nods nods)\b"
_NON_NATIVE = r"\b(?:is making|make him to|must to|me no|make the head|put the head|head go|many times|after she|" \
              r"after go|after come|he make|she make|for say|is turn|is jumping|smile big|one time only|he is very|" \
              r"is very sad|the man he)\b"
_CUTSCENE = r"(?i)\b(?:cutscene|cinematic|in-engine|NPC|QTE|boss intro|quest giver|scripted sequence|VN sprite|" \
            r"game intro|dialogue cam)\b"
_MOCAP = r"(?i)\b(?:mocap|take \d+|T\d+|session \d|capture note|ROM pass|suit cal|pickup|T-pose)\b"
_BACK_TO_EARLIER = r"(?i)\b(?:back to|back at|back up at|back in towards) the (?:door|window|clock|band|letter)\b|" \
                   r"\bback at (?:her|his) \w+|\b(?:left|right|door|window|clock|band|letter|sister|screen|it) again\b|" \
                   r"\bagain to\b"


def _is_chat(text: str) -> bool:
    """Lowercase chat: no capital letter, no closing full stop, and a chat word or typo."""
    return not re.search(r"[A-Z]", text) and bool(re.search(_CHAT_WORDS, text)) and not text.endswith(".")


def _the_sixth_round_set_is_varied(records: list[dict], texts: list[str], *, unreadable: int) -> None:
    """Shared checks of dev6 and blind4 (one batch split at random): the styles the batch was written for are there
    in numbers in each half, and no description repeats one of an earlier set."""
    earlier = {r["text"].lower() for r in heldout(BLIND) + heldout(BLIND2) + heldout(BLIND3) + heldout(DEV3)
               + heldout(DEV4) + heldout(DEV5)}
    _assert_none_repeated([t.lower() for t in texts], earlier, "this set's descriptions")

    def count(pattern: str, flags: int = 0) -> int:
        return sum(bool(re.search(pattern, t, flags)) for t in texts)

    assert count(_TIMECODE) >= 6                                                                # "0:02 nod, 0:04 look L"
    assert count(_LIST) >= 6                                                                    # lists in one line
    assert count(_DIRECTOR) >= 10                                                               # a director talking
    assert sum(map(_is_chat, texts)) >= 8                                                       # lowercase chat
    assert count(_NON_NATIVE) >= 4                                                              # non-native phrasing
    assert count(_CUTSCENE) >= 7                                                                # game cutscene scripts
    assert count(_MOCAP) >= 8                                                                   # mocap session notes
    assert count(r'"[^"]+"') >= 9                                                               # dialogue with action
    assert count(_STAGE) >= 20                                                                  # stage directions
    assert count(_SHORTHAND) >= 20                                                              # shorthand
    assert count(r"\b(?:you|your)\b", re.I) >= 10                                               # second person
    assert count(_NEGATION, re.I) >= 10                                                         # negations
    assert count(_HEDGE, re.I) >= 8                                                             # hedges
    assert count(r"[a-z]: [a-z]") >= 15                                                         # restated after a colon
    assert count(r"\btwice\b.*\btwice\b", re.I) >= 5                                            # "twice ... and twice"
    assert count(_BACK_TO_EARLIER) >= 7                                                         # "then back to the door"
    assert count(r"\b(?:once|twice|two|three|four|five|six|dozen|couple|few|handful|over and over|again and again|"
                 r"once more)\b|\bx\d\b|\b\d+x\b", re.I) >= 40                                    # counts in words
    assert count(r"\d") >= 30
    assert sum(t.split()[0].endswith("ing") for t in texts) >= 10                               # gerunds
    assert count(r"\b(?:turned|looked|nodded|shook|tilted|leaned|glanced|lifted|bowed|froze|drew|jerked)\b") >= 20
    assert count(r"towards|centre|colour|grey|harbour|neighbour|swivelling|scepticism|favour|humour|whilst") >= 12
    assert sum(len(t.split()) <= 4 for t in texts) >= 15 and min(map(len, texts)) < 12           # short
    assert sum(len(t) > 200 for t in texts) >= 6                                                # long literary
    assert sum(2 <= len(r["steps"]) <= 5 for r in records) >= 0.4 * len(records)
    assert sum(s["with"] is not None for r in records for s in r["steps"]) >= 10                # overlaps
    assert sum(s["count"] == 0 for r in records for s in r["steps"]) >= 5                       # "over and over"
    assert sum(r["emotion"] not in (None, "none") for r in records) >= 65
    assert sum(bool(r.get("unreadable")) for r in records) >= unreadable
    assert {s["action"] for r in records for s in r["steps"]} == set(ACTIONS)


def test_the_sixth_development_set_is_large_varied_labelled_and_not_a_held_out_description():
    records, texts = _new_labelled_set(DEV6, 220)
    _assert_none_repeated([t.lower() for t in texts], {r["text"].lower() for r in heldout(BLIND4)}, "dev6's descriptions")
    # The random split left one of the batch's fourteen unreadable descriptions in this half.
    _the_sixth_round_set_is_varied(records, texts, unreadable=1)


def test_the_fourth_blind_set_is_large_varied_new_and_labelled():
    records, texts = _new_labelled_set(BLIND4, 220)
    _the_sixth_round_set_is_varied(records, texts, unreadable=10)


_TAKE_CORRECTION = r"(?i)\b(?:NG|redo|scratch that|no wait|instead|was wrong|correct take)\b"
_VIEWER_SIDE = r"(?i)\b(?:camera|screen|cam|frame) (?:left|right|[LR])\b"


def _the_seventh_round_set_is_varied(records: list[dict], texts: list[str]) -> None:
    """Shared checks of dev7 and blind5 (one batch split at random): the ways of writing the batch was written in,
    the cases LABELLING.md settles, the feelings and the plans' shapes are there in numbers in each half, and no
    description repeats one of an earlier set."""
    earlier = {r["text"].lower() for r in heldout(BLIND) + heldout(BLIND2) + heldout(BLIND3) + heldout(BLIND4)
               + heldout(DEV3) + heldout(DEV4) + heldout(DEV5) + heldout(DEV6)}
    _assert_none_repeated([t.lower() for t in texts], earlier, "this set's descriptions")

    def count(pattern: str, flags: int = 0) -> int:
        return sum(bool(re.search(pattern, t, flags)) for t in texts)

    assert count(_TIMECODE) + count(_LIST) >= 6                                                 # timecodes, lists
    assert count(_DIRECTOR) >= 10                                                               # a director talking
    assert sum(map(_is_chat, texts)) >= 8                                                       # lowercase chat
    assert count(_NON_NATIVE) >= 4                                                              # non-native phrasing
    assert count(_CUTSCENE) >= 5                                                                # game cutscene scripts
    assert count(_MOCAP) >= 7                                                                   # mocap session notes
    assert count(_TAKE_CORRECTION) >= 3                                                         # takes that correct
    assert count(r'"[^"]+"') >= 7                                                               # dialogue with action
    assert count(_STAGE) >= 12                                                                  # stage directions
    assert count(_SHORTHAND) >= 15                                                              # shorthand
    assert count(_VIEWER_SIDE) >= 3                                                             # "camera left"
    assert count(r"\b(?:you|your)\b", re.I) >= 7                                               # second person
    assert count(_NEGATION, re.I) >= 15                                                         # negations
    assert count(_HEDGE, re.I) >= 8                                                             # hedges
    assert count(r"\b(?:once|twice|two|three|four|five|six|dozen|couple|few|handful|over and over|again and again|"
                 r"once more)\b|\bx\d\b|\b\d+x\b", re.I) >= 35                                    # counts in words
    assert count(r"\d") >= 20
    assert sum(t.split()[0].endswith("ing") for t in texts) >= 12                               # gerunds
    assert count(r"\b(?:turned|looked|nodded|shook|tilted|leaned|glanced|lifted|bowed|lowered|stared|gazed|raised|"
                 r"recoiled)\b") >= 30                                                          # past tense prose
    assert count(r"towards|centre|colour|grey|harbour|whilst|swivelling|honour") >= 7            # British spellings
    assert sum(len(t.split()) <= 4 for t in texts) >= 25 and min(map(len, texts)) < 12           # short
    assert sum(len(t) > 200 for t in texts) >= 4                                                # long literary
    steps = [s for r in records for s in r["steps"]]
    assert sum(2 <= len(r["steps"]) <= 5 for r in records) >= 0.4 * len(records)                # multi-step
    assert sum(s["with"] is not None for s in steps) >= 10                                      # overlaps
    assert sum(s["count"] == 0 for s in steps) >= 5                                             # "over and over"
    assert sum(not r["steps"] and r["emotion"] != "none" for r in records) >= 4                 # face only
    # (four: labelling rule 9 gave two of the batch's face-only descriptions the hold their stillness says)
    assert sum(r["emotion"] != "none" for r in records) >= 0.4 * len(records)
    assert {r["emotion"] for r in records} == set(EMOTIONS) | {"none"}
    assert sum(bool(r.get("unreadable")) for r in records) >= 7
    assert {s["action"] for s in steps} == set(ACTIONS)


def test_the_seventh_development_set_is_large_varied_labelled_and_not_a_held_out_description():
    records, texts = _new_labelled_set(DEV7, 240)
    _assert_none_repeated([t.lower() for t in texts], {r["text"].lower() for r in heldout(BLIND5)}, "dev7's descriptions")
    _the_seventh_round_set_is_varied(records, texts)


def test_the_fifth_blind_set_is_large_varied_new_and_labelled():
    records, texts = _new_labelled_set(BLIND5, 240)
    _the_seventh_round_set_is_varied(records, texts)


def _the_eighth_round_set_is_varied(records: list[dict], texts: list[str], short: int = 20, unreadable: int = 20,
                                    overlaps: int = 6) -> None:
    """Shared checks of the eighth and ninth rounds' batches (dev8 and blind6, dev9 and blind7; each one batch split
    at random): new to every earlier set, the ways of writing
    the batch was written in and the plans' shapes are there in numbers in each half, and half of its unreadable
    descriptions are in each."""
    earlier = {r["text"].lower() for r in all_heldout() + development_sets() + heldout(DEV3)
               if r["text"] not in texts}
    _assert_none_repeated([t.lower() for t in texts], earlier, "this set's descriptions")

    def count(pattern: str, flags: int = 0) -> int:
        return sum(bool(re.search(pattern, t, flags)) for t in texts)

    assert count(_STAGE) >= 15                                                                  # stage directions
    assert count(_SHORTHAND) >= 10                                                              # shorthand
    assert count(_MOCAP) + count(_TIMECODE) >= 3                                                # mocap, dope sheets
    assert count(r"\b(?:you|your)\b", re.I) >= 8                                              # second person
    assert count(_NEGATION, re.I) >= 10                                                         # negations
    assert count(r"\d") >= 25
    assert sum(len(t.split()) <= 4 for t in texts) >= short and max(map(len, texts)) > 100   # short, (few) long
    steps = [s for r in records for s in r["steps"]]
    assert sum(len(r["steps"]) >= 2 for r in records) >= 0.35 * len(records)                   # multi-step
    assert sum(s["with"] is not None for s in steps) >= overlaps                                # overlaps
    assert sum(r["emotion"] != "none" for r in records) >= 0.25 * len(records)
    assert {r["emotion"] for r in records} == set(EMOTIONS) | {"none"}
    assert sum(bool(r.get("unreadable")) for r in records) == unreadable
    assert {s["action"] for s in steps} == set(ACTIONS)


_STYLES = {"plain", "literary", "screenplay", "notes", "game", "mocap", "nonnative", "chat", "second", "unreadable"}


@pytest.mark.parametrize("styles_file, halves, style_names",
                         [("styles_dev8_blind6.json", (DEV8, BLIND6), _STYLES | {"other"}),
                          ("styles_dev9_blind7.json", (DEV9, BLIND7), _STYLES | {"other"}),
                          ("styles_dev10_blind8.json", (DEV10, BLIND8),
                           _STYLES | {"storyboard", "voice", "timestamps"}),
                          ("styles_dev11_blind9.json", (DEV11, BLIND9),
                           _STYLES | {"storyboard", "voice", "timestamps", "subtitles", "rehearsal", "dopesheet",
                                      "british"}),
                          ("styles_dev12_blind10.json", (DEV12, BLIND10),
                           _STYLES | {"storyboard", "voice", "timestamps", "review"}),
                          ("styles_dev13_blind11.json", (DEV13, BLIND11),
                           _STYLES | {"storyboard", "voice", "timestamps", "review", "stage", "describer", "email",
                                      "shotlist", "slack", "comic", "subtitles"}),
                          ("styles_dev14_blind12.json", (DEV14, BLIND12),
                           _STYLES | {"storyboard", "voice", "timestamps", "review", "stage", "describer", "email",
                                      "shotlist", "slack", "comic", "subtitles"}),
                          ("styles_dev15_blind13.json", (DEV15, BLIND13),
                           _STYLES - {"notes"} | {"voice", "timestamps", "review", "describer", "email", "shotlist",
                                                  "slack"}),
                          ("styles_dev16_blind14.json", (DEV16, BLIND14),
                           _STYLES - {"plain", "notes", "second"} | {"voice", "review", "describer", "email",
                                                                     "director", "storyboard"}),
                          ("styles_dev17_blind15.json", (DEV17, BLIND15),
                           _STYLES - {"plain", "notes", "second"} | {"voice", "review", "describer", "email",
                                                                     "director", "storyboard"}),
                          ("styles_dev18_blind16.json", (DEV18, BLIND16),
                           {"thread", "review", "email", "voice", "director", "screenplay", "prose", "audio", "game",
                            "storyboard", "capture", "learner", "unreadable"}),
                          ("styles_dev19_blind17.json", (DEV19, BLIND17),
                           {"thread", "review", "email", "voice", "director", "screenplay", "prose", "audio", "game",
                            "storyboard", "capture", "learner", "unreadable"})])
def test_every_description_of_a_batch_has_the_way_it_was_written(styles_file, halves, style_names):
    """bench/data/styles_*.json (id → style, from the batch's writer): the evaluation prints figures per style from
    it, so it covers both halves, and an unreadable description is tagged so."""
    styles = json.loads((ROOT / "bench" / "data" / styles_file).read_text(encoding="utf-8"))
    records = heldout(halves[0]) + heldout(halves[1])
    assert set(styles) == {r["id"] for r in records}
    assert set(styles.values()) == style_names
    assert all((styles[r["id"]] == "unreadable") == bool(r.get("unreadable")) for r in records)


# The batches from the eighth round on (dev8 and blind6, dev9 and blind7, dev10 and blind8, dev11 and blind9, dev12 and
# blind10, dev13 and blind11, dev14 and blind12, dev15 and blind13, dev16 and blind14, dev17 and blind15, dev18 and blind16, dev19 and blind17): how many of four words or less
# each batch has ("short") differs (the later batches are longer), the eleventh round's batches on have half as many
# unreadable descriptions, and the thirteenth to twentieth rounds' writers ran few steps together (10 in 396
# descriptions, 12 in 390, 20 in 496, 14 in 496, 23 in 500, 18 in 500, 29 in 500).
@pytest.mark.parametrize("path, short, unreadable, overlaps",
                         [(DEV8, 20, 20, 6), (BLIND6, 20, 20, 6), (DEV9, 12, 20, 6), (BLIND7, 12, 20, 6),
                          (DEV10, 3, 20, 6), (BLIND8, 3, 20, 6), (DEV11, 3, 10, 6), (BLIND9, 3, 10, 6),
                          (DEV12, 3, 10, 6), (BLIND10, 3, 10, 6), (DEV13, 3, 9, 3), (BLIND11, 3, 10, 6),
                          (DEV14, 10, 10, 5), (BLIND12, 10, 10, 5), (DEV15, 2, 9, 9), (BLIND13, 2, 9, 9),
                          (DEV16, 2, 10, 9), (BLIND14, 3, 14, 5),
                          (DEV17, 0, 14, 9), (BLIND15, 1, 11, 14), (DEV18, 1, 13, 11), (BLIND16, 3, 14, 7),
                          (DEV19, 1, 12, 15), (BLIND17, 2, 16, 14)],
                         ids=["dev8", "blind6", "dev9", "blind7", "dev10", "blind8", "dev11", "blind9", "dev12",
                              "blind10", "dev13", "blind11", "dev14", "blind12", "dev15", "blind13", "dev16",
                              "blind14", "dev17", "blind15", "dev18", "blind16", "dev19", "blind17"])
def test_a_batch_from_the_eighth_round_on_is_large_varied_new_and_labelled(path, short, unreadable, overlaps):
    records, texts = _new_labelled_set(path, {BLIND10: 198, DEV13: 198, BLIND11: 198, DEV14: 195, BLIND12: 195, DEV15: 248,
                                                     BLIND13: 248, DEV16: 248, BLIND14: 248,
                                                     DEV17: 250, BLIND15: 250, DEV18: 250,
                                                     BLIND16: 250}.get(path, 200))
    _the_eighth_round_set_is_varied(records, texts, short=short, unreadable=unreadable, overlaps=overlaps)


# A second, independent labelling of dev7 (2026-12-03, eighth round) by someone who saw only the guide and the texts:
# bench/label_agreement.py measures how far two careful people agree, the ceiling a reader's figures are read against.
# Blind5, blind7 (ninth round), blind8 (tenth), blind9 (eleventh), blind11 (thirteenth), blind14 (seventeenth), blind15
# (eighteenth) and blind17 (twentieth; its labeller got the texts shuffled under new ids) have one too, read like them
# only by the final evaluation's scripts.
SECOND_LABELS = {DEV7: ROOT / "bench" / "data" / "second_labels_dev7.jsonl",
                 BLIND5: ROOT / "bench" / "data" / "second_labels_blind5.jsonl",
                 BLIND7: ROOT / "bench" / "data" / "second_labels_blind7.jsonl",
                 BLIND8: ROOT / "bench" / "data" / "second_labels_blind8.jsonl",
                 BLIND9: ROOT / "bench" / "data" / "second_labels_blind9.jsonl",
                 BLIND11: ROOT / "bench" / "data" / "second_labels_blind11.jsonl",
                 BLIND14: ROOT / "bench" / "data" / "second_labels_blind14.jsonl",
                 BLIND15: ROOT / "bench" / "data" / "second_labels_blind15.jsonl",
                 BLIND17: ROOT / "bench" / "data" / "second_labels_blind17.jsonl"}


def test_the_second_labellings_label_the_same_descriptions_with_plan_values():
    for path, second_path in SECOND_LABELS.items():
        first, second = heldout(path), heldout(second_path)
        assert [(r["id"], r["text"]) for r in second] == [(r["id"], r["text"]) for r in first]
        for r in second:
            _check_labels(r)
        assert sum(r["steps"] != f["steps"] for r, f in zip(second, first)) >= 5   # a labelling of its own


def _source_files():
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".git", "tests") or "__pycache__" in rel.parts or not path.is_file():
            continue
        # Code and data that code reads; documents may name the file.
        if path.suffix in (".py", ".toml", ".json", ".jsonl", ".txt", ".cfg", ".sh", ".yaml", ".yml"):
            yield rel, path


def test_the_third_development_set_is_large_varied_labelled_and_not_a_held_out_description():
    records, texts = _new_labelled_set(DEV3, 150)
    assert sum(bool(re.search(r"\d", t)) for t in texts) >= 10
    assert sum(t.split()[0].endswith("ing") and "," in t for t in texts) >= 10   # opening participles
    assert sum(bool(re.search(r"\b(?:after|before|once|having|until|followed by|and then|first)\b", t, re.I))
               for t in texts) >= 20
    assert sum(bool(re.search(r"towards|centre|favour|humour|upwards|downwards|colour|grey|recognises", t))
               for t in texts) >= 5
    assert sum(len(r["steps"]) > 1 for r in records) >= 50
    assert sum(r["emotion"] not in (None, "none") for r in records) >= 40
    assert sum(bool(r.get("unreadable")) for r in records) >= 5


def test_the_fourth_development_set_is_large_varied_labelled_and_not_a_held_out_description():
    records, texts = _new_labelled_set(DEV4, 150)
    _assert_none_repeated([t.lower() for t in texts],
                          {r["text"].lower() for r in heldout(DEV3) + heldout(BLIND) + heldout(BLIND2)}, "dev4's descriptions")
    assert sum(bool(re.search(r"\b(?:INT|EXT|CLOSE ON|beat|pause)\b|\(", t)) for t in texts) >= 10  # stage directions
    assert sum(bool(re.search(r"\b(?:[LR]|x\d|\d+x|fwd|cam|deg)\b|->|>|/|\+|\u00b0", t)) for t in texts) >= 20  # shorthand
    assert sum(bool(re.search(r"\b(?:you|your)\b", t, re.I)) for t in texts) >= 15                 # second person
    assert sum(bool(re.search(r"\b(?:not|n't|without|never|no|instead of|rather than)\b", t, re.I))
               for t in texts) >= 15                                                                   # negations
    assert sum(bool(re.search(r"\b(?:slight(?:ly)?|barely|faint(?:ly|est)?|a fraction|a touch|a hint|smallest)\b", t,
                              re.I)) for t in texts) >= 10                                             # hedges
    assert sum(len(t) > 150 for t in texts) >= 10                                                      # long literary
    assert sum(len(r["steps"]) > 1 for r in records) >= 50
    assert sum(r["emotion"] not in (None, "none") for r in records) >= 40
    assert sum(bool(r.get("unreadable")) for r in records) >= 5


def _readers_of(names: tuple[str, ...]) -> set[Path]:
    own = {HELDOUT.relative_to(ROOT), FRESH.relative_to(ROOT), BLIND.relative_to(ROOT), DEV3.relative_to(ROOT),
           BLIND2.relative_to(ROOT), DEV4.relative_to(ROOT), BLIND3.relative_to(ROOT), DEV5.relative_to(ROOT),
           DEV6.relative_to(ROOT), BLIND4.relative_to(ROOT), DEV7.relative_to(ROOT),
           BLIND5.relative_to(ROOT), DEV8.relative_to(ROOT), BLIND6.relative_to(ROOT), DEV9.relative_to(ROOT),
           BLIND7.relative_to(ROOT), DEV10.relative_to(ROOT), BLIND8.relative_to(ROOT), DEV11.relative_to(ROOT),
           BLIND9.relative_to(ROOT), DEV12.relative_to(ROOT), BLIND10.relative_to(ROOT), DEV13.relative_to(ROOT),
           BLIND11.relative_to(ROOT)}
    return {rel for rel, path in _source_files()
            if rel not in own and any(n in path.read_text(encoding="utf-8", errors="replace") for n in names)}


def test_nothing_but_the_evaluation_reads_the_held_out_file():
    # "text_motion_heldout" also names the fresh set, "text_motion_blind" every blind set.
    readers = _readers_of(("text_motion_heldout", "text_motion_blind"))
    assert readers <= READERS, f"only the evaluation may read the held-out set; also read by {readers - READERS}"


def test_the_development_sets_are_read_by_the_evaluation_and_the_step_gates_training_only():
    """The development sets are for tuning: the step gate learns from their labels (`train_step_gate.py` names each
    file) and so does the context check (`train_step_context.py`, through the gate's list of them); no prototype table,
    template or other training reads them."""
    names = tuple(f"text_motion_dev{n}" for n in range(3, 14))
    readers = _readers_of(names)
    allowed = READERS | {Path("backend/motion/text/plan/train_step_gate.py")}
    assert readers <= allowed, f"the development sets are also read by {readers - allowed}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _five_grams(text: str) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}


# Common English the prototypes and recipes held before dev8 and blind6 (the first three), dev9 and blind7 (the next
# three), dev10 and blind8 to dev19 and blind17 (the rest, by batch) were written, which the batches' writers (who never
# read them) happened to write too: the tables came first (their git history shows it), so the sets did not leak into them.
_COMMON_BEFORE_THE_SET = {("his", "head", "like", "a", "metronome"), ("the", "clock", "on", "the", "wall"),
                          ("his", "head", "to", "one", "side"), ("the", "head", "side", "to", "side"),
                          ("the", "head", "to", "the", "side"), ("up", "at", "the", "tall", "building"),
                          # dev10 and blind8
                          ("her", "head", "toward", "the", "exit"), ("stares", "out", "of", "the", "window"),
                          ("looks", "back", "at", "the", "camera"), ("her", "face", "lights", "up", "with"),
                          ("slow", "shake", "of", "the", "head"), ("at", "the", "clock", "on", "the"),
                          ("at", "the", "top", "of", "the"), ("his", "head", "on", "one", "side"),
                          ("his", "head", "back", "with", "a"), ("his", "gaze", "back", "to", "the"),
                          # dev11 and blind9
                          ("tilts", "his", "head", "toward", "the"), ("turns", "her", "face", "up", "to"),
                          ("her", "face", "up", "to", "the"),
                          # dev12 and blind10
                          ("looks", "down", "at", "the", "desk"), ("come", "back", "to", "the", "front"),
                          ("looks", "back", "to", "the", "front"),
                          # dev13 and blind11 (two writers who opened none of the project's code)
                          ("he", "looks", "up", "at", "her"), ("looks", "up", "at", "the", "lamp"),
                          ("looks", "out", "at", "the", "audience"), ("a", "slow", "shake", "of", "the"),
                          ("shakes", "his", "head", "again", "and"), ("his", "head", "again", "and", "again"),
                          # dev14 and blind12 (two writers who opened none of the project's code)
                          ("she", "shakes", "her", "head", "no"), ("her", "head", "to", "one", "side"),
                          ("leans", "back", "in", "the", "armchair"),
                          # dev15 and blind13 (three writers who opened none of the project's code)
                          ("a", "shake", "of", "the", "head"), ("her", "head", "to", "the", "music"),
                          # dev16 and blind14 (three writers who opened none of the project's code)
                          ("looks", "up", "at", "the", "stars"), ("tears", "streaming", "down", "her", "face"),
                          ("looks", "down", "at", "the", "baby"), ("draws", "his", "head", "back", "sharply"),
                          ("her", "head", "back", "to", "the"),
                          # dev17 and blind15 (three writers who opened none of the project's code)
                          ("turns", "back", "to", "the", "front"), ("turns", "to", "face", "the", "camera"),
                          # dev18 and blind16 (three writers who opened none of the project's code)
                          ("a", "glance", "to", "the", "right"), ("tips", "her", "head", "to", "one"),
                          # dev19 and blind17 (three writers who opened none of the project's code)
                          ("the", "top", "of", "the", "stairs")}
# A part of the emotion recipe (since 7401ced, third round) that blind9's writer repeated word for word in one
# description: the recipe came first, so the set did not leak into it; the reader may read that one description
# better for it (the model card says so).
_RECIPE_PARTS_BEFORE_THE_SET = {"at the whiff from the laundry basket",
                                # and one that dev12 and blind10's writer, who opened none of the project's code,
                                # happened to write too
                                "standing at the edge of the cliff",
                                # and one that dev13 and blind11's writers, who opened none of it, wrote too
                                "her whole face lights up",
                                # and two that dev15 and blind13's writers, who opened none of it, wrote too
                                "his face breaks into a wide smile", "her face breaks into a wide smile",
                                "watches the rain on the glass",
                                # and three (in the recipe since 8353698) that dev18 and blind16's writers, who opened
                                # none of it, began with five words of: common English
                                "when the dog rolls in something foul", "looks him up and down",
                                "while waiting for the bus",
                                # and one (in the recipe since 8353698) that dev19 and blind17's writers wrote too
                                "when the door bursts open"}
# Seven words in a row that a composed training sentence held before blind9 was written (the clause recipe's
# "turns {p} face up to the sun", since the fourth round).
_SEVEN_BEFORE_THE_SET = {("she", "turns", "her", "face", "up", "to", "the"),
                         # and "a slow shake of the head" + "at the …", composed from parts both recipes held before
                         # dev18 and blind16 were written, which one of their writers put together too
                         ("slow", "shake", "of", "the", "head", "at", "the")}
# Whole descriptions a recipe held as a sentence before a batch was written (dev9 and blind7: a three-word one; dev11
# and blind9: a four-word note the clause recipe has held since the fourth round; dev12 and blind10: a prototype of the
# first round).
_DESCRIPTIONS_BEFORE_THE_SET = {"eyebrows shoot up", "a quick double nod", "looks around the room"}


def test_no_prototype_sentence_shares_five_words_in_a_row_with_a_held_out_description():
    """The held-out sets and the development sets from dev4 on (dev3 was written when its wording was already
    in the prototypes, and shares the common "a shake of the head" with them)."""
    from backend.motion.text.plan import prototypes

    held = set().union(*(_five_grams(r["text"]) for r in all_heldout() + development_sets()))
    texts = prototypes.all_prototype_texts()
    assert len(texts) > 300
    held -= _COMMON_BEFORE_THE_SET
    shared = {t: sorted(_five_grams(t) & held) for t in texts if _five_grams(t) & held}
    assert not shared, f"prototype sentences repeat held-out wording: {shared}"
    # Whole descriptions of three words or more: a one- or two-word description ("Smile.", "He shrugs.") is the
    # word itself, which a prototype table of feelings and gestures cannot help holding (dev8 and blind6 hold some).
    lowered = {" ".join(_words(r["text"])) for r in all_heldout() + development_sets()
               if len(_words(r["text"])) >= 3} - _DESCRIPTIONS_BEFORE_THE_SET
    _assert_none_repeated([" ".join(_words(t)) for t in texts], lowered, "these sentences")


def test_prototypes_and_training_sentences_never_use_the_words_held_out_by_the_first_evaluation():
    """The first shipped model's held-out phrasings stay held out for the plan reader too, so the figures
    on them compare like with like."""
    from backend.motion.text.evaluation import HELD_OUT_WORDS
    from backend.motion.text.plan import prototypes

    patterns = {w: re.compile(rf"\b{w[:-1]}" if w.endswith("*") else rf"\b{w}\b", re.IGNORECASE)
                for w in HELD_OUT_WORDS}
    from backend.motion.text.plan.train_classifier import training_set

    from backend.motion.text.plan.train_emotion_classifier import training_set as emotion_training_set

    texts = prototypes.all_prototype_texts() + [t for t, _ in training_set()] + [t for t, _ in emotion_training_set()]
    found = {t: [w for w, p in patterns.items() if p.search(t)] for t in texts}
    assert not {t: w for t, w in found.items() if w}


def _grams(text: str, n: int) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def test_the_classifiers_training_recipe_keeps_away_from_the_held_out_descriptions():
    """Its hand-written parts share no five words in a row with a held-out description; the sentences
    composed from them (subject + phrase + tail: "the man" + "shakes his head" is common English) share no
    seven, and none is one."""
    from backend.motion.text.plan import training_phrases as recipe
    from backend.motion.text.plan.train_classifier import training_set

    held5 = set().union(*(_grams(r["text"], 5) for r in all_heldout() + development_sets()))
    held7 = set().union(*(_grams(r["text"], 7) for r in all_heldout() + development_sets()))
    parts = [p.replace("{p}", pronoun) for phrases in (*recipe.VERB_PHRASES.values(), recipe.NONE_PHRASES,
                                                       recipe.TAILS) for p in phrases for pronoun in ("his", "her")]
    shared_parts = {p: sorted(_grams(p, 5) & held5 - _COMMON_BEFORE_THE_SET) for p in parts
                    if _grams(p, 5) & held5 - _COMMON_BEFORE_THE_SET}
    assert not shared_parts, f"recipe phrases repeat held-out wording: {shared_parts}"
    texts = [t for t, _ in training_set()]
    assert len(texts) > 1000
    shared = {t: sorted(_grams(t, 7) & held7) for t in texts if _grams(t, 7) & held7 - _SEVEN_BEFORE_THE_SET}
    assert not shared, f"training sentences repeat held-out wording: {shared}"
    # Whole descriptions of three words or more: a one- or two-word description ("Smile.", "He shrugs.") is the
    # word itself, which a prototype table of feelings and gestures cannot help holding (dev8 and blind6 hold some).
    lowered = {" ".join(_words(r["text"])) for r in all_heldout() + development_sets()
               if len(_words(r["text"])) >= 3} - _DESCRIPTIONS_BEFORE_THE_SET
    _assert_none_repeated([" ".join(_words(t)) for t in texts], lowered, "these sentences")


def test_the_emotion_classifiers_training_recipe_keeps_away_from_the_held_out_descriptions():
    """As the clause classifier's: its hand-written parts share no five words in a row with a held-out or
    development description, its composed sentences no seven, and none is one."""
    from backend.motion.text.plan import emotion_phrases as recipe
    from backend.motion.text.plan.train_emotion_classifier import training_set

    held5 = set().union(*(_grams(r["text"], 5) for r in all_heldout() + development_sets()))
    held7 = set().union(*(_grams(r["text"], 7) for r in all_heldout() + development_sets()))
    parts = [p.replace("{p}", pronoun) for p in recipe.parts() for pronoun in ("his", "her")]
    assert len(parts) > 500
    shared_parts = [p for p in parts if _grams(p, 5) & held5 and p not in _RECIPE_PARTS_BEFORE_THE_SET]
    assert not shared_parts, f"recipe parts repeat held-out wording: {shared_parts}"
    texts = [t for t, _ in training_set()]
    assert len(texts) > 3000
    shared = [t for t in texts if _grams(t, 7) & held7 - _SEVEN_BEFORE_THE_SET]
    assert not shared, f"training sentences repeat held-out wording: {shared}"
    # Whole descriptions of three words or more: a one- or two-word description ("Smile.", "He shrugs.") is the
    # word itself, which a prototype table of feelings and gestures cannot help holding (dev8 and blind6 hold some).
    lowered = {" ".join(_words(r["text"])) for r in all_heldout() + development_sets()
               if len(_words(r["text"])) >= 3} - _DESCRIPTIONS_BEFORE_THE_SET
    _assert_none_repeated([" ".join(_words(t)) for t in texts], lowered, "these sentences")
