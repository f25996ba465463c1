"""Matrix products of the statistical components through numpy's BLAS instead of BLIS.

thinc's ``NumpyOps`` multiplies matrices with its bundled BLIS library. The BLIS build in the
``blis`` wheel picks its kernels by CPU id and falls back to the slow ``generic`` reference
kernels on CPUs it does not know; AMD Zen 3/Zen 4 (family 0x19, e.g. this machine's EPYC) is one
of them (``BLIS_ARCH_DEBUG=1`` prints "selecting sub-configuration 'generic'"; cython-blis issue
#53). numpy's OpenBLAS detects the CPU itself and ran the tok2vec/tagger/parser products here
about 2x faster (``benchmarks/results/pipeline-base.md``). ``NumpyOps(use_blis=False)`` is
thinc's own switch for this: ``Ops.gemm`` then calls ``numpy.dot``.

Only the Python-level products move; the parser's transition loop keeps calling BLIS from
compiled code (thinc's ``CBlas``), which cannot be redirected from Python.
Set ``RHEUMEX_BLIS=1`` to keep BLIS everywhere.
"""
from __future__ import annotations

import os

from spacy.language import Language
from thinc.api import NumpyOps


def use_numpy_gemm(nlp: Language) -> int:
    """Give every thinc layer of ``nlp``'s components (enabled or not) that runs on ``NumpyOps`` an
    ``NumpyOps(use_blis=False)`` (numpy's BLAS for ``gemm``); returns the number of layers
    switched (0 when ``RHEUMEX_BLIS=1`` or nothing runs on NumpyOps, e.g. on GPU)."""
    if os.environ.get("RHEUMEX_BLIS", "") not in ("", "0"):
        return 0
    ops = NumpyOps(use_blis=False)
    n = 0
    for _name, proc in nlp.components:  # disabled ones too: rheumex_selective_parse runs them
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = ops
                n += 1
    return n
