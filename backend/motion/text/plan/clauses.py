"""Splitting a description into clauses, and how each clause is placed in time relative to its neighbours.

"He looks up at the ceiling before shaking his head" → ["He looks up at the ceiling", "shaking his head"
(after its main clause)]; "While looking up, he slowly turns to his left" → ["looking up" (with its main
clause), "he slowly turns to his left"]. Markers:

- ``next``: after what came before ("then", "and", "afterwards", "followed by", "finally", …);
- ``with``: at the same time as its main clause ("while", "as she …", "meanwhile");
- ``before_main``: happens before its main clause ("after …", "once she has …", "having …", "following …");
- ``after_main``: happens after its main clause ("before …");
- ``manner``: how the main clause is done ("as if she is sharing a secret", "as though exhausted"): its
  feeling counts, its verbs are no motion.

A clause that opens with a verb in -ing and no marker ("Looking down, she shakes her head", "Slowly turning
left, …") is a participle; the head and a past participle ("Head tilted, …", "with her chin lowered") is a
held pose (``absolute``). The reader places them (`ordering.order_drafts`): a participle that moves the head runs
together with its main clause ("Turning to his left, he nods twice", "Leaning back, she looks up"); a pause, and
a held pose before a single move ("Head bowed, he turns left"), come first; a held pose runs with a repeated
motion ("Head tilted, he keeps nodding"). A trailing "at the same time" or "while she does it" makes
its clause run with the one before ("Turn left and nod at the same time").
"""

from __future__ import annotations

import dataclasses
import re

from .lexicon import IRREGULAR_PASTS
from .scripts import SPEECH_CLOSE, SPEECH_OPEN, normalise
from .subjects import mark_other_people
from .take_notes import final_take

SUBJECT_WORDS = ("he", "she", "they", "i", "you", "we", "it", "the", "his", "her", "their", "a", "an", "my", "your")
_SUBJECT = "|".join(SUBJECT_WORDS)
# Checked in this order at each position, so longer phrases win ("and then" before "and", "then").
CONNECTIVES: tuple[tuple[str, str], ...] = (
    ("and then", "next"), ("and afterwards", "next"), ("and afterward", "next"), ("and after that", "next"),
    ("and after", "next"),   # "turn head to right side and after he make nod": never "and [only] after X" in speech
    ("and finally", "next"), ("and later", "next"), ("and next", "next"), ("and subsequently", "next"),
    ("but then", "next"), ("after that", "next"), ("after this", "next"), ("after which", "next"), ("followed by", "next"),
    ("right after", "before_main"), ("just after", "before_main"), ("shortly after", "before_main"),
    ("soon after", "before_main"), ("immediately after", "before_main"), ("right before", "after_main"),
    ("just before", "after_main"), ("shortly before", "after_main"), ("immediately before", "after_main"),
    ("at the same time", "with"), ("and at the same time", "with"), ("all the while", "with"),
    ("as if", "manner"), ("as though", "manner"), ("like", "manner"),
    ("than", "next"),
    ("then", "next"), ("afterwards", "next"), ("afterward", "next"), ("finally", "next"), ("lastly", "next"),
    ("eventually", "next"), ("subsequently", "next"), ("until", "next"), ("but", "next"),
    ("while", "with"), ("whilst", "with"), ("meanwhile", "with"), ("simultaneously", "with"),
    ("before", "after_main"), ("after", "before_main"), ("when", "before_main"),
    ("as", "with"), ("and", "next"), ("once", "before_main"), ("following", "before_main"),
    ("having", "before_main"), ("next", "next"), ("later", "next"),
    ("without", "with"), ("instead of", "with"), ("rather than", "with"), ("with", "with"),
)
# Words that only open a clause ("Next, …", "Once she has …", "Having turned …").
_OPENING_ONLY = {"once", "following", "having", "next", "later", "meanwhile", "simultaneously",
                 "right after", "right before"}   # "turns right after a shake": there "right" is a side
# Linking words that, alone between commas, are something else ("shook it, once, slowly": a count).
_NOT_ALONE = {"once", "as", "after", "before", "when", "until", "following", "having", "without", "instead of",
              "rather than"}
# "-ing" words that are not verbs.
_NOT_PARTICIPLES = {"nothing", "something", "anything", "everything", "morning", "evening", "during", "thing",
                    "ceiling", "feeling", "string", "wedding", "building", "king", "ring", "spring", "sing"}
# A pose said as the head and a past participle or a place, with no verb of its own ("Head tilted, …", "Chin down,
# …", "with his head cocked to one side", "…, her head bowed"): an absolute phrase; the pose is held.
_HEAD_NOUN = r"(?:(?:his|her|their|your|my|the)\s+)?(?:head|chin|face|neck)"
_ABSOLUTE_POSE = re.compile(rf"^(?:with\s+)?{_HEAD_NOUN}\s+(?:(?:still|slightly|just|a\s+(?:little|bit)|\w+ly)\s+)?"
                            r"(?:(?!need|seem)\w+ed|bent|held|hung|down|up|low|lowered|high|"
                            r"forward|back|askew|aslant|to\s+(?:one|the)\s+side)\b(?!\s+(?:he|she|they|i|you|we)\b)",
                            re.IGNORECASE)
