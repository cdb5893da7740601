"""Positions: who holds which stance, from reporting verbs, quotes and 'according to'."""

from __future__ import annotations

import re
from typing import NamedTuple

from . import names
from .sentences import Sentence, find_words, vocabulary

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
    "approving criticizing praising warning urging ruled struck overturned upheld"
).split()
_VERBS = sorted(SAYING | set(STANCE), key=len, reverse=True)

_VERB_SET = frozenset(_VERBS)
_GATE = _VERB_SET | {"will", "would", "saying", "quoted", "according"}
_BY_SAYING = re.compile(r"\b(\w+ed)\sby\ssaying\s")


class _Hit:
    """A verb found in a sentence, with the bits of a match object the extractor uses."""

    __slots__ = ("_start", "_word")

    def __init__(self, start: int, word: str) -> None:
        self._start, self._word = start, word

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._start + len(self._word)

    def group(self) -> str:
        return self._word


def _verbs(text: str) -> list[_Hit]:
    """Reporting and stance verbs of ``text`` (lowercase, whole words), in order."""
    found = vocabulary(text) & _VERB_SET
    if not found:
        return []
    return [_Hit(p, w) for p, w in find_words(text, found) if text.startswith(w, p)]


_WILL_RE = re.compile(
    r"\b(?:will|would)\s(?:also\s|not\s|now\s|soon\s|still\s)?(?!be\b|have\b)[a-z]+\b"
)
_WILL_ACTION = re.compile(
    r"\b(?:provide|send|cut|reduce|release|impose|join|sign|respond|retaliate|continue|withdraw|free|pay|"
    r"supply|deploy|host|review|raise|lower|hold|increase|extend|veto|block|oppose|support|back|fund|"
    r"implement|introduce|ban|end|suspend|resume|appeal|challenge|seek|push|press|not)$"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s(?:the\s)?")
_QUOTED_AS = re.compile(r"\bquoted\s(.{2,60}?)\sas\s(?:saying|stating)\b")
_THAT = re.compile(r"^(?:[^“”\"]{0,70}?)\bthat\s")
_LEAD_IN = re.compile(
    r"^\s*(?:,\s*)?(?:(?:on|in|at|during|late|early|last|this|in an?|in a statement|in an interview)\b[^:“”\"]{0,45}?(?=,\s|[:“\"]|\sthat\s|$)|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s(?:morning|afternoon|evening|night))?)\s*"
)
_MAX_WORDS = 25


class Claim(NamedTuple):
    """One stance of one actor in one sentence."""

    who: str
    kind: str  # name | pronoun
    stance: str
    sentence: Sentence
    weight: float


def trim(text: str, max_words: int = _MAX_WORDS) -> str:
    """At most ``max_words`` words, no dangling quote mark, no trailing punctuation."""
    words = text.split()
    cut = " ".join(words[:max_words])
    if len(words) > max_words and "," in cut:
        head = cut[: cut.rfind(",")]
        if len(head.split()) >= 0.6 * max_words:
            cut = head  # end on a clause, not mid-phrase
    cut = cut.strip(" ,;:—–-")
    for q in ("“”", '""'):
        opens = cut.count(q[0]) if q[0] != q[1] else cut.count(q[0])
        closes = cut.count(q[1]) if q[0] != q[1] else 0
        if q[0] == q[1]:
            if opens % 2:
                i = cut.rfind(q[0])
                cut = cut[:i] + cut[i + 1 :]
        else:
            while cut.count("“") > cut.count("”"):
                i = cut.rfind("“")
                cut = cut[:i] + cut[i + 1 :]
            while cut.count("”") > cut.count("“"):
                i = cut.find("”")
                cut = cut[:i] + cut[i + 1 :]
            _ = opens, closes
    return re.sub(r"\s{2,}", " ", cut).strip(" ,;:.")


_TOLD_WHOM = re.compile(
    r"^\s(?:(?:the\s)?(?:[A-Z][\w.’'-]*\s?){1,4}|reporters|journalists|lawmakers|parliament|the\s\w+)(?=[\s,:])"
)


def _after_verb(rest: str, verb: str) -> str:
    """The stance clause that follows a verb, its lead-in ("on Friday that") dropped."""
    if verb in ("told", "tells"):
        whom = _TOLD_WHOM.match(rest)
        if whom:
            rest = rest[whom.end() :]
    m = _THAT.match(rest)
    lead = _LEAD_IN.match(rest[: m.end() - 5]) if m else None
    prefix = rest[: m.end() - 5].strip() if m else ""
    if m and (not prefix or (lead and lead.end() >= len(rest[: m.end() - 5].rstrip()))):
        rest = rest[m.end() :]
    else:
        for _ in range(2):
            lm = _LEAD_IN.match(rest)
            if lm and lm.end() > 0:
                rest = rest[lm.end() :]
    rest = rest.lstrip(" ,:")
    qm = re.match(r"^[“\"](.+?)[”\"]?$", rest.strip())
    if qm and verb in SAYING:
        return qm.group(1)
    if verb not in SAYING:
        rest = verb + " " + rest
    return rest


def weight_for(verb: str) -> float:
    return 1.0 if verb in SAYING else 0.9


def _quote_first(text: str) -> tuple[str, str] | None:
    """('quote', 'rest') for sentences that open with a quotation."""
    if text[:1] not in ("“", '"', "‘"):
        return None
    m = _QUOTE_FIRST.match(text) or _SINGLE_QUOTE_FIRST.match(text)
    if not m:
        return None
    return m.group(1), m.group(2)


# British style: ‘…,’ the minister said. The closing mark must follow punctuation, so an
# apostrophe ("Kyiv’s") is never taken for the end of the quotation.
_QUOTE_FIRST = re.compile(r"^[“\"](.+?)[”\"]\s*(.*)$")
_SINGLE_QUOTE_FIRST = re.compile(r"^‘(.+?[,.!?])’\s*(.*)$")


def claims(sentences: list[Sentence]) -> list[Claim]:
    """Every attributable stance, in text order, pronouns not yet resolved."""
    out: list[Claim] = []
    for s in sentences:
        if s.heading:
            continue
        text = s.text
        if not (vocabulary(text) & _GATE or "“" in text or '"' in text or text.startswith("‘")):
            continue
        qf = _quote_first(text)
        if qf:
            quote, rest = qf
            vm = next(iter(_verbs(rest)), None)
            if vm and vm.start() < 60:
                pre = rest[: vm.start()].strip(" ,")
                who = names.subject_before(" " + pre, False) if pre else None
                if not pre:
                    after = names.name_after(rest[vm.end() :])
                    who = (after, "name") if after else None
                if who:
                    out.append(Claim(who[0], who[1], skim(quote), s, 1.0))
                    continue
        vocab = vocabulary(text)
        qa = _QUOTED_AS.search(text) if "quoted" in vocab else None
        if qa:
            subj = names.subject_before(qa.group(1), False)
            who_s = subj[0] if subj and subj[1] == "name" else qa.group(1)
            rest = text[qa.end() :].lstrip(" ,")
            qm = re.search(r"[“\"](.+?)[”\"]", text)
            stance = qm.group(1) if qm else rest
            out.append(Claim(who_s, "name", stance, s, 1.0))
            continue
        am = _ACCORDING.search(text) if "according" in vocab else None
        if am:
            tail = text[am.end() :]
            who_a = names.name_after(tail)
            head = re.match(r"^(?:[A-Z][\w’'.-]*\s?|(?:of|the|de|von|der)\s)+", tail)
            anonymous = (
                head is not None
                and re.match(r"^\s?[a-z]", tail[head.end() :]) is not None
                and not re.match(r"^\s?(?:and|of)\b", tail[head.end() :])
            )
            if who_a and not names.is_agency(who_a) and not anonymous:
                comma = tail.find(", ")
                if am.start() < 3 and comma > 0:
                    stance = tail[comma + 2 :]
                    nxt = stance.find(", ")
                    if (
                        0 < nxt
                        and len(stance[:nxt].split()) <= 8
                        and re.match(r"^(?:[A-Z]|an?\s|the\s)", stance)
                    ):
                        stance = stance[
                            nxt + 2 :
                        ]  # an appositive: "Dan Pickering, Chief Investment Officer of …,"
                else:
                    stance = text[: am.start()]
                out.append(Claim(who_a, "name", stance.strip(" ,."), s, 0.9))
                continue
        found = False
        by_saying = _BY_SAYING.search(text) if "saying" in vocab else None
        if by_saying:
            who = names.subject_before(text[: by_saying.start()], by_saying.start() < 3)
            if who:
                out.append(Claim(who[0], who[1], text[by_saying.end() :], s, 1.0))
                continue
        for vm in _verbs(text):
            verb = vm.group()
            before = text[: vm.start()]
            stripped = before.rstrip()
            if stripped.endswith(("”", '"')) or stripped.endswith((",”", ',"')):
                # "…," said Adam — the actor follows the verb
                who_n = names.name_after(text[vm.end() :])
                qm = re.search(r"[“\"](.+?)[”\"]", text)
                if who_n and qm:
                    out.append(Claim(who_n, "name", qm.group(1), s, 1.0))
                    found = True
                    break
                continue
            rest = text[vm.end() :]
            if verb in SAYING and stripped.endswith(",") and len(stripped.split()) >= 5:
                # "The talks will resume next week, said Jane Doe, a spokeswoman."
                who_n = names.name_after(rest)
                if who_n and rest[:1] == " " and rest[1:2].isupper():
                    out.append(Claim(who_n, "name", stripped.rstrip(","), s, 1.0))
                    found = True
                    break
            who = names.subject_before(before, vm.start() < 3 or before.count(" ") < 6)
            if not who:
                continue
            if verb in ("called", "calls") and not (
                rest.startswith(" for") or re.match(r"^(?:\s\S+){0,5}\s[“\"]", rest)
            ):
                continue
            if verb in SAYING and re.match(r"^\s*(?:on\s\w+\s*)?[,.]", rest):
                clause_before = before[: before.rfind(",")] if "," in before else ""
                if len(clause_before.split()) >= 4:
                    out.append(
                        Claim(who[0], who[1], clause_before.strip(' “”"'), s, weight_for(verb))
                    )
                    found = True
                    break
            stance = _after_verb(rest, verb)
            if len(stance.split()) < 3:
                qm = re.search(r"[“\"](.+?)[”\"]", text)
                if qm:
                    stance = qm.group(1)
                else:
                    continue
            out.append(Claim(who[0], who[1], stance, s, weight_for(verb)))
            found = True
            break
        if found:
            continue
        wm = _WILL_RE.search(text) if "will" in vocab or "would" in vocab else None
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


def _tokens(text: str) -> int:
    return len(re.findall(r"[\w']+", text))


_STANCE_WORD = re.compile(
    r"\b(?:regret\w*|must|should|will|won't|want\w*|need\w*|believe|think|hope|expect|ready|reject\w*|"
    r"oppose|support|welcome|condemn\w*|never|not|no|unacceptable|important|deeply|committed|determined|"
    r"wrong|right|absurd|disrespect\w*|serious|threat\w*|can't|cannot|don't|refuse|demand\w*)\b",
    re.I,
)


def skim(quote: str, budget: int = 30) -> str:
    """A long quotation cut to its most stance-like sentences, in their order."""
    if _tokens(quote) <= budget:
        return quote
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", quote) if p.strip()]
    if len(parts) == 1:
        return quote
    scored = sorted(
        range(len(parts)),
        key=lambda i: (
            -(
                len(_STANCE_WORD.findall(parts[i]))
                + 0.5 * bool(re.search(r"\b(?:I|we|We)\b", parts[i]))
                - 0.04 * _tokens(parts[i])
                + (0.6 if i == 0 else 0.0)
            )
        ),
    )
    chosen: list[int] = []
    used = 0
    for i in scored:
        n = _tokens(parts[i])
        if used + n <= budget:
            chosen.append(i)
            used += n
    if not chosen:
        return parts[scored[0]]
    return " … ".join(parts[i].rstrip(".") for i in sorted(chosen))


def merge_stances(parts: list[str], limit: int = 32) -> str:
    """Join distinct stance clauses with '; ' while the whole stays within ``limit`` words."""
    out: list[str] = []
    n = max(1, min(len(parts), 3))
    first = limit if n == 1 else 16
    for k, p in enumerate(parts):
        each = first if k == 0 else max(8, (limit - first) // max(1, n - 1))
        p = trim(skim(p, each) if re.search(r"[.!?]\s", p) else p, each)
        if not p or any(p.lower() in o.lower() for o in out):
            continue
        room = limit - sum(_tokens(o) for o in out)
        if room < 6:
            break
        if _tokens(p) > room:
            words = p.split()
            while words and _tokens(" ".join(words)) > room:
                words.pop()
            p = trim(" ".join(words))
        if p:
            out.append(p)
    return "; ".join(out)


class Ranked(NamedTuple):
    """An actor with its merged stance, ready to become a Position."""

    who: str
    stance: str
    evidence: str
    score: float
    first: int


_WORDS = re.compile(r"[\w'’-]+")
_CAPWORD = re.compile(r"[A-Z][\w-]+")
_OWNED = re.compile(r"['’]s\s([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)+)")
_THE = re.compile(r"^(?:the|The)\s")


def _mentions(body: str, index: list[str], people: set[str]) -> list[tuple[int, str]]:
    """Where each person is named, in text order (for he/she and his/her)."""
    return [
        (pos, names.fullest(n, index)) for pos, n in names.runs(body) if names.is_person(n, people)
    ]


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
            lazy["people"] = {n.split()[-1] for n in index() if names.is_person(n, set())}
        return lazy["people"]  # type: ignore[return-value]

    def person_like(who: str) -> bool:
        return names.is_person(who, people() if " " not in who else set())

    mentions: list[tuple[int, str]] | None = None
    full: dict[str, str] = {}
    groups: dict[str, list[tuple[str, Claim]]] = {}
    last_person: tuple[int, str] | None = None
    last_org: tuple[int, str] | None = None
    for c in found:
        who = c.who
        if c.kind == "pronoun" and c.who == "it":
            if last_org is None or c.sentence.order - last_org[0] > 2:
                continue
            who = last_org[1]
        elif c.kind == "pronoun":
            possessive = c.who in ("his", "her")
            if last_person and c.sentence.order - last_person[0] <= 3 and not possessive:
                who = last_person[1]
            else:
                if mentions is None:
                    mentions = _mentions(body, index(), people())
                upto = c.sentence.start + (len(c.sentence.text) if possessive else 0)
                prior = [n for pos, n in mentions if pos < upto]
                if not prior:
                    continue
                who = prior[-1]
        who = _THE.sub("", who).strip(' ,.“”"')
        if not who or names.is_agency(who) or len(who.split()) > 6:
            continue
        if who not in full:
            full[who] = names.fullest(who, index()) if " " not in who else who
        who = full[who]
        person = person_like(who)
        if person:
            last_person = (c.sentence.order, who)
        else:
            last_org = (c.sentence.order, who)
        key = who.split()[-1].lower() if person else who.lower()
        groups.setdefault(key, []).append((who, c))
    for key in list(groups):
        # "PVM's Tamas Varga": the firm speaks through its named analyst
        if " " in key or key not in groups:
            continue
        name = groups[key][0][0]
        at = body.find(name + "'s ")
        if at < 0:
            at = body.find(name + "’s ")
        owner = _OWNED.match(body, at + len(name)) if at >= 0 else None
        if owner:
            speaker = owner.group(1).split()[-1].lower()
            if speaker in groups and speaker != key:
                groups[speaker] = sorted(
                    groups[speaker] + groups.pop(key), key=lambda wc: wc[1].sentence.order
                )
    for key in sorted(groups, key=len):
        for other in list(groups):
            if other != key and key in groups and other.endswith(" " + key) and " " in key:
                groups[other] = sorted(
                    groups[other] + groups.pop(key), key=lambda wc: wc[1].sentence.order
                )
                break
    title_words = set(_WORDS.findall(title.lower()))
    body_low = body.lower()
    scored: list[tuple[float, int, str, list[tuple[str, Claim]]]] = []
    for items in groups.values():
        who = max((w for w, _ in items), key=lambda w: len(w.split()))
        score = 0.0
        for _, c in items:
            i = c.sentence.order
            score += c.weight * (1.6 if i < 3 else 1.0 if i < 8 else 0.7)
        if who.split()[-1].lower() in title_words:
            score += 1.5
        marks = [
            t.lower()
            for t in _CAPWORD.findall(who)
            if t.lower() not in names.ORG_WORDS and t.lower() not in names.TITLES
        ]
        if marks:
            score += 0.25 * min(max(body_low.count(t) for t in marks), 6)
        scored.append((score, items[0][1].sentence.order, who, items))
    scored.sort(key=lambda t: (-t[0], t[1]))
    ranked: list[Ranked] = []
    for score, first, who, items in scored:
        stance = merge_stances([c.stance for _, c in items])
        if stance:
            ranked.append(Ranked(who, stance, items[0][1].sentence.text, score, first))
        if len(ranked) >= limit:
            break
    return ranked
