"""drafter: comment letters and op-eds in Word from reusable stance modules.

The library API: load a workspace, draft a letter or op-ed, render it.

    from drafter import load_workspace, draft_letter, LetterRequest, render
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "LetterRequest",
    "OpedRequest",
    "__version__",
    "draft_letter",
    "draft_oped",
    "load_workspace",
    "render",
]


def __getattr__(name: str):
    # Lazy, so that importing drafter (and so the CLI's start-up) stays light.
    if name in ("LetterRequest", "OpedRequest", "draft_letter", "draft_oped", "render"):
        from drafter import draft

        return getattr(draft, name)
    if name == "load_workspace":
        from drafter.load.workspace import load_workspace

        return load_workspace
    raise AttributeError(name)
