"""Who each clause is about. A description is about one character, the first subject of a main clause; a clause
whose subject is someone else ("He nods as she turns away", "While the crowd cheers, she bows her head", "Her
mother nods, then she nods too") sets the moment: neither its motion nor its feeling is the character's.

A subject counts as someone else only where the words say so: a pronoun of the other gender, a head or face of
the other gender ("his head" in a description about her), a relative or companion ("her mother", "his partner",
"the man in front of her", "the duke's man"), a group ("the crowd", "everyone", "someone", extras a script names by
a bare plural: "Villagers gather and stare"), the camera or a thing doing something ("the lights came up"), another
name, a person noun of the other gender or another noun ("the prisoner" in a description about "the guard"),
someone acting on the character ("The teacher looks at him and he looks away").
"They", "I" and "we" are never marked (a singular they, the director or the narrator), nor "you" in a description
about someone else (a director talking). A clause that opens with its verb is about the subject before it. Words in
quotes are what someone says, never who the description is about ('On the line "you did what?" her head snaps back').

`about_someone_else` is the question drafting asks of each clause: marked above, or a time clause with a subject of
its own ("until the song ends"), someone else or a sound ("Someone calls your name"), a relative or a passive clause.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .lexicon import ACTION_WORD, IRREGULAR_PASTS, PRONOUN

if TYPE_CHECKING:   # clauses.py imports this module
    from .clauses import Clause

_MALE = frozenset("""he him his man boy father dad daddy brother son husband boyfriend uncle grandfather grandpa king
prince gentleman guy lord sir monk priest waiter nephew groom grandson stepfather""".split())
_FEMALE = frozenset("""she her hers woman girl mother mom mum mommy mummy sister daughter wife girlfriend aunt
grandmother grandma queen princess lady nun waitress niece bride granddaughter stepmother""".split())
_PEOPLE = frozenset("""man woman boy girl father dad daddy mother mom mum mommy mummy brother sister son daughter
husband wife boyfriend girlfriend uncle aunt grandfather grandpa grandmother grandma king queen prince princess
gentleman lady guy lord monk priest nun waiter waitress nephew niece groom bride grandson granddaughter
stepfather stepmother friend partner child kid baby toddler teacher doctor nurse guard officer soldier stranger
driver customer clerk student colleague coworker boss manager detective captain interviewer reporter judge player
person parent sibling cousin neighbour neighbor companion opponent rival host guest visitor lawyer patient
therapist coach mentor master servant maid butler cop sergeant general commander leader chief merchant shopkeeper
bartender barista cashier passenger pilot singer dancer musician twin fiancé fiancee date lover enemy
villain hero heroine prisoner suspect witness victim thief killer newcomer actor actress performer
character avatar npc protagonist narrator speaker listener co-star costar sidekick assistant agent spy knight wizard
witch warrior sheriff deputy scientist professor teen teenager youth elder chef cook farmer fisherman
sailor rider traveller traveler hunter boxer fighter runner athlete model dog cat horse puppy kitten trainer
referee caddie""".split())
# People a note calls "our …" when they are the one it is about ("our model turns to camera", "our hero nods").
_OUR_ROLES = frozenset("""model hero heroine character avatar protagonist actor actress performer guy girl boy man woman
lady host presenter lead narrator speaker mascot villain""".split())
# Things that are never the character, whatever they do or are ("The room is still", "The floor tilts", "The car
# turns left", "The temperature drops"): the scene around the character, not its head.
_THINGS = frozenset("""room lake sea river pond water kettle pot pan cup glass bottle temperature weather wind rain snow
storm fog mist sky sun moon clouds light lights lamp candle flame fire music song radio tv television screen phone
clock door doors window windows curtain curtains floor ground earth road street path car cars bus train tram boat ship
plane truck van bike bicycle wagon tower building house wall walls roof ceiling tree trees branch branches leaves
grass flag sign table chair bed world city town village traffic air smoke dust tide news memory
flowers flower bird birds
price prices market engine machine wheel picture painting mirror book page letter paper map""".split())
# Weather and sound said with no article, opening a sentence (not words that are also commands: "Leaves it there")
_BARE_THING = re.compile(r"(?i:(snow|rain|fog|mist|wind|sunlight|moonlight|thunder|lightning|traffic|music|silence|"
                         r"smoke|dust|water))\s+(?!(?:the|a|an|his|her|their|it|them)\b)[a-z]")
# Things that move in a shot but are no one's head ("The camera pans left as she turns").
_CAMERA = re.compile(r"(?:the\s+)?(?:camera|cam|shot|lens|frame)\s+(?:pans|pushes|pulls|tracks|dollies|zooms|tilts|"
                     r"cuts|moves|swings|drifts|follows|holds|stays|lingers|finds|rises|drops|cranes|orbits)\b",
                     re.IGNORECASE)
_GROUPS = frozenset("""crowd audience class team group family people others everyone everybody spectators onlookers
children kids men women guests students soldiers guards players friends parents fans""".split())
_HEAD_PARTS = r"(?:head|chin|face|eyes?|gaze|neck|brows?|eyebrows?|mouth|lips?|jaw|nose|cheeks?|expression|smile)"
_LEAD = re.compile(r"^(?:(?:and|but|so|then|yet|now|suddenly|finally|meanwhile|just|only|still|also|too)\s+|"
                   # ("Lily", "Molly", "Emily": a name, no adverb)
                   r"(?!only\b)(?!(?-i:[A-Z][a-z]{0,2}(?:ll|il)y)\b(?<!Fully)(?<!Daily))\w+ly\s+)*", re.IGNORECASE)
_PRONOUN = re.compile(r"(he|she|they|you|i|we)\s+(?!(?:and|or)\b)[\w']", re.IGNORECASE)
_BODY = re.compile(rf"(his|her|their|your|my)\s+(?:[\w-]+\s+)?{_HEAD_PARTS}\b", re.IGNORECASE)
_NOUN_PHRASE = re.compile(r"(the|a|an|this|that|his|her|their|my|your|our)\s+\S", re.IGNORECASE)
_BODY_PARTS = frozenset("""head chin face eyes eye gaze neck brow brows eyebrow eyebrows mouth lips lip jaw nose cheek
cheeks expression smile grin frown look glance stare nod hands hand shoulders shoulder body arms arm fingers finger
legs leg knees knee feet foot voice breath breathing hair heart forehead ears ear posture back chest whole
tears eyelids lashes nostrils teeth throat skin""".split())
# Nouns of the motion itself ("The tilt grows", "the movement slows") and of time or manner ("the way friends nod"): no
# one else doing something.
_NOT_ACTORS = frozenset("""nod nods shake shakes tilt tilts turn turns glance glances look looks movement motion move
lean gesture bow dip pause beat hold rest pose angle way moment time second minute instant day night morning evening
while""".split())
_COPULA = re.compile(r"is|are|was|were|be|seems|seemed|becomes|became|gets|got|grows|grew|stays|stayed|remains|remained",
                     re.IGNORECASE)
_VERB = re.compile(r"[a-z]+(?:s|ed)|" + "|".join(IRREGULAR_PASTS))
_GROUP_ALONE = re.compile(r"(everyone|everybody|people|the\s+others|the\s+rest|someone|somebody|no\s+one|nobody|"
                          r"anyone|anybody)\b", re.IGNORECASE)
# Words before a noun that describe it ("the old man", "the masked figure"); any other word ends the search for a
# person ("the way old friends nod goodbye" is a manner, not friends).
_ADJECTIVE = re.compile(r"(?:old|young|little|big|small|tall|short|thin|fat|elderly|grey|gray|white|black|dark|pale|tired|"
                        r"weary|nervous|bored|proud|other|new|first|second|last|lone|poor|angry|sad|happy|kind|shy|good|"
                        r"bad|dear|eldest|youngest|oldest|elder|front|back|side|main|rear|kitchen|bedroom|garden|[\w]+-[\w-]+|\w+(?:ed|ing|ous|ful|less|ive|al|ic|ish|ble|ent|"
                        r"ant|est|ly))", re.IGNORECASE)
# (a spoken note's "'s" for "is" before where they are or what they are doing: "Mira's by the window", "Olek's
# sitting up in bed", not "Mira's hat")
# (an adverb may come between the name and a verb it moves by: "Cass also nods", "Ivo slowly turns"; not before a
# "doesn't": "Mom still doesn't look up" leaves the scene's first head to whoever moves it)
_NAME = re.compile(r"([A-Z][a-z]+(?<!ing))(?:\s+(?=(?:(?:also|too|then|now|just|still|only|even|again|[a-z]+ly)\s+)?"
                   r"[a-z]+(?:s|ed)\b|(?:doesn't|does\s+not|didn't|did\s+not)\b)"
                   r"(?!his\b|its\b|this\b)|'s\s+(?=(?:(?:still|just|now|already)\s+)?(?:at|on|in|by|behind|near|"
                   r"under|beside|outside|inside|alone|asleep|sitting|standing|lying|kneeling|crouching|waiting|"
                   r"leaning|perched|slumped)\b))")
_NOT_NAMES = frozenset("""he she they you we it then and but so now slowly quickly head chin face eyes nod nods turn
turns look looks tilt tilts shake shakes glance glances lean leans camera finally suddenly gently just still also
meanwhile first next later again his her their my your our the this that there here when while as after
before once until""".split())
# Words that open a plural ("Both guards", "Two kids on a roof"), no one's name.
_QUANTIFIERS = frozenset("both all some many most few several these those each two three four five six".split())
# An object pronoun in a clause whose subject is a noun ("The teacher looks at him and he looks away", "The guide nods
# at you. You follow her gaze"): that clause is about someone acting on the character.
_OBJECT = re.compile(r"\b(?:him|them|you|her(?!\s+(?!(?:and|or|but|then|as|when|while|again|back|too|once|twice|"
                     r"now|for|with|from|to|at|in|on|a|an|the|before|after|until|so|quietly|gently|softly|"
                     r"slowly)\b)[a-z]))\b", re.IGNORECASE)
_SUBORDINATE = ("with", "before_main", "after_main")
# Words of a head or face that moves ("stares", "leans forward", "his chin"), not "turns a page".
_MOVES_A_HEAD = re.compile(r"\b(?:nod|shak|glanc|look|tilt|bow|lean|star|gaz|glar|recoil|flinch|frown|smil|grin|scowl)\w*|"
                           r"\b(?:head|chin|face|eyes|gaze)\b|\bturn\w*\s+(?:\w+ly\s+)?(?:away|round|around|back|to|toward|"
                           r"towards|left|right)\b", re.IGNORECASE)
_HEADS_OF_MANY = re.compile(r"\b(?:their|our)\s+(?:\w+\s+)?heads\b", re.IGNORECASE)
_SUBORDINATING = re.compile(r"(?:until|till|when|whenever|while|whilst|as|after|before|once|because|since|if|though|"
                            r"although)\b", re.IGNORECASE)
_SPEAKS = re.compile(r"^\S+(?:\s+\S+)?\s+(?:\w+ly\s+)?(?:says|said|asks|asked|whispers|whispered|shouts|shouted|calls|"
                     r"called|replies|replied|mutters|muttered|murmurs|murmured|tells|told|snaps|snapped|cries|cried)\b",
                     re.IGNORECASE)
# A clause that opens with its verb ("… and turns away"): its subject is the one before it. ("and for an hour
# neither of them spoke" names its own.)
_ELIDED = re.compile(r"(?:[a-z]+(?:s|ed|ing)|" + "|".join(IRREGULAR_PASTS + ("left",)) + r")\b", re.IGNORECASE)
PEOPLE_NOUNS = _PEOPLE


def _bare_part_as_it_is(text: str) -> bool:
    words = re.findall(r"[\w'-]+", text.lower())
    return 2 <= len(words) <= 3 and words[0] in _BODY_PARTS and not _ELIDED.fullmatch(words[1])


def _gender(word: str) -> str:
    word = word.lower()
    return "m" if word in _MALE else "f" if word in _FEMALE else ""


def _subject(text: str) -> dict | None:
    """The subject at the start of a clause: {"kind": pronoun/body/noun/group/name, "key": …, "gender": …,
    "relation": whether it is someone's relative or someone near someone}, or None (no subject said)."""
    text = _LEAD.sub("", text.strip())
    m = _BODY.match(text)
    if m:
        owner = m.group(1).lower()
        return {"kind": "body", "key": owner, "gender": _gender(owner), "relation": False}
    m = _PRONOUN.match(text)
    if m:
        word = m.group(1).lower()
        return {"kind": "pronoun", "key": word, "gender": _gender(word), "relation": False}
    if _CAMERA.match(text):
        return {"kind": "group", "key": "camera", "gender": "", "relation": False}
    m = _GROUP_ALONE.match(text)
    if m:
        return {"kind": "group", "key": m.group(1).lower(), "gender": "", "relation": False}
    m = _NOUN_PHRASE.match(text)
    if m:
        det = m.group(1).lower()
        raw = [w.lower() for w in re.findall(r"[\w'-]+", text)[1:6]]
        words = [re.sub(r"'s$", "", w) for w in raw]
        for k, noun in enumerate(words[:4]):
            if k > 0 and not _ADJECTIVE.fullmatch(words[k - 1]):
                break
            if noun in _THINGS and det in ("the", "a", "an") and not raw[k].endswith("'s"):
                return {"kind": "thing", "key": noun, "gender": "", "relation": False, "inanimate": True}
            if raw[k].endswith("'s") and k + 1 < len(words) and (words[k + 1] in _PEOPLE or words[k + 1] in _GROUPS):
                # "the duke's man", "the bride's father", "her brother's friends": someone of someone else's
                return {"kind": "noun", "key": words[k + 1], "gender": _gender(words[k + 1]), "relation": True}
            if raw[k].endswith("'s") and k + 1 < len(words) and words[k + 1] in _BODY_PARTS and noun not in _PEOPLE:
                # "the widow's face": whoever has a face is a person
                return {"kind": "noun", "key": noun, "gender": "", "relation": det in ("his", "her", "their", "my",
                                                                                      "your", "our"),
                        "indefinite": det in ("a", "an")}
            if noun in _BODY_PARTS:
                # "her left hand", "the head": the character's own, or the owner's when said ("his mother's head"
                # is caught above as a person)
                owner = det if det in ("his", "her", "their", "your", "my") else ""
                return {"kind": "body", "key": owner or "the", "gender": _gender(owner), "relation": False} \
                    if owner else None
            if noun in _GROUPS or (noun.endswith("s") and noun[:-1] in _PEOPLE):
                return {"kind": "group", "key": noun, "gender": "", "relation": False}
            if noun in _PEOPLE:
                near = re.match(r"(?:in front of|next to|beside|behind|across from|opposite|near)\s+(?:him|her|them|"
                                r"me|you)\b", " ".join(words[k + 1:]))
                # ("our model", "our hero": a note's way of naming the one it animates, not a relative)
                relation = (det in ("his", "her", "their", "my", "your") or bool(near)
                            or (det == "our" and noun not in _OUR_ROLES))
                return {"kind": "noun", "key": noun, "gender": _gender(noun), "relation": relation,
                        "indefinite": det in ("a", "an")}
        if det in ("his", "her", "their", "my", "your", "our") and len(words) > 1 and _VERB.fullmatch(words[1]):
            # "His co-star nods", "Her dog barks": someone or something of theirs, not a part of them
            return {"kind": "noun", "key": words[0], "gender": "", "relation": True}
        if (det in ("the", "a", "an") and len(words) > 1 and words[0] not in _NOT_ACTORS and _VERB.fullmatch(words[1])
                and not _COPULA.fullmatch(words[1]) and words[1] not in _GROUPS and words[1][:-1] not in _PEOPLE
                and not (len(words) > 2 and words[2] in _NOT_ACTORS)):
            # ("a slow, disappointed shake of the head", "a quick, guilty glance": adjectives before a motion noun)
            # "the lights came up", "the music swells": a thing doing something, not the character's head (or a
            # person the lists do not know, "the lamplighter looks up", when no one else is named)
            return {"kind": "thing", "key": words[0], "gender": "", "relation": False}
        return None
    m = _BARE_PERSON_IS.match(text)
    if m and m.group(1).lower() in _PEOPLE:
        # a spoken note drops the article: "Coach's waving his arms", "trainer's shaking his head"
        return {"kind": "noun", "key": m.group(1).lower(), "gender": _gender(m.group(1)), "relation": False}
    m = _BARE_THING.match(text)
    if m:
        # "Snow falls on the rooftops", "Rain lashes the window": weather or sound with no article
        return {"kind": "thing", "key": m.group(1).lower(), "gender": "", "relation": False, "inanimate": True}
    plural = _bare_plural(text)
    if plural:
        return {"kind": "group", "key": plural, "gender": "", "relation": False, "plural": True}
    m = _NAME.match(text)
    if m and m.group(1).lower() not in _NOT_NAMES and m.group(1).lower() not in _QUANTIFIERS:
        return {"kind": "name", "key": m.group(1), "gender": "", "relation": False}
    return None


# A person noun with no article and "'s" for "is", then a verb in -ing ("trainer's yelling at him").
_BARE_PERSON_IS = re.compile(r"([a-z]+)'s\s+(?:\w+ly\s+)?\w+ing\b", re.IGNORECASE)


# A plural noun with no article, and a verb in the plural ("Onlookers in the square turn and point", "Ghouls
# emerge from the walls", "Villagers gather at the gate"): a group, as a script names the extras around the character.
_PLURAL_VERB = re.compile(r"(?:turn|look|stare|watch|glance|rise|gather|gasp|laugh|cheer|murmur|whisper|fall|freeze|"
                          r"gawk|applaud|clap|scatter|part|go|crowd|run|flee|stop|emerge|swarm|close|spill|pour|erupt|"
                          r"react|nod|shake|cower|follow|surround|circle|approach|walk|move|duck|flinch|point|shout|"
                          r"mill|hurry|rush|back|step|sit|stand|wait|continue|keep|start|begin|break|pass|stroll|wander|chat|talk|"
                          r"march|patrol|drift|jostle|shove)", re.IGNORECASE)
_COMMON_VERBS = frozenset("come go get take make give seem stay sit stand put let see say tell know think try ask "
                          "need want feel leave hold keep find show bring begin".split())
_PLACE_AFTER = re.compile(r"(?:in|on|at|behind|around|near|by|across|outside|inside|nearby|all)\b", re.IGNORECASE)


_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "folk", "townsfolk", "police"})


