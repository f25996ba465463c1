"""Gold-corpus loaders and converters: spaCy, pandas, brat, PubTator, BioC and DocBin.

Every function works on gold documents as :func:`rheumex.corpora.gold.load_gold` returns
them::

    {"id": str, "text": str, "meta": {...},
     "spans": [{"start", "end", "label", "negated"?, "hypothetical"?, "case_id"?, "concept_id"?}]}

Offsets are Python ``str`` indices (Unicode code points) into ``text``, end exclusive.
Each ``write_*`` has a ``read_*`` that gives back the exact text and every span with its
label and attributes (negated, hypothetical, case_id, concept_id). ``meta`` survives BioC
and DocBin; brat and PubTator have no place for it, so their readers return
``meta = {"text_sha256": ...}`` only.

Formats
-------
brat standoff (:func:`write_brat`, :func:`read_brat`)
    ``<id>.txt`` (the text, byte for byte) and ``<id>.ann`` per document, plus an
    ``annotation.conf``. ``T`` lines carry label and offsets (a span crossing a line break
    is written as fragments ``start end;start end`` as brat requires, and read back as one
    span); ``A`` lines carry ``Negated``, ``Hypothetical`` and ``Case <case_id>``
    (percent-encoded); an ``N`` line ``Reference <concept_id>`` carries the concept id.
PubTator (:func:`write_pubtator`, :func:`read_pubtator`)
    ``id|t|title``, ``id|a|abstract``, ``id|n|breaks`` then one tab-separated line per
    span: ``id start end mention label concept_id [attributes]`` (``-``: no concept id).
    Our documents are not title + abstract: the title is the text up to its first newline
    and the abstract the rest, so ``title + " " + abstract`` has exactly the length of the
    text and every offset is valid in it, as PubTator tools expect. Line breaks and tabs
    cannot appear in a PubTator line, so they are written as spaces and listed in the
    ``|n|`` line (``pos`` for a newline, ``pos=hex`` for another character, e.g. ``17=9``
    for a tab); the reader puts them back. PubTator readers that do not know ``|n|`` lines
    skip them (``bioc.pubtator`` prints "Cannot parse"). The optional seventh column holds
    ``negated``, ``hypothetical`` and ``case_id=<id>`` separated by ``;`` (values
    percent-encoded).
BioC XML and BioC JSON (:func:`write_bioc`, :func:`read_bioc`), via the ``bioc`` package
    One passage (offset 0) with the whole text per document; annotations carry infons
    ``type`` (label), ``identifier`` (concept id), ``negated``/``hypothetical``
    (``"true"``) and ``case_id``; the document infon ``rheumex_meta`` holds ``meta`` as
    JSON. Offsets are character offsets.
spaCy DocBin (:func:`write_docbin`, :func:`read_docbin`)
    Docs from the rheumex tokenizer; ``doc.ents`` holds the spans that align with tokens,
    ``doc.spans["gold"]`` every span (widened to token boundaries where needed, concept
    id as ``kb_id_``) and ``doc.user_data["rheumex_gold"]`` the ``id``, the exact
    ``spans`` with all attributes and ``meta`` as JSON (``meta_json``): the reader uses it.

JSONL for annotation tools (:func:`write_jsonl`, :func:`read_jsonl`)
    One JSON object per line that both Prodigy and doccano import as is:
    ``{"text", "spans": [{"start", "end", "label"}], "label": [[start, end, label]], "meta": {"id", ...},
    "rheumex": {"id", "spans"}}``: ``spans`` is Prodigy's key, ``label`` doccano's
    (sequence labelling), ``meta`` is shown by both, and ``rheumex`` keeps the spans with
    all attributes for :func:`read_jsonl`. Offsets are character offsets.
CoNLL BIO (:func:`write_conll`, :func:`read_conll`)
    One token per line, ``token<TAB>tag`` (``B-LABEL``, ``I-LABEL``, ``O``), a blank line
    between sentences (rheumex sentencizer, never inside an entity) and the CoNLL-2003
    document line ``-DOCSTART- -X- O O`` before each document, so ``spacy convert -c ner``
    and other CoNLL-2003 readers take it. Tokens are the rheumex tokenizer's, white space
    is dropped; a span that does not fall on token boundaries is widened to them, and of
    overlapping spans only the first (longest) is kept, as BIO allows one tag per token.
    The format has no place for ids, offsets or attributes: :func:`read_conll` gives
    documents ``doc1, doc2, ...`` whose text is the tokens joined by spaces.

Command line::

    python -m rheumex.corpora.formats export --to brat packaged out/brat
    python -m rheumex.corpora.formats import --from brat out/brat gold_again.jsonl
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Literal
from urllib.parse import quote, unquote

if TYPE_CHECKING:  # heavy imports stay lazy
    import pandas as pd
    from spacy.language import Language
    from spacy.training import Example

__all__ = [
    "FORMATS", "BIO_FORMATS", "ALL_FORMATS", "to_examples", "misaligned_spans", "to_dataframes", "write_brat", "read_brat",
    "write_pubtator", "read_pubtator", "write_bioc", "read_bioc", "write_docbin", "read_docbin",
    "write_jsonl", "read_jsonl", "write_conll", "read_conll", "export", "import_docs", "main",
]

Doc = dict[str, Any]
#: formats whose reader gives back every text, span and attribute exactly
FORMATS = ("brat", "pubtator", "bioc-xml", "bioc-json", "docbin", "jsonl")
#: token-level formats (no offsets, ids or attributes; one tag per token)
BIO_FORMATS = ("conll",)
ALL_FORMATS = FORMATS + BIO_FORMATS
ATTRS = ("negated", "hypothetical", "case_id", "concept_id")
USER_DATA_KEY = "rheumex_gold"
# characters str.splitlines() breaks on, plus tab: none may appear inside a PubTator line
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\t"
_BREAK_RE = re.compile("[" + re.escape(_BREAKS) + "]")
_XML_BAD = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# ---------------------------------------------------------------- helpers

def _span(start: int, end: int, label: str, negated: bool = False, hypothetical: bool = False,
          case_id: str | None = None, concept_id: str | None = None) -> dict:
    """A span dict in the gold format (false/empty attributes left out)."""
    out: dict = {"start": int(start), "end": int(end), "label": label}
    if negated:
        out["negated"] = True
    if hypothetical:
        out["hypothetical"] = True
    if case_id not in (None, ""):
        out["case_id"] = str(case_id)
    if concept_id not in (None, ""):
        out["concept_id"] = str(concept_id)
    return out


def _sorted(spans: Iterable[dict]) -> list[dict]:
    return sorted(spans, key=lambda s: (s["start"], s["end"], s["label"]))


def _new_doc(doc_id: str, text: str, spans: list[dict], meta: dict | None = None) -> Doc:
    meta = dict(meta) if meta else {"text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    return {"id": doc_id, "text": text, "spans": _sorted(spans), "meta": meta}


def _check(docs: Iterable[Doc], where: str) -> list[Doc]:
    """Docs as a list, after checking what every writer relies on (ids, offsets, labels)."""
    docs = list(docs)
    seen: set[str] = set()
    for d in docs:
        did = d.get("id")
        if not isinstance(did, str) or not did.strip():
            raise ValueError(f"{where}: a document has no id; give every document a non-empty string 'id'")
        if did in seen:
            raise ValueError(f"{where}: duplicate document id {did!r}; ids must be unique")
        seen.add(did)
        text = d.get("text")
        if not isinstance(text, str):
            raise ValueError(f"{where}: document {did!r} has no 'text' string")
        for s in d.get("spans", []):
            if not (isinstance(s.get("start"), int) and isinstance(s.get("end"), int) and 0 <= s["start"] < s["end"] <= len(text)):
                raise ValueError(f"{where}: document {did!r}: span {s} is out of bounds for a text of {len(text)} characters; fix the offsets")
            if not s.get("label") or re.search(r"\s", s["label"]):
                raise ValueError(f"{where}: document {did!r}: span {s} needs a label without white space")
    return docs


def _join_fragments(text: str, frags: list[tuple[int, int]], where: str) -> tuple[int, int]:
    """One span from fragments that only skip line breaks/white space; else an error."""
    frags = sorted(frags)
    for (_, e1), (s2, _) in zip(frags, frags[1:]):
        if text[e1:s2].strip():
            raise ValueError(f"{where}: discontinuous span {frags} (the gap {text[e1:s2]!r} is not white space); "
                             "rheumex gold spans are contiguous: merge or split the annotation")
    return frags[0][0], frags[-1][1]


def _safe_filename(doc_id: str, where: str) -> str:
    if re.search(r"[/\\\x00]|^\.|^$", doc_id) or doc_id != doc_id.strip():
        raise ValueError(f"{where}: document id {doc_id!r} cannot be a file name; rename the document")
    return doc_id


def _blank_nlp() -> "Language":
    """Blank English with the rheumex (scispaCy) tokenizer, as the default pipeline config uses."""
    import spacy

    from rheumex.pipelines.tokenizer import create_scispacy_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = create_scispacy_tokenizer()(nlp)
    return nlp


# ---------------------------------------------------------------- spaCy Examples

def misaligned_spans(docs: Iterable[Doc], nlp: "Language | None" = None) -> list[tuple[str, dict]]:
    """``(doc_id, span)`` for every gold span whose start or end falls inside a token.

    ``nlp`` supplies the tokenizer (default: blank English with the rheumex tokenizer).
    """
    nlp = nlp or _blank_nlp()
    out = []
    for d in docs:
        doc = nlp.make_doc(d["text"])
        out += [(d["id"], s) for s in d["spans"] if doc.char_span(s["start"], s["end"]) is None]
    return out


def _reference_doc(pred, spans: list[dict], doc_id: str):
    """A copy of ``pred`` with tokens split at every span boundary and ``ents`` = the spans."""
    from spacy.tokens import Doc as SpacyDoc

    text = pred.text
    cuts = sorted({s["start"] for s in spans} | {s["end"] for s in spans})
    words: list[str] = []
    spaces: list[bool] = []
    for tok in pred:
        a, b = tok.idx, tok.idx + len(tok.text)
        pos = a
        for c in [c for c in cuts if a < c < b] + [b]:
            words.append(text[pos:c])
            spaces.append(False)
            pos = c
        spaces[-1] = bool(tok.whitespace_)
    ref = SpacyDoc(pred.vocab, words=words, spaces=spaces)
    ents = []
    for s in spans:
        ent = ref.char_span(s["start"], s["end"], label=s["label"], kb_id=s.get("concept_id") or "")
        if ent is None:
            raise ValueError(f"{doc_id}: span {s} starts or ends inside white space that spaCy keeps as a token's "
                             "trailing space; trim the span in the labelling file")
        ents.append(ent)
    try:
        ref.set_ents(ents)
    except ValueError as e:
        raise ValueError(f"{doc_id}: overlapping gold spans cannot be doc.ents ({e}); fix the overlap in the labelling file") from e
    ref.user_data[USER_DATA_KEY] = {"id": doc_id, "spans": [dict(s) for s in spans]}
    return ref


def to_examples(docs: Iterable[Doc], nlp: "Language | None" = None,
                on_misaligned: Literal["warn", "raise", "ignore"] = "warn") -> list["Example"]:
    """spaCy training/evaluation ``Example`` objects, one per gold document.

    ``predicted`` is ``nlp.make_doc(text)`` (default: the rheumex tokenizer). ``reference``
    has the same tokens split further at every span boundary, so every gold span is an
    exact ``reference.ents`` entry (label, ``kb_id_`` = concept id) whatever the tokenizer;
    ``reference.user_data["rheumex_gold"]`` keeps all attributes. A span that does not
    align with ``predicted``'s tokens cannot be learned by a token-based NER (spaCy marks
    those tokens missing, ``-``): with ``on_misaligned="warn"`` each such document gets a
    warning naming its id and spans, ``"raise"`` raises ``ValueError``, ``"ignore"`` is silent.
    """
    from spacy.training import Example

    if on_misaligned not in ("warn", "raise", "ignore"):
        raise ValueError(f"on_misaligned must be 'warn', 'raise' or 'ignore', not {on_misaligned!r}")
    nlp = nlp or _blank_nlp()
    out = []
    for d in _check(docs, "to_examples"):
        pred = nlp.make_doc(d["text"])
        spans = _sorted(d["spans"])
        bad = [s for s in spans if pred.char_span(s["start"], s["end"]) is None]
        if bad and on_misaligned != "ignore":
            shown = ", ".join(f"{d['text'][s['start']:s['end']]!r}[{s['start']}:{s['end']}]" for s in bad[:5])
            msg = (f"{d['id']}: {len(bad)} of {len(spans)} gold spans do not align with the tokenizer's tokens ({shown}"
                   f"{', ...' if len(bad) > 5 else ''}); the reference doc keeps them, but a token-based NER sees them as missing")
            if on_misaligned == "raise":
                raise ValueError(msg)
            warnings.warn(msg, stacklevel=2)
        out.append(Example(pred, _reference_doc(pred, spans, d["id"])))
    return out


# ---------------------------------------------------------------- pandas

def to_dataframes(docs: Iterable[Doc]) -> tuple["pd.DataFrame", "pd.DataFrame"]:
    """``(documents, spans)`` as pandas DataFrames with nullable dtypes.

    documents: ``doc_id, text, n_chars, n_spans`` then one column per ``meta`` key (string
    or Int64 when every value is, else Python objects, e.g. ``sections``).
    spans: ``doc_id, mention_id (<doc_id>:T<n>), label, start, end, text, negated,
    hypothetical, case_id, concept_id`` (names as in :mod:`rheumex.schema` ``MENTIONS``).
    """
    import pandas as pd

    docs = _check(docs, "to_dataframes")
    meta_keys: list[str] = []
    for d in docs:
        meta_keys += [k for k in d.get("meta", {}) if k not in meta_keys]
    rows = [{"doc_id": d["id"], "text": d["text"], "n_chars": len(d["text"]), "n_spans": len(d["spans"]),
             **{k: d.get("meta", {}).get(k) for k in meta_keys}} for d in docs]
    dtypes = {"doc_id": "string", "text": "string", "n_chars": "Int64", "n_spans": "Int64"}
    for k in meta_keys:
        vals = [r[k] for r in rows if r[k] is not None]
        if all(isinstance(v, str) for v in vals):
            dtypes[k] = "string"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
            dtypes[k] = "Int64"
        else:
            dtypes[k] = "object"
    documents = pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)
    span_rows = []
    for d in docs:
        for i, s in enumerate(_sorted(d["spans"]), 1):
            span_rows.append({"doc_id": d["id"], "mention_id": f"{d['id']}:T{i}", "label": s["label"], "start": s["start"],
                              "end": s["end"], "text": d["text"][s["start"]:s["end"]], "negated": bool(s.get("negated")),
                              "hypothetical": bool(s.get("hypothetical")), "case_id": s.get("case_id"),
                              "concept_id": s.get("concept_id")})
    sdt = {"doc_id": "string", "mention_id": "string", "label": "string", "start": "Int64", "end": "Int64", "text": "string",
           "negated": "boolean", "hypothetical": "boolean", "case_id": "string", "concept_id": "string"}
    spans = pd.DataFrame(span_rows, columns=list(sdt)).astype(sdt)
    return documents, spans


# ---------------------------------------------------------------- brat

def write_brat(docs: Iterable[Doc], out_dir: str | Path) -> Path:
    """Write ``<id>.txt`` + ``<id>.ann`` per document and an ``annotation.conf`` into ``out_dir``."""
    out = Path(out_dir)
    docs = _check(docs, f"write_brat({out})")
    out.mkdir(parents=True, exist_ok=True)
    labels: list[str] = []
    cases: list[str] = []
    for d in docs:
        name = _safe_filename(d["id"], f"write_brat({out})")
        text = d["text"]
        lines, a, n = [], 0, 0
        for t, s in enumerate(_sorted(d["spans"]), 1):
            frags, pos = [], s["start"]
            for m in _BREAK_RE.finditer(text, s["start"], s["end"]):
                if text[pos:m.start()].strip():
                    frags.append((pos, m.start()))
                pos = m.end()
            if text[pos:s["end"]].strip():
                frags.append((pos, s["end"]))
            frags = frags or [(s["start"], s["end"])]
            # keep the outer offsets exact even if a fragment edge is white space
            frags[0] = (s["start"], frags[0][1])
            frags[-1] = (frags[-1][0], s["end"])
            mention = " ".join(_BREAK_RE.sub(" ", text[x:y]) for x, y in frags)
            lines.append(f"T{t}\t{s['label']} {';'.join(f'{x} {y}' for x, y in frags)}\t{mention}")
            labels += [s["label"]] if s["label"] not in labels else []
            for key, name_ in (("negated", "Negated"), ("hypothetical", "Hypothetical")):
                if s.get(key):
                    a += 1
                    lines.append(f"A{a}\t{name_} T{t}")
            if s.get("case_id"):
                cid = quote(str(s["case_id"]), safe="")  # brat values are single tokens
                a += 1
                lines.append(f"A{a}\tCase T{t} {cid}")
                cases += [cid] if cid not in cases else []
            if s.get("concept_id"):
                n += 1
                lines.append(f"N{n}\tReference T{t} {s['concept_id']}\t{mention}")
        with open(out / f"{name}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        with open(out / f"{name}.ann", "w", encoding="utf-8", newline="\n") as fh:
            fh.write("".join(l + "\n" for l in lines))
    conf = ["[entities]", *labels, "", "[relations]", "", "[events]", "", "[attributes]",
            "Negated\tArg:<ENTITY>", "Hypothetical\tArg:<ENTITY>"]
    if cases:
        conf.append(f"Case\tArg:<ENTITY>, Value:{'|'.join(cases)}")
    (out / "annotation.conf").write_text("\n".join(conf) + "\n", encoding="utf-8")
    return out


def _read_ann(path: Path, text: str) -> list[dict]:
    spans: dict[str, dict] = {}
    attrs: list[tuple[str, str, str | None, str]] = []
    for no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        where = f"{path}:{no}"
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if line[0] == "T":
            if len(fields) < 2:
                raise ValueError(f"{where}: malformed T line {line!r}; expected 'T1<TAB>LABEL start end<TAB>text'")
            label, _, offs = fields[1].partition(" ")
            try:
                frags = [(int(x), int(y)) for x, y in (f.split() for f in offs.split(";"))]
            except ValueError:
                raise ValueError(f"{where}: cannot read the offsets {offs!r}; expected 'start end' or 'start end;start end'") from None
            start, end = _join_fragments(text, frags, where)
            if not 0 <= start < end <= len(text):
                raise ValueError(f"{where}: offsets {start}-{end} are outside {path.with_suffix('.txt').name} ({len(text)} characters)")
            if len(fields) > 2 and " ".join(fields[2].split()) != " ".join(text[start:end].split()):
                raise ValueError(f"{where}: the annotation text {fields[2]!r} differs from the .txt at {start}-{end} "
                                 f"({text[start:end]!r}); the .txt was edited or its encoding changed: re-export")
            spans[fields[0]] = {"start": start, "end": end, "label": label}
        elif line[0] in "AM":
            parts = fields[1].split() if len(fields) > 1 else []
            if len(parts) < 2:
                raise ValueError(f"{where}: malformed attribute line {line!r}; expected 'A1<TAB>Name T1 [value]'")
            attrs.append((parts[0], parts[1], parts[2] if len(parts) > 2 else None, where))
        elif line[0] == "N":
            parts = fields[1].split() if len(fields) > 1 else []
            if len(parts) < 3:
                raise ValueError(f"{where}: malformed normalization line {line!r}; expected 'N1<TAB>Reference T1 DB:ID<TAB>text'")
            attrs.append(("Reference", parts[1], parts[2], where))
        else:
            warnings.warn(f"{where}: ignored brat annotation {line.split(chr(9))[0]!r} (relations, events and "
                          "equivalences are not part of the rheumex gold format)", stacklevel=3)
    for name, ref, value, where in attrs:
        if ref not in spans:
            raise ValueError(f"{where}: attribute {name} points to {ref}, which is not a text-bound annotation in this file")
        key = {"Negated": "negated", "Hypothetical": "hypothetical", "Case": "case_id", "Reference": "concept_id"}.get(name)
        if key is None:
            warnings.warn(f"{where}: ignored unknown attribute {name!r} (known: Negated, Hypothetical, Case)", stacklevel=3)
        elif key in ("negated", "hypothetical"):
            spans[ref][key] = True
        else:
            spans[ref][key] = unquote(value) if key == "case_id" and value else value
    return [_span(**s) for s in spans.values()]


def read_brat(in_dir: str | Path) -> list[Doc]:
    """Documents from a brat folder: every ``<id>.txt`` with its ``<id>.ann`` (missing: no spans)."""
    folder = Path(in_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: not a folder; pass a brat folder with <id>.txt and <id>.ann files")
    txts = sorted(folder.glob("*.txt"))
    if not txts:
        raise ValueError(f"{folder}: no .txt files; pass a brat folder written by write_brat or brat itself")
    docs = []
    for txt in txts:
        with open(txt, encoding="utf-8", newline="") as fh:
            text = fh.read()
        ann = txt.with_suffix(".ann")
        docs.append(_new_doc(txt.stem, text, _read_ann(ann, text) if ann.exists() else []))
    return docs


# ---------------------------------------------------------------- PubTator

def _check_field(value: str, what: str, where: str) -> str:
    if "|" in value or _BREAK_RE.search(value):
        raise ValueError(f"{where}: {what} {value!r} contains '|', a tab or a line break, which PubTator cannot hold; rename it")
    return value


def write_pubtator(docs: Iterable[Doc], path: str | Path) -> Path:
    """Write documents to one PubTator file (lossless scheme: see the module docstring)."""
    path = Path(path)
    where = f"write_pubtator({path})"
    docs = _check(docs, where)
    blocks = []
    for d in docs:
        did = _check_field(d["id"], "document id", where)
        text = d["text"]
        flat = _BREAK_RE.sub(" ", text)
        breaks = ",".join(str(m.start()) if m.group() == "\n" else f"{m.start()}={ord(m.group()):x}" for m in _BREAK_RE.finditer(text))
        cut = text.find("\n")
        title, abstract = (flat, "") if cut < 0 else (flat[:cut], flat[cut + 1:])
        lines = [f"{did}|t|{title}", f"{did}|a|{abstract}", f"{did}|n|{breaks}"]
        for s in _sorted(d["spans"]):
            label = _check_field(s["label"], "label", where)
            concept = _check_field(str(s.get("concept_id") or ""), "concept id", where)
            attrs = [k for k in ("negated", "hypothetical") if s.get(k)]
            if s.get("case_id"):
                attrs.append("case_id=" + quote(str(s["case_id"]), safe=""))
            cols = [did, str(s["start"]), str(s["end"]), flat[s["start"]:s["end"]], label, concept or "-"]
            lines.append("\t".join(cols + ([";".join(attrs)] if attrs else [])))
        blocks.append("\n".join(lines) + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(blocks))
    return path


def _unflatten(title: str, abstract: str, breaks: str | None, where: str) -> str:
    """The original text from PubTator title/abstract and the ``|n|`` line (None: foreign file)."""
    if breaks is None:  # not written by rheumex: the usual title, newline, abstract
        return title + ("\n" + abstract if abstract else "")
    chars = list(title + " " + abstract)
    restored = set()
    for item in filter(None, breaks.split(",")):
        pos, _, code = item.partition("=")
        try:
            i, ch = int(pos), chr(int(code, 16)) if code else "\n"
            if i < 0 or chars[i] != " ":
                raise IndexError
        except (ValueError, IndexError):
            raise ValueError(f"{where}: bad line-break entry {item!r} in the |n| line; re-export the file") from None
        chars[i] = ch
        restored.add(i)
    if len(title) not in restored:  # the text had no newline: it is all in the title
        if abstract:
            raise ValueError(f"{where}: an abstract but no newline after the title in the |n| line; re-export the file")
        return "".join(chars[:len(title)])
    return "".join(chars)


def read_pubtator(path: str | Path) -> list[Doc]:
    """Documents from a PubTator file written by :func:`write_pubtator` (or a plain PubTator file).

    A plain PubTator file (no ``|n|`` lines) gives ``text = title + "\\n" + abstract``.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such PubTator file")
    with open(path, encoding="utf-8", newline="") as fh:
        raw = fh.read()
    docs: list[Doc] = []
    cur: dict | None = None

    def finish() -> None:
        if cur is None:
            return
        where = f"{path}: document {cur['id']}"
        text = _unflatten(cur.get("t", ""), cur.get("a", ""), cur.get("n"), where)
        spans = []
        for no, f in cur["anns"]:
            start, end = int(f[1]), int(f[2])
            if not 0 <= start < end <= len(text):
                raise ValueError(f"{path}:{no}: offsets {start}-{end} are outside the document text ({len(text)} characters)")
            if " ".join(f[3].split()) != " ".join(text[start:end].split()):
                raise ValueError(f"{path}:{no}: mention {f[3]!r} differs from the text at {start}-{end} ({text[start:end]!r}); "
                                 "offsets must count title + one character + abstract")
            attrs: dict = {}
            for a in filter(None, (f[6] if len(f) > 6 else "").split(";")):
                k, _, v = a.partition("=")
                if k in ("negated", "hypothetical"):
                    attrs[k] = True
                elif k == "case_id":
                    attrs[k] = unquote(v)
                else:
                    warnings.warn(f"{path}:{no}: ignored unknown attribute {a!r}", stacklevel=3)
            concept = f[5] if len(f) > 5 and f[5] not in ("", "-") else None
            spans.append(_span(start, end, f[4], concept_id=concept, **attrs))
        docs.append(_new_doc(cur["id"], text, spans))

    for no, line in enumerate(raw.split("\n"), 1):
        line = line[:-1] if line.endswith("\r") else line  # CRLF files from elsewhere (ours have no \r in a line)
        if not line.strip():
            continue
        head = line.split("|", 2)
        if len(head) == 3 and len(head[1]) == 1 and "\t" not in head[0]:
            did, kind, value = head
            if cur is None or cur["id"] != did or kind in cur:
                finish()
                cur = {"id": did, "anns": []}
            cur[kind] = value
            continue
        f = line.split("\t")
        if len(f) >= 5 and f[1].isdigit() and f[2].isdigit():
            if cur is None or f[0] != cur["id"]:
                raise ValueError(f"{path}:{no}: annotation for {f[0]!r} outside its document's block; put it after the {f[0]}|t| and |a| lines")
            cur["anns"].append((no, f))
        elif len(f) in (4, 5):
            warnings.warn(f"{path}:{no}: ignored a relation line (relations are not part of the rheumex gold format)", stacklevel=2)
        else:
            raise ValueError(f"{path}:{no}: cannot read {line[:80]!r}; expected 'id|t|', 'id|a|' or 'id<TAB>start<TAB>end<TAB>mention<TAB>label...'")
    finish()
    return docs


