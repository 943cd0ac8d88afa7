"""Same-length masking: hide markup while keeping every offset of the source.

``mask_jinja`` blanks Jinja tags (``{{ … }}``, ``{% … %}``, ``{# … #}``) and
``mask_html`` blanks HTML tags, comments, ``<script>``/``<style>`` contents and
entities, so the result can be linted as the text a reader sees and every
finding's offset, line and column is already a position in the source file.
Block-level boundaries (``{% if %}``, ``<p>``, ``<br>``…) end a sentence so
that words on either side of a branch or a paragraph are not read as one
sentence. Pure functions, standard library only.
"""

from __future__ import annotations

import re

__all__ = ["mask_header", "mask_html", "mask_jinja"]

_JINJA = re.compile(
    r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|\{#.*?#\}"
    r"|\{\{.*?\}\}"
    r"|\{%.*?%\}",
    re.DOTALL,
)
_HTML = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style)\b[^>]*>.*?</(?P=raw)\s*>"
    r"|</?(?P<tag>[A-Za-z][A-Za-z0-9-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r"|<!DOCTYPE[^>]*>"
    r"|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);",
    re.DOTALL | re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer",
     "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
     "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "title", "body",
     "html", "head")
)
_ENTITIES = {
    "amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": " ", "#39": "'",
    "rsquo": "’", "lsquo": "‘", "laquo": "«", "raquo": "»", "hellip": "…", "euro": "€",
}
_HEADER = re.compile(
    r"\{#-?\s*tactful:(?!\s*ignore)[^#]*#\}|<!--\s*tactful:(?!\s*ignore).*?-->"
    r"|\A[ \t]*tactful:(?!\s*ignore)[^\n]*",
    re.DOTALL,
)


def _blank(span: str, boundary: bool) -> str:
    """Spaces for ``span``, keeping its line breaks; a sentence end first when ``boundary``."""
    out = "".join(c if c == "\n" else " " for c in span)
    if boundary and out and out[0] != "\n":
        out = "." + out[1:]
    return out


def mask_jinja(source: str) -> str:
    """Blank every Jinja tag; ``{% … %}`` statements end a sentence."""

    def repl(m: re.Match[str]) -> str:
        if m.group("raw") is not None:
            opening = m.start("raw") - m.start()
            closing = m.end() - m.end("raw")
            return _blank(m.group()[:opening], False) + m.group("raw") + " " * closing
        text = m.group()
        return _blank(text, text.startswith("{%"))

    return _JINJA.sub(repl, source)


def mask_html(source: str) -> str:
    """Blank HTML markup; block-level tags end a sentence, entities one character."""

    def repl(m: re.Match[str]) -> str:
        text = m.group()
        if text.startswith("&"):
            char = _ENTITIES.get(text[1:-1].lower(), " ")
            if text[1:2] == "#" and text[1:-1].lower() not in _ENTITIES:
                try:
                    value = int(text[3:-1], 16) if text[2:3] in "xX" else int(text[2:-1])
                    char = chr(value) if value > 32 else " "
                except (ValueError, OverflowError):
                    char = " "
            return char + " " * (len(text) - 1)
        tag = (m.group("tag") or "").lower()
        return _blank(text, tag in _BLOCK_TAGS or m.group("raw") is not None)

    return _HTML.sub(repl, source)


def mask_header(source: str) -> str:
    """Blank ``tactful: locale=… stage=…`` header comments (never ``tactful: ignore``)."""
    return _HEADER.sub(lambda m: _blank(m.group(), False), source, count=1)
