"""Python API: ``process``, ``read_results`` and the :class:`Results` tables; the streaming table writer."""
from __future__ import annotations

import json
import os
import platform
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:  # pandas and pyarrow are imported by the table writers and readers when used
    import pandas as pd

from rheumex import __version__, csvsafe, schema
from rheumex.outdir import OutputLocked, OutputWriteError, IncompleteRun, output_lock, remove_leftovers, swap_in  # noqa: F401
from rheumex.runner import Item, RunOptions, RunResult, expand_inputs, run

TABLE_NAMES = ("documents", "mentions", "cases", "manifest")


def read_table(path: Path) -> pd.DataFrame:
    """A Parquet table read in this thread only.

    ``pd.read_parquet`` goes through Arrow's dataset reader, which starts Arrow's C++ I/O
    and CPU thread pools; their threads stay alive until the interpreter exits, and tearing
    them down then made about one ``rheumex extract`` in six abort after its summary with
    "terminate called without an active exception" (exit 134; apache/arrow#34314). Reading
    with ``ParquetFile(pre_buffer=False).read(use_threads=False)`` starts no thread (tested).
    """
    import pyarrow.parquet as pq

    with open(path, "rb") as fh:
        table = pq.ParquetFile(fh, pre_buffer=False).read(use_threads=False)
    return table.to_pandas(use_threads=False)


def unique_doc_ids(parts: Iterable[dict]) -> Iterator[dict]:
    """The parts with the second, third ... input of identical content (same format and text)
    given ``doc_id`` ``<id>-2``, ``<id>-3`` ... (in input order), so every input keeps its own
    documents row, mention ids and review page."""
    seen: dict[str, int] = {}
    for part in parts:
        old = part["manifest"].get("doc_id")
        if old:
            n = seen[old] = seen.get(old, 0) + 1
            if n > 1:
                part = _renamed(part, old, f"{old}-{n}")
        yield part


def _renamed(part: dict, old: str, new: str) -> dict:
    def mid(m: str) -> str:
        return new + m[len(old):] if m.startswith(old) else m

    part = dict(part)
    part["manifest"] = {**part["manifest"], "doc_id": new}
    part["documents"] = [{**d, "doc_id": new} for d in part["documents"]]
    part["mentions"] = [{**m, "doc_id": new, "mention_id": mid(m["mention_id"])} for m in part["mentions"]]
    part["cases"] = [{**c, "doc_id": new, "evidence": [mid(x) for x in schema.as_list(c.get("evidence"))],
                      "response_sentence_ids": [mid(x) for x in schema.as_list(c.get("response_sentence_ids"))]}
                     for c in part["cases"]]
    return part


@dataclass
class Results:
    """The tables of a run, as pandas DataFrames with the dtypes of :mod:`rheumex.schema`."""

    documents: pd.DataFrame
    mentions: pd.DataFrame
    cases: pd.DataFrame
    manifest: pd.DataFrame

    def summary(self) -> str:
        st = self.manifest["status"].value_counts().to_dict() if len(self.manifest) else {}
        labels = self.mentions["label"].value_counts().to_dict() if len(self.mentions) else {}
        return _summary_text(st, labels, len(self.mentions), len(self.cases))


def _summary_text(status: dict, labels: dict, n_mentions: int, n_cases: int) -> str:
    return (f"{sum(status.values())} inputs: {status.get('ok', 0)} ok, {status.get('error', 0)} error, "
            f"{status.get('skipped', 0)} skipped; {n_mentions} mentions "
            + "(" + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())) + ")"
            + f"; {n_cases} cases")


def _results_from(run_result: RunResult) -> Results:
    rows: dict[str, list[dict]] = {t: [] for t in TABLE_NAMES}
    for part in unique_doc_ids(run_result.iter_parts()):
        m = dict(part["manifest"])
        m.pop("status_note", None)
        rows["manifest"].append(m)
        for t in ("documents", "mentions", "cases"):
            rows[t].extend(part[t])
    return Results(**{t: schema.frame(rows[t], t) for t in TABLE_NAMES})


