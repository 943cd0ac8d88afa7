"""Same-length masking: hide markup while keeping every offset of the source.

``mask_jinja`` blanks Jinja tags (``{{ … }}``, ``{% … %}``, ``{# … #}``) and
``mask_html`` blanks HTML tags, comments and ``<script>``/``<style>`` contents and
decodes character references (every HTML5 named and numeric one, as
:func:`html.unescape` reads them), so the result can be linted as the text a
reader sees and every finding's offset, line and column is already a position
in the source file. A decoded reference is shorter than its source: the rest of
its span is ``fill`` — spaces by default; with :data:`FILL`, :func:`compact`
removes it so that ``imm&eacute;diatement`` is linted as one word, with a map
back to source offsets.
Block-level boundaries (``{% if %}``, ``<p>``, ``<br>``…) end a sentence so
that words on either side of a branch or a paragraph are not read as one
sentence. Pure functions, standard library only.
"""

from __future__ import annotations

import re

__all__ = ["FILL", "compact", "mask_header", "mask_html", "mask_jinja"]

#: what pads a decoded character reference to its source length (see :func:`compact`)
FILL = "\x00"

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
    r"|&(?:#[0-9]+;?|#[xX][0-9A-Fa-f]+;?|[A-Za-z][A-Za-z0-9]*;?)",
    re.DOTALL | re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer",
     "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
     "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "title", "body",
     "html", "head")
)
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


def mask_html(source: str, fill: str = " ") -> str:
    """Blank HTML markup; block-level tags end a sentence; character references are
    decoded (``html.unescape``), padded with ``fill`` to their source length."""
    from html import unescape  # here: plain-text drafts never pay for the entity table

    def repl(m: re.Match[str]) -> str:
        text = m.group()
        if text.startswith("&"):
            decoded = unescape(text)
            if decoded == text:  # not a reference (``AT&T``): a reader sees it as written
                return text
            tail = ""
            if not text.endswith(";"):  # ``&eacutediatement``: the letters after stay put
                for k in range(2, len(text)):
                    if unescape(text[:k]) + text[k:] == decoded:
                        decoded, tail = unescape(text[:k]), text[k:]
                        break
            decoded = "".join(" " if c.isspace() or c < " " else c for c in decoded)
            decoded = decoded[: len(text) - len(tail)]
            return decoded + fill * (len(text) - len(tail) - len(decoded)) + tail
        tag = (m.group("tag") or "").lower()
        return _blank(text, tag in _BLOCK_TAGS or m.group("raw") is not None)

    return _HTML.sub(repl, source)


def compact(masked: str) -> tuple[str, list[int]]:
    """``masked`` without its :data:`FILL` characters, and for each offset of the result
    (and its end) the offset in ``masked``, so in the source."""
    if FILL not in masked:
        return masked, list(range(len(masked) + 1))
    kept = [i for i, c in enumerate(masked) if c != FILL]
    return "".join(masked[i] for i in kept), [*kept, len(masked)]


def mask_header(source: str) -> str:
    """Blank ``tactful: locale=… stage=…`` header comments (never ``tactful: ignore``)."""
    return _HEADER.sub(lambda m: _blank(m.group(), False), source, count=1)
