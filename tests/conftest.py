from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def pytest_configure(config):
    """The pipeline cache (pipelines/cache.py) goes to a fresh folder per test session, so
    tests never read or write the user's ~/.cache/rheumex (subprocesses inherit it)."""
    import os
    import tempfile

    config._rheumex_cache = tempfile.mkdtemp(prefix="rheumex-test-cache-")
    os.environ["RHEUMEX_CACHE_DIR"] = config._rheumex_cache


def pytest_unconfigure(config):
    import shutil

    if getattr(config, "_rheumex_cache", None):
        shutil.rmtree(config._rheumex_cache, ignore_errors=True)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def nlp():
    import rheumex

    return rheumex.load_pipeline()


@pytest.fixture(scope="session")
def pipelines(nlp):
    """Both shipped configs, loaded once per test session: ``base`` (the default) and ``rules``."""
    import rheumex

    return {"base": nlp, "rules": rheumex.load_pipeline("rules")}