def _looks_like_text(x: str) -> bool:
    """True when a string given to :func:`process` is a document's text rather than a path
    or glob: it has a line break or is too long for a file name, or it has white space and
    names no existing file (a glob with white space needs a path separator to count)."""
    if "\n" in x or len(x) > 1024:
        return True
    try:
        if Path(x).exists():
            return False
    except (OSError, ValueError):  # "File name too long", embedded NUL: not a path
        return True
    if not any(c.isspace() for c in x):
        return False
    return not (any(c in x for c in "*?[") and ("/" in x or os.sep in x))


def process(paths_or_texts: Iterable[str | Path] | str | Path, *, config: str | None = None, model: str | None = None,
            include_references: bool = False, workers: int = 1) -> Results:
    """Convert and annotate papers; return the tables in memory.

    ``paths_or_texts``: file paths, directories, globs, or raw text strings (a string that
    is not an existing path and contains white space is treated as a document's text).
    """
    if isinstance(paths_or_texts, (str, Path)):
        paths_or_texts = [paths_or_texts]
    items: list[Item] = []
    for i, x in enumerate(paths_or_texts):
        if isinstance(x, str) and _looks_like_text(x):
            items.append(Item(source=f"<text {i}>", text=x))
        else:
            items.extend(expand_inputs([x]))
    opts = RunOptions(workers=workers, config=config, model=model, include_references=include_references)
    return _results_from(run(items, None, opts))


@dataclass
class WriteStats:
    """Counts gathered while the tables were streamed to disk."""

    inputs: int = 0
    status: dict = field(default_factory=dict)  # manifest status -> count
    resumed: int = 0
    mentions: int = 0
    cases: int = 0
    labels: Counter = field(default_factory=Counter)  # mention label -> count
    errors: list = field(default_factory=list)  # the error messages of status=error manifest rows, in order
    pending: list = field(default_factory=list)  # (temp path, final path) not yet renamed (commit=False)


class _TableWriter:
    """One table streamed to ``.NAME.parquet.tmpPID`` (pyarrow ParquetWriter, one row group
    per batch) and ``.NAME.csv.tmpPID`` (appended); :meth:`commit` renames both."""

    def __init__(self, out: Path, name: str) -> None:
        import csv

        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa, self.name, self.out = pa, name, out
        self.schema = schema.arrow_schema(name)
        self.tmp = {ext: out / f".{name}.{ext}.tmp{os.getpid()}" for ext in ("parquet", "csv")}
        self.parquet = pq.ParquetWriter(self.tmp["parquet"], self.schema)
        self.csv = open(self.tmp["csv"], "w", encoding="utf-8", newline="")
        # the dialect of DataFrame.to_csv (pandas writes through this csv module)
        self.rows_out = csv.writer(self.csv, lineterminator=os.linesep, delimiter=",", quoting=csv.QUOTE_MINIMAL,
                                   doublequote=True, escapechar=None, quotechar='"')
        self.header = True

    def write(self, rows: list[dict]) -> None:
        if not rows and not self.header:
            return
        cols = schema.plain_columns(rows, self.name)
        table = None
        if cols is not None and rows:
            try:
                table = _arrow_table(cols, self.schema)
            except Exception:  # noqa: BLE001 - a value Arrow's JSON reader refuses: pandas' path decides
                cols = None
        if cols is None:  # some value needs pandas' conversions
            self._write_frame(rows)
            return
        dtypes = schema.TABLES[self.name]
        if self.header:
            self.rows_out.writerow(list(dtypes))
            self.header = False
        # formula-safe CSV (text cells through csvsafe.neutralise, list cells as JSON arrays); Parquet stays raw
        cells = [schema.csv_column(cols[c], dt, csvsafe.neutralise) for c, dt in dtypes.items()]
        self.rows_out.writerows(zip(*cells))
        if table is not None:
            self.parquet.write_table(table)

    def _write_frame(self, rows: list[dict]) -> None:
        """:meth:`write` through a pandas DataFrame (values of other types, converted as :func:`schema.frame` does)."""
        df = schema.frame(rows, self.name)
        self.csv.flush()
        csvsafe.safe_frame(schema.csv_frame(df, self.name)).to_csv(self.csv, index=False, header=self.header)
        self.header = False
        if rows:
            self.parquet.write_table(self.pa.Table.from_pandas(df, schema=self.schema, preserve_index=False))

    def close(self) -> None:
        self.parquet.close()
        self.csv.close()

    def commit(self) -> None:
        for ext, tmp in self.tmp.items():
            os.replace(tmp, self.out / f"{self.name}.{ext}")

    def discard(self) -> None:
        for tmp in self.tmp.values():
            tmp.unlink(missing_ok=True)


