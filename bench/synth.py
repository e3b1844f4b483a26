"""A synthetic workspace and campaign for the benchmark: N agencies, one letter each.

The agencies, their dockets and their numbered questions are invented, deterministically from
a seed; the stance modules, sources and templates are the built-in ones (the workspace has no
positions/, sources.yaml or templates/ of its own, so drafter falls back to them). Each
question is on the topics of a different built-in argument, so every letter answers every
question with real, cited prose: about 3,100 words and 25 footnotes a letter, at least 20.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

TODAY = "2026-11-02"  # DRAFTER_TODAY for every run: deadlines below are all open
DATE = "2026-12-01"
QUESTIONS = 11  # per docket: about 3,100 words and 25 footnotes a letter, at least 20

_ORG = """\
organization:
  name: Benchmark Institute for Technology Policy
  short_name: BITP
  description: >
    The Benchmark Institute for Technology Policy is an independent, nonpartisan
    research organization that studies how law and regulation shape the development
    and use of artificial intelligence, with a focus on competition, public data and
    practical safeguards for the people affected by new technology.
  address: [1 Example Plaza NW, Suite 200, "Washington, DC 20001"]
  website: https://example.org
signers:
  - id: director
    name: Jordan Example
    title: Director of Technology Policy
    email: policy@example.org
    bio: >
      Jordan Example directs technology policy at the Benchmark Institute.
defaults:
  signer: director
  citation_page_commas: true
"""

_WORDS = (
    "Data", "Access", "Fairness", "Innovation", "Competition", "Safety", "Standards", "Commerce",
    "Research", "Trade", "Privacy", "Security", "Markets", "Technology", "Labor", "Energy",
)  # fmt: skip

_ASK = (
    "How should the {agency} weigh {a} and {b} when it writes rules on artificial "
    "intelligence, and what evidence should it gather before acting?",
    "What would a rule on {a} cost developers, researchers and the public, and who "
    "would bear those costs?",
    "Should the {agency} treat {a} differently from {b}, and if so, how?",
    "Which studies on {a} should the {agency} consider, and what do they show?",
)


@cache
def builtin_content() -> tuple[list[str], list[str], list[tuple[str, ...]]]:
    """The built-in stance modules a letter argues (up to four, by priority), all their topics,
    and each argument's own topics."""
    from drafter.load.workspace import builtin_root, load_workspace

    ws, _ = load_workspace(builtin_root())
    chosen = sorted(ws.positions.values(), key=lambda p: (p.priority, p.id))[:4]
    topics: dict[str, None] = {}
    arguments = []
    for position in chosen:
        topics.update(dict.fromkeys(position.topics))
        for argument in position.arguments:
            topics.update(dict.fromkeys(argument.topics))
            arguments.append(argument.topics or position.topics)
    return [p.id for p in chosen], list(topics), arguments


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def agency_yaml(
    index: int, rng: random.Random, topics: list[str], arguments: list[tuple[str, ...]]
) -> tuple[str, str, str]:
    """(agency id, docket id, YAML text) of one synthetic agency."""
    aid = f"agency-{index:04d}"
    name = f"Office of {rng.choice(_WORDS)} and {rng.choice(_WORDS)} {index}"
    short = f"O{index:04d}"
    docket = f"SYN{index % 100:02d}-2026-{index:04d}"
    interests = rng.sample(topics, 5)
    lines = [
        f"id: {aid}",
        f"name: {_q(name)}",
        f"short_name: {short}",
        "addressee: Director",
        f'address: [{1000 + index} Example Street NW, "Washington, DC 20{index % 1000:03d}"]',
        f"interests: [{', '.join(interests)}]",
        "dockets:",
        f"  - id: {docket}",
        f'    agency_number: "2026-{index}"',
        f"    title: {_q(f'Request for Information on Artificial Intelligence, Part {index}')}",
        f"    citation: 91 Fed. Reg. {40000 + index * 7}",
        "    published: 2026-10-01",
        "    deadline: 2026-12-15",
        "    channel: regulations.gov",
        "    questions:",
    ]
    # Each question is on the topics of a different argument, as a real notice asks about
    # different things: most questions get an answer of their own, with its citations.
    for n, argued in enumerate(rng.sample(arguments, QUESTIONS), 1):
        a, b = (*argued, *rng.sample([t for t in topics if t not in argued], 2))[:2]
        text = rng.choice(_ASK).format(agency=short, a=a.replace("-", " "), b=b.replace("-", " "))
        lines += [
            f'      - number: "{n}"',
            f"        text: {_q(text)}",
            f"        topics: [{a}, {b}]",
        ]
    return aid, docket, "\n".join(lines) + "\n"


def build(root: Path, n: int, *, seed: int = 7) -> list[tuple[str, str]]:
    """Write a workspace with N agencies to ROOT; return each target's (agency, docket)."""
    rng = random.Random(seed)
    _, topics, arguments = builtin_content()
    (root / "agencies").mkdir(parents=True, exist_ok=True)
    (root / "campaigns").mkdir(exist_ok=True)
    (root / "drafter.yaml").write_text(_ORG, encoding="utf-8")
    targets = []
    for index in range(1, n + 1):
        aid, docket, text = agency_yaml(index, rng, topics, arguments)
        (root / "agencies" / f"{aid}.yaml").write_text(text, encoding="utf-8")
        targets.append((aid, docket))
    return targets


def campaign(root: Path, name: str, targets: list[tuple[str, str]], fmt: str = "docx") -> Path:
    """Write campaigns/NAME.yaml: one letter per target, in format FMT; return its path."""
    path = root / "campaigns" / f"{name}.yaml"
    path.write_text(
        f"name: Benchmark campaign {name}\n"
        "kind: letter\n"
        f"positions: [{', '.join(builtin_content()[0])}]\n"
        f"date: {DATE}\n"
        f'output: "{{agency}}-{{docket}}.{fmt}"\n'
        "targets:\n"
        + "".join(f"  - agency: {aid}\n    docket: {docket}\n" for aid, docket in targets),
        encoding="utf-8",
    )
    return path
