"""The rheumex spaCy pipeline: components, lexicons and configs.

``load_pipeline()`` returns a normal ``spacy.Language``::

    nlp = rheumex.load_pipeline()
    doc = nlp("Calcinosis cutis of both elbows in systemic sclerosis (SSc) ...")
    [(e.text, e.label_, e._.concept_id, e._.negated) for e in doc.ents]

Without a scispaCy model the base is blank English with the scispaCy tokenizer; with one
(``model="en_core_sci_sm"`` or a path, the config's ``[rheumex] base_model``, or the
``RHEUMEX_MODEL`` environment variable) its tokenizer, tagger/parser and NER are used and
the rheumex components are added to it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

# Register every factory, tokenizer and registry function named by the configs.
import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")
from rheumex.pipelines import abbreviations, anatomy_linker, cache, context, extensions, lexicon, morphology, ner, normalizer, resolver, sentences, structure, tokenizer  # noqa: F401

log = logging.getLogger(__name__)
# scispaCy's AbbreviationDetector warns on every doc that its (unused) global matcher is empty
warnings.filterwarnings("ignore", message=r"\[W036\]")

__all__ = ["load_pipeline", "default_config_path", "config_path", "config_hash"]


def data_dir():
    """The folder of the packaged data files (lexicons, sources, context and case rules)."""
    return resources.files("rheumex.pipelines").joinpath("data")


def default_config_path():
    return resources.files("rheumex.pipelines").joinpath("configs", "default.cfg")


def config_path(config: str | Path | None = None) -> Path:
    """The config file for a path, a packaged config name ("default", "ner") or None (default).
    The returned path may not exist; :func:`load_pipeline` says so with a clear error."""
    if config is None:
        return Path(str(default_config_path()))
    path = Path(config)
    packaged = resources.files("rheumex.pipelines").joinpath("configs", f"{config}.cfg")
    if not path.is_file() and str(config).isidentifier() and packaged.is_file():
        return Path(str(packaged))
    return path


def _read_config(config: str | Path | None):
    from thinc.api import Config

    path = config_path(config)
    if not path.is_file():
        raise FileNotFoundError(f"pipeline config not found: {path}; pass a spaCy .cfg file or a packaged config name "
                                "(default, ner; see pipelines/configs/)")
    return Config().from_str(path.read_text(encoding="utf-8")), path


def config_hash(config: str | Path | None = None) -> str:
    """A short hash of the config text and every data file the components read (lexicons,
    sources, context and case rules), identifying the pipeline version for resume."""
    cfg, path = _read_config(config)
    h = hashlib.sha256(path.read_text(encoding="utf-8").encode())
    lex = data_dir()
    for sub in ("lexicon", "sources"):
        for f in sorted(lex.joinpath(sub).iterdir(), key=lambda p: p.name):
            if f.name.endswith((".jsonl", ".tsv", ".txt", ".json")) and "PubTator" not in f.name and "corpus" not in f.name:
                h.update(f.name.encode())
                h.update(f.read_bytes())
    for f in sorted(lex.iterdir(), key=lambda p: p.name):  # context_rules.json, case_rules.json, ...
        if f.name.endswith(".json"):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def load_pipeline(config: str | Path | None = None, model: str | None = None) -> Language:
    """Build the rheumex pipeline.

    Args:
        config: a spaCy config file, or the name of a packaged one (``"default"``: rules and
            lexicons; ``"ner"``: plus the packaged statistical NER); default
            ``pipelines/configs/default.cfg``.
        model: a scispaCy (or any spaCy) model name or path to build on; overrides the
            config's ``[rheumex] base_model`` and the ``RHEUMEX_MODEL`` variable.

    The initialised ``span_ruler`` components (the lexicons) come from a binary cache keyed
    by the config hash, the model and the code (:mod:`rheumex.pipelines.cache`; built on first
    use, ``RHEUMEX_CACHE_DIR=off`` disables it); ``nlp.meta["rheumex"]["cache"]`` says which.

    Raises:
        OSError: the named model is not installed (message says how to fix it).
    """
    cfg, path = _read_config(config)
    rx = cfg.get("rheumex", {})
    model = model or os.environ.get("RHEUMEX_MODEL") or rx.get("base_model")
    chash = config_hash(config)
    if not model:
        nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
        key = cache.cache_key(chash, extra=cache.referenced_files(cfg))
        status = cache.initialize_cached(nlp, key, cache.config_initializer(nlp))
    else:
        nlp, status = _on_model(cfg, model, chash)
    nlp.meta["name"] = rx.get("name", "rheumex")
    nlp.meta.setdefault("rheumex", {})
    nlp.meta["rheumex"].update({"config": str(path), "config_hash": chash, "base_model": model or None, "cache": status})
    return nlp


def _on_model(cfg, model: str, chash: str) -> tuple[Language, str]:
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise OSError(
            f"scispaCy/spaCy model {model!r} is not installed or not a model folder ({e}). "
            "Install it (pip install <model package>) or drop --model to use the rule-based default."
        ) from None
    pipeline: list[str] = list(cfg["nlp"]["pipeline"])
    first = list(cfg.get("rheumex", {}).get("model_components", []))
    previous_first: str | None = None  # the model-first components go to the front, in config order
    for name in pipeline:
        comp_cfg = dict(cfg["components"][name])
        factory = comp_cfg.pop("factory")
        if name in nlp.pipe_names:
            continue
        if name == "rheumex_sentencizer" and nlp.has_pipe("parser"):
            continue  # the model's parser sets sentence boundaries
        if name in first:
            if previous_first is not None:
                nlp.add_pipe(factory, name=name, config=comp_cfg, after=previous_first)
            else:
                nlp.add_pipe(factory, name=name, config=comp_cfg, before=nlp.pipe_names[0] if nlp.pipe_names else None)
            previous_first = name
        else:
            nlp.add_pipe(factory, name=name, config=comp_cfg)

    def initialize(skip: list[str]) -> None:
        if "rheumex_lexicon" in skip:
            return
        init = cfg.get("initialize", {}).get("components", {}).get("rheumex_lexicon", {})
        patterns = spacy.registry.resolve({"p": init.get("patterns")})["p"] if init.get("patterns") else []
        ruler = nlp.get_pipe("rheumex_lexicon")
        with nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in first]):
            ruler.initialize(lambda: [], nlp=nlp, patterns=patterns)

    return nlp, cache.initialize_cached(nlp, cache.cache_key(chash, model, extra=cache.referenced_files(cfg)), initialize)
