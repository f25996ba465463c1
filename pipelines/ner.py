"""``rheumex_ner``: the small packaged statistical NER (DISEASE, CHEMICAL) as a component.

The model (``pipelines/models/ner``, a spaCy pipeline ["tok2vec", "ner"] trained by
``python -m rheumex.pipelines.train_ner`` on the NCBI-disease and BC5CDR training splits
with the rheumex tokenizer) is loaded once per path and shared. The component runs that
model's tok2vec and ner on the doc made by OUR pipeline (same tokenizer as in training),
so no re-tokenisation and no offset mapping are needed:

    nlp.add_pipe("rheumex_ner", before="rheumex_entity_resolver")        # packaged model
    nlp.add_pipe("rheumex_ner", config={"model": "/path/to/model-best"})  # another one

``doc.ents`` receives the model's DISEASE/CHEMICAL spans where no entity already on the
doc (from a configured scispaCy base model) overlaps them: a larger model wins. The
resolver maps the labels through ``model_labels`` (``configs/ner.cfg`` maps DISEASE
only: CHEMICAL as TREATMENT lowered dev F1) and merges them by its ``model_policy``.

The inner ner reads its tok2vec through a listener, and a listener at inference time
reads ``doc.tensor``. To leave ``doc.tensor`` alone the loaded model gets its own copy of
the tok2vec inside the ner (``Language.replace_listeners``): ``ner.pipe`` then runs
tok2vec + ner in one go on a batch of docs.
"""
from __future__ import annotations

import threading
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

LABELS = ("DISEASE", "CHEMICAL")
PACKAGED = "packaged"

_CACHE: dict[str, Language] = {}
_LOCK = threading.Lock()
_KEEP = ExitStack()  # keeps an extracted copy of the packaged model alive (zip installs)


def packaged_model_path() -> Path:
    """The folder of the packaged model (``rheumex.pipelines`` / ``models/ner``)."""
    ref = resources.files("rheumex.pipelines").joinpath("models", "ner")
    return Path(_KEEP.enter_context(resources.as_file(ref)))


def load_ner_model(model: str | Path = PACKAGED) -> Language:
    """Load (once per resolved path) the inner spaCy pipeline, with the ner made standalone."""
    path = packaged_model_path() if str(model) == PACKAGED else Path(model)
    key = str(path.resolve())
    with _LOCK:
        if key not in _CACHE:
            if not (path / "config.cfg").is_file():
                raise OSError(f"rheumex_ner: no spaCy model folder at {path} (train one with "
                              "`python -m rheumex.pipelines.train_ner --out DIR --install`)")
            import rheumex.pipelines  # noqa: F401  (the model's config names rheumex.scispacy_tokenizer.v1)

            inner = spacy.load(path, exclude=[])
            if "tok2vec" in inner.pipe_names and "ner" in inner.pipe_names:
                inner.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
            _CACHE[key] = inner
        return _CACHE[key]


class RheumexNER:
    def __init__(self, nlp: Language, name: str, model: str | Path) -> None:
        self.name = name
        self.model = str(model)
        self.inner = load_ner_model(model)
        self.ner = self.inner.get_pipe("ner")
        self.labels = tuple(self.ner.labels)
        for label in (*LABELS, *self.labels):
            nlp.vocab.strings.add(label)

    def _prepare(self, doc: Doc) -> list:
        for label in self.labels:
            doc.vocab.strings.add(label)
        old = list(doc.ents)
        doc.ents = []
        return old

    @staticmethod
    def _merge(doc: Doc, old: list) -> Doc:
        """Entities that were on the doc before (a configured scispaCy model's NER) win; this
        small model only adds spans where they have none."""
        if old:
            taken = {i for e in old for i in range(e.start, e.end)}
            new = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
            doc.ents = filter_spans(old + new)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        old = self._prepare(doc)
        if len(doc):
            self.ner.set_annotations([doc], self.ner.predict([doc]))
        return self._merge(doc, old)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: list[Doc]) -> list[Doc]:
        olds = [self._prepare(d) for d in batch]
        todo = [d for d in batch if len(d)]
        if todo:
            self.ner.set_annotations(todo, self.ner.predict(todo))
        return [self._merge(d, o) for d, o in zip(batch, olds)]

    # the model is read from its folder; nothing of it is saved with the outer pipeline
    def to_disk(self, path, *, exclude=tuple()) -> None:
        pass

    def from_disk(self, path, *, exclude=tuple()):
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude=tuple()):
        return self


@Language.factory("rheumex_ner", assigns=["doc.ents", "token.ent_iob", "token.ent_type"], default_config={"model": PACKAGED})
def make_rheumex_ner(nlp: Language, name: str, model: str) -> RheumexNER:
    """Statistical DISEASE/CHEMICAL NER; ``model`` = "packaged" or a spaCy model folder."""
    return RheumexNER(nlp, name, model)