def _bare_plural(text: str) -> str:
    words = re.findall(r"[\w'-]+", text)[:8]
    if not words or not words[0][:1].isupper():
        return ""   # (opening a sentence, as scripts name them; "… then slowly comes back" goes on with its subject)
    for k in (0, 1):
        if len(words) < k + 2 or (k == 1 and (words[0].lower() in _NOT_NAMES or words[0].lower().endswith("ly")
                                               or ACTION_WORD.match(words[0]))):
            continue
        noun = words[k].lower()
        if noun in _IRREGULAR_PLURALS or (len(noun) > 5 and noun.endswith("men")):
            pass   # "Two policemen pass", "Fishermen haul their nets": plurals with no "s"
        elif not (len(noun) > 3 and noun.endswith("s") and not noun.endswith(("ss", "us", "is", "'s"))
                and noun not in _BODY_PARTS and noun[:-1] not in _BODY_PARTS and noun not in _NOT_ACTORS
                and noun[:-1] not in _NOT_ACTORS and not ACTION_WORD.fullmatch(noun)
                and not any(_PLURAL_VERB.fullmatch(stem) or stem in _COMMON_VERBS for stem in (noun[:-1], noun[:-2]))):
            continue
        rest = words[k + 1:]
        if rest and _PLACE_AFTER.fullmatch(rest[0]):
            # "in the background", "on the walls": where they are, then their verb
            rest = rest[next((j for j in range(1, min(len(rest), 5)) if _PLURAL_VERB.fullmatch(rest[j])), 0):]
        if rest and _PLURAL_VERB.fullmatch(rest[0]):
            return noun
    return ""


