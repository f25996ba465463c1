"""Document structure on the Doc: sections, patient cases, and who a mention is about.

``rheumex_structure`` (early in the pipeline) makes sure ``doc._.sections`` is set: the
converter's sections when rheumex built the Doc from a Document, else the same heuristic
section finder used for plain text, so ``nlp(text)`` also skips reference lists.
It then finds patient-case regions (``doc._.cases``, see :func:`find_cases`).

``rheumex_attribution`` (after the entities exist) sets on each entity its ``section``,
``section_kind``, ``subject`` (patient / literature / general) and ``case_id``.

All cue phrases are data: ``pipelines/data/case_rules.json``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from rheumex.pipelines import extensions  # noqa: F401

RULES_FILE = "case_rules.json"
_ORD = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
        "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
_BREAK_KINDS = {"references", "other", "back", "title", "keywords", "front"}
#: Unicode hyphens and dashes read as "-" by the case rules ("7\u2010year\u2010old"); one char for one, so offsets hold.
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u00ad": "-"})


def _alt(phrases: list[str], anchored: bool = False) -> re.Pattern:
    """Phrases -> one case-insensitive regex (word-bounded unless ``anchored``)."""
    body = "|".join(f"(?:{p})" for p in phrases)
    return re.compile(rf"^\s*(?:{body})\s*$" if anchored else rf"(?<!\w)(?:{body})(?!\w)", re.I)


@dataclass(frozen=True)
class CaseRules:
    """The compiled contents of ``case_rules.json`` (see the ``_about`` notes there)."""

    raw: dict
    case_heading: re.Pattern
    case_sections: re.Pattern
    case_sections_strong: re.Pattern
    single_patient: re.Pattern
    differential_sections: re.Pattern
    general_sections: re.Pattern
    closing_sections: re.Pattern
    opening_allowed_general: re.Pattern
    case_opening: re.Pattern
    inline_closing: re.Pattern
    case_in_caption: re.Pattern
    case_named: re.Pattern
    age_intro: re.Pattern
    age_intro_max_offset: int
    ages: tuple[re.Pattern, ...]
    ages_at: tuple[re.Pattern, ...]
    presentation: re.Pattern
    female_nouns: frozenset
    male_nouns: frozenset
    person_any: re.Pattern
    female_pronouns: re.Pattern
    male_pronouns: re.Pattern
    literature_strong: re.Pattern
    literature_weak: re.Pattern
    self_reference: re.Pattern
    comparison: re.Pattern
    generic: re.Pattern
    generic_patient: re.Pattern
    patient_cues: re.Pattern
    outcome_died: re.Pattern
    outcome: tuple[tuple[str, re.Pattern], ...]
    number_words: dict
    abstract_case_open: re.Pattern
    abstract_case_close: re.Pattern
    relatives: re.Pattern
    relatives_window: int
    relatives_as_cases: re.Pattern
    discussion_events: re.Pattern
    relative_subject: re.Pattern
    every_case_sentence: re.Pattern

    def age_number(self, text: str) -> str:
        """An age as digits: ``"47"`` -> ``"47"``, ``"twenty-nine"`` -> ``"29"``, ``"3.5"`` kept."""
        words = re.split(r"[- ]+", text.strip().lower())
        if all(w in self.number_words for w in words):
            return str(sum(self.number_words[w] for w in words))
        return text


def load_case_rules(data: dict | None = None) -> CaseRules:
    """Compile case rules from ``data`` (default: the bundled ``case_rules.json``).

    Raises:
        ValueError: a pattern in the rules file is not a valid regular expression.
    """
    if data is None:
        path = resources.files("rheumex.pipelines").joinpath("data", RULES_FILE)
        data = json.loads(path.read_text(encoding="utf-8"))
    try:
        return _compile(data)
    except (re.error, KeyError) as e:
        raise ValueError(f"pipelines/data/{RULES_FILE}: bad or missing rule ({e}); fix the entry and reload") from None


def _compile(d: dict) -> CaseRules:
    sec = d["sections"]
    nouns = d["person_nouns"]
    person = nouns["female"] + nouns["male"] + nouns["neutral"]
    numbers = {k.lower(): int(v) for k, v in d["age"]["number_words"].items()}
    tens = [w for w, v in numbers.items() if v >= 20 and v % 10 == 0]
    units = [w for w, v in numbers.items() if v < 10]
    age_alt = (r"\d{1,3}(?:\.\d{1,2})?|(?:" + "|".join(tens) + r")(?:[- ](?:" + "|".join(units) + r"))?|"
               + "|".join(sorted((w for w in numbers if w not in tens), key=len, reverse=True)))
    intro = d["age_intro"]["pattern"].replace("PERSON", "|".join(person)).replace("AGE", age_alt)
    out = d["outcome"]
    return CaseRules(
        raw=d,
        case_heading=re.compile(sec["case_heading"], re.I),
        case_sections=_alt(sec["case_narrative"], anchored=True),
        case_sections_strong=_alt(sec["case_narrative_strong"], anchored=True),
        single_patient=re.compile("|".join(f"(?:{p})" for p in d["single_patient"]["cues"]), re.I | re.M),
        differential_sections=_alt(sec["differential"], anchored=True),
        general_sections=_alt(sec["general"], anchored=True),
        closing_sections=_alt(sec["closing"], anchored=True),
        opening_allowed_general=_alt(sec["opening_allowed_general"], anchored=True),
        case_opening=re.compile(d["case_opening"], re.I),
        inline_closing=re.compile(d["inline_closing_heading"]),
        case_in_caption=re.compile(d["case_in_caption"], re.I),
        case_named=re.compile(d["case_named_in_sentence"], re.I),
        age_intro=re.compile(intro, re.I),
        age_intro_max_offset=int(d["age_intro"].get("max_offset_in_sentence", 60)),
        ages=tuple(re.compile(p.replace("AGE", age_alt), re.I) for p in d["age"]["patterns"]),
        ages_at=tuple(re.compile(p, re.I) for p in d["age"]["age_at"]),
        presentation=_alt(d["age"]["presentation_verbs"]),
        female_nouns=frozenset(nouns["female"]),
        male_nouns=frozenset(nouns["male"]),
        person_any=re.compile(r"\b(?:a|an)\s+(?:[\w-]+[ ,]+){0,3}?(" + "|".join(nouns["female"] + nouns["male"]) + r")\b", re.I),
        female_pronouns=_alt(d["pronouns"]["female"]),
        male_pronouns=_alt(d["pronouns"]["male"]),
        literature_strong=_alt(d["literature_strong"]["cues"]),
        literature_weak=_alt(d["literature_strong"]["cues"] + d["literature_weak"]["cues"]),
        self_reference=_alt(d["self_reference"]["cues"]),
        comparison=_alt(d["comparison"]["cues"]),
        generic=_alt(d["generic"]["cues"]),
        generic_patient=_alt(d["generic"]["patient_words"]),
        patient_cues=_alt(d["patient_cues"]["cues"]),
        outcome_died=_alt(out["died"]),
        outcome=tuple((label, _alt(v)) for label, v in out.items() if not label.startswith("_") and label != "died"),
        number_words=numbers,
        abstract_case_open=re.compile(d["abstract_case_part"]["opening"]),
        abstract_case_close=re.compile(d["abstract_case_part"]["closing"]),
        relatives=re.compile(r"(?<!\w)(?:" + "|".join(d["relatives"]["words"]) + r")(?!\w)", re.I),
        relatives_window=int(d["relatives"].get("window_chars", 40)),
        relatives_as_cases=re.compile(d["relatives"]["reported_as_cases"], re.I),
        discussion_events=_alt(d["discussion_patient_events"]["cues"]),
        relative_subject=re.compile(d["relative_subject"], re.I),
        every_case_sentence=re.compile(d["every_case_sentence"], re.I),
    )


def cue_label(text: str, labelled: tuple[tuple[str, re.Pattern], ...], negator: re.Pattern | None = None,
              window: int = 3) -> str | None:
    """The first label whose pattern matches ``text`` at a place not preceded (within
    ``window`` words) by a ``negator`` ("no recurrence", "evaluated for progression")."""
    for label, rx in labelled:
        for m in rx.finditer(text):
            before = " ".join(re.findall(r"[\w'-]+", text[max(0, m.start() - 80):m.start()])[-window:])
            if negator is None or not negator.search(before):
                return label
    return None


def cue_labels(text: str, labelled: tuple[tuple[str, re.Pattern], ...], negator: re.Pattern | None = None,
               window: int = 3) -> list[str]:
    """Every label (in ``labelled`` order) whose pattern matches ``text`` at a place not
    preceded by a ``negator`` within ``window`` words (see :func:`cue_label`)."""
    found = []
    for label, rx in labelled:
        for m in rx.finditer(text):
            before = " ".join(re.findall(r"[\w'-]+", text[max(0, m.start() - 80):m.start()])[-window:])
            if negator is None or not negator.search(before):
                found.append(label)
                break
    return found


@lru_cache(maxsize=1)
def case_rules() -> CaseRules:
    """The bundled case rules, compiled once per process."""
    return load_case_rules()


# -- sections ----------------------------------------------------------------------------
def section_role(name: str | None, kind: str | None, rules: CaseRules | None = None) -> str:
    """What a section means for cases: ``case_heading`` ("Case 2"), ``case`` (case report,
    history, findings, treatment ...), ``differential``, ``general`` (introduction,
    discussion, abstract ...), ``float`` (figure/table caption), ``break`` (title,
    references, front/back matter) or ``neutral`` (any other body section)."""
    r = rules or case_rules()
    name = _bare_name(name)
    kind = kind or "body"
    if kind in _BREAK_KINDS:
        return "break"
    if kind == "abstract":
        return "general"
    if kind in ("caption", "table"):
        return "float"
    if r.case_heading.match(name):
        return "case_heading"
    if r.differential_sections.match(name):
        return "differential"
    if r.case_sections.match(name):
        return "case"
    if r.general_sections.match(name):
        return "general"
    return "neutral"


def _bare_name(name: str | None) -> str:
    """A heading without numbering and trailing punctuation ("2.1. Case report:" -> "Case report")."""
    name = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+", "", name or "")
    return name.strip().rstrip(":.").strip()


def has_single_patient(text: str, rules: CaseRules | None = None, in_case_section: bool = False) -> bool:
    """Whether ``text`` speaks of one patient ("58 yo man", "the patient", "we report a case")
    in a sentence that does not cite literature (only clear citations count as such when
    ``text`` is a case section, where "previously healthy" is no citation)."""
    r = rules or case_rules()
    literature = r.literature_strong if in_case_section else r.literature_weak
    for m in r.single_patient.finditer(text):
        s = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        e = text.find(". ", m.end())
        sent = text[s: e if e >= 0 else len(text)]
        # "We present a literature review and a case of a 58-year-old woman": the authors' own case (session 24)
        if not literature.search(sent) or (r.self_reference.search(sent) and not r.literature_strong.search(
                re.sub(r"(?i)\b(?:a |the )?(?:literature review|review of (?:the )?literature)\b", "", sent))):
            return True
    return False


def _section_of(doc: Doc, start_char: int):
    for s, e, name, kind in doc._.sections or ():
        if s <= start_char < e:
            return s, e, name, kind
    return None


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence holding ``pos`` (not before ``floor``), by punctuation."""
    i = pos
    while i > floor:
        ch = text[i - 1]
        if ch == "\n" or (ch.isspace() and i - 2 >= floor and text[i - 2] in ".!?"):
            break
        i -= 1
    while i < pos and text[i].isspace():
        i += 1
    return i