# ---------------------------------------------------------------- BioC

def _bioc_module(fmt: str):
    import bioc.biocjson
    import bioc.biocxml

    if fmt == "xml":
        return bioc.biocxml
    if fmt == "json":
        return bioc.biocjson
    raise ValueError(f"BioC format must be 'xml' or 'json', not {fmt!r}")


def write_bioc(docs: Iterable[Doc], path: str | Path, fmt: Literal["xml", "json"] = "xml") -> Path:
    """Write documents as one BioC collection (XML or JSON) with the ``bioc`` package."""
    from bioc import BioCAnnotation, BioCCollection, BioCDocument, BioCLocation, BioCPassage

    path = Path(path)
    module = _bioc_module(fmt)
    docs = _check(docs, f"write_bioc({path})")
    coll = BioCCollection()
    coll.source = "rheumex gold corpus"
    coll.key = "rheumex_gold.key"
    for d in docs:
        if fmt == "xml":
            for what, value in (("text", d["text"]), ("id", d["id"])):
                bad = _XML_BAD.search(value)
                if bad:
                    raise ValueError(f"write_bioc({path}): document {d['id']!r}: character U+{ord(bad.group()):04X} at offset "
                                     f"{bad.start()} of its {what} cannot be stored in XML 1.0; export with fmt='json'")
        bd = BioCDocument()
        bd.id = d["id"]
        if d.get("meta"):
            bd.infons["rheumex_meta"] = json.dumps(d["meta"], ensure_ascii=False)
        passage = BioCPassage()
        passage.offset = 0
        passage.text = d["text"]
        passage.infons["type"] = "text"
        for i, s in enumerate(_sorted(d["spans"]), 1):
            ann = BioCAnnotation()
            ann.id = f"T{i}"
            ann.infons["type"] = s["label"]
            if s.get("concept_id"):
                ann.infons["identifier"] = str(s["concept_id"])
            for k in ("negated", "hypothetical"):
                if s.get(k):
                    ann.infons[k] = "true"
            if s.get("case_id"):
                ann.infons["case_id"] = str(s["case_id"])
            ann.add_location(BioCLocation(s["start"], s["end"] - s["start"]))
            ann.text = d["text"][s["start"]:s["end"]]
            passage.add_annotation(ann)
        bd.add_passage(passage)
        coll.add_document(bd)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xml":
        path.write_bytes(module.dumps(coll).encode("utf-8"))
    else:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            module.dump(coll, fh, indent=1)
    return path


