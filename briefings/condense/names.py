"""Names of actors without a tagger: capitalised runs, titles, appositives, agencies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

_SOURCE_SUFFIX = re.compile(r"\s(?:agency|news agency|data|report|news)$")
_SOURCE_ENDS = ("agency", "data", "report", "news")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_COMMON_NOUN_PLURAL = re.compile(r"(?:ers|ists|ants|ials|ors|ics)$")

CONNECTORS = frozenset(
    {"von", "der", "van", "de", "den", "bin", "al", "da", "di", "du", "la", "le", "del", "ibn"}
)
# Words that make a capitalised run a title, not (part of) a name.
# The head of a title ("Minister", "Speaker", "Rep."): the name follows it.
HONORIFICS = frozenset(
    """president minister secretary general leader speaker rep rep. sen sen. gov gov. governor
    chancellor officer ceo cfo coo mr mr. mrs mrs. ms ms. dr dr. mayor ambassador spokesperson
    spokesman spokeswoman adviser advisor aide director head chair chairman chairwoman
    commissioner king queen prince pope sheikh judge justice attorney senator representative
    congressman congresswoman lt lt. gen gen. col col. admiral commander envoy economist analyst
    strategist founder professor prof prof. sir lord lady premier manager assemblymember
    assemblyman assemblywoman councilmember councilman councilwoman councillor councilor
    member lawmaker legislator superintendent sheriff coach inspector treasurer comptroller
    bishop archbishop rabbi imam cardinal""".split()
)
# Words that qualify a title ("Defense", "Majority", "Chief") and never start a name.
TITLE_MODIFIERS = frozenset(
    """vice prime state majority minority senate house foreign defense defence finance interior
    economy trade energy health chief executive presidential deputy assistant former acting
    interim gop democratic republican democrat campaign national security white press
    investment minister's president's delegation crown homeland treasury commerce labor labour
    agriculture education transportation justice the""".split()
)
TITLES = HONORIFICS | TITLE_MODIFIERS
ORG_WORDS = frozenset(
    """ministry commission council bank agency association institute party union organization
    organisation administration department office service committee court government house senate
    congress kremlin parliament group inc inc. corp corp. company foundation fund forces army navy
    cabinet campaign alliance authority authorities federation board reserve police club university
    league coalition embassy nato opec un eu ecb imf fda faa ministry statistics bureau survey
    institution centre center network trust society secretariat observatory programme""".split()
)
# Lowercase heads of an actor: organisations may be named by a modifier alone ("the
# electoral commission"); people need a named owner ("Israel's security cabinet" yes,
# "the nine judges" no).
ORG_HEADS = frozenset(
    """campaign cabinet office government ministry delegation council administration team
    service military army regulator court committee union board parliament commission
    utility company firm agency authority bank""".split()
)
PEOPLE_HEADS = frozenset(
    """spokesperson spokesman spokeswoman official officials minister president leader
    leaders lawmakers negotiators judges""".split()
)
# "the company said", "the union said": an organisation named before, as "it" is. Heads
# of one meaning only ("the government" may be anyone's; people heads are no one's).
ORG_REFERENCES = frozenset(
    """company firm group union agency ministry regulator bank lender insurer carrier airline
    automaker retailer startup start-up club league association federation alliance coalition
    council commission authority operator utility department institute organisation
    organization charity court""".split()
)
LOWER_HEADS = ORG_HEADS | PEOPLE_HEADS | ORG_REFERENCES
# Outlets and wire agencies report; they are never the actor of a position.
AGENCIES = (
    "reuters", "associated press", "ap", "afp", "agence france-presse", "anadolu", "xinhua",
    "tass", "ria novosti", "interfax", "bloomberg", "dpa", "ansa", "efe", "kyodo", "yonhap",
    "pti", "ani", "upi", "cnn", "bbc", "fox news", "cnbc", "nbc", "abc news", "cbs",
    "new york times", "washington post", "wall street journal", "guardian", "financial times",
    "axios", "politico", "al jazeera", "sky news", "nikkei", "lseg", "refinitiv", "x", "twitter",
)  # fmt: skip
_AGENCY_SET = frozenset(AGENCIES)
_AGENCY_RE = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in AGENCIES) + r")\b", re.I)
# Capitalised words that open sentences without naming anyone.
NOT_NAMES = frozenset(
    """the a an it its this that these those there here they we i he she you our their his her
    however meanwhile but and or so yet still also after before when while if as although despite
    in on at for from with by of to under over since during instead now then later earlier
    analysts officials experts economists markets investors critics residents sources some many
    others both all several most few each every one two such other another no not what who why how
    according is was are were do does did will can should would has have why""".split()
)
PRONOUNS = frozenset({"he", "she", "it"})
# Words that mark a capitalised name as an organisation's, beyond ORG_WORDS
# ("Lunda Copper Holdings", "Veridane Therapeutics", "Loomwise Workers Collective").
COMPANY_WORDS = ORG_WORDS | frozenset(
    """holdings therapeutics pharmaceutical pharmaceuticals pharma capital partners industries
    energy motors airlines airways systems technologies technology labs bio biotech collective
    workers mining resources minerals oil gas steel foods media social launch sports ventures
    investments logistics shipping telecom networks software group corporation limited ltd plc
    llc gmbh""".split()
)


def is_org(name: str) -> bool:
    """A capitalised name with an organisation word in it ("Lunda Copper Holdings")."""
    return any(unposs(t).lower() in COMPANY_WORDS for t in name.split())


# An American lawmaker's party and home ("Rep. Anita Shah, D-Keene, said"; "(R-Texas)").
_PARTY_HOME = re.compile(r"\(?[DRI]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\)?")
_OF_CONNECTORS = CONNECTORS | {"of"}

# A possessive ending ("Kyiv's", "Reuters’"): the regex (?:'s|’s|'|’)$ as plain string tests.
_POSS_ENDINGS = ("'s", "’s", "'", "’")


def unposs(t: str) -> str:
    """``t`` without its possessive ending (tokens hold no white space, so the regex's
    ``$`` before a final newline never comes into play)."""
    if t.endswith(("'s", "’s")):
        return t[:-2]
    if t.endswith(("'", "’")):
        return t[:-1]
    return t


_ADVERB_WORDS = frozenset(
    """also later previously earlier again has have had reportedly then now already repeatedly
    publicly further himself herself itself once firmly strongly quickly immediately officially
    personally separately formally jointly openly never not only just initially""".split()
)
_ADVERB_PAIRS = frozenset(
    [f"on {d}" for d in "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()]
    + [f"{a} {b}" for a in ("this", "last") for b in ("week", "month")]
)


# Every word that can end an adverb tail: the last word of ``s`` must be one of them (one
# set lookup rules out most subjects before the character walk below).
_TAIL_WORDS = _ADVERB_WORDS | {p.rsplit(None, 1)[-1] for p in _ADVERB_PAIRS}


def _adverb_tail(s: str) -> int:
    """Where an adverb, auxiliary or time phrase ending ``s`` starts (with the white space
    before it), or -1: one word ("also", "has", "never") or a pair ("on Friday", "last week").
    ``s`` is not empty and ends on a word of _TAIL_WORDS (the caller has tested its last word)."""
    k = len(s)
    i = k
    while i and not s[i - 1].isspace():
        i -= 1
    if s[i:] in _ADVERB_WORDS:
        return i - 1 if i else 0
    if i >= 2:
        j = i - 1
        while j and not s[j - 1].isspace():
            j -= 1
        if s[j : i - 1] + " " + s[i:] in _ADVERB_PAIRS:
            return j - 1 if j else 0
    return -1


def is_agency(name: str) -> bool:
    """True when ``name`` is a news outlet or wire agency (or only their data)."""
    low = name.lower().strip()
    if low.startswith("the") and low[3:4].isspace():
        low = low[4:]  # ^the\s
    if low.isascii():  # the regex, case-folded, can only match the listed names themselves
        # a source suffix ends on one of _SOURCE_ENDS: without one, _SOURCE_SUFFIX leaves
        # ``low`` as it is
        return low in _AGENCY_SET or (
            low.endswith(_SOURCE_ENDS)
            and (_SOURCE_SUFFIX.sub("", low) in _AGENCY_SET or low.endswith(" data"))
        )
    m = _AGENCY_RE.fullmatch(low) or _AGENCY_RE.fullmatch(_SOURCE_SUFFIX.sub("", low))
    return m is not None or low.endswith(" data")


_PARTICLES = ("al-", "el-", "bin-", "ad-", "as-", "ash-", "ibn-", "abu-", "d'", "d’")


def _is_cap(word: str) -> bool:
    if not word:
        return False
    c = word[0]
    if c.isupper():
        return True
    if c in '“"':
        return len(word) > 1 and word[1].isupper()
    # "al-Mansouri", "d'Estaing": a lowercase particle joined to a capitalised name (every
    # particle starts with one of "abdei")
    return c in "abdei" and (
        word.startswith(_PARTICLES) and word[word.find("-") + 1 :][:1].isupper()
        or word.startswith(("d'", "d’")) and word[2:3].isupper()
    )


_PUNCT = ',;:()[]“”"'


def _clean(word: str) -> str:
    return word.strip(_PUNCT)


def strip_titles(tokens: list[str]) -> list[str]:
    """'Ukrainian Defense Minister Rustem Umerov' -> 'Rustem Umerov'."""
    while tokens and tokens[0].lower() in ("the", "a", "an"):
        tokens = tokens[1:]
    for t in tokens:
        if t.endswith(_POSS_ENDINGS) or t.lower() in HONORIFICS:
            break
    else:
        return tokens  # the common case: no owner ("PVM's") and no title, nothing to strip
    for i, t in enumerate(tokens[:-2]):
        # "PVM's Tamas Varga" -> "Tamas Varga": an owner before a full name
        if (
            t.endswith(_POSS_ENDINGS)
            and all(_is_cap(x) for x in tokens[i + 1 :])
            and unposs(t).lower() not in TITLES
        ):
            tokens = tokens[i + 1 :]
            break
    last_title = -1
    for i, t in enumerate(tokens):
        # unposs(t).lower() in HONORIFICS, with unposs only for a word that ends on a
        # possessive (unposs leaves every other word as it is)
        if t.lower() in HONORIFICS or (
            t.endswith(_POSS_ENDINGS) and unposs(t).lower() in HONORIFICS
        ):
            last_title = i
    if 0 <= last_title < len(tokens) - 1:
        rest = tokens[last_title + 1 :]
        r0 = rest[0]  # (the first word mostly settles the all(); tested without a generator)
        if (unposs(r0).lower() in ORG_WORDS or r0.lower() in ("of", "the")) and all(
            unposs(t).lower() in ORG_WORDS or t.lower() in ("of", "the") for t in rest
        ):
            return tokens  # "National Security Council", "Turkish Foreign Ministry"
        if rest[0].lower() == "of":
            person = rest[1:]
            while person and person[0].lower() in TITLE_MODIFIERS:
                person = person[1:]  # "Secretary of State Antony J. Blinken"
            person = strip_titles(person) if person else []
            # "Minister of Finance Ada Ruiz" names her; "House of Representatives" is a body
            return person if len(person) >= 2 else tokens
        return rest
    return tokens


def is_person(name: str, known_people: set[str]) -> bool:
    """A guess: two or more capitalised words with no organisation word, or a known surname."""
    if " " not in name:
        return name in known_people and _looks_like_person(name)
    return _looks_like_person(name)


# Last words of capitalised names that are no person: laws, taxes, events, places, prizes
# ("Universal Social Charge", "Inflation Reduction Act", "World Championships").
NON_PERSON_HEADS = frozenset(
    """act acts bill charge tax levy duty treaty agreement accord pact deal convention protocol
    directive regulation law code index summit cup championship championships games olympics
    prize award plan programme program initiative scheme strategy framework day week street
    avenue square road bridge river sea ocean valley airport station stadium hall palace tower
    island islands mountains park port canal strait gulf coast province region county district
    city republic kingdom exchange market report fund pension allowance mission telescope
    storm cyclone hurricane typhoon""".split()
)


@lru_cache(maxsize=2048)
def _looks_like_person(name: str) -> bool:
    toks = name.split()
    if any(t.lower().strip("'’s") in COMPANY_WORDS or t.lower() in COMPANY_WORDS for t in toks):
        return False
    if len(toks) > 1 and toks[-1].lower() in NON_PERSON_HEADS:
        return False
    if len(toks) == 1:
        return True
    return all(_is_cap(t) or t.lower() in CONNECTORS for t in toks) and not any(
        t.isupper() and len(t) > 1 for t in toks
    )


def no_subject_before(text: str, at: int) -> bool:
    """True when ``subject_before(text[:at], …)`` is certainly None, read from the words
    right before ``at`` alone: "are expected", "which organisers say", "the opposition has
    called". The early rejection of subject_before where every word is all letters and
    stands after a single space: up to four adverbs or auxiliaries of one word walked over,
    then a lowercase word that is no pronoun, "who"/"which" or lowercase head."""
    end = at - 1  # the space after the word
    for n in range(5):
        if end < 1 or text[end] != " ":
            return False
        k = text.rfind(" ", 0, end)
        if k + 1 < at - 160:  # the word is cut by subject_before's window
            return False
        w = text[k + 1 : end]
        if not (w.isalpha() and w[0].islower()):  # (no white space, punctuation, capital)
            return False
        if w in _TAIL_WORDS and n < 4:
            if w not in _ADVERB_WORDS:
                return False  # maybe a pair ("last week"): not followed here
            if k <= 0:
                return True  # nothing left before the adverb
            end = k
            continue
        return (
            w not in ("who", "which")
            and not (len(w) <= 3 and w.lower() in PRONOUNS)
            and w.lower() not in LOWER_HEADS
        )
    return False


def subject_before(
    before: str, sentence_start: bool, relative: bool = False
) -> tuple[str, str] | None:
    """The actor right before a verb: ('Henrik Adam', 'name'), ('he', 'pronoun') or None.

    Handles titles ("Senate Majority Leader Chuck Schumer"), appositives
    ("Peter Rough, a senior fellow at the Hudson Institute,"), adverbs and auxiliaries
    ("Medinsky also", "Ukraine has") and lowercase heads ("Israel's security cabinet").
    """
    s = before[-160:].rstrip()
    if not s:
        return None
    last = s.rsplit(None, 1)[-1]  # (``s`` ends on no white space)
    for _ in range(4):
        if last not in _TAIL_WORDS:
            break
        cut = _adverb_tail(s)
        if cut < 0:
            break
        s = s[:cut].rstrip()
        if not s:
            return None
        last = s.rsplit(None, 1)[-1]
    if last[-1] == ",":  # s.endswith(",")
        inner = s[:-1]
        k = inner.rfind(",")
        paren = inner.rfind("(")
        if paren > k and inner.find(")", paren) < 0:
            k = paren  # an open parenthesis; a closed one ("(GMS)") is part of the segment
        seg = inner[k + 1 :].strip()
        words = seg.split()
        if k >= 0 and words and (
            (words[0].strip("()").isdigit() and all(w.strip("()").isdigit() for w in words))
            or ("-" in seg[1:3] and _PARTY_HOME.fullmatch(seg) is not None)
        ):
            # an age or a party and home: "Lena Brandt, 45, said", "Rep. Anita Shah, D-Keene,"
            s = inner[:k].rstrip()
            if not s:
                return None
            last = s.rsplit(None, 1)[-1]
        elif (
            words
            and len(words) <= 5
            and (_is_cap(words[0]) or words[0] in CONNECTORS)
            and all(_is_cap(w) or w in CONNECTORS for w in words)
        ):
            k2 = inner.rfind(",", 0, k) if k >= 0 else -1
            chunk = inner[k2 + 1 : k].strip()
            if k2 >= 0 and chunk[:1].islower() and len(words) <= 2:
                # "Kestrel Mobility, based in Portland, Ore., said": the capitalised piece
                # ends a place inside an appositive; the actor stands before it
                return subject_before(inner[:k2] + " ", sentence_start, relative)
            name = " ".join(strip_titles(words))
            return (name, "name") if name.lower() not in NOT_NAMES else None
        elif (
            k >= 0
            and words
            and (
                (words[0][0].islower() and words[0] not in CONNECTORS)
                or any(w[0].islower() and w not in CONNECTORS for w in words)
                or words[0].lower() in ("a", "an", "the")
            )
        ):
            s = inner[:k].rstrip()  # an appositive: "Peter Rough, a senior fellow …,"
            if not s:
                return None
            c = s.rfind(",")
            if c >= 0 and _PARTY_HOME.fullmatch(s[c + 1 :].strip()):
                s = s[:c].rstrip()  # "Sen. Paula Ritter, R-Hudson, who chairs …, said"
            last = s.rsplit(None, 1)[-1]
        else:
            return None
    if (
        not last[0].isupper()
        and not _is_cap(last)
        and not (last[0] == "(" and last[-1] == ")")
        and last not in ("who", "which")
        and not (len(last) <= 3 and last.lower() in PRONOUNS)
        and unposs(last).lower() not in LOWER_HEADS
    ):
        # most calls: a last word that is no name, pronoun, lowercase head or "who" ("…
        # as food costs"): the walk below would find no actor; no need to split it all
        return None
    toks = s.split()
    if toks and toks[-1] in ("who", "which") and len(toks) > 1:
        return subject_before(" ".join(toks[:-1]), sentence_start, True)  # "Trump who said …"
    if not toks:
        return None
    last = toks[-1]
    if len(last) <= 3 and last.lower() in PRONOUNS:  # (lowercasing never shortens)
        return last.lower(), "pronoun"
    if (
        len(toks) >= 2
        and len(toks[-2]) <= 3
        and toks[-2].lower() in ("his", "her")
        and unposs(last).lower() in LOWER_HEADS
    ):
        return toks[-2].lower(), "pronoun"  # "his office said" speaks for the last named person
    run: list[str] = []
    i = len(toks) - 1
    lower_head = last[0].islower() and unposs(last).lower() in LOWER_HEADS
    if lower_head:
        run.append(last)
        i -= 1
        mods = 0
        while (
            i >= 0
            and toks[i][0].islower()
            and toks[i].lower() not in ("the", "a", "an", "of", "and", "for")
            and mods < 3
            and not toks[i].endswith(",")
        ):
            run.insert(0, toks[i])
            i -= 1
            mods += 1
        if i < 0 or toks[i].endswith((",", ";", ":")):
            return None
        owner = toks[i]
        if not (
            owner.endswith(_POSS_ENDINGS)
            or (_is_cap(owner) and owner.lower() not in ("the", "a", "an"))
        ):
            head = unposs(run[-1]).lower()
            if run and run[0].endswith(_POSS_ENDINGS):
                return (" ".join(run), "name")  # "the city's water utility"
            if head in ORG_HEADS and len(run) >= 2 and owner.lower() == "the":
                return (" ".join(run), "name")  # "the electoral commission"
            if len(run) == 1 and head in ORG_REFERENCES and owner.lower() == "the" and (
                i == 0 or toks[i - 1].endswith((",", ";", ":"))
            ):
                return head, "orgref"  # "The company said", "In a statement, the union said"
            return None  # "The nine judges", "the government": no one is named
    back: list[str] = []  # the words of the run walked over below, the last one first
    while i >= 0:
        t = toks[i]
        if t[0].isupper() and t[-1] not in ',;:”".':
            # the common case, settled by the first and last characters alone: a capitalised
            # word with no punctuation after it joins the run
            back.append(t)
            i -= 1
            continue
        if (
            t[-1] in ',;:”".'  # tokens are never empty
            and not _INITIALS.fullmatch(t)
            and not t.endswith((" Jr.",))
        ):
            break
        if t[0] == "(" and t[-1] == ")":
            i -= 1
            continue
        if (
            t[0].isupper()  # the common case of _is_cap, without the call
            or (t[0] in '“"abdei' and _is_cap(t))  # (the other first characters it takes)
            or (t.lower() in CONNECTORS and (back or run))
            or (t == "of" and (back or run) and i > 0 and _is_cap(toks[i - 1]))
        ):
            back.append(t)
            i -= 1
            continue
        break
    if back:
        back.reverse()
        run = back + run if run else back
    while run and run[0].lower() in _OF_CONNECTORS:
        run = run[1:]
    if not run:
        return None
    if i >= 1 and toks[i] in ("the", "of") and (person := _person_before_of(toks, i)):
        return person, "name"  # "Nadia Keller of the University of Geneva": the person speaks
    if (
        i >= 1
        and toks[i] == "for"
        and unposs(toks[i - 1]).lower() in HONORIFICS
        and len(run) >= 3
        and all(_is_cap(t) for t in run[-2:])
    ):
        return " ".join(_clean(t) for t in run[-2:]), "name"  # "Minister for Finance Ada Ruiz"
    if (
        not relative
        and i >= 0
        and toks[i].lower() in _PREPOSITIONS
    ):
        return None  # the object of a preposition, or one of several coordinated actors
    while len(run) > 1 and run[0].strip(_PUNCT).lower() in NOT_NAMES:
        run = run[1:]  # "Once Peregrine", "If Kyiv"
    at_start = i < 0 and sentence_start
    if at_start and len(run) == 1 and run[0].lower() in NOT_NAMES:
        return None
    if len(run) == 1 and run[0].strip(_PUNCT).lower() in NOT_NAMES:
        return None
    if at_start and len(run) == 1 and _COMMON_NOUN_PLURAL.search(run[0]):
        return None
    joined = "".join(run)
    if '"' in joined or "“" in joined or "”" in joined:
        return None  # our “America first” president: a quoted epithet, not a name
    if joined.isalpha():
        # words of letters alone: nothing for _clean to strip, no possessive, and no article
        # first (the NOT_NAMES tests above saw to it), so strip_titles only changes them
        # where one of them is a title
        lowered = " ".join(run).lower().split()
        words = run if HONORIFICS.isdisjoint(lowered) else strip_titles(run)
    else:
        words = strip_titles([t.strip(_PUNCT) for t in run])  # _clean, inline
    if not words or (len(words) == 1 and words[0].lower() in NOT_NAMES):
        return None
    if "of" in words:  # "Tom Reyes of Kestrel Mobility": the person, not the pair
        left = words[: words.index("of")]
        if _is_full_name(left):
            words = left
    name = " ".join(words)
    return name, "name"


# Words before a capitalised run that make it an object or one of several actors.
_PREPOSITIONS = frozenset(
    """in at of from to for with by on into against than about over near and or nor""".split()
)


def _person_before_of(toks: list[str], i: int) -> str | None:
    """The person in "<Name> of (the) <Organisation>" when ``toks[i]`` is that "the"/"of"."""
    j = i - 1 if toks[i] == "the" else i
    if toks[j] != "of" or j < 2:
        return None
    k = j
    while k > 0 and _is_cap(toks[k - 1]) and not toks[k - 1].endswith((",", ";", ":")):
        k -= 1
    person = strip_titles([_clean(t) for t in toks[k:j]])
    return " ".join(person) if _is_full_name(person) else None


def _is_full_name(words: list[str]) -> bool:
    """Two to four words that look like a person's name and hold no title."""
    return (
        2 <= len(words) <= 4
        and _looks_like_person(" ".join(words))
        and not any(w.lower() in TITLES for w in words)
    )