def _case_number(m: re.Match) -> str | None:
    for g in m.groups():
        if g:
            return _ORD.get(g.lower(), g)
    return None


def _intro_key(m: re.Match, rules: CaseRules) -> tuple[str, str]:
    noun = m.group("noun").lower()
    sex = "female" if noun in rules.female_nouns else "male" if noun in rules.male_nouns else "?"
    return rules.age_number(m.group("age")), sex


def find_cases(doc: Doc, rules: CaseRules | None = None) -> list[tuple[int, int, str]]:
    """Patient-case regions ``(start_char, end_char, case_id)``, in text order.

    1. The case narrative is cut into *blocks*: runs of sections that start at a case
       section ("Case report", "History", "Case 2" ...) or at a sentence introducing a
       patient ("A 47-year-old woman ...", also inside an "Introduction"), continue
       through case, neutral, differential-diagnosis and caption sections, and stop at
       a general section (discussion, conclusion ...), the references or back matter.
    2. Inside a block, cases start at "Case N"/"Patient N" headings, sentences opening a
       case ("Case 2 was ...", "The second patient ..."), or, in blocks without those,
       at each patient-introducing sentence with a new age/sex. A block with one start
       (or none) is one case.
    3. Captions naming exactly one case ("... Case 2.") are regions of their own; they
       win over the block they sit in.
    4. A paper whose body has general sections but no case narrative takes its cases from
       the abstract (``_abstract_regions``).
    """
    r = rules or case_rules()
    text = extensions.doc_text(doc).translate(HYPHENS)
    sections = sorted(doc._.sections or [], key=lambda x: (x[0], x[1]))
    roles = [section_role(n, k, r) for _s, _e, n, k in sections]
    # a "Case report" line before the abstract is the journal's article-type label, no narrative
    # (a saved page: "CASE REPORT / Year: 2012 | Volume: 3 ... / Abstract ..."; session 23)
    abstract_start = min((s for s, _e, _n, k in sections if k == "abstract"), default=None)
    if abstract_start is not None:
        roles = [("front" if role in ("case", "case_heading") and e <= abstract_start else role)
                 for (_s, e, _n, _k), role in zip(sections, roles)]

    # -- case starts: (pos, case_id or None, explicit)
    starts: list[tuple[int, str | None, bool, tuple[str, str] | None]] = []
    relatives_are_cases = bool(r.relatives_as_cases.search(text))
    relative_starts: set[int] = set()  # sentences introducing a relative reported as a case
    for (s, e, name, kind), role in zip(sections, roles):
        if role == "case_heading":
            m = r.case_heading.match(_bare_name(name))
            starts.append((s, _ORD.get(m.group(1).lower(), m.group(1)), True, None))
        if role in ("case", "neutral", "case_heading") or (role == "general" and r.opening_allowed_general.match(_bare_name(name))):
            if role != "general":
                for m in r.case_opening.finditer(text, s, e):
                    cid = _case_number(m)
                    if cid:
                        pos = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                        starts.append((_sentence_start(text, pos, s), cid, True, None))
            if role != "case_heading":
                for m in r.age_intro.finditer(text, s, e):
                    ss = _sentence_start(text, m.start(), s)
                    sent_end = text.find(". ", m.end(), e)
                    sent = text[ss: sent_end if sent_end > 0 else e]
                    if m.start() - ss > r.age_intro_max_offset or r.literature_strong.search(sent):
                        continue
                    if role == "general" and r.literature_weak.search(sent):
                        continue
                    if not relatives_are_cases and r.relatives.search(text[max(ss, m.start() - r.relatives_window):m.start()]):
                        continue  # "his cousin a one-year-old girl": a relative, not a case
                    if (not relatives_are_cases and r.relatives.fullmatch(m.group("noun"))
                            and re.search(r"\b(?:has|had|have)\s*$", text[max(ss, m.start() - 12):m.start()], re.I)):
                        continue  # "She has a 7-year-old brother who ...": the patient's relative (session 22)
                    if relatives_are_cases and r.relatives.search(text[max(ss, m.start() - r.relatives_window):m.start()]):
                        relative_starts.add(ss)
                    starts.append((ss, None, False, _intro_key(m, r)))
    starts.sort(key=lambda x: (x[0], not x[2]))
    starts = [st for k, st in enumerate(starts) if k == 0 or st[0] != starts[k - 1][0]]  # heading + "Case 1" opening

    def _run_is_a_case(i: int) -> bool:
        """Whether the run of case sections from ``i`` (History, Exam, Findings ...) has a
        strong name ("Case report", "Case Diagnosis") or speaks of one patient."""
        j = i
        while j < len(sections) and roles[j] in ("case", "case_heading", "differential", "float"):
            sj, ej, nj, _kj = sections[j]
            if roles[j] == "case_heading":
                return True
            if roles[j] == "case" and (r.case_sections_strong.match(_bare_name(nj))
                                       or has_single_patient(text[sj:ej], r, in_case_section=True)):
                return True
            j += 1
        return False

    # -- blocks: (start, end) with the section indices they span
    blocks: list[tuple[int, int]] = []
    i = 0
    discussed = False  # after a discussion/conclusion, "Diagnosis"/"Treatment" headings are review text
    while i < len(sections):
        s, e, name, _k = sections[i]
        role = roles[i]
        if role == "general" and r.closing_sections.match(_bare_name(name)):
            discussed = True
        opener = None
        if role == "case_heading" or (role == "case" and not discussed and _run_is_a_case(i)):
            opener = s
        elif role in ("neutral", "general") and not discussed:
            inside = [st for st in starts if s <= st[0] < e]
            if inside:
                opener = inside[0][0]
        if opener is None:
            i += 1
            continue
        end = e
        j = i + 1
        while j < len(sections):
            rj = roles[j]
            same_name = (sections[j][2] or "").strip().lower() == (name or "").strip().lower()
            if rj in ("case", "case_heading", "neutral", "differential", "float") or (rj == "general" and same_name and role == "general"):
                end = sections[j][1]
                j += 1
                continue
            break
        cut = r.inline_closing.search(text, opener, end)  # a heading flattened into the text (". Discussion In 1950 ...")
        blocks.append((opener, cut.start() if cut else end))
        i = j

    regions: list[tuple[int, int, str]] = []
    last_num = 0
    single_pending: list[tuple[int, int]] = []
    for bs, be in blocks:
        inside = [st for st in starts if bs <= st[0] < be]
        explicit = [st for st in inside if st[2]]
        if explicit:
            use = explicit
        else:
            use = []
            prev_key = None
            for st in inside:
                key = st[3]
                if prev_key is not None and (key == prev_key or key[0] == prev_key[0]):
                    continue
                use.append(st)
                prev_key = key
        if not use:
            single_pending.append((bs, be))
            continue
        ids = []
        for st in use:
            if st[1] is not None:
                cid = st[1]
            else:
                cid = str(last_num + 1)
            if cid.isdigit():
                last_num = int(cid)
            ids.append(cid)
        if len(use) == 1:
            regions.append((bs, be, ids[0]))
            continue
        last_patient = None  # the narrative after a relative's introduction goes on about the patient
        for k, st in enumerate(use):
            s0 = bs if k == 0 and not st[2] else st[0]
            e0 = use[k + 1][0] if k + 1 < len(use) else be
            if st[0] in relative_starts and last_patient is not None:
                stop = re.search(r"[.!?](?=\s)", text[s0:e0])
                cut = s0 + stop.end() if stop else e0
                regions.append((s0, cut, ids[k]))
                if cut < e0:
                    regions.append((cut, e0, last_patient))
                continue
            last_patient = ids[k]
            regions.append((s0, e0, ids[k]))
    for bs, be in single_pending:
        # a block with no case start continues the last case, or is case 1
        regions.append((bs, be, str(last_num or 1)))

    # -- no case narrative in the body (an introduction and a discussion around no case section): the
    # abstract tells the case ("We report a 52-year-old woman ... She was treated with ...")
    # (also with no body at all: a saved page's "Case Report" label over an abstract telling the case; session 24)
    if not regions:
        regions = _abstract_regions(text, sections, r)

    # -- captions naming exactly one case
    for (s, e, _name, kind), role in zip(sections, roles):
        if role == "float":
            found = {m.group(1) for m in r.case_in_caption.finditer(text, s, e)}
            if len(found) == 1:
                regions.append((s, e, found.pop()))
    return sorted(regions)


