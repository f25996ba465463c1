"""A binary cache of initialised ``span_ruler`` components, so a pipeline loads in about a second.

Initialising the lexicon ruler is most of a cold load (about 5 s for 38k phrase patterns:
each pattern is run through the tokenizer and the components before the ruler, then added
to a ``PhraseMatcher``). What that produces is plain data: for every match key the tuples
of attribute hashes (``NORM`` ids) of its phrases, the ruler's label/id table and its
pattern dicts. This module stores that data for every :class:`spacy.pipeline.SpanRuler` in a
pipeline (whatever the config: the cache knows nothing of today's component list) and puts
it back without tokenizing anything.

Where: ``$RHEUMEX_CACHE_DIR`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/rheumex``, else ``~/.cache/rheumex``. One file per pipeline key:
``rulers-<key>.bin``.

Key: a SHA-256 over everything the stored data depends on (:func:`cache_key`): the config
text and data files (the caller's config hash), the base model's identity, the rheumex
version and the source of the ``rheumex.pipelines`` modules (tokenizer, normalizer ...), and
the spaCy/scispaCy versions. Any change gives another file name; the old file is never read.

File: ``RHEUMEXRC1\\n``, the key (64 hex + ``\\n``), the SHA-256 of the payload (64 hex +
``\\n``), then the payload (msgpack; no pickle, so a cache file cannot run code). A file whose
header names another key, whose payload does not match its digest or does not decode is
ignored (and rebuilt). Files are written to a temp name and renamed, so concurrent first
runs never see half a file.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable

import srsly
from spacy.language import Language
from spacy.pipeline import SpanRuler

log = logging.getLogger(__name__)

MAGIC = b"RHEUMEXRC1\n"
FORMAT_VERSION = 1


def cache_dir() -> Path | None:
    """The cache folder (see the module doc), or None when ``RHEUMEX_CACHE_DIR=off``."""
    env = os.environ.get("RHEUMEX_CACHE_DIR")
    if env is not None and env.strip():
        if env.strip().lower() in ("off", "0", "none", "false"):
            return None
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and os.path.isabs(os.path.expanduser(xdg)) else Path.home() / ".cache"
    return base / "rheumex"


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _code_fingerprint() -> str:
    """Hash of the ``rheumex.pipelines`` Python sources (a changed tokenizer or normalizer
    changes how patterns are tokenized, even without a version bump)."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for f in sorted(here.glob("*.py")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def model_fingerprint(model: str | None) -> str:
    """Identity of a base model given by name or path: its ``meta.json`` content for a
    folder, the installed package version for a package name, else the name itself."""
    if not model:
        return "none"
    p = Path(model)
    meta = p / "meta.json"
    if meta.is_file():
        return f"path:{p.resolve()}:" + hashlib.sha256(meta.read_bytes()).hexdigest()
    return f"pkg:{model}:{_dist_version(model)}"


def cache_key(config_hash: str, model: str | None = None, extra: Iterable[str] = ()) -> str:
    """The key of a pipeline's cached rulers: SHA-256 hex over the config hash, the model's
    identity, the rheumex/spaCy/scispaCy versions, the pipelines' code and ``extra`` strings."""
    from rheumex import __version__

    h = hashlib.sha256()
    for part in (f"format={FORMAT_VERSION}", f"config={config_hash}", f"model={model_fingerprint(model)}",
                 f"rheumex={__version__}", f"spacy={_dist_version('spacy')}", f"scispacy={_dist_version('scispacy')}",
                 f"code={_code_fingerprint()}", *extra):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def referenced_files(cfg) -> list[str]:
    """``path=sha256`` for every string in a config that names an existing file (relative to
    the working directory or absolute: a user's own lexicon or rules) or a model folder:
    their content is part of the key, so editing such a file is never answered from the
    cache. Packaged data files (bare names resolved in the package) are in the config hash."""
    out: list[str] = []

    def walk(v) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        elif isinstance(v, str) and v and len(v) < 4096:
            p = Path(v).expanduser()
            try:
                if p.is_file():
                    out.append(f"{p.resolve()}={hashlib.sha256(p.read_bytes()).hexdigest()}")
                elif (p / "meta.json").is_file():
                    out.append(f"{p.resolve()}={model_fingerprint(str(p))}")
            except OSError:
                out.append(f"{v}=unreadable")

    walk(dict(cfg))
    return sorted(out)


def cache_file(key: str, folder: Path | None = None) -> Path | None:
    folder = folder if folder is not None else cache_dir()
    return None if folder is None else folder / f"rulers-{key[:24]}.bin"


def span_rulers(nlp: Language) -> list[str]:
    """Names of the pipeline's ``span_ruler`` components (the ones this cache handles)."""
    return [name for name, pipe in nlp.pipeline if isinstance(pipe, SpanRuler)]


# -- state of one ruler --------------------------------------------------------------------
def _ruler_state(ruler: SpanRuler) -> dict:
    _vocab, docs, _callbacks, attr = ruler.phrase_matcher.__reduce__()[1]
    return {
        "patterns": list(ruler._patterns),
        "label_ids": [[k, v["label"], v["id"]] for k, v in ruler._match_label_id_map.items()],
        "attr": int(attr),
        "phrases": [[key, [list(t) for t in tuples]] for key, tuples in docs.items()],
    }