def _arrow_table(cols: dict[str, list], arrow_schema):
    """The columns of :func:`schema.plain_columns` as an Arrow table of ``arrow_schema``.

    Read from newline-delimited JSON by Arrow's JSON reader with the schema given: ``pa.array``
    would import pandas (pyarrow checks every input for a pandas object), whose import was most
    of the time of writing a small run's tables. One chunk per column, no Arrow thread pool."""
    import io

    import pyarrow.json as pj

    names = list(cols)
    encode = schema.JSON_ENCODER.encode  # json.dumps(..., ensure_ascii=False), one encoder
    lines = "\n".join(encode(dict(zip(names, values))) for values in zip(*cols.values()))
    table = pj.read_json(io.BytesIO(lines.encode("utf-8")),
                         read_options=pj.ReadOptions(use_threads=False, block_size=max(1 << 20, 2 * len(lines))),
                         parse_options=pj.ParseOptions(explicit_schema=arrow_schema, unexpected_field_behavior="error"))
    return table.combine_chunks().replace_schema_metadata(arrow_schema.metadata)


def write_tables(parts: Iterable[dict], out: Path, batch_docs: int = 200, batch_rows: int = 50_000,
                 commit: bool = True) -> WriteStats:
    """Stream parts (in order) into ``documents/mentions/cases/manifest`` ``.parquet`` and ``.csv``.

    Rows are buffered for at most ``batch_docs`` documents or ``batch_rows`` mention rows,
    so memory does not grow with the number of parts. Every file is written under a temp
    name and renamed into place only when all eight are complete, so a killed or failed
    write leaves the previous tables untouched. With ``commit=False`` the temp files are left
    for the caller: ``stats.pending`` lists ``(temp, final)`` paths (see :func:`rheumex.outdir.swap_in`).
    """
    out.mkdir(parents=True, exist_ok=True)
    writers = {t: _TableWriter(out, t) for t in TABLE_NAMES}
    buf: dict[str, list[dict]] = {t: [] for t in TABLE_NAMES}
    stats = WriteStats()

    def flush() -> None:
        for t in TABLE_NAMES:
            writers[t].write(buf[t])
            buf[t] = []

    try:
        for part in unique_doc_ids(parts):
            m = dict(part["manifest"])
            if m.pop("status_note", None) == "resumed":
                stats.resumed += 1
            stats.inputs += 1
            stats.status[m["status"]] = stats.status.get(m["status"], 0) + 1
            if m["status"] == "error":
                stats.errors.append("<NA>" if m.get("error") is None else str(m["error"]))
            stats.mentions += len(part["mentions"])
            stats.cases += len(part["cases"])
            stats.labels.update(x["label"] for x in part["mentions"])
            buf["manifest"].append(m)
            for t in ("documents", "mentions", "cases"):
                buf[t].extend(part[t])
            if len(buf["manifest"]) >= batch_docs or len(buf["mentions"]) >= batch_rows:
                flush()
        flush()
        for w in writers.values():
            w.write([])  # header and schema of tables that got no rows
            w.close()
    except BaseException:
        for w in writers.values():
            try:
                w.close()
            finally:
                w.discard()
        raise
    if not commit:
        stats.pending = [(tmp, out / f"{w.name}.{ext}") for w in writers.values() for ext, tmp in w.tmp.items()]
        return stats
    for w in writers.values():
        w.commit()
    return stats


