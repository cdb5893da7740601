"""Actors: pronouns and short names resolved, claims merged per actor, most important first."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from . import names
from .positions import Claim
from .sentences import Sentence
from .stances import merge_stances


class Ranked(NamedTuple):
    """An actor with its merged stance, ready to become a Position."""

    who: str
    stance: str
    evidence: str
    score: float
    first: int


# Ranked(...) without the Python-level __new__ of NamedTuple (what it does, minus a call)
_new_ranked = tuple.__new__

_WORDS = re.compile(r"[\w'’-]+")
_CAPWORD = re.compile(r"[A-Z][\w-]+")
_OWNED = re.compile(r"['’]s\s([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)+)")
_NO_MARKS = names.ORG_WORDS | names.TITLES
_UNQUOTED = re.compile(r"[“\"][^“”\"]*(?:[”\"]|$)")


def _word_count(text: str) -> int:
    return len(text.split())


def _last_person(body: str, upto: int, people: set[str]) -> str | None:
    """The last person named before ``upto`` (for he/she and his/her), as written: the
    body's runs (in text order) walked back from the last one starting before ``upto``."""
    runs = names.runs(body)
    for k in range(bisect_left(runs, (upto,)) - 1, -1, -1):
        if names.is_person(runs[k][1], people):
            return runs[k][1]
    return None


_OF_NAME = re.compile(r"\sof\s(?:the\s)?[A-Z][\w-]+(?:\s[A-Z][\w-]+)*")
_OWNER = re.compile(r"([A-Z][\w-]+(?:\s[A-Z][\w-]+){1,3})['’]s\s")
# The one-word name a sentence opens with (after a dateline), before a comma or a verb.
_OPENING_NAME = re.compile(r"(?:[A-Z][A-Z .,'-]+\s[—–-]\s)?([A-Z][\w&'-]+)(?=,|\s[a-z])")
_APPOSITIVE_END = re.compile(r",\s(?=(?:will|would|has|have|had|is|are|was|were|said|says|plans|[a-z]+ed)\s)")
# A dateline opening a stance: "WASHINGTON — ", "OSLO, March 19 (Northbridge) — "
_DATELINE = re.compile(r"[A-Z][A-Z .,'-]+(?:,\s[A-Z][a-z]+\.?\s\d{1,2})?(?:\s\([^)]*\))?\s[—–-]\s")


def _appositive_holds(body: str, end: int, noun: str) -> bool:
    """Does the appositive after the name ending at ``end`` hold ``noun``?"""
    if not body.startswith(", ", end):
        return False
    stop = min((i for i in (body.find(",", end + 2), body.find(".", end + 2)) if i >= 0),
               default=len(body))
    seg = body[end + 1 : stop]
    if not seg.startswith((" a ", " an ", " the ")):
        return False  # no appositive: "Graham Whitlow, said in a statement that the company …"
    at = seg.find(" " + noun)
    # the appositive's own noun ("an informal group of workers"), not an owner ("the
    # company's chief operating officer")
    return at >= 0 and seg[at + 1 + len(noun) : at + 2 + len(noun)] not in ("'", "’")


def _proper(word: str, body: str) -> bool:
    """Is ``word`` a name: capitalised somewhere other than at a sentence's start?"""
    i = body.find(" " + word)
    while i >= 0:
        j = i + 1 + len(word)
        before = body[i - 1 : i]  # after a word or a comma: within a sentence
        if (j == len(body) or not body[j].isalnum()) and (
            before.isalnum() or before in (",", "’", "'")
        ):
            return True
        i = body.find(" " + word, j)
    return False


def _own_words(stance: str, who: str) -> str:
    """The stance, which opens with a capital, without a dateline or the actor's own name
    in front ("WASHINGTON — Brightwater Launch has postponed …" -> "has postponed …")."""
    d = _DATELINE.match(stance)
    if d:
        stance = stance[d.end() :]
    if not stance.startswith(who):
        return stance
    n = len(who)
    if stance[n : n + 1] == " " and stance[n + 1 : n + 2].islower():
        stance = stance[n + 1 :]
    elif stance.startswith(", ", n):
        # "Loomwise, the San Francisco-based maker of design software, will lay off …"
        close = _APPOSITIVE_END.search(stance, n + 2)
        if close and close.start() - n < 120:
            stance = stance[close.end() :]
    return stance


def _holds_poss(body: str) -> bool:
    """``"'s " in body``, by its apostrophes (found by a fast one-character search; the
    three-character search walks most of the text, its characters being common)."""
    i = body.find("'")
    while i >= 0:
        if body.startswith("s ", i + 1):
            return True
        i = body.find("'", i + 1)
    return False


