"""The rheumex spaCy pipeline: components, lexicons and configs.

``load_pipeline()`` returns a normal ``spacy.Language``::

    nlp = rheumex.load_pipeline()
    doc = nlp("Calcinosis cutis of both elbows in systemic sclerosis (SSc) ...")
    [(e.text, e.label_, e._.concept_id, e._.negated) for e in doc.ents]

Without a scispaCy model the base is blank English with the scispaCy tokenizer (``rules``
config) or the packaged CRAFT tagger/parser (``base`` config: components with
``source = "rheumex:base"`` are taken from ``pipelines/models/base``); with one
(``model="en_core_sci_sm"`` or a path, the config's ``[rheumex] base_model``, or the
``RHEUMEX_MODEL`` environment variable) its tokenizer, tagger/parser and NER are used and
the rheumex components are added to it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
import warnings
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from rheumex.pipelines.spacy_import import import_spacy

spacy = import_spacy()  # without spacy.cli (typer, weasel, httpx): see pipelines/spacy_import.py
from spacy.language import Language  # noqa: E402

# Register every factory, tokenizer and registry function named by the configs.
import scispacy.abbreviation  # noqa: F401,E402  (registers "abbreviation_detector")
from rheumex.pipelines import abbreviation_matcher, abbreviations, anatomy_linker, cache, context, extensions, gemm, lexicon, memory, morphology, ner, normalizer, resolver, selective_parse, sentences, token_repair, structure, tagpos, tokenizer  # noqa: F401,E402

log = logging.getLogger(__name__)
# scispaCy's AbbreviationDetector warns on every doc that its (unused) global matcher is empty
warnings.filterwarnings("ignore", message=r"\[W036\]")

__all__ = ["load_pipeline", "default_config_path", "config_path", "config_hash", "base_model_path"]

PACKAGED_SOURCE = "rheumex:base"  # the value of ``source`` in a config that means the packaged base model


def data_dir():
    """The folder of the packaged data files (lexicons, sources, context and case rules)."""
    return resources.files("rheumex.pipelines").joinpath("data")


def base_model_path() -> Path:
    """The folder of the packaged base model (tok2vec, tagger, attribute_ruler, parser trained on CRAFT)."""
    path = Path(str(resources.files("rheumex.pipelines").joinpath("models", "base")))
    if not (path / "meta.json").is_file():
        raise FileNotFoundError(f"the packaged base model is missing: {path}; reinstall rheumex, or rebuild it with "
                                "`python -m rheumex.pipelines.train_base train` and `... install`, or use --config rules")
    return path


def _sourced(cfg) -> list[str]:
    """Names of the components a config takes from another pipeline (``source = ...``)."""
    return [n for n in cfg["nlp"]["pipeline"] if "source" in cfg["components"].get(n, {})]


def _resolve_sources(cfg) -> list[str]:
    """Replace ``source = "rheumex:base"`` by the packaged base model's folder (in place);
    returns that folder (in a list) when the config uses it."""
    out: list[str] = []
    for name in _sourced(cfg):
        if cfg["components"][name]["source"] == PACKAGED_SOURCE:
            cfg["components"][name]["source"] = out[0] if out else str(base_model_path())
            out[:1] = [cfg["components"][name]["source"]]
    return out


_SOURCING = threading.local()  # .paths: the packaged base model folder while load_pipeline sources from it


@contextmanager
def _components_only(paths: list[str]):
    """While ``Language.from_config`` takes components from the packaged base model (the
    ``paths``), load that model without its tokenizer: spaCy loads a source pipeline whole,
    and its tokenizer (thousands of special cases, built and then read from disk again) is
    most of that time, yet only its tok2vec/tagger/parser are kept. Other ``spacy.load``
    calls, and other threads, are untouched."""
    if not paths:
        yield
        return
    orig = spacy.util.load_model
    _SOURCING.paths = set(paths)

    def load_model(name, *, vocab=True, disable=(), enable=(), exclude=(), config=None, **kw):
        if str(name) in (getattr(_SOURCING, "paths", None) or ()) and not config:
            return orig(name, vocab=vocab, disable=disable, enable=enable, exclude=[*exclude, "tokenizer"],
                        config={"nlp": {"tokenizer": {"@tokenizers": "rheumex.no_tokenizer.v1"}}}, **kw)
        return orig(name, vocab=vocab, disable=disable, enable=enable, exclude=exclude, config=config or {}, **kw)

    spacy.util.load_model = load_model
    try:
        yield
    finally:
        _SOURCING.paths = None
        if spacy.util.load_model is load_model:
            spacy.util.load_model = orig


def default_config_path():
    """The config that runs when none is named: ``base.cfg`` (rules on the packaged CRAFT tagger/parser)."""
    return resources.files("rheumex.pipelines").joinpath("configs", "base.cfg")


#: Packaged config names that are another packaged config ("default": the base pipeline).
CONFIG_ALIASES = {"default": "base"}


def config_path(config: str | Path | None = None) -> Path:
    """The config file for a path, a packaged config name ("default", "rules", "base", "ner") or None (default).
    The returned path may not exist; :func:`load_pipeline` says so with a clear error."""
    if config is None:
        return Path(str(default_config_path()))
    config = CONFIG_ALIASES.get(str(config), config)
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
                                "(default, rules, base, ner; see pipelines/configs/)")
    return Config().from_str(path.read_text(encoding="utf-8")), path


def _hashed_files(config: str | Path | None) -> tuple[Path, list[tuple[str, Path]]]:
    """What :func:`config_hash` reads: the config file, and (name, path) in order of the
    packaged data files (lexicons, sources, context and case rules, word lists) and, when the
    config takes components from it, of every file of the packaged base model."""
    cfg, path = _read_config(config)
    files: list[tuple[str, Path]] = []
    lex = data_dir()
    for sub in ("lexicon", "sources"):
        for f in sorted(lex.joinpath(sub).iterdir(), key=lambda p: p.name):
            if f.name.endswith((".jsonl", ".tsv", ".txt", ".json")) and "PubTator" not in f.name and "corpus" not in f.name:
                files.append((f.name, Path(str(f))))
    for f in sorted(lex.iterdir(), key=lambda p: p.name):  # context_rules.json, case_rules.json, response_cues.tsv, word lists
        if f.name.endswith((".json", ".tsv", ".txt")):
            files.append((f.name, Path(str(f))))
    if any(cfg["components"][n]["source"] == PACKAGED_SOURCE for n in _sourced(cfg)):
        base = base_model_path()  # the base model's weights decide the parse
        files += [(f.relative_to(base).as_posix(), f) for f in sorted(base.rglob("*")) if f.is_file()]
    return path, files


_HASHES: dict[tuple, str] = {}  # (path, mtime_ns, size) of every hashed file -> config hash


def config_hash(config: str | Path | None = None) -> str:
    """A short hash of the config text and every data file the components read (lexicons,
    sources, context and case rules), identifying the pipeline version for resume.

    Remembered in this process while every hashed file keeps its modification time and size
    (``rheumex extract`` asks twice: for the run's part folder and in the pipeline load)."""
    path, files = _hashed_files(config)
    stamp = tuple((str(f), st.st_mtime_ns, st.st_size) for f in [path, *(f for _n, f in files)] for st in (f.stat(),))
    if stamp not in _HASHES:
        h = hashlib.sha256(path.read_text(encoding="utf-8").encode())
        for name, f in files:
            h.update(name.encode())
            h.update(f.read_bytes())
        _HASHES[stamp] = h.hexdigest()[:12]
    return _HASHES[stamp]


def load_pipeline(config: str | Path | None = None, model: str | None = None) -> Language:
    """Build the rheumex pipeline.

    Args:
        config: a spaCy config file, or the name of a packaged one (``"base"``, also called
            ``"default"``: rules on the packaged CRAFT tagger/parser, what runs when none is
            given; ``"rules"``: rules and lexicons only, about 2.5 times faster; ``"ner"``: rules
            plus the packaged statistical NER); default ``pipelines/configs/base.cfg``.
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
        packaged = _resolve_sources(cfg)
        with _components_only(packaged):
            nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
        with nlp.select_pipes(disable=_sourced(cfg)):  # sourced components are trained already
            key = cache.cache_key(chash, extra=cache.referenced_files(cfg))
            status = cache.initialize_cached(nlp, key, cache.config_initializer(nlp))
    else:
        nlp, status = _on_model(cfg, model, chash)
    gemm.use_numpy_gemm(nlp)  # numpy's BLAS, not BLIS's generic kernels (pipelines/gemm.py)
    abbreviation_matcher.bound_parenthesis_matchers(nlp)  # same definitions, less matching (pipelines/abbreviation_matcher.py)
    if status != "hit":  # a cache hit tokenized no pattern: the maps are fresh (saves ~0.12 s of a load)
        _fresh_tokenizer_maps(nlp)
    # nlp._meta, not nlp.meta: reading nlp.meta makes spaCy recompute every component's labels
    # (decoding the 57k cached pattern dicts); it is still complete whenever someone reads it
    meta = nlp._meta
    meta["name"] = rx.get("name", "rheumex")
    meta.setdefault("rheumex", {})
    meta["rheumex"].update({"config": str(path), "config_hash": chash, "base_model": model or None, "cache": status})
    return nlp


def _fresh_tokenizer_maps(nlp: Language) -> None:
    """Give the tokenizer new, empty cache maps. Initialising the lexicon ruler (no cache file
    yet, or ``RHEUMEX_CACHE_DIR=off``) tokenizes its 38k patterns; the tokenizer's hash maps
    grown by that kept every later text's tokenizing about 2x slower (0.94 vs 0.42 CPU s over
    the gold texts), even after ``_flush_cache``. Re-assigning ``Tokenizer.rules`` (spaCy's
    public setter) makes new maps and reloads the same special cases."""
    tok = nlp.tokenizer
    if hasattr(tok, "rules") and hasattr(tok, "_flush_cache"):
        tok.rules = dict(tok.rules or {})


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
    source_nlps: dict[str, Language] = {}
    for name in pipeline:
        comp_cfg = dict(cfg["components"][name])
        if name in nlp.pipe_names:
            continue  # e.g. the model's own tok2vec/tagger/attribute_ruler/parser replace the packaged ones
        if "source" in comp_cfg:
            if nlp.has_pipe("parser") or nlp.has_pipe("tagger"):
                continue  # never mix the packaged base model's pieces into a model with its own syntax
            src = str(base_model_path()) if comp_cfg["source"] == PACKAGED_SOURCE else comp_cfg["source"]
            if src not in source_nlps:  # one instance per source, so listeners stay tied to its tok2vec
                source_nlps[src] = spacy.load(src)
            nlp.add_pipe(name, source=source_nlps[src])
            continue
        factory = comp_cfg.pop("factory")
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
