"""A team thread (messages, each under its sender and a time: "[10:02] maya: …", "Rohan [4:12 PM]: …", "Dana 8:55 AM -
…") read as what the team settles on, before its lines are joined:

- the senders and times are no one's motion: dropped;
- a question in a thread ("maybe a glance left?", "bow, not nod?", "does he look around or not?") puts a version up
  for discussion, it does not settle one: dropped;
- a reply's agreement ("yes,", "ok.", "got it", "approved", "trust me") is the sender agreeing, not a nod; a hedge
  before a proposal ("i'm thinking", "maybe") is the sender's, not the character's;
- the thread settles on the last message that names a head motion (an earlier one was proposed, then replaced);
  what follows it (a face, a speed) is kept; a reply that only says "then …" (after a few words with no motion:
  "ok. keep v2. then …") adds to the message it answers, which is kept with it, and a short one that only says again
  a motion that message named ("bow." after "then he bows") or agrees on a side ("yes his right") agrees with it; of the messages before, only what they say of the face is kept ("so sad, not surprised");
- a count said after it with no motion ("kid nods 3x" … "ok 2") is the count settled on;
- a question the next reply says yes to ("so tilt L, then 2 nods?" "yep") is settled as if said; a reply that only
  resizes or paces a motion named ("and the tilt a bit slower") settles nothing, and "looks good to me" is a verdict.
"""

from __future__ import annotations

import re

_TIME = r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?"
# A message's header: a time in brackets before the sender, or the sender then a time, then ":" or a dash.
# ("Ana (14:02): …", "Tue 09:15 Ana: …": the time in round brackets, or a weekday and the time before the sender)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?"
_HEADER = re.compile(rf"^\s*(?:(?:\[{_TIME}\]|(?:{_WEEKDAY}\s+)?{_TIME})\s*[\w.'-]+(?:\s[\w.'-]+)?\s*[:\-\u2013\u2014]|"
                     rf"[A-Za-z][\w.'-]*(?:\s[A-Z][\w.'-]*)?\s*(?:[-\u2013\u2014,]\s*)?[\[(]?{_TIME}[\])]?\s*[:\-\u2013\u2014])\s*",
                     re.IGNORECASE)
# A head motion named in a message (a face alone does not settle the steps).
# ("looks worried" is the face; "looks down", "look-around" the head)
HEAD_MOTION = re.compile(r"\b(?:nod|shak|headshak|turn|tilt|lean|glanc|bow|lower|drop|hold|paus|freez|froze|"
                         r"still\b|wag|bob|dip)\w*|\blook(?:s|ed|ing)?(?:-?around|(?=\s+(?:\w+ly\s+)?(?:at|up|down|left|"
                         r"right|away|around|round|back|over|to|toward|towards|out|across|off|past|ahead|straight|"
                         r"forward)\b))", re.IGNORECASE)
# A reply's agreement, or the sender's hedge before a proposal.
_AGREEMENT = re.compile(r"(?:^|(?<=[.!,;]\s))(?:(?:(?:yes|yeah|yep|yup)\s+(?:exactly|correct|totally|definitely)|"
                        # ("yes exactly, two nods")
                        r"yes|yeah|yep|yup|ok|okay|k|cool|fine|sure|agreed?|approved|got\s+it|"
                        r"on\s+it|sounds\s+good|works\s+for\s+me|trust\s+me|perfect|great|not|no|"
                        # ("looks right to me", "looks good": the sender's verdict on the take, not a look)
                        r"(?:(?:that|this|it|v\d+)\s+)?looks\s+(?:right|good|great|fine|ok|okay|better)(?:\s+to\s+me)?)"
                        r"\s*(?:[.!,]+\s*|$))+|"
                        r"\b(?:i'?m\s+thinking|i\s+think|i\s+want|i'?d\s+say|maybe|how\s+about)\s+(?:that\s+)?",
                        re.IGNORECASE)
# A reply that only agrees on whose side ("yes his right.", "right, her left"): the side was settled in the message
# before, it is not a second move.
_SIDE_AGREED = re.compile(r"(?:^|(?<=[.!,;]\s))(?:yes|yeah|yep|yup|right|correct|exactly|ok|okay)\s*,?\s+(?:his|her|their|its)"
                          r"\s+(?:own\s+)?(?:left|right)\s*(?:[.!,]+\s*|$)", re.IGNORECASE)