# "Head turning to the left, he nods": the head and a present participle, read as a participle.
_ABSOLUTE_MOVE = re.compile(rf"^(?:with\s+)?{_HEAD_NOUN}\s+(?:\w+ly\s+)?\w+ing\b", re.IGNORECASE)
# Adverbs before an opening participle ("Slowly turning to the left, …").
_ADVERBS_FIRST = re.compile(r"^(?:(?:\w+ly|still|just|then|now|again)\s+)+", re.IGNORECASE)


# "x and y" pairs that stay one clause.
_BINOMIALS = re.compile(r"\b(?:up and down|down and up|left and right|right and left|back and forth|to and fro|"
                        r"again and again|over and over|on and on|now and then|here and there|side and side|"
                        r"in and out|this way and that|more and more)\b", re.IGNORECASE)
# ("…, and just glances right once": a word that only narrows the verb may come before it)
_VERBISH_AFTER_AND = re.compile(rf"^(?:(?:just|only|simply|merely)\s+)?(?:{_SUBJECT}|then|finally|afterwards?|later|next|slowly|quickly|gently|back\s+(?:up|down)|"
                                # a spoken hedge before the verb ("…, and sort of nods along")
                                r"(?:kind\s+of|sort\s+of|kinda|sorta)\s+(?:\w+ly\s+)?(?:nod|shake|turn|look|tilt|lean|"
                                r"glance|bow|drop|lift|raise|lower|jerk|tip|cock|duck|dip)\w*|"
                                r"back(?:\s+again)?$|"   # "from the safe to the window and back again": back to the front
                                # a second motion in -ing after a pose kept ("keeping her chin raised and tilting it")
                                r"(?:nodding|shaking|tilting|turning|glancing|leaning)\s+(?:it|the\s+head|(?:his|her|their)\s+head)\b|"
                                r"(?:once|twice|\w+\s+times)\s+(?:again|more)\b|"   # "… and three times again later"
                                r"nod|shake|turn|look|tilt|lean|glance|return|hold|come|go\s+back|face|raise|lower|lift|tip|"
                                r"bow|smile|frown|keep|stay|give|bring|drop|peer|peek|gaze|stare|sigh|laugh|"
                                # the bare verbs of moving the head, as "you" and a director say them ("wrinkle your
                                # nose and jerk your head back")
                                r"jerk|snap|whip|jolt|yank|recoil|flinch|duck|dip|cock|crane|"
                                r"spin|twist|rotate|roll|rock|sway|bob|wag|tip|throw|move|straighten|"
                                r"(?:pull|draw)\s+(?:back|(?:your|his|her|their|the|my)\s+(?:head|chin|face)\s+back)|"
                                rf"{'|'.join(IRREGULAR_PASTS)}|"
                                r"\w+(?<!s)s|\w+ed)\b", re.IGNORECASE)


# A motion said as a noun, with up to two words before it ("slow shake", "small nod"; "a shake of the head", not "a
# shake of the bottle").
_MOTION_AS_NOUN = (r"(?:[\w'-]+\s+){0,2}?(?:nod|nods|shake|shakes|headshake|headshakes|tilt|tilts|glance|glances|wag|wags|"
                   r"wobble|wobbles)\b(?!\s+of\s+(?!(?:the|his|her|their|my|your)\s+head))")
# "… with a slow shake", "w/ small nod": a second motion said as a noun after "with".
_WITH_A_MOTION = re.compile(rf"(?:a|an|one|two|three|some)?\s*{_MOTION_AS_NOUN}", re.IGNORECASE)
# "one nod and one shake of the head": a second counted motion said as a noun after "and".
_AND_A_MOTION = re.compile(rf"(?:a|an|one|two|three|four|five|several)\s+{_MOTION_AS_NOUN}", re.IGNORECASE)
_TOGETHER_AT_END = re.compile(r"\s*\b(?:at the same time|simultaneously|in the same moment|all at once|"
                              r"at once|(?:while|as|whilst)\s+(?:(?:he|she|they|you|i|we)\s+(?:does|do|did|is doing|"
                              r"are doing|was doing)|doing)\s+(?:it|so|this|that))$", re.IGNORECASE)


