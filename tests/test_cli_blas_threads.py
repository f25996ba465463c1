"""The ``rheumex`` command runs numpy's BLAS with one thread per process (cli._one_blas_thread_env):
forked pool workers otherwise each got an OpenBLAS server thread that kept waking up."""
import os
import subprocess
import sys

PROBE = ("import os, rheumex.cli as c; c._one_blas_thread_env(); import numpy; "
         "print(os.environ.get('OPENBLAS_NUM_THREADS'), os.environ.get('OMP_NUM_THREADS'))")


def _run(env_extra: dict) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True).stdout.split()


def test_one_blas_thread_unless_the_user_chose():
    assert _run({}) == ["1", "1"]
    assert _run({"OPENBLAS_NUM_THREADS": "2"}) == ["2", "1"]