# What a message says of the face or the feeling.
_FACE = re.compile(r"\b(?:sad|happy|angry|mad|scared|afraid|fearful|surprised|shocked|disgusted|contempt\w*|neutral|"
                   r"blank|smil\w*|grin\w*|frown\w*|tears?|cry\w*|scowl\w*|sneer\w*|face|expression\w*)\b", re.IGNORECASE)
# A count, as a thread says one ("3x", "x2", "two", "4").
_COUNT = re.compile(r"(?<![\w:.])(x\s*)?(\d{1,2}|one|two|three|four|five|six)(\s*x|\s+times)?(?![\w:])", re.IGNORECASE)
# A side or a direction, which changes a motion said again.
_A_WAY = re.compile(r"\b(?:left|right|up|down|back|away|L|R|slow\w*|fast\w*|quick\w*|small\w*|big\w*)\b", re.IGNORECASE)
# A reply that says yes to the question before it.
_CONFIRMS = re.compile(r"^\s*(?:yes|yeah|yep|yup|correct|exactly|confirmed|that'?s\s+it|spot\s+on)\b", re.IGNORECASE)
# A sentence that ends in a question mark.
_QUESTION = re.compile(r"[^.!?]*\?+")
# A reply that continues the message it answers ("then he bows his head", "and then a nod").
# ("ugh you're right. keep v2. then she looks down": short words with no motion before the "then" agree too)
_CONTINUES = re.compile(r"^(?:[\w']+(?:\s+[\w']+){0,2}\s*[.!,]\s*)*(?:and\s+)?then\b", re.IGNORECASE)


def _continues(message: str) -> bool:
    m = _CONTINUES.match(message)
    return m is not None and not HEAD_MOTION.search(message[:m.end() - 4])


# A reply that only changes the size or the speed of a motion already named ("and the lean back a touch bigger",
# "turn needs to be slower"): the version it answers still stands; it settles nothing of its own.
_ADJUSTS = re.compile(r"^(?:(?:and|also|but|just|only)\s+)*(?:(?:the|that|this|his|her|their)\s+)?(?:[\w-]+\s+)?"
                      r"(?:nod|shake|headshake|turn|tilt|lean|glance|look)(?:s|ing)?(?:\s+(?:back|forward|up|down|left|right|"
                      r"in|away|over))?\s+(?:(?:needs?|has|have)\s+to\s+be\s+|should\s+be\s+|(?:is|was|are)\s+(?:too\s+)?)?"
                      r"(?:(?:a\s+)?(?:touch|bit|tad|little|lot|much|way|even|slightly)\s+)?(?:\w+er|more\s+\w+|less\s+\w+|"
                      r"too\s+\w+)\s*[.!]*$", re.IGNORECASE)


def _names_a_motion(message: str) -> bool:
    return any(HEAD_MOTION.search(sentence) and not _ADJUSTS.match(sentence.strip())
               for sentence in re.findall(r"[^.!]+[.!]*", message))


def _motions(message: str) -> set[str]:
    return {m.group(0).lower()[:3] for m in HEAD_MOTION.finditer(message)}


# A sender's name alone before a colon ("Mo: does the goat nod?", "Eve: yeah, once"): a message where two people or
# more write every line, none of them a label ("Note:", "Face:") and no line with a stage direction in brackets (a
# play's "Anna: (turning) Go." is a script).
_NAME_ONLY = re.compile(r"^\s*([A-Z][a-z]{1,14}):\s+(?=\S)")
_NOT_SENDERS = frozenset("Note Notes Face Head Body Shot Scene Take Keep Change Cut Add Fix Redo Action Emotion Mood "
                         "Camera Cam Beat Sfx Vo Dialogue Line Subject Re Fwd To From Cc Ps Nb Update Final Was Now "
                         "Expression Eyes Timing Speed Side Count Then First Next Last End Start "
                         # a request's or a brief's fields ("Sequence: …", "Also: …", "Trigger: …") are labels too
                         "Also Plus Sequence Seq Trigger Cue Direction Directions Performer Character Context Setup "
                         "Result Expected Actual Owner Status Priority Reference Ref Audio Music Sound Anim Animation "
                         "Rig Prop Props Lighting Lens Blocking Tone Intent Goal Summary Description Steps Step "
                         "Request Ticket Branch Option Node Response Reaction Outcome Delivery Pace Intensity "
                         "Amplitude Duration Length Loop Idle Pose Edit Correction Reason Issue Problem Bug Feedback "
                         "Comment Comments Order".split())