@dataclasses.dataclass
class Clause:
    text: str               # the words without the linking word
    source: str             # the words as written, linking word included
    marker: str = ""        # "", "next", "with", "before_main", "after_main"
    sentence: int = 0
    participle: bool = False
    after_colon: bool = False   # its sentence follows a colon: it may restate or gloss the one before
    opening: bool = False       # the first clause of its sentence
    speech: bool = False        # words someone says in quotes: their feeling counts, not their motion
    label: bool = False         # a label before a colon ("Movement summary:"): names the note, moves nothing
    other_person: bool = False  # its subject is someone other than the character (`subjects.py`)
    absolute: bool = False      # a pose said as a noun and a past participle ("Head tilted, he nods"): held
    last: bool = True           # the last clause of its sentence


# A short label before a colon ("Head: yaw right", "Step two: nod") names what follows; it is no clause.
_HEADING = re.compile(r"^\s*(?:(?:frames?|f|seconds?|secs?|s|t|time|from)\s*\d+(?:\.\d+)?\s*(?:s|sec|secs)?\s*"
                      r"(?:(?:-|\u2013|to)\s*\d+(?:\.\d+)?\s*(?:s|sec|secs)?)?|"
                      r"(?:the\s+)?(?:head|step|shot|beat|part|phase|stage|move|movement|motion|action|"
                      r"pose|take|cue|note|direction|instruction)s?(?:\s+(?:\d+|one|two|three|four|five|six|"
                      r"first|second|third|last|final|next))?|first|then|next|finally|last|after|later)\s*:(?!\d)",
                      re.IGNORECASE)
# A production label before a colon ("CUTSCENE 04:", "Capture note (take 6):", "session 2 / take 4:", "Dialogue
# cam:", "NPC idle:") or a director's opening ("alright, from the top:", "Let's try:", "Here's the beat:") names
# or introduces what follows; read by meaning it would pass for a pose ("camera" for facing front). Every word
# of it must be one of these, an id ("7B", "T4", "04") or a joining word.
_LABEL_WORDS = frozenset(
    "cutscene cinematic cinematics scene sequence shot take takes session clip capture mocap note notes summary "
    "list sprite vn panel storyboard board cam camera dialogue in-engine engine ng redo retake npc idle quest giver "
    "chapter ref reference version alt final pose movement movements beat cue direction directions blocking "
    "animation anim performance line vo script page act episode level mission cutaway insert reaction "
    "ok okay alright right so now then and well let's try here's here is what we need the idea plan from top "
    "basically again one more time of for a an to in".split())
_LABEL_ID = re.compile(r"^(?:[a-z]?\d+[a-z]?|[a-z]\d*|\d+[a-z]+\d*)$")


# Words that open a label only with a production word beside them ("ok, so:" is no label of its own).
_WEAK_LABEL_WORDS = frozenset("ok okay alright right so now then and well let's try here's here is what we need the "
                              "idea plan from top basically again one more time of for a an to in final alt".split())


def _is_label(piece: str) -> bool:
    words = re.findall(r"[\w'-]+", piece.lower().replace("\u2019", "'"))
    if "for" in words[1:4] and words[0] in _LABEL_WORDS and words[0] not in _WEAK_LABEL_WORDS:
        # "Idle anim for Brann the smith (loops):", "Reaction shot for Kai:": whom the label is for
        head, after = words[:words.index("for")], words[words.index("for") + 1:]
        if all(w in _LABEL_WORDS or _LABEL_ID.match(w) for w in head) and len(after) <= 6:
            return True
    return bool(words) and len(words) <= 7 and any(w in _LABEL_WORDS and not _LABEL_ID.match(w) for w in words) \
        and all(w in _LABEL_WORDS or _LABEL_ID.match(w) for w in words)


# Numbered steps ("1) look up 2) nod twice", "2. nod") end the sentence before them.
_NUMBERED = re.compile(r"(?:^|(?<=\s))\(?\d{1,2}[).](?=\s|$)")


# "Beat." in a script or a shot list is a pause.
# ("Then beat.", "and beat": its linking word kept, so it still falls after the step before)
_BEAT = re.compile(r"^((?:(?:and\s+)?then\s+|and\s+)?)(?:(?:a|one|another)\s+)?(?:(?:short|long|brief|little|small)\s+)?"
                   r"beats?$", re.IGNORECASE)


# The verbs of a note asking for a pause, in any form ("Add a beat", "adding a beat between them", "he puts a pause
# in"): an edit described as it is made is the same request as the command.
ASK_FOR_A_PAUSE = r"(?:add(?:s|ed|ing)?|put(?:s|ting)?|insert(?:s|ed|ing)?|leav(?:e|es|ing))"
# A clause that opens by asking for a pause ("Add a beat between them", "and put a pause in").
ASKS_FOR_A_PAUSE = re.compile(r"^(?:(?:and|so|then|also)\W+)*" + ASK_FOR_A_PAUSE, re.IGNORECASE)
_ADD_A_PAUSE = re.compile(ASK_FOR_A_PAUSE + r"\s+(?:a|one|another)\s+(?:[\w-]+\s+)?(?:beat|pause|moment)\b", re.IGNORECASE)
# A note asking for one ("Add a beat between them.", "put a short beat in"): the pause it asks for.
_ADD_A_BEAT = re.compile(r"^((?:(?:and|so|then|also|just|maybe)\s+)*" + ASK_FOR_A_PAUSE + r"\s+(?:a|one|another)\s+"
                         r"(?:(?:short|long|brief|little|small)\s+)?)beat\b", re.IGNORECASE)


