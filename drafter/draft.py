"""The drafting pipeline: compose → render the template → citations → a Draft → bytes.

``Engine`` holds what is expensive and reusable for one workspace (the Jinja environment
with its compiled templates, the letterhead), so a batch worker builds it once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from drafter.compose import checks
from drafter.compose.letter import plan_letter
from drafter.errors import DrafterError, Location, Problem, UnknownReference
from drafter.load.fields import did_you_mean
from drafter.model import Docket, Workspace

SUMMARY_LIMIT = 5000  # characters regulations.gov's comment box accepts


@dataclass(frozen=True)
class LetterRequest:
    """What to draft a comment letter for."""

    agency: str
    docket: str = ""
    positions: tuple[str, ...] = ()
    emphasis: tuple[str, ...] = ()
    signer: str = ""
    date: dt.date | None = None
    vars: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OpedRequest:
    """What to draft an op-ed for."""

    outlet: str = ""  # "" picks the-hill when the workspace has it, else the first outlet
    positions: tuple[str, ...] = ()
    words: int | None = None
    peg: str = ""
    headline: str = ""
    signer: str = ""
    date: dt.date | None = None
    emphasis: tuple[str, ...] = ()
    vars: Mapping[str, Any] = field(default_factory=dict)


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
    body_text: str = ""  # plain text of the body, for similarity checks
    # (markdown, its markdown-it tokens): the one parse a letter needs, reused by render()
    # while ``markdown`` is still that very string.
    parsed: tuple[str, list] | None = field(default=None, repr=False, compare=False)

    def tokens(self) -> list | None:
        """The parsed tokens of ``markdown``, when this draft was parsed and not changed since."""
        if self.parsed is not None and self.parsed[0] is self.markdown:
            return self.parsed[1]
        return None


class Engine:
    """The compiled templates and letterhead of one workspace, built on first use."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._env = None
        self._letterhead = None

    @property
    def env(self):
        if self._env is None:
            from drafter.text.templates import shared_environment

            self._env = shared_environment(
                self.ws.template_dirs, page_commas=self.ws.defaults.citation_page_commas
            )
        return self._env

    @property
    def letterhead(self):
        if self._letterhead is None:
            from drafter.render.docx.document import HeaderInfo, Letterhead

            if self.ws.letterhead is not None:
                self._letterhead = Letterhead.from_file(self.ws.letterhead)
            else:
                org = self.ws.organization
                self._letterhead = Letterhead.builtin(
                    HeaderInfo(name=org.name, address=org.address, website=org.website)
                )
        return self._letterhead

    def warm(self, kind: str = "letter") -> Engine:
        """Do the one-off work now (templates, letterhead, parser), e.g. before forking workers."""
        from jinja2 import TemplateError

        from drafter.render import text  # noqa: F401  (body_words imports it on first use)
        from drafter.text.markdown import make_parser

        names = ("letter.md.j2", "summary.txt.j2") if kind == "letter" else ("oped.md.j2",)
        for name in names:
            self.env.get_template(name)
        for name in self.env.list_templates(extensions=["j2"]):  # the partials they include
            with contextlib.suppress(TemplateError, DrafterError):  # fails where it is used
                self.env.get_template(name)
        _ = self.letterhead
        make_parser()
        "".encode("cp437")  # zipfile's codec for entry names, imported on first use
        return self

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        from drafter.text.templates import render_template

        return render_template(self.env, name, context)


_ENGINES: dict[int, Engine] = {}


def engine_for(ws: Workspace) -> Engine:
    """One Engine per workspace object, reused across drafts in this process."""
    engine = _ENGINES.get(id(ws))
    if engine is None or engine.ws is not ws:
        engine = _ENGINES[id(ws)] = Engine(ws)
    return engine


def signer_for(ws: Workspace, signer_id: str):
    try:
        return ws.signer(signer_id)
    except KeyError:
        raise UnknownReference(
            f"unknown signer '{signer_id}'",
            hint=did_you_mean(signer_id, [s.id for s in ws.signers]),
        ) from None


FOOTNOTE_DEF_RE = re.compile(r"^\[\^[^\]]+\]:.*(?:\n(?: {4}|\t).*)*", re.M)


def body_words(markdown: str, tokens: list | None = None) -> tuple[str, int]:
    """The body's plain text (footnotes left out) and its word count, as a reader counts.

    ``tokens``, when given, are ``markdown`` already parsed (markup.parse_tokens).
    """
    from drafter.render.text import body_text
    from drafter.text.markdown import parse_tokens

    text = body_text(parse_tokens(markdown) if tokens is None else tokens)
    return text, len(text.split())