def _abstract_regions(text: str, sections: list, r: CaseRules) -> list[tuple[int, int, str]]:
    """Case regions inside the abstract, for a paper whose body tells no case. Cases start at
    "Case 1"/"Case one"/"The second patient" openings, else at each sentence introducing a patient with
    a new age ("A 44-year-old patient ..."), else at the first sentence speaking of one patient ("We
    present a case of ..."); sentences citing literature open none. The last case runs to a closing
    label ("Conclusion:") or the abstract's end."""
    out: list[tuple[int, int, str]] = []
    last = 0
    for s, e, _name, kind in sections:
        if kind != "abstract":
            continue

        def cites(pos: int) -> bool:
            ss = _sentence_start(text, pos, s)
            stop = text.find(". ", pos, e)
            sent = text[ss: stop if stop > 0 else e]
            return bool(r.literature_strong.search(sent)) or (
                bool(r.literature_weak.search(sent)) and not r.self_reference.search(sent))

        starts: list[tuple[int, str | None]] = []
        for m in r.case_opening.finditer(text, s, e):
            cid = _case_number(m)
            if cid:
                pos = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                starts.append((_sentence_start(text, pos, s), cid))
        if not starts:
            prev = None
            for m in r.age_intro.finditer(text, s, e):
                ss = _sentence_start(text, m.start(), s)
                key = _intro_key(m, r)
                if m.start() - ss > r.age_intro_max_offset or cites(m.start()) or (prev is not None and key[0] == prev[0]):
                    continue
                prev = key
                starts.append((ss, None))
        if not starts:
            m = next((m for m in r.single_patient.finditer(text, s, e) if not cites(m.start())), None)
            if m is not None:
                starts.append((_sentence_start(text, m.start(), s), None))
        if not starts:
            continue
        starts = sorted(dict(starts).items())
        close = r.abstract_case_close.search(text, starts[-1][0], e)
        end = close.start() if close else e
        for k, (pos, cid) in enumerate(starts):
            cid = cid or str(last + 1)
            if cid.isdigit():
                last = int(cid)
            out.append((pos, starts[k + 1][0] if k + 1 < len(starts) else end, cid))
    return out


