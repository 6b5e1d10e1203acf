"""English written by people whose first language is another one, made plain before a description is cut into
clauses (`scripts.normalise` runs this after the chat conventions): the calques and slips that change what a
sentence says to a reader of plain English; the others (dropped articles, "he look", "on the left side") the
reader reads as they are.

- yes and no said with the head ("make the head yes", "say no with the head"): a nod, a shake;
- going back with the head or the body ("go back with the head", "the head is going to back"): a lean back;
- leaning to the front ("leaned to front"): forward; the head again in front ("then again in front"): back to
  the front; the normal position: neutral; "on the camera right side": to camera right;
- "is" with a bare verb ("she is return", "he is stay"), "he" or "she" with one ("she look on …"): the verb with
  its -s (not after a modal or "do": "can he look up", "does she nod"); "is not" with one ("he is not turn the
  head"): "does not"; a noun or a name with one before the head ("the clerk nod the head", "Omar shake his head"):
  the verb with its -s, so a count after it ("…, again and again") stays that motion's;
- staying with the head in a pose ("he stays with the head tilted", "she is stay with head up"): keeping it so;
  a pose kept with a bare verb ("he keeps his head tilt to right", "with the head turn at right"): its participle;
- "after to" with a verb ("after to look up, …"): after doing it;
- "in the same time" or "in same moment": at the same time;
- "make" with a verb in -ing ("make the old man nodding"): with the bare verb;
- ", after" with a bare verb ("little nod, after look on left side", "…, after he shake the head") or a side
  ("look at left, after at right"): the
  next step, as the writer's "afterwards"; with an inflected verb ("…, after he looks left") it keeps its
  English sense, the step before.
"""

from __future__ import annotations

import re

_HEAD_YES_NO = re.compile(r"\b(make|makes|making|made|do|does|doing|did|give|gives|giving|gave)\s+"
                          r"(?:the\s+|his\s+|her\s+|their\s+|a\s+)?head\s+(yes|no)\b", re.IGNORECASE)
_SAY_WITH_HEAD = re.compile(r"\b(say|says|saying|said)\s+(yes|no)\s+with\s+(?:the|his|her|their|a)\s+head\b",
                            re.IGNORECASE)
_NOD_FORMS = {"say": "nod", "says": "nods", "saying": "nodding", "said": "nodded"}
_SHAKE_FORMS = {"say": "shake the head", "says": "shakes the head", "saying": "shaking the head",
                "said": "shook the head"}
_LEAN_FORMS = {"go": "lean", "goes": "leans", "going": "leaning", "went": "leaned", "come": "lean",
               "comes": "leans", "coming": "leaning", "came": "leaned"}
_GO_BACK_WITH = re.compile(r"\b(go|goes|going|went|come|comes|coming|came)\s+(?:to\s+)?back\s+(?:with\s+)?"
                           r"(?:the|his|her|their)\s+(head|body)\b", re.IGNORECASE)
_HEAD_GOES_TO_BACK = re.compile(r"\b(head|body)\s+(is\s+|was\s+)?(go|goes|going|went)\s+to\s+back\b", re.IGNORECASE)
_LEAN_TO_FRONT = re.compile(r"\b(lean|leans|leaned|leant|leaning)\s+(?:to|in)\s+(?:the\s+)?front\b(?!\s+of)",
                            re.IGNORECASE)
_AGAIN_IN_FRONT = re.compile(r"\b(look\w*|turn\w*|then|and|come\w*|came|go|goes|going|went)\s+(?:again\s+)?(?:in|to)\s+"
                             r"front\b(?!\s+of)", re.IGNORECASE)
# "look on the camera right side": to camera right
_ON_CAMERA_SIDE = re.compile(r"\b(?:on|at|in)\s+(?:the\s+)?(camera|screen)\s+(left|right)\s+side\b", re.IGNORECASE)
_NORMAL_POSITION = re.compile(r"\b(?:the\s+)?normal\s+(?:position|pose)\b", re.IGNORECASE)
_BARE_VERBS = {"make": "makes", "stay": "stays", "return": "returns", "nod": "nods", "shake": "shakes",
               "turn": "turns", "look": "looks", "tilt": "tilts", "lean": "leans", "go": "goes", "come": "comes",
               "move": "moves", "give": "gives", "do": "does", "glance": "glances",
               "rotate": "rotates", "smile": "smiles", "lift": "lifts", "raise": "raises", "lower": "lowers"}
_IS_BARE = re.compile(r"\b(?:is|are)\s+(" + "|".join(_BARE_VERBS) + r")\b", re.IGNORECASE)
_IS_NOT_BARE = re.compile(r"\b(is|are)\s+not\s+(" + "|".join(_BARE_VERBS) + r")\b", re.IGNORECASE)
# A subject that is a noun after an article or a name, then a bare verb whose object is the head ("the clerk nod the
# head", "Omar shake his head"); with the head after it the verb cannot be a noun ("a quick turn to the left").
_BARE_AFTER_NOUN = re.compile(r"(\b(?i:the|a|an|this|that|our|my|your)\s+[a-z]+|(?<![\w'])[A-Z][a-z]+)\s+("
                              + "|".join(_BARE_VERBS) + r")(?=\s+(?:the|his|her|their|its)\s+head\b)")
_NOT_A_SUBJECT = frozenset("""then and but so please first after before now also just only again slowly quickly
                              head face neck chin to not""".split())
_STAYS_WITH_HEAD = re.compile(r"\b(?:stay|stays|stayed|staying)\s+with\s+(?:the\s+|his\s+|her\s+|their\s+)?head\b",
                              re.IGNORECASE)