_STOP = re.compile(r"^((?:(?:and\s+)?then\s+|and\s+)?)(?:a\s+)?(?:short\s+|brief\s+|dead\s+|full\s+)?stops?$", re.IGNORECASE)


# A sentence ends at a full stop, "!", "?" or ";", not at a decimal point nor after a title ("Mr. Hale looks up").
_SENTENCE_END = re.compile(r"[.!?;]+(?!\d)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bProf\.)")


def split_sentences(text: str) -> list[str]:
    """The sentences of a normalised description, in written order."""
    return [sentence for sentence, _, _ in marked_sentences(text)]


def marked_sentences(text: str) -> list[tuple[str, bool, bool]]:
    """(sentence, whether it follows a colon, whether it is a short label before one) in written order."""
    text = _NUMBERED.sub(". ", text)
    out = []
    for sentence in _SENTENCE_END.split(text):
        pieces = re.split(r":+(?!\d)", _HEADING.sub("", sentence.strip(" ,\"'")))
        if len(pieces) > 1 and _is_label(pieces[0]):
            pieces = pieces[1:]
        for k, p in enumerate(pieces):
            qs = p.split(",")
            # "nod, stop, nod again": a stop between two pieces is a pause (the last piece may end the motion)
            p = ", ".join(_BEAT.sub(r"\1a pause", q.strip()) if _BEAT.match(q.strip()) else
                          _ADD_A_BEAT.sub(r"\1pause", q.strip()) if _ADD_A_BEAT.match(q.strip()) else
                          _STOP.sub(r"\1a pause", q.strip()) if j + 1 < len(qs) and j and _STOP.match(q.strip()) else q
                          for j, q in enumerate(qs))
            p = p.strip(" ,\"'")
            if p:
                out.append((p, k > 0, k + 1 < len(pieces) and _is_short_label(p)))
    return out


# Other short labels before a colon, which the list of production words above does not know ("Aoi:", "Stage
# note:", "Terrified:"): a few words, no head motion and no subject of their own. They stay clauses, so a feeling
# in them still counts, but they move nothing.
_LABEL_MOTION = re.compile(r"\b(?:nod|shak|turn|look|tilt|lean|glanc|bob|dip|bow|wag|hold|paus|freez|froze|flinch|"
                           r"recoil|rais|lift|lower|fac|gaz|star|jerk|return|back|up|down|left)\w*", re.IGNORECASE)


def _is_short_label(text: str) -> bool:
    words = re.findall(r"[\w'-]+", text)
    return (len(words) <= 4 and not _LABEL_MOTION.search(text)
            and not re.match(rf"(?:{_SUBJECT}|someone|everyone)\b|\w+'(?:re|s|m)\b", text, re.IGNORECASE))


# Time adverbs that link clauses, but not when they stand between a subject and its verb.
_SO_THAT = re.compile(r"\bso\s+(?:[\w'-]+ly|hard|fast|far|much|quick)(?:\s+(?:forward|back|down|up|over|round|around))?"
                      r"\s+(that\s+)?(?=(?:his|her|their|its|the|my|your|"
                      r"a|an|it)\s)", re.IGNORECASE)
_MID_ADVERBS = {"then", "finally", "eventually", "later", "subsequently", "afterwards", "afterward"}
_BARE_SUBJECT = re.compile(r"(?:(?:when|as|after|once|until|till|before|while|and|but)\s+)?(?:he|she|they|i|you|we|"
                           r"(?:the|a|an|his|her|their|my|your|our)\s+(?:[\w'-]+\s+)?(?!(?:nod|shake|turn|look|tilt|"
                           r"glance|bob|lean|pause|beat|moment|second|wait)s?\b)[\w'-]+)", re.IGNORECASE)


# "like" opening a piece with someone and a modal or "had" after it ("…, like someone might be watching", "— like he'd
# seen a ghost"): a simile, how the motion is done (a chat's "like, he nods" is a filler).
# (also with a verb of wanting, seeking or knowing, as a learner writes it: "…, like she wait somebody", "like he
# search his keys": what the character is like, not a wait or a look of its own)
_SIMILE_OPENING = re.compile(r"(?:someone|somebody|he|she|they|you|i|we)(?:'s|'d|'re)?\s+(?:might|may|could|would|had|"
                             r"has|was|were|is|just|had\s+just)\b|(?:someone|somebody|he|she|they|you|i|we)'d\b|"
                             r"(?:he|she|they)\s+(?:wait|search|expect|want|think|know|remember|understand)(?:s|es)?\s+"
                             r"(?!(?:and|then)\b)\w", re.IGNORECASE)