def _own_gender(text: str) -> str:
    """The gender a clause gives its own subject ("The guard shakes his head" → m)."""
    m = re.search(rf"\b(his|her)\s+(?:[\w'-]+\s+)?{_HEAD_PARTS}\b", text, re.IGNORECASE)
    return _gender(m.group(1)) if m else ""


# "The actor is a soldier", "The hero was an old fisherman": what the one named is, a name for them.
_IS_A = re.compile(r"^\S+(?:\s+\S+)?\s+(?:is|was)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?([a-z]+)\s*$", re.IGNORECASE)
# "you" as the one whose head moves ("You look down", "you slowly tilt your head"), not a director's "you can make him".
_YOU_MOVE = re.compile(r"you\s+(?:\w+ly\s+)?(?:nod|shake|look|glance|tilt|turn|lean|bow|lower|raise|lift|drop|stare|gaze)\b",
                       re.IGNORECASE)


def _moves_a_head(subjects: list, clauses: list, key: str) -> bool:
    """Whether the subject named `key` moves a head or face in any clause of its own (or one with no subject after it
    in its sentence: "LISSA sits down, tilts her head to the right")."""
    for j in range(len(clauses)):
        if subjects[j] is None or subjects[j]["key"] != key:
            continue
        k = j
        while k < len(clauses) and (k == j or (subjects[k] is None and clauses[k].sentence == clauses[j].sentence)):
            if _MOVES_A_HEAD.search(clauses[k].text) and not clauses[k].speech:
                return True
            k += 1
    return False