_POSE_BARE = re.compile(r"\b((?:keep|keeps|keeping|kept|with)\s+(?:the\s+|his\s+|her\s+|their\s+)?head\s+)(tilt|turn|bow|"
                        r"lower|raise)(?=\s+(?:to|at|on|in|down|up|left|right)\b)", re.IGNORECASE)
_PARTICIPLES = {"tilt": "tilted", "turn": "turned", "bow": "bowed", "lower": "lowered", "raise": "raised"}
_AFTER_TO = re.compile(r"\bafter\s+to\s+([a-z]+?)(e?)\b(?<!ee)", re.IGNORECASE)
_BARE_AFTER_PRONOUN = re.compile(r"\b(he|she)\s+(" + "|".join(_BARE_VERBS) + r")\b", re.IGNORECASE)
_KEEPS_BARE = re.compile(r"(?:\b(?:can|could|will|would|should|shall|may|might|must|does|did|do|let|lets|make|makes|made|"
                         r"have|has|had|help|helps|to|see|sees|watch|watches|why|how)|'ll|'d)\s*$", re.IGNORECASE)
# "make the boy nodding", "can you make her looking down": "make" with a verb in -ing, the bare verb a reader of plain
# English would write (the clause is then the motion asked for, not a note about it)
_MAKE_DOING = re.compile(r"\b((?i:make|makes|let|lets|have)\s+(?:him|her|them|(?:the|this|that|my|our)\s+(?:[a-z]+\s+){0,2}?[a-z]+|"
                         r"[A-Z][a-z]+)\s+)(nodd|shak|turn|look|tilt|lean|glanc|bow|lower|rais|lift|smil)ing\b")
_STEMS = {"nodd": "nod", "shak": "shake", "glanc": "glance", "rais": "raise", "smil": "smile"}
_SAME_TIME = re.compile(r"\bin\s+(?:the\s+)?same\s+(?:time|moment)\b", re.IGNORECASE)
_VERB_AFTER = r"(?:look|turn|nod|shake|tilt|lean|glance|make|go|come|stay|move|put|give|do|return|rotate|lift|raise)"
_AFTER_BARE = re.compile(rf",\s*(?:and\s+)?after\s+(?=(?:at|to|on)\s+(?:the\s+)?(?:left|right)\b|(?:to\s+)?{_VERB_AFTER}\b|(?:he|she|it|they|the\s+\w+)\s+(?:is\s+\w+ing|"
                         rf"{_VERB_AFTER})\b)", re.IGNORECASE)


def _as_verb(verb: str, yes_no: str) -> str:
    """"make the head yes" → "nod", "making the head no" → "shaking the head": the verb's form kept (a count after
    it, "two time", stays the nod's)."""
    verb = verb.lower()
    form = ("ing" if verb.endswith("ing") else "past" if verb in ("made", "did", "gave") else
            "s" if verb.endswith("s") else "")
    if yes_no.lower() == "yes":
        return {"ing": "nodding", "past": "nodded", "s": "nods", "": "nod"}[form]
    return {"ing": "shaking", "past": "shook", "s": "shakes", "": "shake"}[form] + " the head"


def plain_learner_english(text: str) -> str:
    """The description with the calques above made plain English; other text comes back unchanged."""
    text = _HEAD_YES_NO.sub(lambda m: _as_verb(m.group(1), m.group(2)), text)
    text = _SAY_WITH_HEAD.sub(lambda m: (_NOD_FORMS if m.group(2).lower() == "yes" else _SHAKE_FORMS)[m.group(1).lower()],
                              text)
    # (the head named stays: going back with the head in a start is a recoil, `corrections`)
    text = _GO_BACK_WITH.sub(lambda m: f"{_LEAN_FORMS[m.group(1).lower()]} back" + (
        " with the head" if m.group(2).lower() == "head" else ""), text)
    text = _HEAD_GOES_TO_BACK.sub(lambda m: f"{m.group(1)} " + ("leaned" if (m.group(2) or m.group(3)).lower().startswith(
        ("was", "went")) else "leans") + " back", text)
    text = _LEAN_TO_FRONT.sub(lambda m: f"{m.group(1)} forward", text)
    text = _AGAIN_IN_FRONT.sub(r"\1 back to the front", text)
    text = _NORMAL_POSITION.sub("neutral", text)
    text = _ON_CAMERA_SIDE.sub(r"to \1 \2", text)
    text = _AFTER_BARE.sub(", then ", text)   # (before the bare verbs below are given their -s)
    text = _IS_NOT_BARE.sub(lambda m: ("does" if m.group(1).lower() == "is" else "do") + f" not {m.group(2)}", text)
    text = _IS_BARE.sub(lambda m: _BARE_VERBS[m.group(1).lower()], text)
    text = _BARE_AFTER_NOUN.sub(lambda m: m.group(0) if m.group(1).split()[-1].lower() in _NOT_A_SUBJECT or
                                _KEEPS_BARE.search(text[:m.start()]) else
                                f"{m.group(1)} {_BARE_VERBS[m.group(2).lower()]}", text)
    text = _BARE_AFTER_PRONOUN.sub(lambda m: m.group(0) if _KEEPS_BARE.search(text[:m.start()]) else
                                   f"{m.group(1)} {_BARE_VERBS[m.group(2).lower()]}", text)
    text = _STAYS_WITH_HEAD.sub("keeps the head", text)
    text = _POSE_BARE.sub(lambda m: m.group(1) + _PARTICIPLES[m.group(2).lower()], text)
    text = _AFTER_TO.sub(lambda m: f"{m.group(0)[:5]} {m.group(1)}ing", text)
    text = _SAME_TIME.sub("at the same time", text)
    return _MAKE_DOING.sub(lambda m: m.group(1) + _STEMS.get(m.group(2).lower(), m.group(2)), text)
