"""Heuristic section detection over plain text (used for ``.txt`` input and PDF text).

Recognises stand-alone headings (Abstract, Introduction, Case report, Case 1, Discussion,
References ...), ``Field: value`` lines of teaching-case records (MedPix: History,
Findings, Differential Diagnosis ...), figure/table captions (``Fig. 1`` / ``Table 2``
paragraphs) and numbered reference lists without a heading (the seed paper's case).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rheumex.extract.document import Metadata, Section

# heading text (lower-case, without trailing colon) -> section kind
HEADING_KINDS: dict[str, str] = {
    "abstract": "abstract", "summary": "abstract", "background": "body",
    "introduction": "body", "case report": "body", "case reports": "body",
    "case presentation": "body", "case presentations": "body", "case description": "body",
    "case history": "body", "case": "body", "clinical case": "body", "report of a case": "body",
    "methods": "body", "materials and methods": "body", "results": "body",
    "discussion": "body", "conclusion": "body", "conclusions": "body",
    "keywords": "keywords", "key words": "keywords",
    "references": "references", "bibliography": "references", "literature cited": "references",
    "reference": "references", "abbreviations": "other", "figure legends": "caption",
    # MedPix teaching-case fields
    "title": "title", "history": "body", "exam": "body", "findings": "body",
    "differential diagnosis": "body", "case diagnosis": "body", "diagnosis": "body",
    "diagnosis by": "body", "treatment & follow up": "body", "treatment and follow up": "body",
    "disease discussion": "body", "acr code": "other", "category": "other",
    # saved teaching-case pages (session 24: Eurorad, Radiopaedia): the case's record fields; the page's
    # classification fields are no content
    "clinical history": "body", "imaging findings": "body", "final diagnosis": "body",
    "differential diagnosis list": "body", "patient data": "body", "case discussion": "body",
    "categories": "other", "case type": "other", "area of interest": "other", "imaging technique": "other",
    # a saved PubMed page's index blocks: no content of the paper
    "mesh terms": "other", "publication types": "other", "substances": "other", "related information": "other",
    "linkout - more resources": "other", "full text sources": "other", "similar articles": "other",
    "cited by": "other",
}

# back matter (kind "back"): statements about the paper, not its content
BACK_HEADINGS = (
    "acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment", "funding", "funding information",
    "funding statement", "sources of funding", "source of funding", "financial support", "financial disclosure",
    "financial disclosures", "grant support", "conflict of interest", "conflicts of interest", "conflict of interests",
    "conflicts of interests", "conflict of interest statement", "competing interests", "competing interest",
    "declaration of competing interest", "declaration of competing interests", "declaration of interests",
    "disclosure", "disclosures", "disclosure statement", "author contributions", "authors' contributions",
    "author's contributions", "authors' contribution", "author contribution", "authors contributions",
    "data availability", "data availability statement", "ethics statement", "ethical approval",
    "consent", "informed consent", "patient consent", "consent for publication", "declarations",
)
HEADING_KINDS.update({h: "back" for h in BACK_HEADINGS})

_CASE_HEADING = re.compile(r"^(case|patient)\s+(\d+|[ivx]+|one|two|three|four|five)\b\.?$", re.I)
_FIELD = re.compile(r"^(?P<name>[A-Z][A-Za-z &]{1,30}?)\s*:\s*(?P<rest>.*)$")
_CAPTION = re.compile(r"^(fig\.?|figure|table|tab\.)\s*\d+[a-z]?\b[.:]?", re.I)
# "Table 2 shows many studies ...", "Figure 1 demonstrates ...": a body sentence about a float
_CAPTION_SENTENCE = re.compile(r"^(?i:fig\.?|figure|table|tab\.)\s*\d+[a-z]?\s+(?:and\s+\d+[a-z]?\s+)?[a-z]{3,}\b(?!\s*[:|])")
_REF_LINE = re.compile(r"^\s*\[?\d{1,3}[\].)]?\s+\S.*\b(1[89]\d\d|20\d\d)\b")
_KEYWORDS_LINE = re.compile(r"^(keywords?|key words)\s*[:.]", re.I)
# the labels of a structured abstract written inline ("Background: ...", "Case presentation: ..."):
# after an "Abstract" heading they are parts of the abstract, not body sections (session 24: the
# abstract of a saved page was left empty and its case told in "body" sections before the paper's own)
ABSTRACT_PART_LABELS = frozenset((
    "background", "introduction", "objective", "objectives", "purpose", "aim", "aims", "methods",
    "results", "conclusion", "conclusions", "discussion", "case", "case report", "case presentation",
    "case description", "case summary", "clinical case", "summary", "findings", "diagnosis",
))


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def heading_kind(line: str) -> tuple[str, str] | None:
    """If ``line`` is a heading on its own, return ``(name, kind)``."""
    s = line.strip()
    if not s or len(s) > 60:
        return None
    bare = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.?)\s*(?:\||\s)\s*", "", s).rstrip(":.").strip()
    low = bare.lower().replace("\u2019", "'")
    if low in HEADING_KINDS:
        return bare, HEADING_KINDS[low]
    if _CASE_HEADING.match(bare):
        return bare, "body"
    return None


def _field(line: str) -> tuple[str, str] | None:
    m = _FIELD.match(line.strip())
    if not m:
        return None
    name = m.group("name").strip()
    kind = HEADING_KINDS.get(name.lower())
    if kind is None:
        return None
    return name, kind


_ASIDE = re.compile(r"\s*\([^()]*\)")
_FURNITURE = re.compile(r"(?i)\blogo|\bskip to\b|\blanguage\(s\)|\bsign in\b|\blog in\b|\bdownload (?:pdf|citation|article)\b|"
                        r"\bcite this\b|\bview (?:article|metrics)\b|\bback to journals\b|\bopen in a new\b")  # a bracketed aside: "(ECR 2010 Case of the day)", "(Benign cutaneous calcification)"


def _looks_like_title(line: str) -> bool:
    s = line.strip()
    if not _title_shape(s):
        return False
    words = _ASIDE.sub("", s).split() or s.split()  # "Calcinosis Cutis (Benign cutaneous calcification, ...)"
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) >= 0.5


def _title_shape(s: str) -> bool:
    """3 to 30 words, no sentence end, no e-mail, year or affiliation words: a title in any case."""
    words = s.split()
    if not (3 <= len(words) <= 30) or s.endswith((".", ";", ",")):
        return False
    outside = _ASIDE.sub("", s)
    if any(ch in s for ch in ">©@|") or re.search(r"\b(19|20)\d\d\b", outside if len(outside.split()) >= 6 else s):
        return False  # a year (outside the bracketed aside of a long title): a date line ("Published on 08.11.2010"),
        # a journal line ("Biotechnology & Biotechnological Equipment (Dec 2024)")
    if _FURNITURE.search(s):
        return False  # page furniture of a saved web page ("Medicine logoLink to Medicine", "Language(s) - English")
    return not re.search(r"\b(received|accepted|published|copyright|department|university|doi)\b", s, re.I)


# one author name of a byline, with its affiliation marks: "Yong Xin1", "Chun Sheng Yang2", "J. R. Smith*"
_AUTHOR_NAME = re.compile(r"(?:[A-Z][A-Za-z'\u2019.-]*\s+){1,3}[A-Z][A-Za-z'\u2019-]*[\d*\u2020\u2021\u00a7]*")
_AUTHOR_MARK = re.compile(r"[a-z\d*\u2020\u2021\u00a7]{1,3}")  # "a" of "Yong Xin1,a"


# an affiliation paragraph: an optional mark, then a unit or institution word
_AFFILIATION = re.compile(r"^[\W\d]{0,3}(department|division|school|faculty|institute|university|hospital|college|"
                          r"cent(er|re)|laborator(y|ies)|unit|clinic)\b", re.I)


def _looks_like_authors(line: str) -> bool:
    """A byline: three or more comma/"and"/"&"-separated parts, nearly all of them capitalised
    names (with affiliation marks) or bare marks."""
    parts = [p.strip() for p in re.split(r",|\s&\s|\sand\s", line.strip()) if p.strip()]
    if len(parts) < 3:
        return False
    ok = sum(1 for p in parts if _AUTHOR_NAME.fullmatch(p) or _AUTHOR_MARK.fullmatch(p))
    return ok >= 0.8 * len(parts)


def _title_line(front: list[_Line]) -> _Line | None:
    """The title among the first front-matter lines: the first Title-Case line that is no byline,
    or a sentence-case line right before a byline ("Meta-analysis of whole-brain radiotherapy
    plus temozolomide ..." over "Yong Xin1,a, WenWen Guo1,a, ...": Wiley, converted PDF text)."""
    head = front[:15]
    for k, line in enumerate(head):
        text = line.text.strip()
        if _prose_line(text):
            break  # a title stands over the text it heads: a keyword line after prose is none (session 22)
        if (_looks_like_authors(text) or (k > 0 and _one_author(text)) or _AFFILIATION.match(text)
                or re.match(r"\d+\.?\s*[A-Z]", text) or _CREDIT.match(text)):
            continue  # a byline or a (numbered) affiliation: "1 Clinical Epidemiology Program, ...", "3. J McNally1",
            # "Case contributed by Dr ..." (session 24)
        if _FIELD.match(text) and any(0 <= j < len(head) and _FIELD.match(head[j].text.strip()) for j in (k - 1, k + 1)):
            # a run of a page's field labels, no title: "Section: Musculoskeletal system" / "Case Type: Clinical
            # Cases" (session 23); a title with a colon stands alone ("Calciphylaxis: A Case Report")
            continue
        if _looks_like_title(text):
            return line
        if text[:1].isupper() and _title_shape(text[:-1] if text.endswith(".") else text) and _byline_follows(head, k):
            return line
        if (text[:1].isupper() and len(_ASIDE.sub("", text).split()) >= 5 and _title_shape(text) and not _FIELD.match(text)
                and _standalone(head, k)):
            # a sentence-case line set apart by blank lines ("Multiple Brown Tumours in a patient with chronic
            # renal failure (ECR 2010 Case of the day)" under a "CASE 8977 Published on ..." line; session 24)
            return line
    return None


_CREDIT = re.compile(r"^(?:case\s+)?(?:contributed|written|posted|submitted|provided|edited)\s+by\b", re.I)


def _standalone(head: list[_Line], k: int) -> bool:
    """The line ``head[k]`` is a paragraph of its own: blank lines (or the text's start) before and after it."""
    before = k == 0 or head[k - 1].end + 1 < head[k].start
    after = k + 1 >= len(head) or head[k].end + 1 < head[k + 1].start
    return before and after


def _prose_line(text: str) -> bool:
    """A line of running prose: a sentence of 12 words or more, or a long line with a sentence break
    ("Polymyositis (PM) is a rare inflammatory myopathy. We describe ...")."""
    words = text.split()
    return (len(words) >= 12 and text.endswith((".", "!", "?"))) or (len(text) >= 150 and ". " in text)


def _one_author(text: str) -> bool:
    """A byline of one author: two or three capitalised names, with affiliation marks ("Thaer Douri1")."""
    s = text.strip()
    return 2 <= len(s.split()) <= 4 and bool(_AUTHOR_NAME.fullmatch(s)) and not s.isupper()


def _byline_follows(head: list[_Line], k: int) -> bool:
    """A byline is the next line, or the one after a short article-type label ("Study protocol")."""
    nxt = head[k + 1:k + 3]
    if nxt and (_looks_like_authors(nxt[0].text) or _one_author(nxt[0].text)):
        return True
    return len(nxt) == 2 and len(nxt[0].text.split()) <= 3 and _looks_like_authors(nxt[1].text)


def detect_sections(text: str) -> tuple[list[Section], Metadata]:
    """Find sections in plain text; returns sections in order and any metadata seen."""
    lines = _lines(text)
    meta = Metadata()
    marks: list[tuple[int, str, str]] = []  # (offset, name, kind) where a section starts
    i = 0
    n = len(lines)
    in_abstract = False  # after an "Abstract" heading, until the next heading of another kind
    while i < n:
        ln = lines[i]
        s = ln.text.strip()
        if not s:
            i += 1
            continue
        hk = heading_kind(s)
        if hk:
            marks.append((ln.start, hk[0], hk[1]))
            in_abstract = hk[1] == "abstract"
            i += 1
            continue
        fk = _field(s)
        if fk and in_abstract and fk[0].lower() in ABSTRACT_PART_LABELS and _FIELD.match(s).group("rest").strip():
            i += 1  # "Case presentation: A 54-year-old woman ..." inside the abstract
            continue
        if fk:
            in_abstract = fk[1] == "abstract"
            marks.append((ln.start, fk[0], fk[1]))
            if fk[1] == "title" and meta.title is None:
                meta.title = _FIELD.match(s).group("rest").strip() or None
            i += 1
            continue
        if _CAPTION.match(s) and not _CAPTION_SENTENCE.match(s):
            name = _CAPTION.match(s).group(0).rstrip(".:").strip()
            marks.append((ln.start, name, "caption"))
            # the caption runs to the next blank line
            j = i + 1
            while j < n and lines[j].text.strip():
                j += 1
            marks.append((lines[j - 1].end + 1 if j < n else len(text), "", "_end"))
            i = j
            continue
        if _REF_LINE.match(s):
            # a run of numbered lines with years: a reference list without heading
            j = i
            hits = 0
            while j < n and (not lines[j].text.strip() or _REF_LINE.match(lines[j].text) or not re.match(r"^\s*\d", lines[j].text)):
                if j > i and (_field(lines[j].text.strip()) or heading_kind(lines[j].text.strip())
                              or _CAPTION.match(lines[j].text.strip())):
                    # a field, heading or caption ends the list ("Title:" after a MedPix
                    # discussion; "Figure 1" / "Table 1" that converted articles put after
                    # their references)
                    break
                if _REF_LINE.match(lines[j].text):
                    hits += 1
                elif lines[j].text.strip() and hits and not re.match(r"^\s*\d", lines[j].text):
                    # continuation lines of a reference are allowed only when short
                    if len(lines[j].text) > 400:
                        break
                j += 1
            if hits >= 2:
                marks.append((ln.start, "References", "references"))
                i = j
                continue
        i += 1

    sections: list[Section] = []
    # Front matter before the first mark: title line, then "other".
    first = marks[0][0] if marks else len(text)
    if first > 0:
        front_lines = [l for l in lines if l.end <= first and l.text.strip()]
        title_line = _title_line(front_lines)
        has_keywords = any(k == "keywords" for _, _, k in marks)
        # a lone first line over the first section heading is the title, in any case ("Calcinosis in two
        # sisters with juvenile dermatomyositis" / "Abstract"; session 19)
        top = front_lines[0].text.strip() if front_lines else ""
        alone = (len(front_lines) == 1 and marks and top[:1].isupper()
                 and (_title_shape(top) or 1 <= len(top.split()) < 3 and top[-1:].isalnum()))  # "Calciphylaxis"
        # session 20: a first line set apart by a blank line over a prose paragraph is the title of a plain
        # text in any case ("Calcinosis cutis in a patient with lupus" / "A 45-year-old woman ...")
        if not alone and len(front_lines) > 1 and top[:1].isupper() and _title_shape(top) and title_line is None:
            gap = text[front_lines[0].end:front_lines[1].start]
            alone = gap.count("\n") >= 2 and len(front_lines[1].text.strip()) >= 150
        # session 24: a two-word first line set apart over a credit line ("Vascular calcification" / "Case
        # contributed by Dr ...", a saved radiology page)
        if (not alone and title_line is None and len(front_lines) > 1 and top[:1].isupper() and len(top.split()) == 2
                and all(w.isalpha() for w in top.split()) and _CREDIT.match(front_lines[1].text.strip())):
            alone = text[front_lines[0].end:front_lines[1].start].count("\n") >= 2
        if alone:
            title_line = front_lines[0]
        if title_line is not None and (len(front_lines) > 1 or alone):
            if meta.title is None:
                meta.title = title_line.text.strip()
            ts = title_line.start + (len(title_line.text) - len(title_line.text.lstrip()))
            if ts > 0:
                sections.append(Section("front matter", "other", 0, ts))
            sections.append(Section("Title", "title", ts, title_line.end))
            rest_start = title_line.end + 1
            # the longest paragraph after the title is the abstract when a keywords line follows
            paras = _paragraphs(text, rest_start, first)
            # ... but an affiliation paragraph ("1Department of Radiotherapy, ...") is never the abstract
            # (nor a byline: "Yong Xin1,a, WenWen Guo1,a, ...")
            prose = [p for p in paras if not _AFFILIATION.match(text[p[0]:p[1]])
                     and not _looks_like_authors(text[p[0]:p[1]].split("\n", 1)[0])]
            if prose and has_keywords:
                a_s, a_e = max(prose, key=lambda p: p[1] - p[0])
                if a_s > rest_start:
                    sections.append(Section("front matter", "other", rest_start, a_s))
                sections.append(Section("Abstract", "abstract", a_s, a_e))
            elif paras and has_keywords:  # bylines and affiliations only
                sections.append(Section("front matter", "other", rest_start, first))
            elif paras:
                sections.append(Section("Body", "body", paras[0][0], paras[-1][1]))
        else:
            paras = _paragraphs(text, 0, first)
            if paras:
                sections.append(Section("Body", "body", paras[0][0], paras[-1][1]))
    # after a caption the text goes on in the section the caption interrupted (body and
    # abstract only: captions that follow the references are no reason to read more as references)
    resumed: list[tuple[int, str, str]] = []
    last: tuple[str, str] | None = None
    for start, name, kind in marks:
        if kind == "_end":
            if last is not None and last[1] in ("body", "abstract"):
                resumed.append((start, last[0], last[1]))
            else:
                resumed.append((start, name, kind))
            continue
        if kind != "caption":
            last = (name, kind)
        resumed.append((start, name, kind))
    marks = resumed
    for k, (start, name, kind) in enumerate(marks):
        if kind == "_end":
            continue
        end = marks[k + 1][0] if k + 1 < len(marks) else len(text)
        # trim trailing white space (and leading, where a section goes on after a caption)
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            sections.append(Section(name, kind, start, end))
    # A keywords field followed by prose: the keywords section is the one line only.
    out = []
    for s in sections:
        if s.kind == "keywords":
            nl = text.find("\n", s.start)
            line_end = nl if 0 <= nl < s.end and _KEYWORDS_LINE.match(text[s.start:nl]) and text[nl:s.end].strip() else s.end
            if line_end < s.end:
                out.append(Section(s.name, "keywords", s.start, line_end))
                rest = _paragraphs(text, line_end, s.end)
                if rest:
                    out.append(Section("Body", "body", rest[0][0], rest[-1][1]))
                continue
        out.append(s)
    return out, meta


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-empty paragraphs (blank-line separated) inside ``text[start:end]``."""
    out = []
    for m in re.finditer(r"\S(?:.*\S)?(?:\n(?!\s*\n).*\S)*", text[start:end]):
        out.append((start + m.start(), start + m.end()))
    return out
