"""Journal name and publication year of a PDF article, from the lines a reader would use.

Sources, most trusted first (each a rule about layouts, not about a publisher):

1. the ``/Subject`` entry when it is a citation ("Journal 2010, 4:1") or a short name;
2. a **citation line** on the first page or in the running heads: ``<Journal> <year>, <vol>:<page>``
   or ``<Journal> <year>; <vol>(<issue>)`` ("BMC Medicine 2014, 12:161", "Cancer Medicine 2018; 7(4)");
3. a **volume line**: "Volume 2016, Article ID 7245947", "Vol. 12, No. 3, 2018". The year is the
   volume's own year (a volume numbered by year) or a year on the line; the journal is the text
   before "Volume" on that line, else (a line that starts with "Volume") the line printed just above it;
4. a **running head** that repeats on later pages and is also printed on the first page
   ("Journal of Diabetes Research"), not an author running head ("Ma et al.");
5. year only: the **copyright line** ("Copyright © 2016 ..."), and as a last resort a
   "Published" date. Received/Revised/Accepted dates are never used: they are the
   submission's history, often a year before the volume.
"""
from __future__ import annotations

import re

YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
CITE_LINE = re.compile(rf"(?P<journal>[A-Z][A-Za-z&:.,'\u2019\- ]{{3,90}}?)[\s,.]+(?P<year>{YEAR})\s*[,:;(]\s*\d"
                       rf"|(?P<journal2>[A-Z][A-Za-z&:.,'\u2019\- ]{{3,90}}?)\s+\((?P<year2>{YEAR})\)\s*\d+\s*[:(]")
# "Cureus 15(1): e33242. DOI 10.7759/...", "PLoS ONE 9(3): e91234": a citation line without its
# year, trusted only with a DOI on the same line
_VOL_ISSUE_CITE = re.compile(r"(?P<journal>[A-Z][A-Za-z&.'\u2019\- ]{1,80}?)\s+\d{1,4}\s*\(\s*[\w\u2013-]{1,9}\s*\)\s*:\s*e?\d+"
                             r"(?=.*\b(?:doi\b|10\.\d{4,9}/))", re.I)
_VOLUME = re.compile(rf"(?:^|(?<=[|,;]\s)|(?<=[A-Za-z)]\s))(?:Volume|Vol\.?)\s*(?P<vol>\d+)\b")
_HISTORY = re.compile(r"\b(received|revised|accepted|submitted|review (?:began|ended))\b", re.I)
_NOT_JOURNAL = re.compile(r"\b(publish\w*|corporation|ltd|limited|inc|gmbh|press|open access|licen[cs]e\w*|copyright|"
                          r"doi|https?|www|et al|article|page|received|accepted|university|department)\b|[@\u00a9]", re.I)
_COPYRIGHT = re.compile(rf"(?:\u00a9|\bcopyright\b)\s*(?:\u00a9\s*)?(?:\(c\)\s*)?(?P<year>{YEAR})\b", re.I)
_PUBLISHED = re.compile(rf"\bpublished(?: online)?\s*:?\s*(?:on\s+)?(?:\d{{1,2}}[\s/.-]+)?(?:[A-Z][a-z]+\.?\s+)?(?:\d{{1,2}}[,/.-]?\s*)?"
                        rf"(?P<year>{YEAR})\b", re.I)


def _journal_like(s: str) -> bool:
    s = s.strip(" ,.:;|")
    words = s.split()
    if not (1 <= len(words) <= 12) or _NOT_JOURNAL.search(s) or re.search(r"\d", s):
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= 0.5 * len(words) and bool(re.match(r"[A-Z]", s))


def _clean_cited_journal(j: str) -> str:
    j = re.sub(r"^.*?\bet al\.?[;,]?\s*", "", j).strip(" ,.:")
    return re.sub(r"^(?:\d{4}\s+)?(?:[A-Z][a-z]+ and [A-Z][a-z]+|[A-Z][a-z]+ et al)\.?\s+", "", j)