def _cut_points(piece: str) -> list[tuple[int, int, str]]:
    """(start, end, marker) of linking words inside a comma-free piece of a sentence."""
    cuts: list[tuple[int, int, str]] = []
    protected = [(m.start(), m.end()) for m in _BINOMIALS.finditer(piece)]
    pos = 0
    lower = piece.lower()
    while pos < len(piece):
        m = re.compile(r"\b[\w']+").search(lower, pos)
        if not m:
            break
        at = m.start()
        if any(a <= at < b for a, b in protected):
            pos = m.end()
            continue
        for phrase, marker in CONNECTIVES:
            if not lower.startswith(phrase, at) or (at + len(phrase) < len(lower) and
                                                   re.match(r"[\w']", lower[at + len(phrase)])):
                continue
            rest = lower[at + len(phrase):].strip()
            if phrase in _OPENING_ONLY and at != 0:
                continue
            if phrase == "once" and not re.match(rf"(?:{_SUBJECT})\b", rest):
                continue
            if phrase == "as" and not re.match(rf"(?:{_SUBJECT}|if|though)\b", rest):
                continue
            if phrase == "as" and re.match(r"(?:if|though)\b", rest):
                continue
            if phrase == "as" and re.fullmatch(r"(?:it|they)\s+(?:is|are|was|were|stands)[.!]*", rest):
                continue   # "stays as it is": unchanged, no time clause
            if phrase == "as" and re.search(r"\bas\s+[\w']+\s*$", lower[:at]):
                continue   # "as far as she can", "as much as he likes"
            if (phrase == "as" and re.fullmatch(r"\s*[\w'-]+(?<!s)(?<!ed)\s*", lower[cuts[-1][1] if cuts else 0:at])
                    and re.fullmatch(r"(?:a|an)\s+[\w'-]+", rest)):
                continue   # "pale as a sheet", "still as a statue": a simile, not a time clause
            if phrase == "when" and not re.match(rf"(?:{_SUBJECT})\b", rest):
                continue
            if phrase == "like" and ((at == 0 and not _SIMILE_OPENING.match(rest)) or not re.match(r"(?:he|she|they|i|you|we|someone|somebody)(?:'s|'re|'m)?\s+\w",
                                                             rest) or
                                     re.search(r"\b(?:looks?|looked|looking|seems?|seemed|feels?|felt|sounds?|is|was|are|"
                                               r"were|would|should|'d|do|does|did|don't|i|we|you|they)\s*$", lower[:at])):
                continue   # "lift the chin, like she has just understood": how, not a motion ("I'd like you to …" wants)
            if phrase == "and" and not (_VERBISH_AFTER_AND.match(rest) or _AND_A_MOTION.match(rest)):
                continue
            if (phrase == "and" and re.search(r"\bbetween\s+(?:the\s+|a\s+|his\s+|her\s+)?[\w'-]+\s*$", lower[:at])
                    and re.fullmatch(r"(?:the|a|an|his|her|their|its)\s+[\w'-]+(?:\s+[\w'-]+)?", rest)):
                continue   # "a beat between the turn and the nod": the two ends of one span, not two clauses
            if phrase in ("while", "whilst") and re.search(r"\b(?:a|the|that)\s+$", lower[:at]):
                continue   # "for a while", "after a while": a length of time
            if phrase == "than" and not re.search(r"\b(?:no sooner|hardly|scarcely)\b", lower[:at]):
                continue   # "No sooner has he looked up than he looks down"
            if phrase == "with" and (at == 0 or not _WITH_A_MOTION.match(rest)):
                continue   # "tilt left with a small nod": a motion of its own; "with a smile", "with his hands" are not
            if phrase == "with" and re.search(r"\b(?:replace|swap|switch|trade|substitute)\s+(?:it|that|this|them)\s*$",
                                              lower[:at]):
                continue   # "replace it with a small nod": the nod asked for, not one run with a step
            if phrase in ("without", "instead of", "rather than") and (at == 0 or not re.match(r"\w+ing\b", rest)):
                continue   # "She listens without moving her head": the negated part is a clause of its own
            if phrase.split()[-1] in ("before", "after", "until") and not rest:
                continue
            if phrase in _MID_ADVERBS and _BARE_SUBJECT.fullmatch(lower[cuts[-1][1] if cuts else 0:at].strip()):
                continue   # "when the nurse finally came back", "he then nods": an adverb before the verb
            cuts.append((at, at + len(phrase), marker))
            pos = at + len(phrase)
            break
        else:
            pos = m.end()
    for m in _SO_THAT.finditer(piece):   # "nodded so hard (that) his glasses slipped": the result is a clause of its own
        start = m.start(1) if m.group(1) else m.end()
        if not any(a <= start < b for a, b, _ in cuts):
            cuts.append((start, m.end(), "with"))
    return sorted(cuts)