def _restore_ruler(nlp: Language, ruler: SpanRuler, state: dict) -> None:
    """Put a stored state into a ruler that has no patterns (its own ``initialize`` skipped)."""
    ruler.clear()
    if int(state["attr"]) != int(ruler.phrase_matcher.__reduce__()[1][3]):
        raise ValueError("phrase_matcher_attr differs")
    ruler._patterns = list(state["patterns"])
    ruler._match_label_id_map = {int(k): {"label": lab, "id": pid} for k, lab, pid in state["label_ids"]}
    for entry in ruler._patterns:  # token patterns (few): the Matcher adds them without tokenizing
        if isinstance(entry["pattern"], list):
            ruler.matcher.add(repr((entry["label"], entry.get("id", ""))), [entry["pattern"]])
    pm = ruler.phrase_matcher
    vocab = nlp.vocab
    getters = vocab.lex_attr_getters
    # PhraseMatcher.add makes a lexeme for every match key (a repr like "('DISEASE', 'D1#src')",
    # which contains a space, so no token can ever have that text); computing lexical
    # attributes for 17k such keys is most of the restore time and they are never read.
    vocab.lex_attr_getters = None
    try:
        for key, tuples in state["phrases"]:
            pm.add(key, [tuple(t) for t in tuples])
    finally:
        vocab.lex_attr_getters = getters


# -- file I/O ------------------------------------------------------------------------------
def read_cache(path: Path, key: str) -> dict | None:
    """The stored states for ``key`` from ``path``, or None when the file is missing, was
    written for another key, or is corrupt (a stale or damaged cache is never used)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    n = len(MAGIC)
    if not data.startswith(MAGIC) or len(data) < n + 130:
        log.info("rheumex cache %s: not a cache file; rebuilding", path)
        return None
    stored_key, digest, payload = data[n:n + 64], data[n + 65:n + 129], data[n + 130:]
    if stored_key.decode("ascii", "replace") != key:
        log.info("rheumex cache %s: written for another pipeline; rebuilding", path)
        return None
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        log.info("rheumex cache %s: corrupt (checksum); rebuilding", path)
        return None
    try:
        states = srsly.msgpack_loads(payload)
    except Exception:  # noqa: BLE001 - any decoding problem means: do not use it
        log.info("rheumex cache %s: undecodable; rebuilding", path)
        return None
    return states if isinstance(states, dict) else None


def write_cache(path: Path, key: str, states: dict) -> bool:
    """Write ``states`` atomically (temp file + rename). Returns False (and logs) on failure:
    a read-only or full cache folder only costs speed."""
    payload = srsly.msgpack_dumps(states)
    blob = MAGIC + key.encode("ascii") + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        log.warning("rheumex: could not write the pipeline cache %s (%s); loading stays slow. "
                    "Set RHEUMEX_CACHE_DIR to a writable folder (or 'off')", path, e)
        return False
    return True


# -- the entry point used by load_pipeline ---------------------------------------------------
def config_initializer(nlp: Language) -> Callable[[list[str]], None]:
    """``nlp.initialize`` that leaves the named components' ``[initialize.components.NAME]``
    settings (the rulers' patterns) out, restoring them in ``nlp.config`` afterwards."""

    def run(skip: list[str]) -> None:
        comps = nlp.config["initialize"]["components"]  # the live config dict of nlp
        held = {n: comps.pop(n) for n in skip if n in comps}
        try:
            nlp.initialize()
        finally:
            comps.update(held)

    return run


def initialize_cached(nlp: Language, key: str, initialize: Callable[[list[str]], None]) -> str:
    """Initialise ``nlp``, its span rulers restored from the cache when possible.

    Args:
        nlp: a pipeline built but not yet initialised.
        key: :func:`cache_key` of this pipeline.
        initialize: does the normal initialisation, leaving the span rulers it is given
            empty (they are restored from the cache afterwards); called with ``[]`` on a miss.
            For a pipeline built from a config, :func:`config_initializer`.

    Returns:
        ``"hit"``, ``"built"`` (initialised normally, cache written), ``"off"`` (no cache
        folder) or ``"none"`` (the pipeline has no span ruler).
    """
    names = span_rulers(nlp)
    path = cache_file(key)
    if not names or path is None:
        initialize([])
        return "none" if not names else "off"
    states = read_cache(path, key)
    if states is not None and sorted(states) == sorted(names):
        initialize(names)
        try:
            for n in names:
                _restore_ruler(nlp, nlp.get_pipe(n), states[n])
            return "hit"
        except Exception as e:  # noqa: BLE001 - a state that does not fit: build it the slow way
            log.info("rheumex cache %s does not fit this pipeline (%s); rebuilding", path, e)
    initialize([])
    write_cache(path, key, {n: _ruler_state(nlp.get_pipe(n)) for n in names})
    return "built"
