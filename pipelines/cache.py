"""A binary cache of initialised ``span_ruler`` components, so a pipeline loads in about a second.

Initialising the lexicon ruler is most of a cold load (about 5 s for 38k phrase patterns:
each pattern is run through the tokenizer and the components before the ruler, then added
to a ``PhraseMatcher``). What that produces is plain data: for every match key the tuples
of attribute hashes (``NORM`` ids) of its phrases, the ruler's label/id table and its
pattern dicts. This module stores that data for every :class:`spacy.pipeline.SpanRuler` in a
pipeline (whatever the config: the cache knows nothing of today's component list) and puts
it back without tokenizing anything. The pattern dicts (57k; read only by ``ruler.patterns``,
``labels``, ``ids`` and serialisation, never by matching) stay encoded until first read. The
phrases are stored as a :class:`~rheumex.pipelines.phrase_table.PhraseTable` (numpy arrays)
and, for the token text attributes (``ORTH``, ``LOWER``, ``NORM``), matched from it by a
:class:`~rheumex.pipelines.phrase_table.TablePhraseMatcher` that stands in for the ruler's
``PhraseMatcher`` (the same matches; no ``PhraseMatcher.add`` per match key on a load).

Other components that build tables from data files at start-up (the resolver's concept names
and spelling index, the anatomy linker's UBERON table) take part through two methods:
``cache_state() -> dict`` (plain data, built if need be) and ``restore_state(dict)``; their
``initialize`` is skipped on a cache hit.

Where: ``$RHEUMEX_CACHE_DIR`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/rheumex``, else ``~/.cache/rheumex``. One file per pipeline key:
``rulers-<key>.bin``.

Key: a SHA-256 over everything the stored data depends on (:func:`cache_key`): the config
text and data files (the caller's config hash), the base model's identity, the rheumex
version and the source of the ``rheumex.pipelines`` modules (tokenizer, normalizer ...), and
the spaCy/scispaCy versions. Any change gives another file name; the old file is never read.

File: ``RHEUMEXRC2\\n``, the key (64 hex + ``\\n``), the CRC-32 of the payload (8 hex +
``\\n``), then the payload (msgpack; no pickle, so a cache file cannot run code). A file whose
header names another key, whose payload does not match its checksum or does not decode is
ignored (and rebuilt). The checksum finds damaged and cut-off files; it is no defence against
someone who can write the cache folder (who could write a matching SHA-256 as well), and
CRC-32 reads the 20 MB payload in a third of SHA-256's time on every load (0.003 vs 0.011 s).
Files are written to a temp name and renamed, so concurrent first runs never see half a file.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zlib
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable

import srsly
from spacy.language import Language
from spacy.pipeline import SpanRuler

from rheumex.pipelines.phrase_table import TABLE_ATTRS, PhraseTable, TablePhraseMatcher, build_table

log = logging.getLogger(__name__)

MAGIC = b"RHEUMEXRC2\n"  # RC1: SHA-256 checksum; RC2: CRC-32
HEADER_LEN = len(MAGIC) + 65 + 9  # the magic, the key and its newline, the checksum and its newline
FORMAT_VERSION = 3  # 2: rulers and component states; patterns stored as one lazily decoded blob; 3: phrases as a PhraseTable


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
    patterns = list(ruler._patterns)
    return {
        "n_patterns": len(patterns),
        # one encoded blob, decoded on first read (see _CachedSpanRuler); token patterns apart
        "patterns": srsly.msgpack_dumps(patterns),
        "token_patterns": srsly.msgpack_dumps([[repr((e["label"], e.get("id", ""))), e["pattern"]]
                                               for e in patterns if isinstance(e["pattern"], list)]),
        "label_ids": [[k, v["label"], v["id"]] for k, v in ruler._match_label_id_map.items()],
        "attr": int(attr),
        "keys": list(docs),  # the phrase matcher's match keys, in the order they were added
        "phrase_table": build_table({ruler.nlp.vocab.strings.add(key): tuples for key, tuples in docs.items()}).to_state(),
    }


class _CachedSpanRuler(SpanRuler):
    """A :class:`SpanRuler` restored from the cache. Its ``_patterns`` (the pattern dicts) are
    decoded from the stored blob on first access; ``len(ruler)`` (asked on every document)
    does not decode them. Everything else is the plain span ruler."""

    @property  # type: ignore[override]
    def _patterns(self) -> list:
        d = self.__dict__
        blob = d.pop("_rx_pattern_blob", None)
        if blob is not None:
            d["_rx_patterns"] = list(srsly.msgpack_loads(blob))
        return d["_rx_patterns"]

    @_patterns.setter
    def _patterns(self, value: list) -> None:
        self.__dict__.pop("_rx_pattern_blob", None)
        self.__dict__["_rx_patterns"] = value

    def __len__(self) -> int:
        if "_rx_pattern_blob" in self.__dict__:
            return self.__dict__["_rx_pattern_count"]
        return len(self._patterns)

    def remove(self, label: str) -> None:
        self._key_strings()
        super().remove(label)

    def remove_by_id(self, pattern_id: str) -> None:
        self._key_strings()
        super().remove_by_id(pattern_id)

    def _key_strings(self) -> None:
        """Put the phrase matcher's match keys in the ``StringStore`` (``SpanRuler.remove``
        looks every match key up there; a :class:`TablePhraseMatcher` adds them when first
        needed, not on every load)."""
        if isinstance(self.phrase_matcher, TablePhraseMatcher):
            self.phrase_matcher.add_strings()


def _restore_ruler(nlp: Language, ruler: SpanRuler, state: dict) -> None:
    """Put a stored state into a ruler that has no patterns (its own ``initialize`` skipped)."""
    ruler.clear()
    if int(state["attr"]) != int(ruler.phrase_matcher.__reduce__()[1][3]):
        raise ValueError("phrase_matcher_attr differs")
    if type(ruler) is SpanRuler:
        ruler.__dict__.pop("_patterns", None)
        ruler.__class__ = _CachedSpanRuler
    ruler.__dict__["_rx_pattern_count"] = int(state["n_patterns"])
    ruler.__dict__["_rx_pattern_blob"] = bytes(state["patterns"])
    if not isinstance(ruler, _CachedSpanRuler):  # a subclass of SpanRuler: decode now
        ruler._patterns = list(srsly.msgpack_loads(ruler.__dict__.pop("_rx_pattern_blob")))
    ruler._match_label_id_map = {int(k): {"label": lab, "id": pid} for k, lab, pid in state["label_ids"]}
    for key, pattern in srsly.msgpack_loads(bytes(state["token_patterns"])):  # few: added without tokenizing
        ruler.matcher.add(key, [pattern])
    _restore_phrases(nlp, ruler, state)


def _restore_phrases(nlp: Language, ruler: SpanRuler, state: dict) -> None:
    """Give ``ruler`` its stored phrase patterns: as a :class:`TablePhraseMatcher` (the stored
    arrays, no per-pattern work) for the token text attributes, else added one match key at a
    time to the ruler's own ``PhraseMatcher``."""
    table = PhraseTable.from_state(state["phrase_table"])
    keys = list(state["keys"])
    if int(state["attr"]) in TABLE_ATTRS:
        ruler.phrase_matcher = TablePhraseMatcher(nlp.vocab, int(state["attr"]), table, keys)
        if not isinstance(ruler, _CachedSpanRuler):  # a subclass of SpanRuler: its own remove() needs them
            ruler.phrase_matcher.add_strings()
        return
    ids = [nlp.vocab.strings.add(k) for k in keys]
    seqs: dict[int, list[tuple[int, ...]]] = {i: [] for i in ids}
    for seq, match_ids in table.phrases():
        for i in match_ids:
            seqs[i].append(seq)
    pm = ruler.phrase_matcher
    vocab = nlp.vocab
    getters = vocab.lex_attr_getters
    # PhraseMatcher.add makes a lexeme for every match key (a repr like "('DISEASE', 'D1#src')",
    # which contains a space, so no token can ever have that text); computing lexical
    # attributes for 17k such keys is most of the restore time and they are never read.
    vocab.lex_attr_getters = None
    try:
        for key, i in zip(keys, ids):
            pm.add(key, seqs[i])
    finally:
        vocab.lex_attr_getters = getters


