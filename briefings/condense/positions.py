"""Positions: who holds which stance, from reporting verbs, quotes and 'according to'."""

from __future__ import annotations

import re
from typing import NamedTuple

from . import names
from .sentences import Sentence, find_words, vocabulary
from .stances import after_verb, skim

_FIRST_QUOTATION = re.compile(r"[“\"](.+?)[”\"]")
_CAPITALISED_HEAD = re.compile(r"^(?:[A-Z][\w’'.-]*\s?|(?:of|the|de|von|der)\s)+")
_LOWERCASE_NEXT = re.compile(r"^\s?[a-z]")
_AND_OR_OF_NEXT = re.compile(r"^\s?(?:and|of)\b")
_CLAUSE_OPENING = re.compile(r"^(?:[A-Z]|an?\s|the\s)")
_QUOTE_SOON_AFTER = re.compile(r"^(?:\s\S+){0,5}\s[“\"]")
_VERB_ENDS_CLAUSE = re.compile(r"^\s*(?:on\s\w+\s*)?[,.]")
# What may follow the verb of a closing attribution: "said.", "said Wednesday.", "said on
# Dec. 2.", "said in a statement."
_ENDS_SENTENCE = re.compile(
    r"\s*(?:(?:on|late|early)\s)?(?:[A-Z][a-z]{2,8}\.?(?:\s\d{1,2})?|in\sa\s\w+)?\s*[.!?]?[”\"]?$"
)

# Verbs whose object is what the actor says; the verb itself is dropped from the stance.
SAYING = frozenset(
    """said says say told tells added adds stated states noted notes wrote writes tweeted posted
    explained explains reiterated reiterates responded responds remarked commented""".split()
)
# Verbs that carry the stance; kept in it ("accused Moscow of …").
STANCE = (
    "warned warns insisted insists accused accuses pledged pledges rejected rejects called calls "
    "urged urges argued argues expects expected wants wanted announced announces confirmed "
    "confirms stressed stresses emphasized emphasised emphasizes emphasises highlighted "
    "highlights acknowledged acknowledges claimed claims declared declares promised promises "
    "vowed vows denounced denounces criticized criticised criticizes criticises described "
    "describes believes believed thinks thought reported reports agreed agrees approved approves "
    "proposed proposes demanded demands welcomed welcomes praised praises condemned condemns "
    "admitted admits suggested suggests signalled signaled signals indicated indicates threatened "
    "threatens denied denies backs backed supports supported opposes opposed blasted slammed "
    "echoed expressed hailed thanked thanks reaffirmed reaffirms estimated estimates predicted "
    "predicts cautioned asserted maintained countered disclosed revealed unveiled passed "
    "imposed imposes launched declined refused spurned dismissed questioned recommended "
    "intends plans aims hopes fears sees considers regrets regretted aspires seeks sought "
    "cut cuts raised lowered hiked kept adopted voted signed freed deployed ended ruled "
    "approving criticizing praising warning urging ruled struck overturned upheld conceded "
    "acknowledges concedes vetoed endorsed found"
).split()
_VERBS = sorted(SAYING | set(STANCE), key=len, reverse=True)

_VERB_SET = frozenset(_VERBS)
_NEGATED = re.compile(
    r"\b(?:(?:has|have|had|does|do|did|is|are|was|were|will|would|could|can)\s+)?"
    r"(?:not|never|no\s+longer)\s+(?:\w+\s+)?$|\b\w+n[’']t\s+(?:\w+\s+)?$"
)
_GATE = _VERB_SET | {"will", "would", "saying", "quoted", "according"}
_NO_COMMENT = (
    " to comment", " to say", " to elaborate", " to be drawn", " to give details",
    " to provide", " to respond", " to discuss", " to confirm", " comment",
)  # fmt: skip
_BY_SAYING = re.compile(r"\b(\w+ed)\sby\ssaying\s")
# The gate words of the three rules for rarer wordings: "quoted as saying", "according to",
# "<verb>ed by saying".
_RARE_CUES = frozenset({"quoted", "according", "saying"})


def _verbs(text: str, vocab: frozenset[str]) -> list[tuple[int, str]]:
    """(offset, verb) of the reporting and stance verbs of ``text`` (lowercase, whole
    words), in order; ``vocab`` is ``vocabulary(text)`` or the part of it in _GATE."""
    found = vocab & _VERB_SET
    if not found:
        return []
    return find_words(text, found, as_written=True)


# \b(?:will|would)\s… with the word boundary in front checked in Python (_will_phrase): a
# pattern that opens with a literal is found by a fast scan, one that opens with \b and an
# alternation is tried at every position (≈ 3.4 µs against 0.3 µs a sentence).
_WILL_RE = re.compile(
    r"w(?:ill|ould)\s(?:also\s|not\s|now\s|soon\s|still\s)?(?!be\b|have\b)[a-z]+\b"
)


