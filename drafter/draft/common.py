"""What every draft shares: the requests, the Draft and its Stats, and the Engine that
holds one workspace's compiled templates and letterhead."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2.sandbox import SandboxedEnvironment
from markdown_it.token import Token

from drafter.compose.requests import LetterRequest, OpedRequest
from drafter.errors import Problem, UnknownReference
from drafter.load.fields import did_you_mean
from drafter.model import Signer, Workspace
from drafter.plan.relevance import Matching
from drafter.render.docx.document import HeaderInfo, Letterhead
from drafter.render.text import body_text
from drafter.text.markdown import parse_tokens
from drafter.text.templates import make_environment, render_template

__all__ = ["LetterRequest", "OpedRequest"]


@dataclass
class Stats:
    """A draft's measures: words, pages, footnotes, questions, warnings."""

    words: int = 0
    pages: float = 0.0
    footnotes: int = 0
    questions_answered: int = 0
    questions_total: int = 0
    days_left: int | None = None
    warnings: list[Problem] = field(default_factory=list)
    grade: float | None = None  # Flesch–Kincaid, op-eds
    range: tuple[int, int] | None = None  # the outlet's word range, op-eds
    links: int = 0


@dataclass
class Draft:
    """A drafted letter or op-ed: its final Markdown, metadata and stats."""

    kind: str  # "letter" | "oped"
    markdown: str  # final Markdown: citations already footnotes (letters) or links (op-eds)
    title: str
    subject: str
    keywords: str
    date: dt.date
    stats: Stats
    fields: dict[str, str]  # for output names: agency, docket, outlet, date, signer
    summary: str = ""  # the regulations.gov comment-box text (letters)
    pitch: str = ""  # the pitch e-mail with the piece as plain text (op-eds)
    body_text: str = ""  # plain text of the body, for similarity checks
    citations: tuple[Any, ...] = ()  # letters: each footnote made from a citation (CitedNote)
    # (markdown, its markdown-it tokens): a letter is parsed once to count its words, and
    # render_draft() reuses that parse while ``markdown`` still reads the same.
    parsed: tuple[str, list[Token]] | None = field(default=None, repr=False, compare=False)

    def tokens(self) -> list[Token] | None:
        """The parsed tokens of ``markdown``, when it was parsed and has not changed since."""
        if self.parsed is not None and self.parsed[0] == self.markdown:
            return self.parsed[1]
        return None


class Engine:
    """One workspace's compiled templates, letterhead and argument matching (the word index
    a response plan scores with), each built on first use.

    Make one and pass it to every draft_letter/draft_oped/render call of a run (a batch
    worker keeps one for all its letters); a call given none builds its own.
    """

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._env: SandboxedEnvironment | None = None
        self._letterhead: Letterhead | None = None
        self._matching: Matching | None = None

    @property
    def matching(self) -> Matching:
        if self._matching is None:
            self._matching = Matching(self.ws.topics)
        return self._matching

    @property
    def env(self) -> SandboxedEnvironment:
        if self._env is None:
            self._env = make_environment(
                self.ws.template_dirs, page_commas=self.ws.defaults.citation_page_commas
            )
        return self._env

    @property
    def letterhead(self) -> Letterhead:
        if self._letterhead is None:
            if self.ws.letterhead is not None:
                self._letterhead = Letterhead.from_file(self.ws.letterhead)
            else:
                org = self.ws.organization
                self._letterhead = Letterhead.builtin(
                    HeaderInfo(name=org.name, address=org.address, website=org.website)
                )
        return self._letterhead

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        return render_template(self.env, name, context)


def signer_for(ws: Workspace, signer_id: str) -> Signer:
    try:
        return ws.signer(signer_id)
    except KeyError:
        raise UnknownReference(
            f"unknown signer '{signer_id}'",
            hint=did_you_mean(signer_id, [s.id for s in ws.signers]),
        ) from None


FOOTNOTE_DEF_RE = re.compile(r"^\[\^[^\]]+\]:.*(?:\n(?: {4}|\t).*)*", re.M)


def body_words(markdown: str, tokens: list[Token] | None = None) -> tuple[str, int]:
    """The body's plain text (footnotes left out) and its word count, as a reader counts.

    ``tokens``, when given, are ``markdown`` already parsed (markup.parse_tokens).
    """
    text = body_text(parse_tokens(markdown) if tokens is None else tokens)
    return text, len(text.split())