def stateful_components(nlp: Language) -> list[str]:
    """Names of the components (not span rulers) that hand their start-up tables to the cache:
    they have ``cache_state()`` and ``restore_state(state)`` methods."""
    return [name for name, pipe in nlp.pipeline
            if not isinstance(pipe, SpanRuler) and callable(getattr(pipe, "cache_state", None))
            and callable(getattr(pipe, "restore_state", None))]


# -- file I/O ------------------------------------------------------------------------------
def _checksum(payload: bytes) -> bytes:
    """The payload's CRC-32 as 8 hex digits (see the module doc)."""
    return b"%08x" % zlib.crc32(payload)


def read_cache(path: Path, key: str) -> dict | None:
    """The stored states for ``key`` from ``path``, or None when the file is missing, was
    written for another key, or is corrupt (a stale or damaged cache is never used)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    n = len(MAGIC)
    if not data.startswith(MAGIC) or len(data) < HEADER_LEN:
        log.info("rheumex cache %s: not a cache file; rebuilding", path)
        return None
    stored_key, digest, payload = data[n:n + 64], data[n + 65:HEADER_LEN - 1], data[HEADER_LEN:]
    if stored_key.decode("ascii", "replace") != key:
        log.info("rheumex cache %s: written for another pipeline; rebuilding", path)
        return None
    if _checksum(payload) != digest:
        log.info("rheumex cache %s: corrupt (checksum); rebuilding", path)
        return None
    try:
        states = srsly.msgpack_loads(payload, use_list=False)  # tuples: PhraseMatcher.add takes them as they are
    except Exception:  # noqa: BLE001 - any decoding problem means: do not use it
        log.info("rheumex cache %s: undecodable; rebuilding", path)
        return None
    return states if isinstance(states, dict) else None


def write_cache(path: Path, key: str, states: dict) -> bool:
    """Write ``states`` atomically (temp file + rename). Returns False (and logs) on failure:
    a read-only or full cache folder only costs speed."""
    payload = srsly.msgpack_dumps(states)
    blob = MAGIC + key.encode("ascii") + b"\n" + _checksum(payload) + b"\n" + payload
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
    """Initialise ``nlp``, its span rulers and stateful components restored from the cache
    when possible.

    Args:
        nlp: a pipeline built but not yet initialised.
        key: :func:`cache_key` of this pipeline.
        initialize: does the normal initialisation, leaving the span rulers it is given
            empty (they are restored from the cache afterwards); called with ``[]`` on a miss.
            For a pipeline built from a config, :func:`config_initializer`. On a hit it runs
            with the stateful components (:func:`stateful_components`) disabled.

    Returns:
        ``"hit"``, ``"built"`` (initialised normally, cache written), ``"off"`` (no cache
        folder) or ``"none"`` (nothing in the pipeline to cache).
    """
    names = span_rulers(nlp)
    comps = stateful_components(nlp)
    path = cache_file(key)
    if not (names or comps) or path is None:
        initialize([])
        for n in comps:  # built now, in this process (forked workers share them), not on the first document
            nlp.get_pipe(n).cache_state()
        return "none" if not (names or comps) else "off"
    states = read_cache(path, key)
    if (isinstance(states, dict) and isinstance(states.get("rulers"), dict) and isinstance(states.get("components"), dict)
            and sorted(states["rulers"]) == sorted(names) and sorted(states["components"]) == sorted(comps)):
        try:
            with nlp.select_pipes(disable=comps):
                initialize(names)
            for n in names:
                _restore_ruler(nlp, nlp.get_pipe(n), states["rulers"][n])
            for n in comps:
                nlp.get_pipe(n).restore_state(states["components"][n])
            return "hit"
        except Exception as e:  # noqa: BLE001 - a state that does not fit: build it the slow way
            log.info("rheumex cache %s does not fit this pipeline (%s); rebuilding", path, e)
    initialize([])
    write_cache(path, key, {"rulers": {n: _ruler_state(nlp.get_pipe(n)) for n in names},
                            "components": {n: nlp.get_pipe(n).cache_state() for n in comps}})
    return "built"