def read_bioc(path: str | Path, fmt: Literal["xml", "json"] | None = None) -> list[Doc]:
    """Documents from a BioC XML or JSON collection (``fmt`` None: guessed from the first character).

    Several passages are joined at their offsets (gaps filled with newlines); annotations
    at passage, sentence or document level are read, with label from infon ``type``.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such BioC file")
    raw = path.read_bytes()
    if fmt is None:
        fmt = "xml" if raw.lstrip()[:1] == b"<" else "json"
    module = _bioc_module(fmt)
    try:
        if fmt == "xml":
            import io

            coll = module.load(io.BytesIO(raw))
        else:
            coll = module.loads(raw.decode("utf-8"))
    except Exception as e:  # lxml/json errors: say which file and what to do
        raise ValueError(f"{path}: not a readable BioC {fmt.upper()} file ({e}); check the file, or read it as BioC {'JSON' if fmt == 'xml' else 'XML'}") from e
    docs = []
    for bd in coll.documents:
        where = f"{path}: document {bd.id}"
        text = ""
        anns = list(bd.annotations)
        for p in sorted(bd.passages, key=lambda p: p.offset):
            if p.offset < len(text):
                raise ValueError(f"{where}: passage at offset {p.offset} overlaps the previous one")
            text += "\n" * (p.offset - len(text)) + (p.text or "")
            anns += list(p.annotations)
            for sent in p.sentences:
                anns += list(sent.annotations)
        spans = []
        for a in anns:
            w = f"{where}, annotation {a.id}"
            label = a.infons.get("type")
            if not label:
                raise ValueError(f"{w}: no 'type' infon; BioC annotations need their label in infon 'type'")
            if not a.locations:
                raise ValueError(f"{w}: no location")
            start, end = _join_fragments(text, [(l.offset, l.offset + l.length) for l in a.locations], w)
            if not 0 <= start < end <= len(text) or (a.text is not None and " ".join(a.text.split()) != " ".join(text[start:end].split())):
                raise ValueError(f"{w}: text {a.text!r} does not match the document at {start}-{end}; "
                                 "rheumex expects character (not byte) offsets")
            spans.append(_span(start, end, label, negated=a.infons.get("negated") == "true",
                               hypothetical=a.infons.get("hypothetical") == "true", case_id=a.infons.get("case_id"),
                               concept_id=a.infons.get("identifier")))
        meta = json.loads(bd.infons["rheumex_meta"]) if bd.infons.get("rheumex_meta") else None
        docs.append(_new_doc(bd.id, text, spans, meta))
    return docs


# ---------------------------------------------------------------- spaCy DocBin

def write_docbin(docs: Iterable[Doc], path: str | Path, nlp: "Language | None" = None) -> Path:
    """Write documents as a spaCy ``DocBin`` (``.spacy``), tokenized by ``nlp`` (default: rheumex tokenizer).

    ``doc.ents``: spans aligned with tokens; ``doc.spans["gold"]``: every span (widened to
    token boundaries where needed); ``doc.user_data["rheumex_gold"]``: ``id``, exact
    ``spans`` with attributes and ``meta_json`` (what :func:`read_docbin` reads).
    """
    from spacy.tokens import DocBin

    path = Path(path)
    docs = _check(docs, f"write_docbin({path})")
    nlp = nlp or _blank_nlp()
    db = DocBin(store_user_data=True)
    for d in docs:
        doc = nlp.make_doc(d["text"])
        spans = _sorted(d["spans"])
        group, ents = [], []
        for s in spans:
            kw = {"label": s["label"], "kb_id": s.get("concept_id") or ""}
            exact = doc.char_span(s["start"], s["end"], **kw)
            group.append(exact if exact is not None else doc.char_span(s["start"], s["end"], alignment_mode="expand", **kw))
            if exact is not None and (not ents or exact.start >= ents[-1].end):
                ents.append(exact)
        doc.spans["gold"] = [g for g in group if g is not None]
        doc.set_ents(ents)
        # meta as JSON: msgpack would turn its lists into tuples
        doc.user_data[USER_DATA_KEY] = {"id": d["id"], "spans": [dict(s) for s in spans],
                                        "meta_json": json.dumps(d.get("meta") or {}, ensure_ascii=False)}
        db.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return path


def read_docbin(path: str | Path) -> list[Doc]:
    """Documents from a ``DocBin``: exact spans from ``user_data["rheumex_gold"]`` when present,
    else from ``doc.spans["gold"]`` or ``doc.ents`` (ids ``doc<n>``)."""
    import spacy
    from spacy.tokens import DocBin

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such DocBin (.spacy) file")
    try:
        db = DocBin(store_user_data=True).from_disk(path)
    except Exception as e:
        raise ValueError(f"{path}: not a spaCy DocBin ({e}); pass a .spacy file written by DocBin.to_disk") from e
    out = []
    for i, doc in enumerate(db.get_docs(spacy.blank("en").vocab), 1):
        gold = doc.user_data.get(USER_DATA_KEY)
        if gold:
            spans = [_span(**{k: v for k, v in s.items() if k in ("start", "end", "label", *ATTRS)}) for s in gold["spans"]]
            out.append(_new_doc(gold["id"], doc.text, spans, json.loads(gold.get("meta_json") or "{}")))
        else:
            source = doc.spans["gold"] if "gold" in doc.spans else doc.ents
            spans = [_span(s.start_char, s.end_char, s.label_, concept_id=s.kb_id_ or None) for s in source]
            out.append(_new_doc(f"doc{i}", doc.text, spans))
    return out


# ---------------------------------------------------------------- JSONL (Prodigy, doccano)

def write_jsonl(docs: Iterable[Doc], path: str | Path) -> Path:
    """Write documents as JSONL that Prodigy (``spans``) and doccano (``label``) both import.

    ``meta`` holds ``id`` and the document's metadata; ``rheumex`` holds the spans with
    every attribute (negated, hypothetical, case_id, concept_id) for :func:`read_jsonl`.
    """
    path = Path(path)
    docs = _check(docs, f"write_jsonl({path})")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            spans = _sorted(d["spans"])
            meta = {"id": d["id"], **{k: v for k, v in (d.get("meta") or {}).items() if k != "id"}}
            fh.write(json.dumps({
                "text": d["text"],
                "spans": [{"start": x["start"], "end": x["end"], "label": x["label"]} for x in spans],
                "label": [[x["start"], x["end"], x["label"]] for x in spans],
                "meta": meta,
                "rheumex": {"id": d["id"], "spans": [dict(x) for x in spans]},
            }, ensure_ascii=False) + "\n")
    return path


def read_jsonl(path: str | Path) -> list[Doc]:
    """Documents from JSONL written by :func:`write_jsonl`, or by Prodigy (``spans``) or
    doccano (``label`` as ``[[start, end, label]]``); ids from ``rheumex``/``meta``/``id``, else ``doc<n>``."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such JSONL file")
    out = []
    # split on "\n" only: str.splitlines() would also break at U+2028 etc., which JSON leaves unescaped
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{n}: not JSON ({e}); each line must be one JSON object") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise ValueError(f"{path}:{n}: a line needs a 'text' string")
        meta = dict(rec.get("meta") or {})
        rx = rec.get("rheumex") or {}
        did = rx.get("id") or meta.pop("id", None) or rec.get("id") or f"doc{len(out) + 1}"
        meta.pop("id", None)
        if rx.get("spans") is not None:
            spans = [_span(**{k: v for k, v in x.items() if k in ("start", "end", "label", *ATTRS)}) for x in rx["spans"]]
        elif rec.get("spans") is not None:
            spans = [_span(x["start"], x["end"], x["label"]) for x in rec["spans"]]
        else:
            spans = [_span(a, b, lab) for a, b, lab in rec.get("label") or []]
        out.append(_new_doc(str(did), rec["text"], spans, meta or None))
    return _check(out, f"read_jsonl({path})")