def journal_and_year(info: dict, running: list[str], first_lines: list[str]) -> tuple[str | None, int | None]:
    """``(journal, year)`` of an article.

    Args:
        info: the PDF information dictionary (``Subject`` is read).
        running: running-head/footer lines dropped as page furniture, in page order.
        first_lines: the lines of the first article page top to bottom, furniture included.
    """
    journal: str | None = None
    year: int | None = None
    subject = (info.get("Subject") or "").strip()
    m = CITE_LINE.search(subject)
    if m:
        journal, year = (m.group("journal") or m.group("journal2")).strip(" ,.:"), int(m.group("year") or m.group("year2"))
    elif subject and len(subject.split()) <= 10 and not re.search(r"[.;]\s|\[", subject) and re.match(r"[A-Z]", subject):
        journal = subject
    lines = list(dict.fromkeys(running)) + first_lines[:80]
    # 2. citation line
    if journal is None or year is None:
        for line in lines:
            if _HISTORY.search(line):
                continue
            m = CITE_LINE.search(line)
            if m:
                j = _clean_cited_journal((m.group("journal") or m.group("journal2")))
                if 1 <= len(j.split()) <= 12 and not re.search(r"\b(copyright|received|accepted|published)\b", j, re.I):
                    journal = journal or j
                    year = year or int(m.group("year") or m.group("year2"))
                    break
    # 2b. a citation line with volume(issue) but no year, when a DOI stands on it
    if journal is None:
        for line in lines:
            if _HISTORY.search(line):
                continue
            m = _VOL_ISSUE_CITE.search(line)
            if m:
                j = _clean_cited_journal(re.sub(rf"^\s*{YEAR}\s+", "", m.group("journal")))
                # a cited title ends with a full word and a full stop: "Heat stroke. PLoS ONE"
                j = re.split(r"(?<=\b[a-z]{4})[a-z]*\.\s+(?=[A-Z])", j)[-1]
                if _journal_like(j):
                    journal = j.strip(" ,.:;")
                    break
    # 3. volume line
    if journal is None or year is None:
        for k, line in enumerate(first_lines[:40] + list(dict.fromkeys(running))):
            if len(line) > 160 or _HISTORY.search(line):
                continue
            m = _VOLUME.search(line)
            if not m:
                continue
            vol = m.group("vol")
            if year is None:
                if re.fullmatch(YEAR, vol):
                    year = int(vol)
                else:
                    y = re.search(rf"\b({YEAR})\b", line)
                    if y:
                        year = int(y.group(1))
            if journal is None:
                pre = re.split(r"\s*\|\s*", line[: m.start()].strip(" ,.;|"))[-1]
                if _journal_like(pre):
                    journal = pre.strip(" ,.:;")
                elif m.start() == 0 and 0 < k < len(first_lines) and _journal_like(first_lines[k - 1]):
                    journal = first_lines[k - 1].strip(" ,.:;")
            break
    # 4. a running head also printed on the first page
    if journal is None:
        first = {re.sub(r"\s+", " ", ln).strip().lower() for ln in first_lines}
        counts: dict[str, int] = {}
        for r in running:
            t = re.sub(r"^\d+\s+|\s+\d+$", "", re.sub(r"\s+", " ", r).strip())
            counts[t] = counts.get(t, 0) + 1
        for t, c in counts.items():
            if c >= 2 and t.lower() in first and _journal_like(t):
                journal = t
                break
    if journal is None:
        for line in lines:
            m = re.match(r"^(Frontiers in [A-Z][A-Za-z ]+?)\s*\|", line)
            if m:
                journal = m.group(1)
                break
    # 5. copyright, then a published date
    if year is None:
        for pat in (_COPYRIGHT, _PUBLISHED):
            for line in first_lines:
                m = pat.search(line)
                if m:
                    year = int(m.group("year") or m.group("year2"))
                    break
            if year is not None:
                break
    return journal, year