def _write_run_info(out: Path, run_info: dict) -> None:
    tmp = out / f".run.json.tmp{os.getpid()}"
    tmp.write_text(json.dumps(run_info, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, out / "run.json")


def write_results(results: Results, out: Path, run_info: dict) -> None:
    """Write in-memory tables as Parquet and CSV, and ``run.json``; each file replaced atomically."""
    out.mkdir(parents=True, exist_ok=True)
    writers = {t: _TableWriter(out, t) for t in TABLE_NAMES}
    try:
        for name, w in writers.items():
            w.write(getattr(results, name).to_dict("records"))
            w.write([])
            w.close()
    except BaseException:
        for w in writers.values():
            w.discard()
        raise
    for w in writers.values():
        w.commit()
    _write_run_info(out, {"rheumex_version": __version__, **run_info})


class _TableOnDisk:
    """A table of :class:`WrittenResults`, read from the output folder on first access."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        cache = obj.__dict__.setdefault("_tables", {})
        if self.name not in cache:
            cache[self.name] = schema.conform(read_table(obj.directory / f"{self.name}.parquet"), self.name)
        return cache[self.name]


class WrittenResults(Results):
    """The result of :func:`extract_to_dir`: the manifest in memory; documents, mentions and
    cases are read from the output folder only when used (a large corpus is never held in
    memory as a whole)."""

    documents = _TableOnDisk()
    mentions = _TableOnDisk()
    cases = _TableOnDisk()
    manifest = _TableOnDisk()

    def __init__(self, directory: Path, manifest: pd.DataFrame | None, stats: WriteStats) -> None:
        """``manifest`` None: read from ``directory`` on first use, like the other tables (the
        ``rheumex extract`` command needs no DataFrame: its messages come from ``stats``)."""
        self.directory = Path(directory)
        if manifest is not None:
            self.__dict__.setdefault("_tables", {})["manifest"] = manifest
        self.stats = stats

    def summary(self) -> str:
        return _summary_text(self.stats.status, dict(self.stats.labels), self.stats.mentions, self.stats.cases)


def _import_writers() -> None:
    """Import what the table writers use (pyarrow; pandas only for values of unusual types);
    called in the parent while pool workers process."""
    try:
        import pyarrow.parquet  # noqa: F401
    except Exception:  # noqa: S110 - the writer imports them again and reports the error
        pass


def process_age() -> float | None:
    """Seconds since this process started (Linux ``/proc``, 10 ms resolution), or None."""
    try:
        with open("/proc/self/stat", "rb") as fh:
            start_ticks = int(fh.read().rsplit(b")", 1)[1].split()[19])
        with open("/proc/uptime", "rb") as fh:
            uptime = float(fh.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _stage_table(rr: RunResult, opts: RunOptions, elapsed: float, write_seconds: float, startup: float | None) -> dict:
    """``run.json`` ``stages``: seconds that add up to the run's wall time.

    ``startup`` (process start to the job: interpreter and imports; only when run as the
    ``rheumex`` program), ``load`` (pipeline load in this process), ``convert``/``nlp``/``rows``
    (worker seconds summed over documents: with N workers they overlap), ``write`` (tables)
    and ``other``: the rest of the job's wall time (input listing and hashing, resume checks,
    part files, worker start and stop, run.json), i.e. job wall - load - documents - write,
    where documents is convert + nlp + rows in-process and the document phase's wall time
    (``engine_seconds``) with a worker pool or Dask."""
    st = dict(rr.stages)
    load = rr.load_seconds or 0.0
    in_process = opts.engine == "local" and opts.workers <= 1
    documents = sum(st.values()) if in_process else rr.engine_seconds
    out = {"startup": round(startup, 3)} if startup is not None else {}
    out.update({"load": round(load, 3), **{k: round(v, 3) for k, v in st.items()}, "write": round(write_seconds, 3),
                "other": round(max(0.0, elapsed - load - documents - write_seconds), 3)})
    return out


def extract_to_dir(inputs: Iterable[str | Path], out: Path, opts: RunOptions,
                   startup_seconds: float | None = None) -> tuple[Results, dict]:
    """The ``rheumex extract`` job: run, stream the tables to ``out`` and write ``run.json``.

    ``startup_seconds`` (the CLI passes :func:`process_age`) is recorded as the ``startup``
    stage: the time before this job began.

    One run at a time per folder: ``out/.lock`` is held for the whole job. Temp files left by
    an earlier run that died (kill -9, full disk) are removed first. The new tables and
    ``run.json`` replace the old ones as one set (:func:`rheumex.outdir.swap_in`).

    Returns the results (big tables load lazily from ``out``) and the run info.

    Raises:
        OutputLocked: another run holds ``out`` (nothing was read or written).
        OutputWriteError: the tables could not be written (the message names the path).
    """
    started = time.time()
    t_enter = time.perf_counter()
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputWriteError(f"{out}: cannot create the output folder ({e.strerror or e}); choose another --out") from None
    with output_lock(out):
        remove_leftovers(out)
        items = expand_inputs(inputs, out=out)
        rr = run(items, out, opts, warm=_import_writers)
        t_write = time.perf_counter()
        try:
            stats = write_tables(rr.iter_parts(), out, commit=False)
        except OSError as e:
            raise OutputWriteError(f"{getattr(e, 'filename', None) or out}: writing the tables failed ({e.strerror or e}); "
                                   "free disk space or fix permissions, then rerun the same command (finished documents resume)") from None
        write_seconds = time.perf_counter() - t_write
        st = stats.status
        info = {
            "rheumex_version": __version__,
            "pipeline": {"name": "rheumex", **rr.pipeline},
            "inputs": len(items), "ok": int(st.get("ok", 0)), "error": int(st.get("error", 0)),
            "skipped": int(st.get("skipped", 0)), "resumed": stats.resumed, "processed": rr.processed,
            "mentions": stats.mentions, "cases": stats.cases,
            "seconds": round(rr.seconds, 3), "write_seconds": round(write_seconds, 3),
            # stages: see _stage_table (they add up to the wall time); load_seconds: the pipeline
            # load in the process that ran the job (null: loaded by the engine's workers, e.g.
            # Dask, or nothing to load)
            "stages": _stage_table(rr, opts, time.perf_counter() - t_enter, write_seconds, startup_seconds),
            "load_seconds": rr.load_seconds,
            "engine_seconds": rr.engine_seconds,
            "worker_load_seconds": rr.worker_load_seconds,
            "docs_per_second": round(rr.processed / rr.seconds, 2) if rr.seconds > 0 else None,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
            "engine": opts.engine, "workers": opts.workers, "scheduler": opts.scheduler, "timeout": opts.timeout,
            "include_references": opts.include_references,
            "python": platform.python_version(),
        }
        swap_in(out, stats.pending, info)
    return WrittenResults(out, None, stats), info  # the manifest is read when first used


def read_results(directory: str | Path) -> Results:
    """Load the tables written by ``rheumex extract`` (Parquet) with the contract's dtypes."""
    from rheumex.outdir import check_complete

    d = Path(directory)
    check_complete(d)  # IncompleteRun when the tables are not one run's set (a swap cut short)
    if not (d / "manifest.parquet").exists():
        raise FileNotFoundError(f"{d}: no rheumex tables here (expected manifest.parquet); run `rheumex extract ... --out {d}` first")
    tables = {}
    for name in TABLE_NAMES:
        path = d / f"{name}.parquet"
        df = read_table(path) if path.exists() else schema.frame([], name)
        tables[name] = schema.conform(df, name)
    return Results(**tables)