def _will_phrase(text: str) -> re.Match[str] | None:
    """The first "will/would <verb>" of ``text`` that starts a word."""
    m = _WILL_RE.search(text)
    while m is not None:
        at = m.start()
        if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):  # \b as in re
            return m
        m = _WILL_RE.search(text, at + 1)
    return None

_WILL_ACTION = re.compile(
    r"\b(?:provide|send|cut|reduce|release|impose|join|sign|respond|retaliate|continue|withdraw|free|pay|"
    r"supply|deploy|host|review|raise|lower|hold|increase|extend|veto|block|oppose|support|back|fund|"
    r"implement|introduce|ban|end|suspend|resume|appeal|challenge|seek|push|press|not)$"
)
# \b[Aa]ccording to\s(?:the\s)? found by its literal part; the rest is checked in Python
_CCORDING = re.compile(r"ccording to\s(?:the\s)?")


def _according(text: str) -> tuple[int, int] | None:
    """(start, end) of the first "according to (the) " that starts a word."""
    m = _CCORDING.search(text)
    while m is not None:
        a = m.start() - 1
        if (
            a >= 0
            and text[a] in "Aa"
            and (a == 0 or not (text[a - 1].isalnum() or text[a - 1] == "_"))  # \b as in re
        ):
            return a, m.end()
        m = _CCORDING.search(text, m.start() + 1)
    return None

_QUOTED_AS = re.compile(r"\bquoted\s(.{2,60}?)\sas\s(?:saying|stating)\b")


class Claim(NamedTuple):
    """One stance of one actor in one sentence."""

    who: str
    kind: str  # name | pronoun
    stance: str
    sentence: Sentence
    weight: float


# Claim(...) without the Python-level __new__ of NamedTuple (what it does, minus a call),
# for the claims made most often.
_new_claim = tuple.__new__