_ABBREVIATED_TITLES = frozenset({"Dr", "Mr", "Mrs", "Ms", "Prof", "Gen", "Sen", "Rep", "Gov", "Col", "Lt"})


def name_after(text: str) -> str | None:
    """The name opening ``text``: 'said Ursula von der Leyen, President of …' -> its name."""
    toks = text[:160].split()
    run: list[str] = []
    and_at = -1
    for k, t in enumerate(toks[:8]):
        c = t.rstrip(",.;:")
        if not run and c.lower() in ("the",):
            continue
        if c == "and" and run and and_at < 0 and k + 1 < len(toks) and _is_cap(toks[k + 1]):
            and_at = len(run)  # "Canada Mortgage and Housing Corp.": kept if an org word follows
            run.append(c)
            continue
        if _is_cap(c) or (run and c.lower() in CONNECTORS) or (run and c == "of"):
            run.append(c.strip('“”"()'))
            if t != c and not (t == c + "." and c in _ABBREVIATED_TITLES):
                break
            continue
        break
    if and_at >= 0 and not any(w.lower().rstrip(".") in ORG_WORDS for w in run[and_at + 1 :]):
        del run[and_at:]
    while run and run[-1] in ("of",):
        run.pop()
    words = strip_titles(run)
    if not words or (len(words) == 1 and words[0].lower() in NOT_NAMES):
        role = _ROLE_FIRST.match(text) if not run else None
        # "said the prime sponsor, Rep. Marcus Delacroix": the role, then the name
        return name_after(text[role.end() :]) if role else None
    return " ".join(words)