# ---------------------------------------------------------------- CoNLL BIO

CONLL_DOCSTART = "-DOCSTART- -X- O O"


def _sentencizer_nlp() -> "Language":
    import rheumex.pipelines  # noqa: F401  (registers rheumex_sentencizer)

    nlp = _blank_nlp()
    nlp.add_pipe("rheumex_sentencizer")
    return nlp


def write_conll(docs: Iterable[Doc], path: str | Path, nlp: "Language | None" = None) -> Path:
    """Write documents as token-per-line BIO (``token<TAB>tag``), CoNLL-2003 document lines.

    ``nlp`` tokenizes and splits sentences (default: the rheumex tokenizer and sentencizer).
    """
    path = Path(path)
    docs = _check(docs, f"write_conll({path})")
    nlp = nlp or _sentencizer_nlp()
    lines: list[str] = []
    for d in docs:
        doc = nlp(d["text"])
        tags = ["O"] * len(doc)
        taken = [False] * len(doc)
        for x in sorted(d["spans"], key=lambda x: (x["start"], -x["end"])):
            sp = doc.char_span(x["start"], x["end"], alignment_mode="expand")
            if sp is None or not len(sp) or any(taken[sp.start:sp.end]):
                continue
            for i in range(sp.start, sp.end):
                taken[i] = True
                tags[i] = ("B-" if i == sp.start else "I-") + x["label"]
        lines += [CONLL_DOCSTART, ""]
        sent: list[str] = []
        for tok in doc:
            if tok.is_sent_start and sent and not tags[tok.i].startswith("I-"):
                lines += sent + [""]
                sent = []
            if tok.is_space or not tok.text.strip():
                continue
            token = re.sub(r"\s", "_", tok.text)  # a token never contains white space in CoNLL
            sent.append(f"{token}\t{tags[tok.i]}")
        if sent:
            lines += sent + [""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_conll(path: str | Path) -> list[Doc]:
    """Documents from a BIO CoNLL file (last column the tag; ``-DOCSTART-`` lines separate documents).

    Text: the tokens joined by single spaces (sentences by newlines); spans from the B-/I- tags."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such CoNLL file")
    out: list[Doc] = []
    parts: list[str] = []
    spans: list[dict] = []
    pos = 0
    open_span: dict | None = None

    def close() -> None:
        nonlocal open_span
        if open_span is not None:
            spans.append(_span(open_span["start"], open_span["end"], open_span["label"]))
            open_span = None

    def finish() -> None:
        nonlocal parts, spans, pos
        close()
        if parts:
            out.append(_new_doc(f"doc{len(out) + 1}", "".join(parts).rstrip("\n"), spans))
        parts, spans, pos = [], [], 0

    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("-DOCSTART-"):
            finish()
            continue
        if not line.strip():
            close()
            if parts and not parts[-1].endswith("\n"):
                parts[-1] = parts[-1].rstrip(" ") + "\n"
                pos = sum(len(p) for p in parts)
            continue
        cols = line.split()
        token, tag = cols[0], cols[-1]
        if len(cols) < 2 or not (tag == "O" or re.fullmatch(r"[BI]-\S+", tag)):
            raise ValueError(f"{path}:{n}: expected 'token<TAB>tag' with tag O, B-LABEL or I-LABEL, got {line!r}")
        start = pos
        parts.append(token + " ")
        pos += len(token) + 1
        if tag == "O" or tag.startswith("B-") or (open_span is not None and open_span["label"] != tag[2:]):
            close()
        if tag != "O":
            if open_span is None:
                open_span = {"start": start, "end": start + len(token), "label": tag[2:]}
            else:
                open_span["end"] = start + len(token)
    finish()
    return out


# ---------------------------------------------------------------- dispatch and CLI

def export(docs: Iterable[Doc], fmt: str, out: str | Path) -> Path:
    """Write ``docs`` in ``fmt`` (one of :data:`ALL_FORMATS`) to ``out`` (a folder for brat)."""
    writers = {"brat": write_brat, "pubtator": write_pubtator, "docbin": write_docbin, "jsonl": write_jsonl,
               "conll": write_conll, "bioc-xml": lambda d, p: write_bioc(d, p, "xml"), "bioc-json": lambda d, p: write_bioc(d, p, "json")}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(ALL_FORMATS)}")
    return writers[fmt](docs, out)


def import_docs(fmt: str, src: str | Path) -> list[Doc]:
    """Read documents in ``fmt`` (one of :data:`ALL_FORMATS`) from ``src``."""
    readers = {"brat": read_brat, "pubtator": read_pubtator, "docbin": read_docbin, "jsonl": read_jsonl,
               "conll": read_conll, "bioc-xml": lambda p: read_bioc(p, "xml"), "bioc-json": lambda p: read_bioc(p, "json")}
    if fmt not in readers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(ALL_FORMATS)}")
    return readers[fmt](src)


def main(argv: list[str] | None = None) -> int:
    """``export --to FMT GOLD OUT`` and ``import --from FMT IN OUT.jsonl`` (GOLD ``packaged``: the bundled corpus)."""
    from rheumex.corpora.gold import load_gold

    ap = argparse.ArgumentParser(prog="python -m rheumex.corpora.formats", description="Convert the gold corpus to and from other formats.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export", help="gold.jsonl -> brat, PubTator, BioC, DocBin, Prodigy/doccano JSONL or CoNLL")
    e.add_argument("--to", required=True, choices=ALL_FORMATS)
    e.add_argument("gold", help="a gold.jsonl file, or 'packaged' for the bundled corpus")
    e.add_argument("out", type=Path, help="output file (a folder for brat)")
    i = sub.add_parser("import", help="brat, PubTator, BioC, DocBin, Prodigy/doccano JSONL or CoNLL -> gold-format JSONL")
    i.add_argument("--from", dest="src_fmt", required=True, choices=ALL_FORMATS)
    i.add_argument("src", type=Path)
    i.add_argument("out", type=Path, help="output .jsonl")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "export":
            if args.gold != "packaged" and not Path(args.gold).is_file():
                raise FileNotFoundError(f"{args.gold}: no such gold file; pass a gold.jsonl or 'packaged'")
            docs = load_gold(None if args.gold == "packaged" else args.gold)
            where = export(docs, args.to, args.out)
        else:
            docs = import_docs(args.src_fmt, args.src)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
            where = args.out
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"{args.cmd}: {len(docs)} documents, {sum(len(d['spans']) for d in docs)} spans -> {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
