"""drafter: comment letters and op-eds in Word from reusable stance modules.

The library API, documented in docs/library.md::

    import datetime as dt
    from pathlib import Path

    from drafter import LetterRequest, draft_letter, load_workspace, write

    ws, warnings = load_workspace(Path("my-org"))
    draft = draft_letter(ws, LetterRequest(agency="usco", today=dt.date.today()))
    write(ws, draft, Path("usco.docx"))

Each name is imported from its stage's module when it is first used (PEP 562), so that a
program using one stage (the command line drafting one letter, say) does not import every
other stage: the op-ed pipeline, the batch's worker pool, the notice importer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name → the module that defines it
_API = {
    "DrafterError": "drafter.errors",
    "Location": "drafter.errors",
    "Problem": "drafter.errors",
    "ValidationError": "drafter.errors",
    "Workspace": "drafter.model",
    "find_workspace": "drafter.load.workspace",
    "load_workspace": "drafter.load.workspace",
    "load_checked": "drafter.draft.check",
    "LetterRequest": "drafter.compose.requests",
    "OpedRequest": "drafter.compose.requests",
    "Draft": "drafter.draft.common",
    "Engine": "drafter.draft.common",
    "Stats": "drafter.draft.common",
    "draft_letter": "drafter.draft.letter",
    "draft_oped": "drafter.draft.oped",
    "default_name": "drafter.draft.render",
    "render_draft": "drafter.draft.render",
    "write": "drafter.draft.render",
    "BatchReport": "drafter.batch",
    "plan_batch": "drafter.batch",
    "resolve_campaign": "drafter.batch",
    "run_batch": "drafter.batch",
}

__all__ = [
    "BatchReport",
    "Draft",
    "DrafterError",
    "Engine",
    "LetterRequest",
    "Location",
    "OpedRequest",
    "Problem",
    "Stats",
    "ValidationError",
    "Workspace",
    "__version__",
    "default_name",
    "draft_letter",
    "draft_oped",
    "find_workspace",
    "load_checked",
    "load_workspace",
    "plan_batch",
    "render_draft",
    "resolve_campaign",
    "run_batch",
    "write",
]

if TYPE_CHECKING:  # what type checkers and editors see
    from drafter.batch import BatchReport, plan_batch, resolve_campaign, run_batch
    from drafter.compose.requests import LetterRequest, OpedRequest
    from drafter.draft.check import load_checked
    from drafter.draft.common import Draft, Engine, Stats
    from drafter.draft.letter import draft_letter
    from drafter.draft.oped import draft_oped
    from drafter.draft.render import default_name, render_draft, write
    from drafter.errors import DrafterError, Location, Problem, ValidationError
    from drafter.load.workspace import find_workspace, load_workspace
    from drafter.model import Workspace


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'drafter' has no attribute '{name}'")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
