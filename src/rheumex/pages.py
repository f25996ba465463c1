"""Rendering of rheumex's static HTML pages (``rheumex review`` and the evaluation report).

Pages are jinja2 templates shipped as package data (``rheumex/templates/*.html.j2``) and
rendered with autoescape on, so every value from a document (text, title, file name,
error message) is HTML-escaped unless it is :class:`markupsafe.Markup` made by
:mod:`rheumex.highlight`. Each page is one self-contained file: the stylesheet
(``rheumex.css``) and the one script (``rheumex.js``: table sorting, the index's label
filter and search) are inlined, and the Content-Security-Policy (:data:`CSP`) allows
exactly that script by its SHA-256 hash: no ``'unsafe-inline'`` in ``script-src``, no
network, no other script. Inline styles stay allowed (``style-src 'unsafe-inline'``):
they cannot run code.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources

from markupsafe import Markup

from rheumex import highlight

__all__ = ["render", "script", "csp"]


def _asset(name: str) -> str:
    return resources.files("rheumex").joinpath("templates", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def script() -> str:
    """The pages' JavaScript, exactly as inlined (its hash is in the CSP)."""
    return _asset("rheumex.js")


@lru_cache(maxsize=1)
def csp() -> str:
    """The Content-Security-Policy of every page: nothing external, only our own script (by hash)."""
    digest = base64.b64encode(hashlib.sha256(script().encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


@lru_cache(maxsize=1)
def _env():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("rheumex", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(colour=highlight.colour, highlight=highlight.highlight, is_set=highlight.is_set,
                       label_colours=highlight.LABEL_COLOURS)
    return env


def render(template: str, **context) -> str:
    """Render ``templates/<template>`` with ``context`` (autoescaped) into a complete page."""
    return _env().get_template(template).render(csp=Markup(csp()), css=Markup(_asset("rheumex.css")),
                                                script=Markup(script()), **context)
