"""The drafting pipeline: compose → render the template → citations → a Draft → bytes."""

from drafter.draft.common import (
    Draft,
    Engine,
    LetterRequest,
    OpedRequest,
    Stats,
    body_words,
    signer_for,
)
from drafter.draft.letter import check_summary, coverage_rows, draft_letter
from drafter.draft.oped import draft_oped
from drafter.draft.render import default_name, render, render_with_text

__all__ = [
    "Draft",
    "Engine",
    "LetterRequest",
    "OpedRequest",
    "Stats",
    "body_words",
    "check_summary",
    "coverage_rows",
    "default_name",
    "draft_letter",
    "draft_oped",
    "render",
    "render_with_text",
    "signer_for",
]