_ACTION_NOUNS = r"(?:nod|shake|headshake|glance|look|turn|tilt|bob|dip|bow|wobble|jerk|peek|peep)s?"
# ("one brief, curt nod of thanks": what the motion says, after "of", is still the noun phrase)
_ACTION_NOUN = re.compile(rf"(?:[\w'-]+\s+){{0,2}}{_ACTION_NOUNS}(?:\s+of\s+(?:the|his|her|their|my|your|our)\s+head|"
                          r"\s+of\s+(?:approval|agreement|assent|thanks|acknowledg(?:e)?ment|recognition|greeting|"
                          r"disbelief|disapproval|refusal|dismissal|resignation|apology|respect|encouragement|understanding))?",
                          re.IGNORECASE)
# ("a tiny, grudging nod before sitting down": the noun phrase ends where a linking word starts the next clause)
_ACTION_NOUN_OPENS = re.compile(rf"{_ACTION_NOUN.pattern}(?=$|\s+(?:before|after|then|and|until|as|while)\b)", re.IGNORECASE)
# ("two brisk, short glances up at the clock": an adjective before the noun, then where it goes, is the same phrase;
# "…, then looks up" is a clause of its own)
_ADJECTIVE_NOUN_GOES = re.compile(rf"(?!(?:then|and|but|so|he|she|they|i|you|we|it|his|her|their)\b)[a-z'-]+\s+"
                                  rf"{_ACTION_NOUNS}\s+(?:up|down|left|right|over|across|back|away|to|toward|towards|at|"
                                  rf"into)\b", re.IGNORECASE)
_TIME_NOUN_END = re.compile(r"\b(?:seconds?|moments?|beats?|minutes?|instants?|breaths?|times?)$", re.IGNORECASE)
# "a single, solemn nod": the piece before the comma ends in a determiner and an adjective; "one nod, one shake" ends
# in a motion of its own, so it is a list of motions, not one noun phrase.
_ENDS_IN_DETERMINER = re.compile(rf"\b(?:a|an|one|two|three|four|five|several|few|single)\s+(?!{_ACTION_NOUNS}$)[\w'-]+$",
                                 re.IGNORECASE)


_LATER = re.compile(r"(?:a|an|one|two|three|a few|several|some|\d+)\s+(?:\w+\s+)?(?:seconds?|moments?|beats?|"
                    r"minutes?|instants?|heartbeats?|breaths?)\s+later|(?:seconds|moments|minutes)\s+later",
                    re.IGNORECASE)


# "the tilt back, the three nods": a list of motions named by their nouns, each a step (not one noun phrase).
_LISTED_MOTION = (r"(?:the|a|an|one|two|three|four|five)\s+(?:[\w'-]+\s+)?(?:lean|nod|shake|headshake|glance|turn|tilt|bow|"
                  r"wag|dip)s?(?:\s+(?:in|back|forward|away|up|down|left|right))?")
_LIST_OF_MOTIONS = re.compile(rf"{_LISTED_MOTION},\s+{_LISTED_MOTION}", re.IGNORECASE)


def _join_adjective_lists(pieces: list[str]) -> list[str]:
    """'A slow, sad shake of the head', 'gives a single, solemn nod': a comma inside a noun phrase does not
    end a clause."""
    out: list[str] = []
    for piece in pieces:
        if out and ((re.fullmatch(r"(?:a|an|the)(?:\s+[\w'-]+){1,2}", out[-1], re.IGNORECASE)
                     and not re.fullmatch(r"a pause", out[-1], re.IGNORECASE)
                     and not _LIST_OF_MOTIONS.fullmatch(f"{out[-1]}, {piece}")
                     and not re.match(r"(?:he|she|they|i|you|we|it)\s", piece, re.IGNORECASE)) or
                    ((_ACTION_NOUN_OPENS.match(piece) or (_ADJECTIVE_NOUN_GOES.match(piece)
                                                          and not _TIME_NOUN_END.search(out[-1])))
                     and _ENDS_IN_DETERMINER.search(out[-1])
                     and not re.match(r"not\b", out[-1], re.IGNORECASE)   # "Not a tilt, a turn": a contrast
                     and not re.fullmatch(r"a pause", out[-1], re.IGNORECASE)   # "(beat) Nods.": the pause, then
                     and not re.match(r"(?:he|she|they|i|you|we|it)\s", piece, re.IGNORECASE))):
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