_QUOTED = re.compile(r"[“\"][^“”\"]*(?:[”\"]|$)")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the quotations in ``text`` (an unclosed one runs to the end)."""
    return [m.span() for m in _QUOTED.finditer(text)]


def weight_for(verb: str) -> float:
    return 1.0 if verb in SAYING else 0.9


_OPENERS = ("“", '"', "‘")  # the marks a quotation opens with


def _quote_first(text: str) -> tuple[str, str] | None:
    """('quote', 'rest') for sentences that open with a quotation."""
    if text[:1] not in ("“", '"', "‘"):
        return None
    if text[0] != "‘" and "\n" not in text:
        # _QUOTE_FIRST by str.find: its lazy group ends at the first closing mark after
        # the quotation's first character, and on one line the rest always matches (\s*
        # is what str.lstrip strips, .* runs to the end); no closing mark, no match (nor
        # of _SINGLE_QUOTE_FIRST, which needs "‘")
        curly, straight = text.find("”", 2), text.find('"', 2)
        close = min(curly, straight) if curly >= 0 and straight >= 0 else max(curly, straight)
        if close < 0:
            return None
        return text[1:close], text[close + 1 :].lstrip()
    m = _QUOTE_FIRST.match(text) or _SINGLE_QUOTE_FIRST.match(text)
    if not m:
        return None
    return m.group(1), m.group(2)


# British style: ‘…,’ the minister said. The closing mark must follow punctuation, so an
# apostrophe ("Kyiv’s") is never taken for the end of the quotation.
_QUOTE_FIRST = re.compile(r"^[“\"](.+?)[”\"]\s*(.*)$")
_SINGLE_QUOTE_FIRST = re.compile(r"^‘(.+?[,.!?])’\s*(.*)$")


# What makes a statement a stance rather than a report of numbers: modality, the first
# person, negation, a demand, a judgement or a verb of taking sides.
_STANCE_MARK = re.compile(
    r"\b(?:will|would|should|must|could|(?-i:may|might)|can|cannot|can't|won't|need|needs|want|wants|"
    r"we|our|I|us|not|no|never|hopes?|expects?|believes?|urged?|calls?|demands?|plans?|aims?|"
    r"ready|prepared|concern\w*|welcome\w*|oppos\w+|support\w*|reject\w*|accept\w*|agree\w*|"
    r"den\w+|insist\w*|warn\w*|risks?|unacceptable|important|necessary|confident|wrong|"
    r"too|only|enough|likely|unlikely|because|despite|should)\b",
    re.I,
)
_HAS_DIGIT = re.compile(r"\d")
# "reported turnover of €9.6bn", "posted a record quarterly profit": results, no stance
_RESULTS = re.compile(
    r"(?:an?\s|its\s|their\s)?(?:[\w-]+\s){0,3}?(?:turnover|revenues?|sales|profits?|loss(?:es)?|"
    r"earnings|income|deficit|surplus|margins?|output|results)\b"
)
_NOT_DIGITS = bytes(c for c in range(256) if not 48 <= c <= 57)


def _has_digit(text: str) -> bool:
    if text.isascii():  # deleting every other byte is faster than a regex search
        return bool(text.encode().translate(None, _NOT_DIGITS))
    return _HAS_DIGIT.search(text) is not None  # other scripts' digits count too


def _data_report(stance: str, verb: str, who: tuple[str, str]) -> bool:
    """A neutral report of figures by an organisation ("inflation slowed to 1.9%, the agency
    said"; "56 people had been hospitalised, the department said"): numbers, a plain verb of
    saying, no stance. A named person giving numbers is usually making a point; kept."""
    return (  # set and string tests before the digit search
        (verb in SAYING or verb == "according")
        and who[1] in ("name", "orgref")
        and _has_digit(stance)
        and _STANCE_MARK.search(stance) is None
        and not names.is_person(who[0], set())
    )


def claims(sentences: list[Sentence]) -> list[Claim]:
    """Every attributable stance, in text order, pronouns not yet resolved."""
    out: list[Claim] = []
    for s in sentences:
        if s.heading:
            continue
        text = s.text
        # the gate words of the sentence: all that the rules below read of its vocabulary
        gate = vocabulary(text) & _GATE
        if text[:1] in _OPENERS:
            qf = _quote_first(text)
            if qf:
                quote, rest = qf
                hit = next(iter(_verbs(rest, vocabulary(rest))), None)
                if hit and hit[0] < 60:
                    pre = rest[: hit[0]].strip(" ,")
                    # "…," Tjasa Mlakar, the Greens' leader, told …: the appositive ends in
                    # a comma
                    who = (
                        names.subject_before(" " + pre + ("," if "," in pre else ""), False)
                        if pre
                        else None
                    )
                    if not pre:
                        after = names.name_after(rest[hit[0] + len(hit[1]) :])
                        who = (after, "name") if after else None
                    if who:
                        out.append(_new_claim(Claim, (who[0], who[1], skim(quote), s, 1.0)))
                        continue
        elif not gate and "“" not in text and '"' not in text:
            continue  # no gate word and no quotation: nothing to attribute
        if not gate.isdisjoint(_RARE_CUES):  # (one test for the three rules of rare words)
            qa = _QUOTED_AS.search(text) if "quoted" in gate else None
            if qa:
                subj = names.subject_before(qa.group(1), False)
                who_s = subj[0] if subj and subj[1] == "name" else qa.group(1)
                rest = text[qa.end() :].lstrip(" ,")
                qm = _FIRST_QUOTATION.search(text)
                stance = qm.group(1) if qm else rest
                out.append(Claim(who_s, "name", stance, s, 1.0))
                continue
            am = _according(text) if "according" in gate else None
            if am:
                tail = text[am[1] :]
                who_a = names.name_after(tail)
                head = _CAPITALISED_HEAD.match(tail)
                anonymous = (
                    head is not None
                    and _LOWERCASE_NEXT.match(tail[head.end() :]) is not None
                    and not _AND_OR_OF_NEXT.match(tail[head.end() :])
                )
                if who_a and not names.is_agency(who_a) and not anonymous:
                    comma = tail.find(", ")
                    if am[0] < 3 and comma > 0:
                        stance = tail[comma + 2 :]
                        nxt = stance.find(", ")
                        if (
                            0 < nxt
                            and len(stance[:nxt].split()) <= 8
                            and _CLAUSE_OPENING.match(stance)
                        ):
                            # an appositive: "Dan Pickering, Chief Investment Officer of …,"
                            stance = stance[nxt + 2 :]
                    else:
                        stance = text[: am[0]]
                    if not _data_report(stance, "according", (who_a, "name")):
                        out.append(Claim(who_a, "name", stance.strip(" ,."), s, 0.9))
                    continue
            by_saying = _BY_SAYING.search(text) if "saying" in gate else None
            if by_saying:
                who = names.subject_before(text[: by_saying.start()], by_saying.start() < 3)
                if who:
                    out.append(Claim(who[0], who[1], text[by_saying.end() :], s, 1.0))
                    continue
        found = False
        quoted = _quoted_spans(text) if ('"' in text or "“" in text) else []
        # _verbs(text, gate), inline: a Python call less for each sentence with a gate word
        found_verbs = gate & _VERB_SET
        verbs = find_words(text, found_verbs, as_written=True) if found_verbs else []
        if len(verbs) > 1 and verbs[-1][1] in SAYING:
            at, verb = verbs[-1]
            if _ENDS_SENTENCE.match(text, at + len(verb)) and 0 < text.rfind(",", at - 40, at):
                # "…, lowered the risk by 18%, the company said.": the closing attribution
                # names the actor of everything before it
                verbs = [verbs[-1]] + verbs[:-1]
        for at, verb in verbs[:3]:
            if verb == "found" and not text.startswith(" that", at + 5):
                continue  # "found that …" reports a finding; "found the body" does not
            if verb not in ("declined", "refused") and names.no_subject_before(text, at):
                # every path below then ends in ``continue``: "…," said X and "…, said X"
                # need a quotation mark or a comma before the verb, not a lowercase word
                continue
            if quoted and any(a < at < b for a, b in quoted):
                continue  # "She said …" inside someone's quotation is not a claim of hers
            before = text[:at]
            stripped = before.rstrip()
            end = at + len(verb)
            saying = verb in SAYING
            if stripped.endswith(("”", '"')):
                # "…," said Adam — the actor follows the verb
                who_n = names.name_after(text[end:])
                qm = _FIRST_QUOTATION.search(text)
                if who_n and qm:
                    out.append(Claim(who_n, "name", qm.group(1), s, 1.0))
                    found = True
                    break
                continue
            rest = text[end:]
            if verb in ("declined", "refused") and rest.startswith(_NO_COMMENT):
                found = True
                break  # "declined to comment": no stance at all
            if before.endswith("-"):
                continue  # "IndieWeb-approved": part of a compound word, not a verb
            if (
                saying
                and stripped.endswith(",")
                and rest[:1] == " "
                and rest[1:2].isupper()
                and len(stripped.split()) >= 5
            ):
                # "The talks will resume next week, said Jane Doe, a spokeswoman." (a name
                # is only looked for where a capital follows the verb)
                who_n = names.name_after(rest)
                if who_n:
                    out.append(Claim(who_n, "name", stripped.rstrip(","), s, 1.0))
                    found = True
                    break
            who = names.subject_before(before, at < 3 or before.count(" ") < 6)
            if not who:
                continue
            if verb in ("called", "calls") and not (
                rest.startswith(" for") or _QUOTE_SOON_AFTER.match(rest)
            ):
                continue
            if saying and (_VERB_ENDS_CLAUSE.match(rest) or _ENDS_SENTENCE.match(rest)):
                clause_before = before[: before.rfind(",")] if "," in before else ""
                if len(clause_before.split()) >= 4:
                    if not _data_report(clause_before, verb, who):
                        out.append(
                            Claim(who[0], who[1], clause_before.strip(' “”"'), s, weight_for(verb))
                        )
                    found = True
                    break
            tail_at = at - 40 if at > 40 else 0  # (``at`` is len(before))
            # every match of _NEGATED holds "no" ("not", "no longer"), "never" or "n't", so
            # its search from ``tail_at`` is only made when the text from there holds one
            # (tested with ``in`` on that slice: str.find parses its arguments each call)
            tail = before[tail_at:]
            negation = (
                _NEGATED.search(before, tail_at)
                if "no" in tail or "never" in tail or "n't" in tail or "n’t" in tail
                else None
            )
            if negation and saying:
                continue  # "did not say": no statement
            stance = after_verb(rest, verb, not saying)
            if negation:
                # keep "has not ruled out …" whole: a dropped "not" would invert the stance
                stance = before[negation.start() :] + stance
            if len(stance.split(None, 3)) < 3:  # fewer than three words
                qm = _FIRST_QUOTATION.search(text)
                if qm:
                    stance = qm.group(1)
                else:
                    continue
            if (saying and _data_report(stance, verb, who)) or (
                verb in ("reported", "reports", "posted") and _RESULTS.match(stance)
            ):  # (only verbs of saying report figures; results are no stance whoever reports)
                found = True
                break  # "…, the statistics office said": figures reported, no stance
            weight = 1.0 if saying else 0.9  # weight_for(verb), inline
            out.append(_new_claim(Claim, (who[0], who[1], stance, s, weight)))
            found = True
            break
        if found:
            continue
        wm = _will_phrase(text) if "will" in gate or "would" in gate else None
        if wm and _WILL_ACTION.search(wm.group()):
            who = names.subject_before(text[: wm.start()], True)
            if who and who[1] == "name" and wm.start() < 80:
                out.append(Claim(who[0], who[1], text[wm.start() :], s, 0.6))
                continue
        if text.startswith(("“", '"', "‘")) and out and out[-1].sentence.order == s.order - 1:
            # a quotation standing alone continues the previous speaker
            prev = out[-1]
            out.append(Claim(prev.who, prev.kind, text.strip('“”‘’" '), s, 0.5))
    return out