def mark_other_people(clauses: list) -> None:
    """Sets `other_person` on the clauses whose subject is someone other than the character."""
    subjects = [_subject(c.text) for c in clauses]
    for k, s in enumerate(subjects):
        if s is not None and s["kind"] == "thing":
            # "the vet came out, glanced at us and shook her head": a thing has no head, so this is a person
            for later in range(k, len(clauses)):
                if later > k and (subjects[later] is not None or clauses[later].sentence != clauses[k].sentence):
                    break
                if _own_gender(clauses[later].text):
                    subjects[k] = {"kind": "noun", "key": s["key"], "gender": _own_gender(clauses[later].text),
                                   "relation": False}
                    break
    pronoun_subjects = {s["gender"] for s in subjects if s and s["kind"] in ("pronoun", "body") and s["gender"]}
    if "you" in {s["key"] for s in subjects if s and s["kind"] == "pronoun"}:
        pronoun_subjects.add("you")

    def acts_on_the_character(c, s) -> bool:
        # ("The guide smiles at you": a noun no list knows, read as a thing, is someone too)
        if s["kind"] not in ("noun", "name", "thing"):
            return False
        objects = {_gender(w) or w.lower() for w in _OBJECT.findall(c.text)}
        return bool(objects & pronoun_subjects)

    def eligible(k: int) -> bool:
        # (a thing said first may be the character under a noun no list knows: "The interpreter listened …")
        s, c = subjects[k], clauses[k]
        if s is None or s["kind"] == "group" or s.get("relation") or s.get("inanimate"):
            return False
        if c.speech:
            return False   # 'On the line "you did what?" her head snaps back': the words said, not who is described
        if s["kind"] == "pronoun" and s["key"] in ("they", "i", "we"):
            return False
        if s.get("indefinite"):
            return False   # "A man walks past as she turns": someone coming into her scene
        if s["key"].lower() in ("player", "players", "user"):
            return False   # "Player lies -> Merrin narrows her eyes": in a game script the player is never the one animated
        if _SPEAKS.match(c.text) and len(c.text.split()) <= 4 and k > 0 and clauses[k - 1].speech:
            return False   # '"Sit down," he says. She lifts her chin.': the speaker, not the one described
        return not acts_on_the_character(c, s)

    main_clause = [k for k, c in enumerate(clauses) if c.marker not in _SUBORDINATE and not c.participle]
    main = next((k for k in main_clause if eligible(k)), None)
    if main is not None and subjects[main]["kind"] == "name":
        # "CORA refills a coffee. At the counter, LEON stares at the cup": a scene is about the first one named whose
        # head or face it describes (the guide's rule 15), not one whose head does nothing
        def moves_a_head(key: str) -> bool:
            return _moves_a_head(subjects, clauses, key)

        if not moves_a_head(subjects[main]["key"]):
            main = next((k for k in main_clause if eligible(k) and subjects[k]["kind"] == "name"
                         and moves_a_head(subjects[k]["key"])), main)

        def first_named(key: str) -> tuple[int, int]:
            return next(((j, m.start()) for j in range(len(clauses))
                         for m in [re.search(rf"\b{re.escape(key)}\b", clauses[j].text, re.IGNORECASE)] if m),
                        (len(clauses), 0))
        # "Ada and Ben by the fire. Ben hands her a cup. Ada looks up, ...": named first, before the one who acts
        # first, and her head moves: the scene is Ada's (the guide's rule 15)
        named = [k for k in main_clause if eligible(k) and subjects[k]["kind"] == "name"
                 and moves_a_head(subjects[k]["key"])]
        earlier = min(named, key=lambda k: first_named(subjects[k]["key"]), default=None)
        if earlier is not None and first_named(subjects[earlier]["key"]) < first_named(subjects[main]["key"]):
            main = earlier
    if (main is not None and subjects[main]["kind"] in ("noun", "name")
            and not _moves_a_head(subjects, clauses, subjects[main]["key"])):
        # "The clerk slides the form across. You read it, then look up at him": a story told to "you" is about you
        # when the one named first does nothing with the head; "he" and "she" are then the others
        yours = next((k for k in main_clause if subjects[k] is not None and subjects[k]["key"] == "you"
                      and _YOU_MOVE.match(_LEAD.sub("", clauses[k].text.strip())) and not clauses[k].speech), None)
        main = yours if yours is not None else main
    if main is None:
        main = next((k for k in range(len(clauses)) if eligible(k)), None)
    if main is None:
        # No one in the text could be the character: what a thing or the camera does ("The car turns left at the
        # lights", "The tower leans to the right") moves no head; clauses with no subject stay instructions.
        for k, s in enumerate(subjects):
            if s is not None and (s.get("inanimate") or s["key"] == "camera" or s.get("plural")):
                clauses[k].other_person = True   # (and a group named by a bare plural: "Ghouls emerge")
        return
    who = subjects[main]
    gender = who["gender"] or _own_gender(clauses[main].text)
    for later in range(main + 1, len(clauses)):
        # "the vet came out, glanced at each of us, and sadly shook her head": clauses with no
        # subject of their own after the character's say the character's gender
        if gender or subjects[later] is not None or clauses[later].sentence != clauses[main].sentence:
            break
        gender = _own_gender(clauses[later].text)
    if not gender and who["kind"] == "name":
        # A name says no gender: "DAVID waits with his hands in his pockets" does; else the he or she that leads more
        # clauses after it ("NADIA sits. A doctor approaches. She looks up at him. He shakes his head. She bows her head")
        own = re.search(r"\b(his|her)\b", clauses[main].text, re.IGNORECASE)
        leads = [s["gender"] for s in subjects[main + 1:] if s and s["kind"] == "pronoun" and s["gender"]]
        if own:
            gender = _gender(own.group(1))
        elif leads.count("m") != leads.count("f"):
            gender = "m" if leads.count("m") > leads.count("f") else "f"

    # "The hero is an old miner. … the miner lowers his head": a noun the character is said to be names the character
    aliases = {who["key"].lower()} | {m.group(1).lower() for k, c in enumerate(clauses)
                                      if subjects[k] is not None and subjects[k]["key"] == who["key"]
                                      for m in [_IS_A.search(c.text)] if m}

    def someone_else(k: int) -> bool:
        s = subjects[k]
        if s is None or k == main:
            return False
        if s["kind"] == "group":
            return True
        if s["kind"] == "thing":
            # "the lights came up"; not "The blood drains from his cheeks" or "A shiver runs through him"
            mine = {"m": r"his|him", "f": r"her"}.get(gender, "")
            return who["kind"] != "thing" and (s.get("inanimate") or not (
                mine and re.search(rf"\b(?:{mine})\b", clauses[k].text, re.IGNORECASE)))
        if s.get("relation"):
            # "her mother", "the man in front of her": someone else, unless it names the character's own part
            return True
        if s["kind"] in ("pronoun", "body"):
            if s["key"] in ("you", "your", "they", "their", "i", "my", "we"):
                # "you" in a description about someone else is a director talking; "they", "I", "we" may be the
                # character, the director or the narrator
                return False
            if who["key"] == "you":
                return s["kind"] == "pronoun" and s["gender"] in ("m", "f")
            return bool(gender and s["gender"] and s["gender"] != gender)
        if s["kind"] in ("noun", "name") and acts_on_the_character(clauses[k], s):
            return True   # "When the stranger nods at her, she glances away"
        if s["kind"] == "noun":
            if who["kind"] == "noun" and s["key"].lower() not in aliases:
                return True   # "the prisoner" in a description about "the guard"
            own = s["gender"] or _own_gender(clauses[k].text)
            return bool(gender and own and own != gender)
        if s["kind"] == "name":
            return who["kind"] == "name" and s["key"].lower() not in aliases
        return False

    previous = False
    for k, c in enumerate(clauses):
        elided = bool(_ELIDED.match(_LEAD.sub("", c.text.strip())))
        if k and not elided and previous and subjects[k - 1] is not None and subjects[k - 1]["kind"] == "group":
            # "Villagers gather at the gate and stare": a verb in the plural goes on with the group
            elided = bool(re.match(rf"{_PLURAL_VERB.pattern}\b", _LEAD.sub("", c.text.strip()), re.IGNORECASE))
        if c.opening:
            previous = False
        if subjects[k] is None:
            # No subject of its own: the last clause that said who, in the sentence, says who ("Her mother nods and
            # turns away", "her brother, next to her, hid his face"); a new sentence with none is the
            # character's (an instruction). A part of the body said bare, with how it is ("…, and the old man
            # dozed, jaw slack"), is the one the clause before was about.
            other = previous and not c.opening and (elided or _bare_part_as_it_is(c.text))
        else:
            other = someone_else(k)
        if _HEADS_OF_MANY.search(c.text) and (subjects[k] is None or subjects[k]["key"] in ("they", "we")):
            other = True   # "…, and shook their heads in unison": many heads, so not the one character's
        c.other_person = other
        if (subjects[k] is not None or elided) and not _SUBORDINATING.match(c.source.strip()):
            previous = other   # ("… until the kettle clicks, then nods": the time clause's subject is not passed on)