# The head as the subject of a new clause with no comma before it ("as the verdict is read out her chin drops"): a
# clause of its own starts there. A verb after "his head" makes it a subject, never an object ("shakes his
# head slowly"); after "with" or "without" it is a pose said with its participle ("with his head turned away").
_HEAD_AS_SUBJECT = re.compile(r"(?<=[a-z])(?<!\bwith)(?<!\bwithout)(?<!\band)(?<!\bthen)(?<!\bbut)"
                              r"(?=\s+(?:his|her|their)\s+(?:head|chin)\s+(?:\w+ly\s+)?(?:snaps|snapped|jerks|jerked|whips|"
                              r"whipped|jolts|jolted|drops|dropped|sinks|sank|lifts|lifted|rises|rose|falls|fell|comes|came|"
                              r"swivels|swivelled|swiveled)\b)", re.IGNORECASE)


# The character as the subject of the main clause right after a hearing or seeing clause, no comma between ("she hears
# the kettle she doesn't move for a second", as a speaker runs them on): the main clause starts at the pronoun, so
# what the character does is not read as part of what they hear.
_MAIN_VERB = (r"(?:\w+ly\s+)?(?:freez\w*|froze|stiffen\w*|doesn't|does\s+not|didn't|did\s+not|don't|stops|stopped|goes\s+still|"
              r"went\s+still|turns|turned|looks|looked|nods|nodded|shakes|shook|tilts|tilted|glances|glanced|"
              r"jerks|jerked|whips|whipped|spins|spun|leans|leaned|leant|flinches|flinched|recoils|recoiled)\b")
_PRONOUN_AS_SUBJECT = re.compile(rf"(?<=[a-z])\s+(?=(?:he|she|they)\s+{_MAIN_VERB})", re.IGNORECASE)
# A name as the subject of the main clause right after a time clause about a thing, no comma between ("when the door
# opens Mira glances up"): the main clause starts at the name (a name can be no subject of the thing's verb).
_NAME_AFTER_A_THING = re.compile(rf"(\b(?:when|as\s+soon\s+as|as|once|the\s+moment|after|before|while)\s+(?:the|a|an|his|her|their|its)"
                                 rf"\s+(?:[\w'-]+\s+)?[\w'-]+\s+(?:\w+ly\s+)?[a-z]+(?:s|ed)(?:\s+(?:in|out|off|up|open|shut|"
                                 rf"again))?)\s+(?=(?-i:[A-Z][a-z]+)\s+{_MAIN_VERB})", re.IGNORECASE)
# (after a time clause, "when Mum sets the plate down she looks at it", the pronoun may be the time clause's own
# subject, so that stays one clause)
_HEARING_BEFORE = re.compile(r"(?:^|\b(?:and|but|so|then)\s+)(?:he|she|they)\s+(?:hears|heard|sees|saw|notices|noticed|"
                             r"spots|spotted|feels|felt)\s+(?:the|a|an|his|her|their|its)\s+(?:[\w'-]+\s+)?[\w'-]+$",
                             re.IGNORECASE)

# ("when the nurse says he looks tired": what is said or thought, not the character's clause)
_SAYS_THAT = re.compile(r"\b(?:says?|said|thinks?|thought|knows?|knew|tells?\s+\w+|told\s+\w+|asks?|asked|hopes?|hoped|"
                        r"realises|realizes|realised|realized|means?|meant|guesses|guessed|that)$", re.IGNORECASE)


# Where a thing is, then what the character does because of it, with no comma ("the bell is on his right so he
# turns right"): the place is a clause of its own, which gives the side, and the move is the next.
_PLACE_THEN_SO = re.compile(r"(\b(?:is|are|'s|sits|stands)\s+(?:just\s+)?(?:on|to)\s+(?:his|her|their|your|its|the)\s+"
                            r"(?:left|right)(?:\s+side)?)\s+(?=so\s+(?!that\b|much\b|far\b)\w)", re.IGNORECASE)


def _cut_before_head_subject(sentence: str) -> str:
    """A comma before the head as a new clause's subject, where a clause of two words or more comes before it
    ("when the bell rings his head snaps up"; not "Eventually her head sinks"), before the character as the
    subject of the clause after a hearing clause ("he hears the bell he turns"), before a name after a time clause
    about a thing ("when the kettle boils Ada turns"), and before the "so" that follows where a thing is ("the bell is
    on his right so he turns")."""
    sentence = _NAME_AFTER_A_THING.sub(r"\1, ", _PLACE_THEN_SO.sub(r"\1, ", sentence))
    for m in reversed(list(_HEAD_AS_SUBJECT.finditer(sentence))):
        if len(re.findall(r"[\w'-]+", sentence[:m.start()].rsplit(",", 1)[-1])) >= 2:
            sentence = sentence[:m.start()] + "," + sentence[m.start():]
    for m in reversed(list(_PRONOUN_AS_SUBJECT.finditer(sentence))):
        before = sentence[:m.start()].rsplit(",", 1)[-1].strip()
        if _HEARING_BEFORE.search(before) and not _SAYS_THAT.search(before):
            sentence = sentence[:m.start()] + "," + sentence[m.start():]
    return sentence


