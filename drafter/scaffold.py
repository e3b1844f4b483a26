"""Creating workspace files: `init`, `positions new`, and showing a module."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from drafter.errors import Location, OutputError, UnknownReference
from drafter.load.fields import SLUG_RE, did_you_mean
from drafter.load.workspace import CONFIG, builtin_root
from drafter.model import Position
from drafter.output import write_atomic

T = TypeVar("T")
WORKSPACE_PARTS = (
    CONFIG, "sources.yaml", "outlets.yaml", "topics.yaml", "positions", "agencies", "templates",
    "campaigns", "responses",
)  # fmt: skip


def require(items: Mapping[str, T], key: str, kind: str) -> T:
    """items[key], or an error with a did-you-mean hint."""
    if key in items:
        return items[key]
    raise UnknownReference(f"unknown {kind} '{key}'", hint=did_you_mean(key, items))


def init_workspace(directory: Path, *, force: bool = False) -> list[Path]:
    """Copy the built-in workspace into directory; refuse to overwrite without force."""
    source = builtin_root()
    files = [
        path
        for part in WORKSPACE_PARTS
        if (source / part).exists()
        for path in (
            [source / part]
            if (source / part).is_file()
            else sorted(p for p in (source / part).rglob("*") if p.is_file())
        )
        if "__pycache__" not in path.parts
    ]
    targets = [directory / path.relative_to(source) for path in files]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise OutputError(
            f"{len(existing)} file(s) already exist in {directory}, e.g. {existing[0]}",
            location=Location(str(directory)),
            hint="use --force to overwrite them, or choose an empty folder",
        )
    try:
        for src, dst in zip(files, targets, strict=True):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    except OSError as error:
        raise OutputError(
            f"cannot write in {directory}: {error.strerror or error}",
            location=Location(str(directory)),
            hint="check that the folder is writable",
        ) from error
    return targets


SKELETON = """\
# A stance module: one position of your organization, reusable across letters and op-eds.
# Every prose field is Markdown. Cite sources from sources.yaml as [@key] or [@key, p. 4].
# Run 'drafter check' after editing; it reports every mistake with its file and line.
# Text in [[double brackets]] is a placeholder: a letter or op-ed that would use it is
# refused (naming the file and line) until you write the real text there.

# Must equal the file name (without .yaml).
id: {id}

# A short title, used as the section heading in letters.
title: {title}

# The thesis in one or two sentences: what your organization wants and why.
stance: >
  [[State the position in one or two sentences: what you want and why.]]

# Lowercase-hyphenated topics. A docket question is answered by this module's arguments
# when its topics overlap with these (plus each argument's own topics).
topics: [{id}]

# Lower comes first when positions are ordered (default 5).
priority: 5

# Optional, for an op-ed this module leads: the headline (a claim, not a title), the dek
# (a subhead that is not a sentence of the body) and the kicker (its one call to action).
# headline: Say the claim as a headline.
# dek: Say why it matters, in words the piece does not use.
# kicker: Ask for one concrete step.

# At least one argument. Each is a paragraph; 'short' is a tighter variant used by
# op-eds and tight word budgets.
arguments:
  - id: main-argument
    topics: [{id}]
    text: >
      [[Make the argument in a full paragraph: the claim, the evidence, and why it
      matters to the agency reading it.]]
    short: >
      [[The same argument in two sentences.]]

# Concrete recommendations, one sentence each; they become the letter's numbered asks.
# A letter lists only the asks its addressee can act on: give an ask 'to' when only some
# can (agency ids from agencies/, 'congress' for committees of Congress, 'agencies' for
# every agency), e.g.  - {{text: Enact a federal privacy law., to: [congress]}}
asks:
  - "[[Recommend one concrete step, in one sentence.]]"

# The other side's strongest points, each answered. Op-eds use the first as the
# "to be sure" paragraph.
concerns:
  - concern: "[[Describe the strongest objection fairly.]]"
    response: "[[Answer it directly.]]"
"""


def new_position(root: Path, position_id: str, *, force: bool = False) -> Path:
    """Write a commented skeleton module that passes `drafter check`."""
    if not SLUG_RE.fullmatch(position_id):
        # Shown as typed, a newline as \n rather than a line break in the message.
        typed = "".join(
            c if c.isprintable() else c.encode("unicode_escape").decode() for c in position_id
        )
        raise UnknownReference(
            f"'{typed}' is not a valid position id",
            hint="use lowercase letters, digits and hyphens, like 'data-access'",
        )
    if root.resolve() == builtin_root().resolve():
        raise OutputError(
            "this is the built-in workspace; new modules belong in your own",
            hint="create one with 'drafter init my-workspace', then use -w my-workspace",
        )
    path = root / "positions" / f"{position_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    title = position_id.replace("-", " ").capitalize()
    write_atomic(path, SKELETON.format(id=position_id, title=title), force=force)
    return path


def position_markdown(p: Position) -> str:
    """A stance module as Markdown, for the terminal."""
    lines = [
        f"# {p.title}",
        "",
        f"*{p.id}* · priority {p.priority} · topics: {', '.join(p.topics)}",
        "",
        f"**Stance.** {p.stance}",
        "",
        "## Arguments",
        "",
    ]
    for a in p.arguments:
        topics = f" ({', '.join(a.topics)})" if a.topics else ""
        lines += [f"### {a.id}{topics}", "", a.text, ""]
        if a.short:
            lines += [f"*Short:* {a.short}", ""]
    if p.asks:
        lines += ["## Asks", ""]
        for i, ask in enumerate(p.asks, 1):
            to = f" *(to {', '.join(ask.to)})*" if ask.to else ""
            lines.append(f"{i}. {ask.text}{to}")
        lines.append("")
    if p.concerns:
        lines += ["## Concerns", ""]
        for c in p.concerns:
            lines += [f"- **{c.concern}** {c.response}"]
    return "\n".join(lines)
