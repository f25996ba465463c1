"""``rheumex_token_repair``: two kinds of token the scispaCy tokenizer leaves whole that hide a name.

It runs first, before the lexicon ruler (and therefore over its phrase patterns too, so both
sides are tokenized alike).

1. "type I." at a sentence end: the tokenizer keeps "I." as one token (an initial), so the
   name rule "<disease> type <numeral>" never sees the numeral ("likely neurofibromatosis
   type I.": dev gold MPX2275 labels "neurofibromatosis type I" four times). A Roman numeral
   with a full stop after "type"/"types" loses the full stop, as does a letter after a word
   the resolver names with a letter (``LETTER_SUFFIXED``: "hepatitis B.", "hemophilia A.").

2. Words joined by a slash. The tokenizer keeps "impairment/dementia", "trauma/hemorrhage"
   and "abscess/fistula" whole, so the lexicons see neither disease ("cognitive
   impairment/dementia", "Secondary cysts are from trauma/hemorrhage": the gold corpus labels
   both names). Such a token is split at its slashes when

- every part is a word of at least three letters that is not all capitals (so "PET/CT",
  "MRCP/MRI", "PA/LAT", "y/o", "s/p", "and/or" stay whole),
- at least one part is a one-word DISEASE name of the lexicon or of a DISEASE word-form rule
  (``morphology.jsonl``: "-itis", "-osis" ...), compared on the normalised form, or the first of
  two parts is a name's head word ("Syndrome/Hemophagocytic", session 22), and
- no part is a one-word TREATMENT or IMAGING name ("piperacillin/tazobactam" is one drug
  combination; "abdomen/pelvis", a scan region, has no disease part: both stay whole), nor
  the name of a discipline ("Allergy/Immunology", a journal category: "-ology", "-iatry").

Short forms joined by a slash ("RLS/PLMD", "ALI/ARDS") are split when the document defines every
part as a short form ("restless legs syndrome (RLS)", or a glossary line "RLS: ...") or writes the
pair itself in parentheses ("acute lung injury/acute respiratory distress syndrome (ALI/ARDS)"), and no part
is a one-word TREATMENT or IMAGING name ("PET/CT" stays whole, as the lexicons write it).

3. Words joined by an en dash ("Churg\u2013Strauss syndrome") are joined into one token, as the
   tokenizer keeps "Churg-Strauss" whole.

It also splits a token whose every part is a classifying adjective (the resolver's adjective
endings "-al", "-ary", "-ic", "-ous" ...) or a word of ``slash_modifier_words.txt``:
"Primary/secondary oxalosis", "Duodenal/ampullary carcinoma", "Acute/chronic renal allograft
rejection" (dev gold: one DISEASE span each) and "Axial/coronal T2-weighted images" then take
both words through the resolver's rule for coordinated modifiers ("mediastinal and hilar
lymphadenopathy"), which already reads "/" as a coordinator. A word with a trailing slash
before a space ("Fibrosis/ Cystic changes") loses the slash when the word is a disease name.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from rheumex.pipelines.lexicon import iter_lexicon
from rheumex.pipelines.normalizer import normalize_word
from rheumex.pipelines.syntax import data_words

_TYPE_NUMERAL = re.compile(r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.")
_TYPE_WORDS = ("type", "types")
_LETTER = re.compile(r"[A-E][1-3]?\.")
#: the adjective endings of the resolver's CLASSIFYING_ADJECTIVE, for a whole part
_ADJECTIVE = re.compile(r"[a-z]{3,}(genic|omatous|ular|ial|eal|ary|oid|ous|ic|al|ar)")
#: where a repair can be needed: a slash, or a numeral/letter with a full stop
_WHERE = re.compile(r"/|\b(?:[IVX]{1,4}|[A-E][1-3]?)\.")
_CANDIDATE = re.compile(r"[A-Za-z][a-z]{2,}(?:/[A-Za-z][a-z]{2,})*/?")
#: short forms joined by a slash ("RLS/PLMD", "ALI/ARDS", "PM/DM", "SSc/PM"): each part a capital,
#: then letters or digits, with at least two capitals
_SHORT_FORM = re.compile(r"(?=(?:[^/]*[A-Z]){2})[A-Z][A-Za-z0-9]{1,7}")


class TokenRepair:
    def __init__(self, disease_files: list[str], other_files: list[str], morphology_files: list[str]) -> None:
        self.disease_files, self.other_files, self.morphology_files = disease_files, other_files, morphology_files
        self._disease: frozenset[str] | None = None
        self._other: frozenset[str] | None = None
        self._rules: list[re.Pattern] | None = None
        self._decided: dict[str, bool] = {}
        self._modifiers = data_words("slash_modifier_words.txt")
        self._whole = data_words("slash_names_whole.txt")
        from rheumex.pipelines.resolver import LETTER_SUFFIXED, NAMED_HEADS

        self._letter_words = frozenset(LETTER_SUFFIXED)
        self._named_heads = frozenset(NAMED_HEADS)

    @staticmethod
    def _one_words(files: list[str], label: str | None) -> frozenset[str]:
        out = set()
        for e in iter_lexicon(files):
            p = e.get("pattern")
            if isinstance(p, str) and (label is None or e.get("label") == label) and not re.search(r"[\s/-]", p):
                out.add(normalize_word(p.lower()))
        return frozenset(out)

    def _load(self) -> None:
        if self._disease is None:
            self._disease = self._one_words(self.disease_files, "DISEASE")
        if self._other is None:
            self._other = self._one_words(self.other_files, None)
        if self._rules is None:
            rules = []
            for e in iter_lexicon(self.morphology_files):
                spec = e["pattern"][0]["LOWER"] if isinstance(e.get("pattern"), list) else None
                if e.get("label") == "DISEASE" and isinstance(spec, dict) and "REGEX" in spec and "parts_from" not in e:
                    rules.append((re.compile(spec["REGEX"]), frozenset(spec.get("NOT_IN", []))))
            self._rules = rules

    def cache_state(self) -> dict:
        self._load()
        return {"disease": sorted(self._disease), "other": sorted(self._other),
                "rules": [[r.pattern, sorted(n)] for r, n in self._rules]}

    def restore_state(self, state: dict) -> None:
        self._disease, self._other = frozenset(state["disease"]), frozenset(state["other"])
        self._rules = [(re.compile(p), frozenset(n)) for p, n in state["rules"]]

    def _is_disease(self, lower: str) -> bool:
        if normalize_word(lower) in self._disease:
            return True
        return any(r.search(lower) and lower not in n for r, n in self._rules)

    def split_parts(self, text: str) -> list[str] | None:
        """The pieces a token is split into (slashes included), or None to keep it whole."""
        hit = self._decided.get(text)
        if hit is None:
            hit = self._decide(text)
            if len(self._decided) < 200_000:
                self._decided[text] = hit
        if not hit:
            return None
        pieces = []
        for i, part in enumerate(text.split("/")):
            if i:
                pieces.append("/")
            if part:
                pieces.append(part)
        return pieces

    def split_short_forms(self, token: str, text: str) -> list[str] | None:
        """The pieces of a slash-joined run of short forms ("RLS/PLMD") when the document defines
        every part as a short form, "(RLS)" or a glossary "RLS:", or the pair itself "(ALI/ARDS)",
        and no part is a one-word
        TREATMENT or IMAGING name ("PET/CT", "CT/MRI" stay whole, as the lexicons write them)."""
        parts = token.split("/")
        if len(parts) < 2 or not all(_SHORT_FORM.fullmatch(p) for p in parts) or token.lower() in self._whole:
            return None
        self._load()
        if any(normalize_word(p.lower()) in self._other for p in parts):
            return None
        if f"({token})" not in text:  # "acute lung injury/acute respiratory distress syndrome (ALI/ARDS)"
            for p in parts:
                if not re.search(r"\(" + re.escape(p) + r"[),;]|(?<![\w/])" + re.escape(p) + r":\s", text):
                    return None
        pieces = []
        for i, part in enumerate(parts):
            if i:
                pieces.append("/")
            pieces.append(part)
        return pieces

    def _decide(self, text: str) -> bool:
        if "/" not in text or not _CANDIDATE.fullmatch(text) or text.lower() in self._whole:
            return False  # "hiv/aids" (a lexicon pattern) stays whole, as "HIV/AIDS" in a text
        parts = [p for p in text.split("/") if p]
        lowers = [p.lower() for p in parts]
        if len(lowers) > 1 and all(_ADJECTIVE.fullmatch(w) or w in self._modifiers for w in lowers):
            return True  # "Primary/secondary", "Duodenal/ampullary": coordinated modifiers
        self._load()
        if any(normalize_word(w) in self._other or w.endswith(("ology", "iatry")) for w in lowers):
            return False  # a drug or modality part; a discipline ("Allergy/Immunology", "Hematology/Oncology")
        # session 22: a name's head word ends the first part ("Macrophage Activation Syndrome/Hemophagocytic
        # Lymphohistiocytosis", a title): the slash joins two names
        return any(self._is_disease(w) for w in lowers) or (len(lowers) == 2 and lowers[0] in self._named_heads)

    def __call__(self, doc: Doc) -> Doc:
        doc = self._split(doc)
        if "\u2013" in doc.text:
            doc = _join_en_dash_words(doc)
        return doc

    def _split(self, doc: Doc) -> Doc:
        # only tokens holding a slash or ending in "<numeral or letter>." can need a repair: find
        # them in the text and look at those tokens alone (a Python loop over every token cost
        # more than the rest of this component)
        text = doc.text
        hits = [m.start() for m in _WHERE.finditer(text)]
        if not hits:
            return doc
        starts = doc.to_array(IDX).tolist()
        todo = []
        for i in sorted({bisect_right(starts, h) - 1 for h in hits}):
            if i < 0:
                continue
            token = doc[i]
            if token.i and ((_TYPE_NUMERAL.fullmatch(token.text) and doc[token.i - 1].lower_ in _TYPE_WORDS)
                            or (_LETTER.fullmatch(token.text) and doc[token.i - 1].lower_ in self._letter_words)):
                todo.append((token, [token.text[:-1], "."]))  # "neurofibromatosis type I.", "hepatitis B."
            elif "/" in token.text and len(token.text) > 4:
                pieces = self.split_parts(token.text) or self.split_short_forms(token.text, text)
                if pieces and len(pieces) > 1:
                    todo.append((token, pieces))
        if todo:
            with doc.retokenize() as retok:
                for token, pieces in todo:
                    retok.split(token, pieces, heads=[(token, i) for i in range(len(pieces))])
        return doc


def _join_en_dash_words(doc: Doc) -> Doc:
    """Words joined by an en dash with no space ("Churg\u2013Strauss", "Henoch\u2013Sch\u00f6nlein": publishers set
    eponym pairs so) become one token, as the tokenizer keeps a hyphenated pair whole ("Churg-Strauss"), so
    the lexicons' hyphenated names match them (the normalizer reads the en dash as "-"); not before a
    participle the tokenizer splits off after a hyphen too ("\u2013induced", "\u2013associated")."""
    spans = []
    n, last = len(doc), -1
    # only tokens at an en dash between letters can need it: find them in the text (no loop over every token)
    starts = doc.to_array(IDX).tolist()
    hits = sorted({bisect_right(starts, m.start()) - 1 for m in _EN_DASH_BETWEEN_LETTERS.finditer(doc.text)})
    for i in hits:
        if i < 1 or i >= n - 1:
            continue
        t = doc[i]
        if t.text != "\u2013" or i - 1 <= last or doc[i - 1].whitespace_ or t.whitespace_:
            continue
        left, right = doc[i - 1], doc[i + 1]
        if (left.is_alpha and right.is_alpha and len(left) > 1 and len(right) > 1
                and not _EN_DASH_PARTICIPLES.fullmatch(right.lower_)):
            spans.append(doc[i - 1:i + 2])
            last = i + 1
    if spans:
        with doc.retokenize() as retok:
            for span in spans:
                retok.merge(span)
    return doc


_EN_DASH_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])\u2013(?=[^\W\d_])")
_EN_DASH_PARTICIPLES = re.compile(r"induced|associated|related|dependent|mediated|resistant|refractory|sparing|treated|"
                                  r"naive|naïve|exposed|positive|negative|type")


@Language.factory("rheumex_token_repair", default_config={
    "disease_files": ["disease.jsonl"], "other_files": ["treatment.jsonl", "imaging.jsonl"],
    "morphology_files": ["morphology.jsonl"]})
def make_token_repair(nlp: Language, name: str, disease_files: list[str], other_files: list[str],
                      morphology_files: list[str]) -> TokenRepair:
    """Split "type I." and slash-joined words with a disease part; see the module docstring."""
    return TokenRepair(disease_files, other_files, morphology_files)