def split_clauses(text: str) -> list[Clause]:
    """A description → its clauses in written order, each with the marker of its linking word."""
    clauses: list[Clause] = []
    for s_index, (sentence, after_colon, label) in enumerate(marked_sentences(final_take(normalise(text)))):
        speech = sentence.startswith(SPEECH_OPEN)
        sentence = sentence.strip(SPEECH_OPEN + SPEECH_CLOSE + " ") or sentence
        first_in_sentence = True
        carried = ""   # "…, and then, after a pause, she nods": a piece that is only a linking word
        for piece in _join_adjective_lists([p.strip() for p in _cut_before_head_subject(sentence).split(",")]):
            if not piece:
                continue
            alone = [marker for phrase, marker in CONNECTIVES if piece.lower() == phrase and phrase not in _NOT_ALONE]
            if _LATER.fullmatch(piece):
                alone = ["next"]   # "…; a second later, he turns back": a linking phrase, no step
            if alone and clauses:
                carried = alone[0]
                continue
            together = _TOGETHER_AT_END.search(piece)
            if together and together.start() > 0:
                piece = piece[:together.start()].strip(" ,")
            first_here = len(clauses)
            cuts = _cut_points(piece)
            bounds = [(0, 0, "")] + cuts + [(len(piece), len(piece), "")]
            for (a0, a1, marker), (b0, _, _) in zip(bounds[:-1], bounds[1:]):
                body = piece[a1:b0].strip(" ,")
                source = piece[a0:b0].strip(" ,")
                if not body or body.lower() in ("and", "but", "so", "or", "only", "and only", "but only"):
                    continue
                if not marker and a0 == 0 and not first_in_sentence and re.match(r"and\s+\S", body, re.IGNORECASE):
                    marker = "next"   # ", and twice she sits back": "and" after a comma still sequences
                with_a_motion = re.match(r"(?:with|w/)\s+", body, re.IGNORECASE)
                if (not marker and a0 == 0 and not first_in_sentence and with_a_motion
                        and _WITH_A_MOTION.fullmatch(body[with_a_motion.end():])):
                    # "She lowers her head, with tiny nods": the motion runs with the step before, as without the
                    # comma (a "With a nod, …" that opens its sentence is a step of its own)
                    marker, body = "with", body[with_a_motion.end():]
                body = re.sub(r"^(?:first|at first|first of all|to begin with|and|so)\s+", "", body,
                              flags=re.IGNORECASE).strip() or body
                first_word = (_ADVERBS_FIRST.sub("", body).split() or [""])[0].lower()
                participle = (not marker and first_word.endswith("ing") and len(first_word) > 4
                              and first_word not in _NOT_PARTICIPLES
                              # ("adding a beat there": a note on the edit, not the character doing something)
                              and not _ADD_A_PAUSE.match(body))
                absolute = False
                if not marker and (_ABSOLUTE_MOVE.match(body) or _ABSOLUTE_POSE.match(body)):
                    participle = True
                    absolute = bool(_ABSOLUTE_POSE.match(body))
                    body = re.sub(r"^with\s+", "", body, flags=re.IGNORECASE)   # the pose, not a manner
                if carried and not marker:
                    marker, participle = carried, False
                if marker != "manner":
                    carried = ""   # ("and then, as if it cost her everything, lets her head fall": an aside between)
                if first_in_sentence and marker == "next" and not clauses:
                    marker = ""
                clauses.append(Clause(body, source, marker, s_index, participle, after_colon and first_in_sentence,
                                      first_in_sentence, speech, label, absolute=absolute and participle))
                first_in_sentence = False
            if together and together.start() > 0 and len(clauses) > first_here and len(clauses) > 1:
                # "Turn left and nod at the same time": the last clause runs with the one before it.
                if clauses[-1].marker in ("", "next"):
                    clauses[-1].marker = "with"
    _finite_after_all(clauses)
    for c, after in zip(clauses, clauses[1:]):
        c.last = after.sentence != c.sentence
    mark_other_people(clauses)
    return clauses


def _finite_after_all(clauses: list[Clause]) -> None:
    """"Her head turned to the left, and she nodded": a head and a past tense before "and" or "then", or alone in
    its sentence, is a clause of its own, not a pose held over the next."""
    for k, c in enumerate(clauses):
        if not c.absolute or re.match(r"with\s", c.source, re.IGNORECASE):
            continue
        after = clauses[k + 1] if k + 1 < len(clauses) and clauses[k + 1].sentence == c.sentence else None
        before = k > 0 and clauses[k - 1].sentence == c.sentence
        if (after is None and not before) or (after is not None and after.marker == "next"):
            c.absolute = c.participle = False
