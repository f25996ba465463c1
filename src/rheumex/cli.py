"""The ``rheumex`` command line: extract, info, evaluate, review, export.

Exit codes (``extract``): 0 every input ok (skipped ones aside); 1 some inputs failed, or no
document was processed (tables are still written); 2 usage error (bad option, unknown config,
model not installed, output folder in use by another run, ``evaluate --pred`` on a folder that
is not a run); 3 the final tables could not be written (the message names the path); 130
interrupted.
"""
from __future__ import annotations

import argparse
import logging
import os
import shlex
import sys
from importlib import resources
from pathlib import Path

from rheumex import __version__


def _example_inputs() -> list[str]:
    ex = resources.files("rheumex").joinpath("example")
    return [str(ex.joinpath(n)) for n in sorted(p.name for p in ex.iterdir()) if n.startswith("seed.")]


EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_WRITE = 0, 1, 2, 3


def model_problem(model: str | None) -> str | None:
    """Why ``model`` (a name or path; None: none) cannot be loaded, checked without loading it."""
    if not model:
        return None
    import spacy

    if Path(model).is_dir() and (Path(model) / "config.cfg").is_file() or spacy.util.is_package(model):
        return None
    return (f"scispaCy/spaCy model {model!r} is not installed or not a model folder; install it "
            "(pip install <model package>) or drop --model / RHEUMEX_MODEL to use the rule-based default")


_AS_PROGRAM = False  # main() was called with argv None: this process is the rheumex command


def _startup_seconds() -> float | None:
    """Seconds from process start until now when this process is the ``rheumex`` command."""
    if not _AS_PROGRAM:
        return None
    from rheumex.api import process_age

    return process_age()