# A role before the name it belongs to: "the prime sponsor, ", "the company's chief executive, "
_ROLE_FIRST = re.compile(
    r"\s*(?:the|his|her|its|their)\s(?:[\w'’-]+\s){0,4}[a-z][\w-]*,\s(?=[A-Z])"
)


# No lookbehind in front: a pattern that opens with a character class lets the regex
# engine skip ahead quickly; the word boundary before a run is checked in Python. The
# possessive ``*+`` only spares the engine from giving back letters of a word: what follows
# a word (white space, or the end) can never match inside one, so the matches are the same.
_NAME_RUN = re.compile(
    r"[A-Z][\w’'.-]*+(?:\s(?:(?:von|der|van|de|bin|al|la|le|da|di|del)\s)*[A-Z][\w’'.-]*+)+"
)
# The same runs in ASCII text, found on its bytes with every capital turned into "A": a
# pattern opening with a literal is found by a fast scan, one opening with a class is tried
# at each character (≈ 13 µs against 28 µs for a 3,300-character article). \w and \s
# spelled out as they match ASCII in a str pattern (\s there takes \x1c-\x1f as well).
_NAME_RUN_ASCII = re.compile(
    rb"A[A-Za-z0-9_'.-]*+(?:[ \t\n\r\x0b\x0c\x1c-\x1f](?:(?:von|der|van|de|bin|al|la|le|da|di|del)"
    rb"[ \t\n\r\x0b\x0c\x1c-\x1f])*A[A-Za-z0-9_'.-]*+)+"
)
_CAPITALS_TO_A = bytes(65 if 65 <= c <= 90 else c for c in range(256))
_DOTTED_TITLES = frozenset(
    ("jr", "sr", "st", "dr", "mr", "mrs", "ms", "gen", "sen", "rep", "gov", "lt", "col")
)