class Structure:
    """Sets ``doc._.sections`` (if unset) and ``doc._.cases``."""

    def __call__(self, doc: Doc) -> Doc:
        if doc._.sections is None:
            from rheumex.extract.sections import detect_sections

            secs, _meta = detect_sections(extensions.doc_text(doc))
            doc._.sections = [(s.start, s.end, s.name, s.kind) for s in secs]
        doc._.cases = find_cases(doc)
        return doc


def abstract_case_parts(doc: Doc, rules: CaseRules | None = None) -> list[tuple[int, int]]:
    """Character spans of the case paragraphs of structured abstracts ("Case. A 29-year-old
    woman ... Conclusion."), see ``abstract_case_part`` in ``case_rules.json``."""
    r = rules or case_rules()
    text = extensions.doc_text(doc)
    out = []
    for s, e, _name, kind in doc._.sections or ():
        if kind != "abstract":
            continue
        for m in r.abstract_case_open.finditer(text, s, e):
            c = r.abstract_case_close.search(text, m.end(), e)
            out.append((m.end(), c.start() if c else e))
    return out


def innermost_case(cases: list[tuple[int, int, str]], pos: int) -> tuple[int, int, str] | None:
    """The smallest case region containing ``pos`` (captions win over their block)."""
    best = None
    for s, e, c in cases:
        if s <= pos < e and (best is None or e - s < best[1] - best[0]):
            best = (s, e, c)
    return best