def _name_only_thread(lines: list[str]) -> bool:
    names = [m.group(1) if m else None for m in map(_NAME_ONLY.match, lines)]
    return (len(lines) >= 2 and sum(n is not None for n in names) >= 0.75 * len(lines)
            and len({n for n in names if n}) >= 2 and not any(n in _NOT_SENDERS for n in names if n)
            and not any(re.search(r"[(\[*]", line) for line in lines))


def settled_thread(text: str) -> str:
    """`text` as its thread settles it, one message a line; text that is not a thread comes back unchanged."""
    lines = [line for line in text.splitlines() if line.strip()]
    if _name_only_thread(lines):
        lines = [f"{m.group(1)} 0:00: {line[m.end():]}" if m else line for line, m in
                 ((line, _NAME_ONLY.match(line)) for line in lines)]
    headed = sum(bool(_HEADER.match(line)) for line in lines)
    if headed < 2 or headed < 0.75 * len(lines):   # (a subtitle file's timed cues are not all messages)
        return text
    bodies: list[str] = []
    for line in lines:
        header = _HEADER.match(line)
        body = line[header.end():] if header else line
        if not header and bodies:   # a message's second line
            bodies[-1] = f"{bodies[-1]} {body.strip()}"
            continue
        bodies.append(body)
    messages = []
    for k, body in enumerate(bodies):
        # a question the next message says yes to ("final: tilt L, 2 nods?" "yep") is settled, as if said
        confirmed = k + 1 < len(bodies) and _CONFIRMS.match(bodies[k + 1]) is not None
        body = re.sub(r"\?+", ".", body) if confirmed else _QUESTION.sub(" ", body)
        messages.append(_AGREEMENT.sub("", _SIDE_AGREED.sub("", body.strip())).strip())
    named = [i for i, m in enumerate(messages) if _names_a_motion(m)]
    if not named:
        return "\n".join(m for m in messages if m)
    start = named[-1]
    while named.index(start) > 0:
        before = named[named.index(start) - 1]
        said = [sentence for sentence in re.findall(r"[^.!]+[.!]*", messages[start]) if HEAD_MOTION.search(sentence)]
        if (len(messages[start].split()) <= 6 and not _continues(messages[start])
                and _motions(messages[start]) <= _motions(messages[before])
                # only the motion's word again: not "4 nods then" or "turn left" (a new count or side changes it)
                and all(len(sentence.split()) <= 3 and not _COUNT.search(sentence) and not _A_WAY.search(sentence)
                        for sentence in said)):
            # a reply that only says again a motion the message before it named ("bow." after "then he bows") agrees
            # with that message: it replaces nothing and adds no step (what it says of the face stays)
            messages[start] = " ".join(sentence for sentence in re.findall(r"[^.!]+[.!]*", messages[start])
                                       if not HEAD_MOTION.search(sentence))
        elif not _continues(messages[start]):
            break
        start = before
    settled = messages[:start + 1][-1:] + [" ".join(sentence for sentence in re.findall(r"[^.!]+[.!]*", m)
                                                    if not _ADJUSTS.match(sentence.strip())) for m in messages[start + 1:]]
    for k, later in enumerate(settled[1:], 1):
        counts = [m.group(2) for m in _COUNT.finditer(later)]
        if counts and not HEAD_MOTION.search(later) and len(_COUNT.findall(settled[0])) == 1:
            settled[0] = _COUNT.sub(lambda m: f"{m.group(1) or ''}{counts[-1]}{m.group(3) or ''}", settled[0])
            settled[k] = _COUNT.sub("", later)
    faces = [sentence.strip() for m in messages[:start] for sentence in re.findall(r"[^.!]+[.!]*", m)
             if _FACE.search(sentence) and not HEAD_MOTION.search(sentence)]
    settled = [_AGREEMENT.sub("", m).strip() for m in settled]
    return "\n".join(m if re.search(r"[.!?]$", m) else f"{m}." for m in faces + settled if m.strip(" .,"))