def rank(
    found: list[Claim], sentences: list[Sentence], title: str, body: str, limit: int = 6
) -> list[Ranked]:
    """Resolve pronouns and short names, drop agencies, merge per actor, most important first."""
    if not found:
        return []
    lazy: dict[str, object] = {}

    def index() -> list[str]:
        if "index" not in lazy:
            lazy["index"] = names.name_index(body)
        return lazy["index"]  # type: ignore[return-value]

    def people() -> set[str]:
        if "people" not in lazy:
            lazy["people"] = {n.split()[-1] for n in names.people_of(index())}
        return lazy["people"]  # type: ignore[return-value]

    fullest_of: dict[str, str] = {}

    def fullest(name: str) -> str:
        if name not in fullest_of:
            fullest_of[name] = names.fullest(name, index())
        return fullest_of[name]

    def surnames() -> dict[str, str]:
        if "surnames" not in lazy:
            table: dict[str, str] = {}
            for n in names.people_of(index()):
                last = n.split()[-1]
                if len(n) > len(table.get(last, "")):
                    table[last] = n
            lazy["surnames"] = table
        return lazy["surnames"]  # type: ignore[return-value]

    def people_in(text: str) -> list[str]:
        """The people a sentence names, in order, in their fullest form."""
        table = surnames()
        out: list[str] = []
        if '"' in text or "“" in text:
            text = _UNQUOTED.sub(" ", text)
        # a capitalised word ([A-Z][\w-]+) holds no apostrophe: no possessive ending to drop
        for w in _CAPWORD.findall(text):
            full_name = table.get(w)
            if full_name and full_name not in out:
                out.append(full_name)
        return out

    named: dict[int, list[str]] = {}

    def org_before(c: Claim, last: tuple[int, str] | None) -> str | None:
        """What "the company" (``c.who``) refers to: the organisation named last before it,
        in its sentence or the two before; the last organisation that spoke counts too."""
        s = c.sentence
        at = s.text.find(c.who)
        upto = s.start + (at if at >= 0 else len(s.text))
        since = sentences[max(0, s.order - 2)].start
        best: tuple[int, str] | None = None
        if last is not None and s.order - last[0] <= 2 and (
            last[1].split()[-1][:1].isupper()
        ):
            best = (sentences[last[0]].start, last[1])  # (a name, not "U.S. officials")
        opening = _OPENING_NAME.match(s.text)
        if (
            opening
            and opening.start(1) < at
            and opening.group(1).lower() not in names.NOT_NAMES
            and opening.group(1) not in people()
            and _proper(opening.group(1), body)
        ):
            # "Loomwise, the … maker of design software, will …, the company said"
            best = (s.start + opening.start(1), opening.group(1))
        # a name that holds the noun itself ("the union": "Hanul Shipbuilders' Union"): the
        # first such name, the one the article is about, unless the last organisation to
        # speak is that one too (by the noun, or as its initials: "ESA")
        titled = c.who.capitalize()
        for offset, name in names.runs(body):
            if offset >= upto:
                break
            words = [names.unposs(w) for w in name.split()]
            if titled in words:
                if last is not None and s.order - last[0] <= 2 and (
                    titled in last[1].split()
                    or last[1] == "".join(w[0] for w in words if w[:1].isupper())
                ):
                    return last[1]
                of = _OF_NAME.match(body, offset + len(name))
                return name + of.group() if of else name  # "Chile's Ministry of Health"
        # the capitalised runs, and owners ("Lunda Copper's chief executive"), before it
        owners = [(m.start(), m.group(1)) for m in _OWNER.finditer(body, since, upto)]
        for offset, name in sorted([*names.runs(body), *owners]):
            if offset >= upto:
                break
            if (
                offset >= since
                and " " in name  # (a single word left of a run is a place or a month as often)
                and (best is None or offset >= best[0])
                and not names.is_agency(name)
                and name.split()[-1].lower() not in names.NON_PERSON_HEADS
            ):
                full = names.fullest_org(name, body, index)
                if (
                    not names.is_person(full, set())
                    or names.is_org(full)
                    or _appositive_holds(body, offset + len(name), c.who)
                ):  # an organisation, or a name an appositive calls so ("…, an informal group")
                    best = (offset, full)
        return best[1] if best else None

    def subject_of_previous(order: int, pronoun: str) -> str | None:
        """He/she is the first person named in the nearest sentence before (of that gender)."""
        other = "f" if pronoun == "he" else "m"
        for j in range(order - 1, max(-1, order - 4), -1):
            if j not in named:
                named[j] = people_in(sentences[j].text)
            for person in named[j]:
                if gender.get(person) != other:
                    return person
        return None

    gender: dict[str, str] = {}
    actor_of: dict[str, tuple[str, bool, str] | None] = {}  # None: no actor
    groups: dict[str, list[tuple[str, Claim]]] = {}
    last_person: tuple[int, str] | None = None
    last_org: tuple[int, str] | None = None
    for c in found:
        said = c.who  # the name or pronoun as the claim gives it
        order = c.sentence.order
        pronoun = c.kind == "pronoun"
        who = said
        if pronoun and said == "it":
            if last_org is None or order - last_org[0] > 2:
                continue
            who = last_org[1]
        elif c.kind == "orgref":
            referent = org_before(c, last_org)
            if referent is None:
                continue
            who = referent
        elif pronoun:
            possessive = said in ("his", "her")
            if (
                not possessive
                and last_person is not None
                and 0 <= order - last_person[0] <= 1
                and gender.get(last_person[1]) != ("f" if said == "he" else "m")
            ):
                # the speaker of the sentence before is who "she said" most often means,
                # more than the first name in it ("X's leader Jana Kolarova told …. She said");
                # the first person named before is then not looked for
                previous: str | None = last_person[1]
            else:
                previous = None if possessive else subject_of_previous(order, said)
            if previous:
                who = previous
            elif last_person and order - last_person[0] <= 3 and not possessive:
                who = last_person[1]
            else:
                upto = c.sentence.start + (len(c.sentence.text) if possessive else 0)
                prior = _last_person(body, upto, people())
                if prior is None:
                    continue
                who = fullest(prior)
        # the actor, whether a person and its group key depend on ``who`` alone: read
        # once per article (speakers recur)
        if who not in actor_of:
            raw = who
            if who[:3] in ("the", "The") and who[3:4].isspace():
                who = who[4:]  # ^(?:the|The)\s
            who = who.strip(' ,.“”"')
            if not who or names.is_agency(who) or len(who.split()) > 6:
                actor_of[raw] = None
                continue
            if " " not in who:
                who = fullest(who)
            if len(who.split()) <= 3:
                # ("Lunda Copper" reads as a person's name until "Holdings" follows it)
                who = names.fullest_org(who, body, index)
            person = names.is_person(who, people() if " " not in who else set())
            key = who.split()[-1].lower() if person else who.lower()
            actor_of[raw] = (who, person, key)
        elif (known := actor_of[who]) is None:
            continue
        else:
            who, person, key = known
        if pronoun and said in ("he", "she", "his", "her"):
            gender.setdefault(who, "m" if said in ("he", "his") else "f")
        if person:
            last_person = (order, who)
        else:
            last_org = (order, who)
        groups.setdefault(key, []).append((who, c))
    # where the body has "'s " and "’s " at all (most articles have few or none)
    has_poss = _holds_poss(body)
    has_curly_poss = "’s " in body
    for key in list(groups):
        # "PVM's Tamas Varga": the firm speaks through its named analyst
        if " " in key or key not in groups:
            continue
        name = groups[key][0][0]
        at = body.find(name + "'s ") if has_poss else -1
        if at < 0 and has_curly_poss:
            at = body.find(name + "’s ")
        owner = _OWNED.match(body, at + len(name)) if at >= 0 else None
        if owner:
            speaker = owner.group(1).split()[-1].lower()
            if speaker in groups and speaker != key:
                groups[speaker] = sorted(
                    groups[speaker] + groups.pop(key), key=lambda wc: wc[1].sentence.order
                )
    # Every key, one a line: a key can only merge into a longer one, which is still in
    # ``groups`` when its turn comes (keys go shortest first, and only the current key is
    # ever popped), so a key that no line of ``keys`` can take is passed over at once.
    keys = "\n" + "\n".join(groups) + "\n"
    for key in sorted(groups, key=len):
        # only the current key is ever popped, so it is in groups until its merge
        suffix = " " + key if " " in key else None
        of_key = key + " of "
        if "\n" + of_key not in keys and (suffix is None or suffix + "\n" not in keys):
            continue  # no other key ends with " <key>" or starts with "<key> of "
        for other in list(groups):
            if other != key and (
                (suffix is not None and other.endswith(suffix)) or other.startswith(of_key)
            ):
                groups[other] = sorted(
                    groups[other] + groups.pop(key), key=lambda wc: wc[1].sentence.order
                )
                break
    title_words = set(_WORDS.findall(title.lower()))
    body_low = body.lower()
    counted: dict[str, int] = {}
    scored: list[tuple[float, int, str, list[tuple[str, Claim]]]] = []
    for items in groups.values():
        who = (
            items[0][0] if len(items) == 1 else max((w for w, _ in items), key=_word_count)
        )
        score = 0.0
        for _, c in items:
            i = c.sentence.order
            score += c.weight * (1.6 if i < 3 else 1.0 if i < 8 else 0.7)
        if who.split()[-1].lower() in title_words:
            score += 1.5
        # the most frequent of its capitalised words that are no organisation word or title
        most = 0
        for t in _CAPWORD.findall(who):
            t = t.lower()
            if t not in _NO_MARKS:
                n = counted.get(t)
                if n is None:
                    n = counted[t] = body_low.count(t)
                if n > most:
                    most = n
        if most:  # (a count of 0 would add nothing)
            score += 0.25 * min(most, 6)
        scored.append((score, items[0][1].sentence.order, who, items))
    scored.sort(key=lambda t: (-t[0], t[1]))
    ranked: list[Ranked] = []
    for score, first, who, items in scored:
        # (a stance in lowercase opens with neither a dateline nor a name)
        stance = merge_stances(
            [_own_words(c.stance, who) if c.stance[:1].isupper() else c.stance for _, c in items]
        )
        if stance:
            ranked.append(
                _new_ranked(Ranked, (who, stance, items[0][1].sentence.text, score, first))
            )
        if len(ranked) >= limit:
            break
    return ranked
