"""What a batch run reads: the user's INPUT arguments -> one :class:`~rheumex.worker.Item` per input.

Rules (each becomes exactly one manifest row per input, nothing is dropped silently):

* a file named on the command line is read whatever its name (its format is detected);
* a folder is walked recursively in sorted order, without following symbolic links to
  folders; files with a supported extension (``.pdf .html .htm .xhtml .xml .nxml .txt``, and
  ``.json`` when it is a BioC collection) are inputs, other files become ``skipped`` rows
  ("unsupported file type .docx"); hidden files and folders (``.name``) are ignored;
* a symbolic link inside a walked folder is followed only when its target is a file inside
  the same folder tree; a link leaving the tree (``/etc/passwd``) or to a folder is a
  ``skipped`` row saying so;
* the run's own output folder (no row), and any folder holding a rheumex ``run.json`` (one
  ``skipped`` row), is never read as input: review pages and tables of a run are no papers;
* an empty or unreadable folder, a missing path and a glob matching nothing are error rows;
* FIFOs, devices and sockets are refused by ``stat`` before anything is opened, and a file
  over ``--max-bytes`` is refused before it is read or hashed.

:func:`content_key` hashes an input for resume by streaming it (1 MiB blocks), together with
its format, so the same bytes as ``a.txt`` and ``a.html`` are two different documents.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Iterable

from rheumex.extract.convert import EXTENSIONS
from rheumex.worker import Item

CHUNK = 1 << 20


def _readable_kind(p: Path) -> bool:
    """A file of a type rheumex reads; a ``.json`` file only when it is a BioC collection
    (other JSON in a folder, such as download metadata, is skipped, not an error)."""
    suffix = p.suffix.lower()
    if suffix not in EXTENSIONS:
        return False
    if suffix != ".json":
        return True
    if not os.path.isfile(p):  # a FIFO or device is refused elsewhere, never opened here
        return False
    from rheumex.extract.bioc_input import is_bioc_json

    try:
        with open(p, "rb") as fh:
            return is_bioc_json(fh.read(65536))
    except OSError:
        return True  # let the conversion report why it cannot be read


def is_run_folder(folder: Path) -> bool:
    """A folder written by ``rheumex extract`` (it holds a ``run.json`` naming a rheumex version)."""
    f = folder / "run.json"
    try:
        if not f.is_file() or f.stat().st_size > 10 * CHUNK:
            return False
        return "rheumex_version" in json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return False


def _same(a: Path, b: Path | None) -> bool:
    if b is None:
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: Path, out: Path | None, add) -> None:
    """Add every entry of the folder ``root`` (see the module doc)."""
    real_root = os.path.realpath(root)
    found = 0

    def visit(folder: Path) -> None:
        nonlocal found
        if folder != root and _same(folder, out):
            return  # this run's own output folder: not an input at all
        if folder != root and is_run_folder(folder):
            add(folder, skipped=f"{folder}: a rheumex output folder; not read as input")
            found += 1
            return
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            add(folder, error=f"{folder}: cannot read this folder ({e.strerror or e}); check its permissions")
            found += 1
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            p = Path(e.path)
            if e.is_symlink():
                target = os.path.realpath(p)
                if not os.path.exists(target):
                    add(p, error=f"{p}: file not found (broken symbolic link)")
                elif not _inside(target, real_root):
                    add(p, skipped=f"{p}: symbolic link to {target}, outside {root}; not followed")
                elif os.path.isdir(target):
                    add(p, skipped=f"{p}: symbolic link to a folder; not followed")
                elif os.path.isfile(target) and _readable_kind(p):
                    add(p)
                else:
                    add(p, skipped=f"{p}: unsupported file type {p.suffix.lower() or '(no extension)'}")
                found += 1
            elif e.is_dir(follow_symlinks=False):
                visit(p)
            elif _readable_kind(p):
                add(p)
                found += 1
            else:
                why = "unsupported file type " + (p.suffix.lower() or "(no extension)")
                if p.suffix.lower() == ".json":
                    why = "a JSON file that is not a BioC collection"
                if not e.is_file(follow_symlinks=False):
                    why = "not a regular file (FIFO, device or socket)"
                add(p, skipped=f"{p}: {why}")
                found += 1

    if _same(root, out) or is_run_folder(root):
        add(root, skipped=f"{root}: a rheumex output folder; not read as input")
        return
    visit(root)
    if found == 0:
        add(root, error=f"{root}: folder contains no files")


def expand_inputs(inputs: Iterable[str | Path], out: Path | None = None) -> list[Item]:
    """Files, folders (recursive) and globs -> ordered items, one per input (module doc).

    ``out``: the run's output folder, never read back as input.
    """
    items: list[Item] = []
    seen: dict[str, int] = {}

    def add(p: Path, error: str | None = None, skipped: str | None = None) -> None:
        key = str(p)
        if key not in seen:
            seen[key] = len(items)
            items.append(Item(source=key, path=p, error=error, skipped=skipped))
        elif items[seen[key]].skipped and not skipped:  # named on the command line after a walk skipped it: read it
            items[seen[key]] = Item(source=key, path=p, error=error)

    for raw in inputs:
        s = str(raw)
        p = Path(s)
        if p.is_dir():  # (a link to a folder named on the command line is followed: the user asked for it)
            _walk(p, out, add)
        elif p.exists() or os.path.islink(s):
            add(p)
        elif any(ch in s for ch in "*?["):
            matches = sorted(glob.glob(s, recursive=True))
            if not matches:
                add(p, f"{s}: no file matches this pattern")
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    _walk(mp, out, add)
                else:
                    add(mp)
        else:
            add(p, f"{s}: file not found; check the path")
    return items


def check_file(item: Item, max_bytes: int) -> str | None:
    """Refuse by ``stat`` what must not be opened: a special file, or one over ``max_bytes``.
    Returns the manifest error, or None when the file may be read."""
    if item.path is None:
        return None
    try:
        st = os.stat(item.path)
    except OSError as e:
        return f"{item.source}: cannot read this file ({e.strerror or e})"
    if stat.S_ISDIR(st.st_mode):
        return f"{item.source}: is a folder"
    if not stat.S_ISREG(st.st_mode):
        return f"{item.source}: not a regular file (FIFO, device or socket); refused"
    if st.st_size > max_bytes:
        return f"{item.source}: file is {st.st_size:,} bytes, over the limit of {max_bytes:,}; raise --max-bytes to read it"
    return None


def input_format(item: Item) -> str:
    """The format part of the resume key: ``text`` for in-memory text, else the extension's."""
    if item.text is not None or item.path is None:
        return "text"
    return EXTENSIONS.get(item.path.suffix.lower(), item.path.suffix.lower() or "none")


def content_key(item: Item) -> tuple[str | None, int]:
    """(resume key, size): SHA-256 (16 hex) of the format and the raw bytes, read in 1 MiB
    blocks (memory stays flat whatever the file size); (None, 0) when unreadable. Call
    :func:`check_file` first: this opens the file."""
    h = hashlib.sha256(input_format(item).encode() + b"\0")
    if item.text is not None:
        data = item.text.encode("utf-8")
        h.update(data)
        return h.hexdigest()[:16], len(data)
    if item.path is None:
        return None, 0
    size = 0
    try:
        with open(item.path, "rb") as fh:
            while True:
                block = fh.read(CHUNK)
                if not block:
                    break
                size += len(block)
                h.update(block)
    except OSError:
        return None, 0
    return h.hexdigest()[:16], size