def cmd_extract(args: argparse.Namespace) -> int:
    import os

    from rheumex.api import extract_to_dir
    from rheumex.outdir import OutputLocked, OutputWriteError
    from rheumex.pipelines import config_path
    from rheumex.runner import RunOptions

    inputs = list(args.inputs)
    if args.example:
        inputs += _example_inputs()
    if not inputs:
        print("rheumex extract: no INPUT given (files, folders or globs), or use --example", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("rheumex extract: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.config and not config_path(args.config).is_file():
        print(f"rheumex extract: config file not found: {args.config} (give a .cfg path or a packaged name: default, rules, base, ner)",
              file=sys.stderr)
        return 2
    problem = model_problem(args.model or os.environ.get("RHEUMEX_MODEL"))
    if problem:
        print(f"rheumex extract: {problem}", file=sys.stderr)
        return 2
    opts = RunOptions(workers=args.workers, config=args.config, model=args.model, include_references=args.include_references,
                      resume=not args.no_resume, timeout=args.timeout, max_bytes=args.max_bytes,
                      progress=sys.stderr.isatty() and not args.quiet, engine=args.engine, scheduler=args.scheduler)
    if args.scheduler and args.engine != "dask":
        print("rheumex extract: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    out = Path(args.out)
    for raw in inputs:  # said at once, not after the pipeline has loaded (each still gets its manifest row)
        if not Path(raw).exists() and not os.path.islink(raw) and not any(c in raw for c in "*?["):
            print(f"rheumex extract: {raw}: file not found; check the path", file=sys.stderr)
    try:
        results, info = extract_to_dir(inputs, out, opts, startup_seconds=_startup_seconds())
    except OutputLocked as e:
        print(f"rheumex extract: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OutputWriteError as e:
        print(f"rheumex extract: {e}", file=sys.stderr)
        return EXIT_WRITE
    errors = results.stats.errors  # the manifest's error rows, in order (no DataFrame needed)
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    rate = f", {info['docs_per_second']:g} docs/s" if info.get("docs_per_second") else ""
    resumed = f", {info['resumed']} resumed" if info.get("resumed") else ""
    print(f"rheumex: {results.summary()}; {info['seconds']:.1f} s{rate}{resumed}; tables in {out}/; next: rheumex review {shlex.quote(str(out))}", file=sys.stderr)
    if not info.get("ok"):
        print("rheumex extract: no document was processed (see the manifest)", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_FAILED if len(errors) else EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    import json

    from rheumex.pipelines import load_pipeline
    from rheumex.pipelines.lexicon import iter_lexicon

    try:
        nlp = load_pipeline(args.config, model=args.model)
    except OSError as e:
        print(f"rheumex info: {e}", file=sys.stderr)
        return 2
    counts: dict[str, int] = {}
    for name in ("disease.jsonl", "treatment.jsonl", "imaging.jsonl", "anatomy.jsonl"):
        counts[name] = sum(1 for _ in iter_lexicon([name]))
    print(f"rheumex {__version__}")
    print(f"pipeline: {nlp.meta.get('name')} (config hash {nlp.meta['rheumex']['config_hash']})")
    print(f"components: {', '.join(nlp.pipe_names)}")
    print(f"scispaCy model: {nlp.meta['rheumex'].get('base_model') or 'none'}")
    print("lexicons: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if args.json:
        print(json.dumps({"components": nlp.pipe_names, "lexicons": counts, "model": nlp.meta["rheumex"].get("base_model")}))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from rheumex.review import write_review

    try:
        written = write_review(args.run_dir, args.out)
    except FileNotFoundError as e:
        print(f"rheumex review: {e}", file=sys.stderr)
        return 2
    print(f"rheumex review: {len(written) - 1} document pages; open {written[0]}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from rheumex.export import export_run

    try:
        res = export_run(args.run_dir, args.to, args.out)
    except FileNotFoundError as e:
        print(f"rheumex export: {e}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as e:
        print(f"rheumex export: cannot write {args.to} to {args.out}: {e}", file=sys.stderr)
        return 1
    print(f"rheumex export: {res.documents} documents, {res.mentions} mentions -> {res.path} ({args.to})", file=sys.stderr)
    return 0


def add_export_parser(sub) -> None:
    """The ``export`` subcommand (kept apart from the extract/evaluate options)."""
    from rheumex.export import EXPORT_FORMATS

    x = sub.add_parser("export", help="write a run's documents and mentions as brat, BioC, PubTator, DocBin, JSONL or CoNLL")
    x.add_argument("run_dir", metavar="RUN", help="folder written by `rheumex extract --out`")
    x.add_argument("--to", required=True, choices=EXPORT_FORMATS,
                   help="brat (folder), bioc-xml, bioc-json, pubtator, docbin (.spacy), jsonl (Prodigy/doccano), conll (BIO)")
    x.add_argument("--out", required=True, help="output file (a folder for brat)")
    x.set_defaults(func=cmd_export)


def _evaluate_usage_problem(args: argparse.Namespace) -> str | None:
    """Usage errors of ``rheumex evaluate`` found before any work: a ``--pred`` or ``--compare``
    folder that is not a run, an unknown config, a missing model."""
    import os

    from rheumex.inputs import is_run_folder
    from rheumex.pipelines import config_path

    for run_dir in ([args.pred] if getattr(args, "pred", None) else []) + list(getattr(args, "compare", None) or []):
        d = Path(run_dir)
        if not (d / "manifest.parquet").is_file():
            return (f"{d} is not a rheumex run folder (no manifest.parquet{'' if d.is_dir() else '; the folder does not exist'}); "
                    f"give the --out folder of `rheumex extract`")
        if not is_run_folder(d):
            return f"{d} has tables but no rheumex run.json; give the --out folder of `rheumex extract`"
    if getattr(args, "config", None) and not config_path(args.config).is_file():
        return f"config file not found: {args.config} (give a .cfg path or a packaged name: default, rules, base, ner)"
    return model_problem(getattr(args, "model", None) or os.environ.get("RHEUMEX_MODEL"))


#: commands whose parser is built alone when they are the command given (see :func:`build_parser`)
_ALONE = ("extract",)


def _command_of(argv: list[str] | None) -> str | None:
    """The command word of ``argv`` (``sys.argv[1:]`` when None): its first word that is not an option."""
    words = sys.argv[1:] if argv is None else argv
    return next((w for w in words if not w.startswith("-")), None)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``rheumex`` argument parser. With ``command`` in :data:`_ALONE` (``extract``) only that
    command's parser is built: the ``export`` and ``evaluate`` parsers import their modules
    (export formats, the scorer: about 25 ms of every ``rheumex extract`` start-up, measured
    with ``python -X importtime``), which an extract run never uses."""
    p = argparse.ArgumentParser(prog="rheumex", description="Rheumatology case reports (PDF, HTML, JATS XML, text) to evidence tables.")
    p.add_argument("--version", action="version", version=f"rheumex {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    e = sub.add_parser("extract", help="convert and annotate papers; write documents/mentions/cases/manifest tables")
    e.add_argument("inputs", nargs="*", metavar="INPUT", help="files, folders (recursive: .pdf .html .htm .xml .nxml .txt) or globs")
    e.add_argument("--out", required=True, help="output folder for the tables")
    e.add_argument("--example", action="store_true", help="also process the bundled example (the seed paper as .txt, .html and .pdf)")
    e.add_argument("--workers", type=int, default=1, help="worker processes (each loads the pipeline once)")
    e.add_argument("--config", help="spaCy pipeline config file, or a packaged one by name: default (= base: rules on the packaged CRAFT tagger/parser), rules (rules only, about 2.5x faster), ner (rules + statistical NER)")
    e.add_argument("--model", help="scispaCy model name or path to build the pipeline on")
    e.add_argument("--include-references", action="store_true", help="annotate reference lists too (mentions are marked section_kind=references)")
    e.add_argument("--no-resume", action="store_true", help="redo every input even if OUT has its results")
    e.add_argument("--timeout", type=float, default=300.0, help="seconds per document before it is cut and reported (default 300)")
    e.add_argument("--max-bytes", type=int, default=50 * 1024 * 1024, help="larger inputs are refused unread (default 50 MiB)")
    e.add_argument("--quiet", action="store_true", help="no progress bar")
    e.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this machine's processes (default); dask: a dask.distributed cluster (pip install 'rheumex[dask]')")
    e.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: address of a running Dask scheduler (tcp://host:8786); default: a local cluster of --workers processes")
    e.set_defaults(func=cmd_extract)

    i = sub.add_parser("info", help="pipeline components, lexicon sizes and the scispaCy model in use")
    i.add_argument("--config")
    i.add_argument("--model")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=cmd_info)

    rv = sub.add_parser("review", help="offline HTML pages of a run: an index, and per document its highlighted text, mentions, cases")
    rv.add_argument("run_dir", metavar="RUN_DIR", help="folder written by `rheumex extract --out`")
    rv.add_argument("--out", help="folder for the pages (default: RUN_DIR/review)")
    rv.set_defaults(func=cmd_review)

    if command in _ALONE:
        return p
    add_export_parser(sub)

    from rheumex.evaluation.run import add_parser as add_eval

    add_eval(sub)
    return p


#: commands that, run as a program, leave through :func:`_exit_now` (no interpreter teardown)
_QUICK_EXIT = ("extract",)


def _exit_now(code: int) -> None:
    """End the process with ``code`` without tearing the interpreter down.

    After a run every file is closed and renamed into place, so what a normal exit still
    does is free the loaded pipeline object by object (0.4 to 0.9 s for the default
    pipeline, measured) and run C++ static destructors (pyarrow's, see
    :func:`rheumex.api.read_table`). The ``atexit`` handlers (logging flush, multiprocessing
    and Dask clean-up, temp folders) still run first, and the standard streams are flushed.
    """
    import atexit

    try:
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110 - a closed or broken stream: nothing to flush
                pass
        os._exit(code)


#: BLAS thread variables the command sets to 1 unless the user set them (see _one_blas_thread_env)
_BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _one_blas_thread_env() -> None:
    """One BLAS thread per process, set before numpy is first imported (a variable the user
    set is kept). The pipeline's matrix products are small and every worker is its own process;
    ``threadpoolctl``'s limit in the parent did not reach numpy's OpenBLAS in forked workers:
    each got a server thread that woke about 28,000 times a second, costing 5-8% of the
    workers' CPU (163,000 involuntary context switches in a 2-worker run over 139 texts, 592
    with this; ``benchmarks/e2e.py``)."""
    if "numpy" in sys.modules:
        return
    for var in _BLAS_THREAD_VARS:
        os.environ.setdefault(var, "1")


def main(argv: list[str] | None = None) -> int:
    """The ``rheumex`` command. With ``argv`` None (run as a program: ``sys.argv``) the
    ``extract`` command then ends the process at once (:func:`_exit_now`); with a list (tests,
    scripts) the exit code is returned."""
    global _AS_PROGRAM
    _AS_PROGRAM = argv is None
    _one_blas_thread_env()
    code, command = _run(argv)
    if argv is None and command in _QUICK_EXIT:
        _exit_now(code)
    return code


def _run(argv: list[str] | None) -> tuple[int, str | None]:
    """Parse ``argv`` and run the command: (exit code, command name or None)."""
    parser = build_parser(_command_of(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0), None
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    command = getattr(args, "command", None)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2, None
    if command == "evaluate":
        problem = _evaluate_usage_problem(args)
        if problem:
            print(f"rheumex evaluate: {problem}", file=sys.stderr)
            return EXIT_USAGE, command
    try:
        return args.func(args), command
    except KeyboardInterrupt:
        print("rheumex: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130, command
    except Exception as e:
        if args.debug:
            raise
        print(f"rheumex: {type(e).__name__}: {e} (rerun with --debug for a traceback)", file=sys.stderr)
        return 1, command


if __name__ == "__main__":
    raise SystemExit(main())