# ------------------------------------------------------------------- clauses about someone or something else
# (what was other_subjects.py: read per clause when drafting steps)

# A time clause whose subject is someone or something else ("until the song ends", "when the nurse came back",
# "as the train pulled away") sets the moment; it is not the head's motion.
_TIME_CLAUSE_OF_ANOTHER = re.compile(r"^(?:(?:and|but)\s+)?(?:until|till|when|whenever|once|as soon as|as|while|whilst|after|before|the moment)\s+"
                          r"(?:(?:at\s+last|at\s+length|finally|suddenly|\w+ly)\s+)?"   # "when at last it withdrew"
                          r"(?:the|a|an|his|her|their|its|it|someone|somebody|everyone|nobody)\b", re.IGNORECASE)
_OPENS_WITH_HEAD_PART = re.compile(r"^\S+\s+(?:\w+\s+)?(?:head|chin|face|eyes?|gaze|neck|brows?|eyebrows?|nose|mouth|lips?)\b",
                         re.IGNORECASE)


_PAUSE_NOUN = re.compile(r"^(?:a|an|the|one)\s+(?:[\w'-]+\s+){0,2}?(?:pause|moment|beat|while|second|silence|wait|"
                         r"delay|breath|instant|heartbeat|hesitation)s?(?:\s+or\s+two)?$", re.IGNORECASE)


