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
from typing import Any

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
    "load_engine": "drafter.draft.check",
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

__all__ = ["__version__", *_API]  # typed in __init__.pyi, for type checkers and editors


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'drafter' has no attribute '{name}'")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
