"""Screenshot a ``rheumex review`` page with headless Chromium (offline).

Usage::

    python tools/screenshot_review.py out/review/index.html index.png [--window-size 1280,1600]

Chromium runs headless with networking, sync and component updates off and a throwaway
profile, so nothing leaves the machine. Install it with
``apt-get update && apt-get install -y chromium`` if it is missing.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary: ``$CHROMIUM``, ``/usr/bin/chromium`` or on PATH."""
    env = os.environ.get("CHROMIUM")
    if env and Path(env).is_file():
        return env
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(page: str | Path, png: str | Path, window_size: str = "1280,1600", chromium: str | None = None,
               timeout: float = 120.0) -> Path:
    """Render ``page`` (an HTML file) to ``png`` with headless Chromium; return ``png``.

    Raises:
        FileNotFoundError: the page does not exist, or no Chromium binary is found.
        RuntimeError: Chromium failed or wrote no PNG (its stderr is in the message).
    """
    page = Path(page).resolve()
    png = Path(png).resolve()
    if not page.is_file():
        raise FileNotFoundError(f"{page}: no such HTML page; run `rheumex review RUN_DIR` first")
    binary = chromium or find_chromium()
    if not binary:
        raise FileNotFoundError("no Chromium found; install it (apt-get update && apt-get install -y chromium) "
                                "or set CHROMIUM=/path/to/chromium")
    png.parent.mkdir(parents=True, exist_ok=True)
    if png.exists():
        png.unlink()
    with tempfile.TemporaryDirectory(prefix="rheumex-chromium-") as profile:
        cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
               f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size={window_size}", page.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{binary} took more than {timeout:g} s to render {page}") from None
    if not png.is_file() or png.stat().st_size == 0:
        raise RuntimeError(f"{binary} wrote no screenshot of {page} (exit {proc.returncode}): {proc.stderr.strip()[-800:]}")
    return png


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Screenshot a rheumex review page with headless Chromium.")
    ap.add_argument("page", help="HTML file, e.g. out/review/index.html")
    ap.add_argument("png", help="PNG file to write")
    ap.add_argument("--window-size", default="1280,1600", help="WIDTH,HEIGHT in pixels (default 1280,1600)")
    ap.add_argument("--chromium", help="Chromium binary (default: $CHROMIUM, /usr/bin/chromium or on PATH)")
    args = ap.parse_args(argv)
    try:
        out = screenshot(args.page, args.png, args.window_size, args.chromium)
    except (FileNotFoundError, RuntimeError) as e:
        print(f"screenshot_review: {e}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