# A clause whose subject is someone else or a sound ("Someone calls your name from the left", "A voice behind
# her says …"): it sets the moment; the side it names is where the head goes next.
_OTHER_SUBJECT = re.compile(r"^(?:someone|somebody|anyone|anybody|everyone|everybody|no one|nobody|a voice|"
                            r"(?:a|an|the)\s+(?:[\w'-]+\s+)?(?:voice|noise|sound|bang|knock|crash|shout|cry|scream|"
                            r"bell|phone|doorbell|siren|horn|gunshot|shot|footsteps|whistle))\s+(?!\w+ing\b)\w+",
                            re.IGNORECASE)


# A relative clause ("…, who only shrugged back") or a passive time clause ("when the coffin was lowered") is about
# someone or something else.
_RELATIVE = re.compile(r"^(?:who|whom|whose|which)\b", re.IGNORECASE)
_PASSIVE_TIME = re.compile(r"^(?:when|as|after|before|until|once|while)\s+(?:the|a|an|his|her|their|its)\s+(?:\w+\s+){1,2}?"
                           r"(?:was|were|is|are|has\s+been|had\s+been|got|gets)\s+\w+ed\b", re.IGNORECASE)

_PASSIVE_THING = re.compile(r"^(?:the|a|an|his|her|their|its)\s+(?:[\w'-]+\s+){0,2}?(?:has\s+been|have\s+been|had\s+been|"
                            r"will\s+be|was|were|is|are)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.IGNORECASE)
_HEAD_WORDS = re.compile(r"\b(?:head|chin|face|gaze|eyes|neck)\b", re.IGNORECASE)


def about_someone_else(clause: Clause) -> bool:
    """Whether a clause is about someone or something else: marked so when the clauses were split (another
    person's motion), or a time clause with its own subject, someone else or a sound, a relative or passive clause."""
    source = clause.source
    if clause.other_person:
        return True   # "He nods as she turns away": another person's motion (`mark_other_people`)
    if _OTHER_SUBJECT.match(clause.text) and not _OPENS_WITH_HEAD_PART.match(clause.text):
        return True
    if _RELATIVE.match(clause.text) or _PASSIVE_TIME.match(source):
        return True
    if (_PASSIVE_THING.match(clause.text) and not _OPENS_WITH_HEAD_PART.match(clause.text)
            and not _HEAD_WORDS.search(clause.text) and (_subject(clause.text) or {}).get("kind") != "noun"):
        return True   # "The meeting has been moved to room 4B": something done to a thing ("The boy is astonished": a person)
    if _PAUSE_NOUN.match(clause.text) or ACTION_WORD.search(clause.text):
        return False   # "after a short pause", "after a shake of the head": not someone else
    return bool(_TIME_CLAUSE_OF_ANOTHER.match(source) and not _OPENS_WITH_HEAD_PART.match(clause.text)
                and not re.search(rf"\b{PRONOUN}\s+\w+", clause.text, re.IGNORECASE))


_HER = re.compile(r"\b(?:her|herself)\b", re.IGNORECASE)


def name_as_pronoun(text: str) -> str:
    """A clause that opens with a person's name said as "she" or "he" ("Ada turns her head to the left" → "she
    turns her head to the left"): a name, unlike a person noun ("Guard whips round"), tells nothing of the motion,
    yet an unusual one pulls a reading of the words toward another. "She" where "her" follows, else "he"."""
    m = _NAME.match(text)
    if not m or m.group(1).lower() in _NOT_NAMES or m.group(1).lower() in _PEOPLE:
        return text
    who = _subject(text)
    if who is None or who["kind"] != "name":
        return text
    return ("she " if _HER.search(text[m.end():]) else "he ") + text[m.end():]


# ------------------------------------------------------------------- the character said as the subject

# The character named as the subject at the start of a clause: "she", "he", a name, with a title or in full ("Captain
# Ruth Okoye"), a bare role a script capitalises ("Sentry"), or a person noun with "the" ("the old guard"); then the
# verb, in the third person or the past, or after a modal ("the guard should flinch").
_BEFORE_VERB = r"(?:(?:\w+ly|just|then|now|still|also|only|finally)\s+)*"
_FINITE = re.compile(rf"{_BEFORE_VERB}(?:\w+(?:s|ed)|{'|'.join(IRREGULAR_PASTS)})\b", re.IGNORECASE)
_CHARACTER_NAMED = re.compile(r"(?:(?:he|she)|(?:the|our)\s+(?:[\w'-]+\s+){0,2}?(?P<noun>[\w'-]+)|"
                              r"(?P<name>(?-i:[A-Z][a-z]+\.?)(?:\s+(?-i:[A-Z][a-z]+)){0,2}))\s+"
                              rf"(?=(?:{_BEFORE_VERB}(?:should|must|will|would|can|could)\s+{_BEFORE_VERB}[a-z]+\b|{_FINITE.pattern}))",
                              re.IGNORECASE)
_SOME_SUBJECT = re.compile(r"(?:it|this|that|there|i|we|you|they)\s+\S", re.IGNORECASE)


def _character_and_verb(text: str) -> str | None:
    """The words from the verb on, where the clause opens with the character as its subject, else None."""
    m = _CHARACTER_NAMED.match(text)
    if m is None:
        return None
    if m.group("noun") and m.group("noun").lower() not in _PEOPLE | _OUR_ROLES:
        return None   # "the lights drop": a thing
    if m.group("name") and m.group("name").split()[0].lower().rstrip(".") in _NOT_NAMES:
        return None
    return text[m.end():]


def verb_of_the_character(clauses: list, k: int) -> str | None:
    """The words from the verb on of clause `k`, where its subject is the character, said outright ("Mira sits back",
    "the guard should flinch") or left unsaid after the character's in the sentence or the sentence just before
    ("Mira frowns and draws back", "Rafe stops. Turns back to the room."); None where it is someone else's, no one's said,
    or the clause has no verb in the third person or the past to read."""
    c = clauses[k]
    if c.speech or about_someone_else(c):
        return None
    text = _LEAD.sub("", c.text.strip())
    rest = _character_and_verb(text)
    if rest is not None:
        return rest
    if not _FINITE.match(text):
        return None
    for j in range(k - 1, -1, -1):
        before = clauses[j]
        if before.sentence < c.sentence - (1 if c.opening else 0) or (not c.opening and before.sentence != c.sentence):
            return None
        words = _LEAD.sub("", before.text.strip())
        if _character_and_verb(words) is not None:
            return text if not about_someone_else(before) else None
        if before.marker in _SUBORDINATE + ("manner",) or before.participle:
            continue   # ("she turned her head, as if the answer were there, and then bowed it": an aside between)
        if _subject(words) is not None or _SOME_SUBJECT.match(words):
            return None   # someone or something else said between
        if c.opening and before.opening:
            return None   # the sentence before says no one
    return None
