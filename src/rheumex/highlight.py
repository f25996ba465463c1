"""Entity highlighting for every rheumex HTML page: one colour per label, one renderer.

Used by ``rheumex review`` (:mod:`rheumex.review`) and the evaluation report
(``rheumex evaluate``, :mod:`rheumex.evaluation.run`), so a label has the same colour
everywhere. :func:`highlight` returns :class:`markupsafe.Markup`: all document text is
HTML-escaped here, and the jinja2 templates (autoescape on) insert the result as is.

A span is a dict with ``start``, ``end`` (character offsets into the text, end exclusive)
and ``label``; optional keys refine the rendering: ``mention_id`` (the ``<mark>``'s id, a
link target), ``negated`` (struck through), ``hypothetical`` (dashed), ``subject``
(``literature``/``general``: faded), ``case_id`` (``· case N`` after the label),
``concept_id`` and ``concept_name`` (the hover text).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from markupsafe import Markup, escape

#: displaCy-style colours per label (spaCy's palette); other labels get :data:`DEFAULT_COLOUR`.
LABEL_COLOURS: dict[str, str] = {
    "DISEASE": "#ff9561", "CALCINOSIS_SITE": "#7aecec", "IMAGING": "#aa9cfc", "TREATMENT": "#bfeeb7",
    "ANATOMY": "#feca74",
}
DEFAULT_COLOUR = "#dddddd"
#: the order labels are listed in (legends, count columns); unknown labels follow, sorted
LABEL_ORDER = ("DISEASE", "CALCINOSIS_SITE", "IMAGING", "TREATMENT", "ANATOMY")

__all__ = ["LABEL_COLOURS", "DEFAULT_COLOUR", "LABEL_ORDER", "colour", "order_labels", "is_set", "highlight"]

_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")


def colour(label: str) -> str:
    """The background colour of ``label`` (hex), the same on every page."""
    return LABEL_COLOURS.get(label, DEFAULT_COLOUR)


def order_labels(labels: Iterable[str]) -> list[str]:
    """``labels`` (deduplicated) in display order: :data:`LABEL_ORDER` first, then the rest sorted."""
    present = {lab for lab in labels if isinstance(lab, str)}
    return [lab for lab in LABEL_ORDER if lab in present] + sorted(present - set(LABEL_ORDER))


def is_set(value: Any) -> bool:
    """``value`` as a flag or a present value: None, pandas NA, NaN, ``False`` and ``""`` are
    not set; ``True``, numbers (also 0) and non-empty strings are."""
    if value is None:
        return False
    if isinstance(value, str):
        return value != ""
    if type(value).__name__ in ("bool", "bool_"):
        return bool(value)
    try:
        if value != value:  # NaN
            return False
    except TypeError:  # pandas.NA: comparisons give NA, whose truth value raises
        return False
    return True


def _text(value: Any) -> str:
    return str(value) if is_set(value) and not isinstance(value, bool) else ""


def _mark(span: Mapping[str, Any], inner: str) -> str:
    label = str(span["label"])
    classes = ["ent"]
    negated, hypothetical = is_set(span.get("negated")), is_set(span.get("hypothetical"))
    subject, case_id = _text(span.get("subject")), _text(span.get("case_id"))
    if negated:
        classes.append("neg")
    if hypothetical:
        classes.append("hyp")
    if subject in ("literature", "general"):
        classes.append("lit")
    tip = [label]
    if _text(span.get("concept_name")):
        tip.append(f"{span['concept_name']} ({_text(span.get('concept_id'))})")
    elif _text(span.get("concept_id")):
        tip.append(_text(span.get("concept_id")))
    if subject:
        tip.append(f"subject: {subject}" + (f", case {case_id}" if case_id else ""))
    if negated:
        tip.append("negated")
    if hypothetical:
        tip.append("hypothetical")
    mid = _text(span.get("mention_id"))
    id_attr = f'id="{escape(mid)}" ' if mid else ""
    case = f" &middot; case {escape(case_id)}" if case_id else ""
    return (f'<mark {id_attr}class="{" ".join(classes)}" style="background:{colour(label)}" '
            f'title="{escape(" | ".join(tip))}">{inner}<span class="lbl">{escape(label)}{case}</span></mark>')


def highlight(text: str, spans: Iterable[Mapping[str, Any]], compact_blank_lines: bool = True) -> Markup:
    """``text`` as escaped HTML with each span wrapped in a coloured ``<mark>``.

    Spans are placed in order of start (longest first on ties); a span that overlaps an
    earlier one or falls outside the text is skipped. ``compact_blank_lines`` shows runs of
    blank lines as one blank line (the review pages; the evaluation report keeps them).
    """
    def plain(segment: str) -> str:
        return str(escape(_BLANK_RUN.sub("\n\n", segment) if compact_blank_lines else segment))

    out: list[str] = []
    pos = 0
    for s in sorted(spans, key=lambda s: (int(s["start"]), -int(s["end"]))):
        start, end = int(s["start"]), int(s["end"])
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(plain(text[pos:start]))
        out.append(_mark(s, str(escape(text[start:end]))))
        pos = end
    out.append(plain(text[pos:]))
    return Markup("".join(out))