@lru_cache(maxsize=256)
def runs(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, name) of every capitalised run of two or more words, titles stripped."""
    out: list[tuple[int, str]] = []
    ascii_text = text.isascii()
    matches: Iterator[re.Match[bytes]] | Iterator[re.Match[str]]
    if ascii_text:
        matches = _NAME_RUN_ASCII.finditer(text.encode().translate(_CAPITALS_TO_A))
    else:
        matches = _NAME_RUN.finditer(text)
    done: dict[str, str | None] = {}  # the name of each run already read (names recur)
    for m in matches:
        at, end = m.span()
        # \b before the run, as in re: a space (the common case) settles it
        if at and (c := text[at - 1]) != " " and (c.isalnum() or c in "_’'"):
            continue
        group = text[at:end]
        if group in done:
            name = done[group]
            if name is not None:
                out.append((at, name))
            continue
        if ascii_text and "." not in group and "'" not in group:
            # the common run ("Kestrel Energy", "Marta Ilves"): no dot to cut at and no
            # possessive (an ASCII run holds no "’"); with no honorific in it and no
            # NOT_NAMES word ("The", "However") first, strip_titles and the loop below
            # leave its words as they stand
            lows = group.lower().split()
            if HONORIFICS.isdisjoint(lows) and lows[0] not in NOT_NAMES:
                # (the words are parted by one white space character each: the run is its
                # own name when all of them are spaces, i.e. when it is printable, every
                # other white space character being a control character)
                spaced = group.isprintable()
                done[group] = name = group if spaced else " ".join(group.split())
                out.append((at, name))
                continue
        raw = group.split()
        if "." in group:
            for k, w in enumerate(raw[:-1]):
                if (
                    w.endswith(".")
                    and len(w) > 2
                    and w.lower().rstrip(".") not in _DOTTED_TITLES
                ):
                    raw = raw[: k + 1]  # "Trump. That": a sentence ends inside the run
                    break
        raw[-1] = unposs(raw[-1]).rstrip(".,")
        words = strip_titles(raw)
        while words and words[0].lower() in NOT_NAMES:
            words = words[1:]
        done[group] = name = " ".join(words) if words else None
        if name is not None:
            out.append((at, name))
    return tuple(out)


def fullest_org(name: str, body: str, index: Callable[[], list[str]]) -> str:
    """The organisation's full name when the article first names it so: "Veridane" and
    "Lunda Copper" are "Veridane Therapeutics" and "Lunda Copper Holdings" when their
    first mention opens that longer name (news names a body in full first, then short)."""
    first = body.find(name)
    end = first + len(name)
    if first < 0 or not (body[end : end + 1] == " " and body[end + 1 : end + 2].isupper()):
        return name  # the first mention is the name alone (the index is not built)
    best = name
    prefix = name + " "
    for cand in index():
        if (
            len(cand) > len(best)
            and cand.startswith(prefix)
            and len(cand.split()) <= 5
            and is_org(cand[len(prefix) :])  # "Veridane Therapeutics", not "Commission President"
            and body.find(cand) == first
        ):
            best = cand
    return best


def name_index(text: str) -> list[str]:
    """Multi-word names in the text, titles stripped, as written (for the fullest form)."""
    return list(dict.fromkeys(n for _, n in runs(text) if " " in n))


def people_of(index: list[str]) -> list[str]:
    """The names of a name_index (two or more words each) that ``is_person`` takes for
    people, in order (no surname list needed; one Python call for them all)."""
    return [n for n in index if _looks_like_person(n)]


def fullest(name: str, index: list[str]) -> str:
    """The longest name of the article that ends with ``name``'s last word and holds it."""
    toks = name.split()
    if not toks or len(toks) > 2:
        return name
    tail = " " + toks[-1]
    if not any(c.endswith(tail) for c in index):
        return name
    if not toks or len(toks) > 2:
        return name
    best = name
    for cand in index:
        ct = cand.split()
        if (
            len(ct) > len(best.split())
            and len(ct) <= 4
            and ct[-1] == toks[-1]
            and all(t in ct for t in toks)
        ):
            best = cand
    return best