def draft_letter(ws: Workspace, request: LetterRequest, *, engine: Engine | None = None) -> Draft:
    """Compose, render and cite one comment letter."""
    from drafter.text.citations import to_footnotes
    from drafter.text.markdown import parse_tokens

    engine = engine or engine_for(ws)
    on = checks.today()
    plan = plan_letter(
        ws,
        request.agency,
        docket_id=request.docket,
        positions=request.positions,
        emphasis=request.emphasis,
        today=on,
    )
    signer = signer_for(ws, request.signer)
    date = request.date or on
    context = {
        "org": ws.organization,
        "signer": signer,
        "date": date,
        "agency": plan.agency,
        "docket": plan.docket,
        "positions": plan.positions,
        "answers": plan.answers,
        "unanswered": plan.unanswered,
        "asks": plan.asks,
        "concerns": plan.concerns,
        "outlet": None,
        "budget": None,
        "peg": "",
        "vars": dict(request.vars),
        "kind": "letter",
    }
    source = engine.render("letter.md.j2", context)
    markdown, _ = to_footnotes(
        source, ws.sources, page_commas=ws.defaults.citation_page_commas, where="letter.md.j2"
    )
    summary = engine.render("summary.txt.j2", context).strip() + "\n"
    tokens = parse_tokens(markdown)  # the only parse: the words here, the document in render()
    text, words = body_words(markdown, tokens)
    footnotes = len(FOOTNOTE_DEF_RE.findall(markdown))
    docket = plan.docket
    stats = Stats(
        words=words,
        pages=checks.pages_estimate(words, footnotes),
        footnotes=footnotes,
        questions_answered=len(plan.answers),
        questions_total=len(docket.questions) if docket else 0,
        days_left=checks.days_left(docket, on) if docket else None,
    )
    stats.warnings = letter_warnings(markdown, summary, docket, stats)
    title = f"Comments of {ws.organization.name}"
    if docket:
        title += f" on {docket.title}"
    return Draft(
        kind="letter",
        markdown=markdown,
        title=title,
        subject=docket.id if docket else plan.agency.name,
        keywords=", ".join(c.id for c in plan.positions),
        date=date,
        stats=stats,
        fields={
            "agency": plan.agency.id,
            "docket": docket.id if docket else "general",
            "outlet": "",
            "date": date.isoformat(),
            "signer": signer.id,
        },
        summary=summary,
        body_text=text,
        parsed=(markdown, tokens),
    )


def letter_warnings(markdown: str, summary: str, docket: Docket | None, stats: Stats):
    out = []
    if stats.days_left is not None and stats.days_left < 0:
        out.append(
            Problem(
                f"the comment deadline for {docket.id} passed {-stats.days_left} days ago",
                severity="warning",
                hint="check whether the agency reopened the comment period",
            )
        )
    out += checks.placeholder_warnings(
        markdown, "fill them in before the letter goes to legal review"
    )
    if len(summary) > SUMMARY_LIMIT:
        out.append(
            Problem(
                f"the comment-box text is {len(summary):,} characters; regulations.gov accepts "
                f"{SUMMARY_LIMIT:,}",
                severity="warning",
                hint="shorten the asks or the organization's description",
            )
        )
    return out


def check_summary(draft: Draft) -> str:
    """The comment-box text, refused when longer than regulations.gov accepts."""
    if len(draft.summary) > SUMMARY_LIMIT:
        raise DrafterError(
            f"the comment-box text is {len(draft.summary):,} characters; regulations.gov "
            f"accepts {SUMMARY_LIMIT:,}",
            location=Location("summary.txt.j2"),
            hint="shorten the asks or the organization's description",
        )
    return draft.summary


def draft_oped(ws: Workspace, request: OpedRequest, *, engine: Engine | None = None) -> Draft:
    """Compose an op-ed to the outlet's word budget."""
    from drafter.compose.oped import draft_oped as build

    return build(ws, request, engine=engine or engine_for(ws))


def render(ws: Workspace, draft: Draft, fmt: str, *, engine: Engine | None = None) -> bytes:
    """The draft as bytes in one of docx, md, txt, pdf."""
    return render_with_text(ws, draft, fmt, engine=engine)[0]


def render_with_text(
    ws: Workspace, draft: Draft, fmt: str, *, engine: Engine | None = None
) -> tuple[bytes, str]:
    """The draft as bytes, and its text as batch.file_text reads it back from those bytes.

    A PDF cannot be read back: the draft's body text stands in for it.
    """
    engine = engine or engine_for(ws)
    if fmt == "md":
        return draft.markdown.encode("utf-8"), body_words(draft.markdown, draft.tokens())[0]
    if fmt == "txt":
        from drafter.render.text import render_text

        text = render_text(draft.markdown)
        return text.encode("utf-8"), text
    from drafter.render.docx.document import DocInfo

    info = DocInfo(
        title=draft.title,
        subject=draft.subject,
        author=ws.organization.name,
        keywords=draft.keywords,
        date=draft.date,
    )
    data, text = engine.letterhead.build(
        draft.markdown, info, source=f"{draft.kind} {draft.subject}", tokens=draft.tokens()
    )
    if fmt == "pdf":
        from drafter.render.pdf import docx_to_pdf

        return docx_to_pdf(data), draft.body_text
    return data, text


def default_name(draft: Draft, fmt: str) -> str:
    from drafter.output import slug

    f = draft.fields
    stem = f"{f['agency']}-{f['docket']}" if draft.kind == "letter" else f"oped-{f['outlet']}"
    return f"{slug(stem)}.{fmt}"


def coverage_rows(ws: Workspace, request: LetterRequest):
    """(number, question, positions, arguments) per question of the docket."""
    plan = plan_letter(
        ws,
        request.agency,
        docket_id=request.docket,
        positions=request.positions,
        today=checks.today(),
    )
    if plan.docket is None:
        return [], None
    by_number = {a.number: a for a in plan.answers}
    rows = []
    for q in plan.docket.questions:
        answer = by_number.get(q.number)
        parts = answer.parts if answer else ()
        pids = list(dict.fromkeys(p.position.id for p in parts))
        rows.append((q.number, q.text, pids, [f"{p.position.id}/{p.argument.id}" for p in parts]))
    return rows, plan.docket