class Attribution:
    """Sets ``section``, ``section_kind``, ``subject`` and ``case_id`` on every entity.

    * In the case narrative a mention is about the patient of its case, unless its
      sentence cites literature ("et al", "[12]", "reported by") or, in a teaching case,
      is a general statement ("usually", "treatment options") that does not name the
      patient. Differential-diagnosis sections are not facts about the patient.
    * Elsewhere (abstract, introduction, discussion, captions) a mention is about the
      patient only when its sentence refers to "our patient"/"this case"/"we present a
      ..." without comparing ("like our patient") or citing; it goes to the case the
      sentence names ("case 2"), or to the only case of a single-case report.
    * References are literature; title and back matter are general.
    * A document with no case region and no headings (a plain abstract) that speaks of one
      patient ("a 43-year-old man", "we describe a patient") has one case: a sentence with
      a patient cue ("she", "underwent", "the patient") is about case "1".
    """

    def __init__(self, rules: CaseRules | None = None) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        r = self.rules or case_rules()
        cases = doc._.cases or []
        case_ids = list(dict.fromkeys(c for _s, _e, c in cases))
        only = case_ids[0] if len(case_ids) == 1 else None
        # no case region and no headings (a plain abstract): one case if the text is about one patient
        unstructured = not cases and not any(
            section_role(n, k, r) in ("case", "case_heading", "differential") or (k == "body" and section_role(n, k, r) == "general")
            for _s, _e, n, k in doc._.sections or ())
        if unstructured and doc.ents and has_single_patient(extensions.doc_text(doc), r):
            only = "1"
        abstract_parts = abstract_case_parts(doc, r) if only is not None and not unstructured else []
        sentence_cues: dict[int, dict] = {}  # per sentence start: its cues, matched once
        roles: dict[tuple, str] = {}
        for ent in doc.ents:
            sec = _section_of(doc, ent.start_char)
            ent._.section = sec[2] if sec else None
            ent._.section_kind = sec[3] if sec else None
            s_start, s_end = extensions.sentence_of(doc, ent.start)
            cues = sentence_cues.get(s_start)
            if cues is None:
                last = doc[s_end - 1]
                sent_text = extensions.doc_text(doc)[doc[s_start].idx:last.idx + len(last.text)]
                cues = sentence_cues[s_start] = self._cues(sent_text, r)
            key = (sec[2], sec[3]) if sec else (None, "body")
            if key not in roles:
                roles[key] = section_role(key[0], key[1], r)
            subject, cid = self._attribute(ent.start_char, key[1], roles[key], cues, cases, only, unstructured)
            if subject != "patient" and key[1] == "abstract" and not cues["lit_weak"] and any(
                    s <= ent.start_char < e for s, e in abstract_parts):
                subject, cid = "patient", only
            elif (subject == "general" and only is not None and not unstructured and key[1] == "body" and roles[key] == "general"
                  and cues["event"] and not cues["lit_weak"] and not cues["generic"]):
                subject, cid = "patient", only  # "Postoperative minocycline ... were administered" (discussion)
            if (subject == "patient" and cues["relative_at"] is not None and ent.start_char - doc[s_start].idx >= cues["relative_at"]
                    and not any(doc[s_start].idx <= cs < doc[s_end - 1].idx for cs, _ce, _c in cases)):  # a relative reported as a case
                # session 22: after a relative named in its sentence ("She has a 7-year-old brother who has been
                # followed for AIHA", "her mother had rheumatoid arthritis") the mention is the relative's (CASES.md 1)
                subject, cid = "relative", None
            ent._.subject = subject
            ent._.case_id = cid
        return doc

    @staticmethod
    def _cues(sent: str, r: CaseRules) -> dict:
        named = r.case_named.search(sent)
        return {
            "self_ref": bool(r.self_reference.search(sent)) and not r.comparison.search(sent),
            "lit_strong": bool(r.literature_strong.search(sent)),
            "lit_weak": bool(r.literature_weak.search(sent)),
            "generic": bool(r.generic.search(sent)) and not r.generic_patient.search(sent),
            "patient": bool(r.patient_cues.search(sent)),
            "named_case": _case_number(named) if named else None,
            "event": bool(r.discussion_events.search(sent)),
            "relative_at": rel.end() if (rel := r.relative_subject.search(sent)) else None,
        }

    @staticmethod
    def _attribute(start: int, kind: str, role: str, cues: dict, cases, only, unstructured: bool) -> tuple[str, str | None]:
        if kind == "references":
            return "literature", None
        if role == "break":
            return "general", None
        region = innermost_case(cases, start)
        if region is not None:
            if role == "differential":
                return "general", None
            if cues["lit_strong"] and not cues["self_ref"]:
                return "literature", None
            if cues["generic"]:
                return "general", None
            return "patient", region[2]
        if cues["lit_weak"] and not cues["self_ref"]:
            return "literature", None
        if unstructured:
            if only is not None and (kind == "caption" or cues["patient"]):
                return "patient", only
            return "general", None
        if cues["self_ref"] or (kind == "caption" and only is not None):
            return "patient", cues["named_case"] or only
        return "general", None


@Language.factory("rheumex_structure", assigns=["doc._.sections", "doc._.cases"], default_config={})
def make_structure(nlp: Language, name: str) -> Structure:
    """Sections (from the Document or detected) and patient-case regions."""
    return Structure()


@Language.factory("rheumex_attribution", assigns=["span._.section", "span._.case_id", "span._.subject"],
                  requires=["doc.ents"], default_config={})
def make_attribution(nlp: Language, name: str) -> Attribution:
    """Section, subject and patient case of every entity."""
    return Attribution()


__all__ = ["find_cases", "case_rules", "load_case_rules", "section_role", "innermost_case", "has_single_patient", "cue_label", "cue_labels",
           "CaseRules",
                      "Structure", "Attribution"]
