"""A campaign, resolved and planned: one job per target, every problem found before a file is
written."""

from __future__ import annotations

import datetime as dt
import os
import string
from dataclasses import dataclass, field
from pathlib import Path

from drafter.compose.letter import GENERAL, resolve_docket
from drafter.compose.oped import lead_position
from drafter.compose.requests import LetterRequest, OpedRequest
from drafter.errors import (
    DrafterError,
    Location,
    Problem,
    UnknownReference,
    ValidationError,
    rel,
)
from drafter.load.campaigns import read_campaign
from drafter.load.fields import Context, did_you_mean
from drafter.model import Campaign, Target, Workspace
from drafter.output import confine, pick_format, slug

SUMMARY_SUFFIX = ".summary.txt"


@dataclass(frozen=True)
class Job:
    """One target to draft: what to ask the drafting library for and where to write it."""

    index: int  # 1-based, campaign order
    target: str  # the agency or outlet id
    name: str  # the file, relative to the output folder
    path: Path
    fmt: str
    kind: str  # "letter" | "oped"
    request: LetterRequest | OpedRequest
    summary: str = ""  # the comment-box text file, relative, when the campaign asks for it
    loc: Location = field(default_factory=Location)
    lead: str = ""  # op-eds: the position the piece leads with (one outlet each)


@dataclass
class Plan:
    """A campaign's jobs, checked and ready to run."""

    campaign: Campaign
    out_dir: Path
    jobs: list[Job]


def resolve_campaign(ws: Workspace, spec: str | Path) -> tuple[Campaign, list[Problem]]:
    """A campaign file (anywhere) or a campaign id from the workspace, validated."""
    text = str(spec)
    path = Path(text).expanduser()
    looks_like_file = path.suffix.lower() in (".yaml", ".yml") or "/" in text or os.sep in text
    if path.is_file() or (looks_like_file and text not in ws.campaigns):
        return load_campaign_file(ws, path)
    if text in ws.campaigns:
        return ws.campaigns[text], []
    hint = did_you_mean(text, ws.campaigns) or (
        "give a campaign file path, or one of: " + ", ".join(sorted(ws.campaigns))
        if ws.campaigns
        else "give the path of a campaign file"
    )
    raise UnknownReference(f"unknown campaign '{text}'", location=Location(text), hint=hint)


def load_campaign_file(ws: Workspace, path: Path) -> tuple[Campaign, list[Problem]]:
    """Read and validate a campaign file with the workspace's readers and reference checks."""
    from drafter.load.references import campaign_references
    from drafter.load.yamlio import load_file

    shown = rel(path)
    if not path.is_file():
        raise DrafterError(
            f"campaign file '{shown}' does not exist",
            location=Location(shown),
            hint="check the path, or give a campaign id from the workspace's campaigns/",
        )
    loaded = load_file(path, shown)
    cx = Context()
    problems = list(loaded.problems)
    campaign = None
    if loaded.data is None:
        problems.append(Problem("file is empty", Location(shown, 1, 1), "fill it in"))
    else:
        campaign = read_campaign(loaded.data, loaded.loc, path.stem, cx)
        problems.extend(cx.problems)
        signers = {s.id: s for s in ws.signers}
        problems.extend(campaign_references(ws, campaign, signers))
    errors = [p for p in problems if p.is_error]
    if errors or campaign is None:
        raise ValidationError(errors)
    return campaign, problems


def plan_batch(
    ws: Workspace, campaign: Campaign, out_dir: Path, *, today: dt.date | None = None
) -> Plan:
    """Every target's request and output file; raise ValidationError before anything is written.

    ``today`` (default: the clock's date) chooses each agency's next open docket and dates
    the drafts when the campaign gives no date.
    """
    on = today or dt.date.today()
    date = campaign.date or on
    signer = campaign.signer or ws.defaults.signer
    problems: list[Problem] = []
    pattern_loc = campaign.output_loc
    try:
        fmt = pick_format(Path(campaign.output), None)
        used = [n for _, n, _, _ in string.Formatter().parse(campaign.output) if n]
    except (DrafterError, ValueError) as error:
        raise ValidationError([_problem(error, pattern_loc)]) from None
    lacking = ("outlet",) if campaign.kind == "letter" else ("agency", "docket")
    for name in used:
        if name in lacking:
            problems.append(Problem(
                f"the output pattern uses {{{name}}}, which a {campaign.kind} campaign lacks",
                pattern_loc, "use {agency} and {docket} for letters, {outlet} for op-eds",
            ))  # fmt: skip
    if problems:
        raise ValidationError(problems)

    jobs: list[Job] = []
    taken: dict[str, Location] = {}
    leads: dict[str, Target] = {}  # op-eds: each outlet gets its own lead position
    for index, target in enumerate(campaign.targets, 1):
        try:
            request, values = _request(ws, campaign, target, date, signer, on)
            lead = lead_position(ws, request).id if isinstance(request, OpedRequest) else ""
            name = campaign.output.format_map({k: slug(v) for k, v in values.items()})
            path = confine(out_dir, name, location=pattern_loc)
        except (DrafterError, ValueError, KeyError) as error:
            problems.append(_problem(error, target.loc))
            continue
        name = path.relative_to(out_dir).as_posix()
        summary = ""
        if campaign.summaries and campaign.kind == "letter":
            summary = path.with_name(path.stem + SUMMARY_SUFFIX).relative_to(out_dir).as_posix()
        for file in filter(None, (name, summary)):
            first = taken.setdefault(file, target.loc)
            if first != target.loc:
                problems.append(Problem(
                    f"two targets write '{file}': this one and the one at "
                    f"{first.file}:{first.line}:{first.col}", target.loc,
                    "add {docket} or {date} to the output pattern, or remove one target",
                ))  # fmt: skip
        if lead and (other := leads.setdefault(lead, target)) is not target:
            problems.append(_same_lead(lead, target, other))
        jobs.append(Job(
            index=index, target=target.agency or target.outlet, name=name, path=path, fmt=fmt,
            kind=campaign.kind, request=request, summary=summary, loc=target.loc, lead=lead,
        ))  # fmt: skip
    if problems:
        raise ValidationError(problems)
    return Plan(campaign=campaign, out_dir=out_dir, jobs=jobs)


def _request(
    ws: Workspace, campaign: Campaign, target: Target, date: dt.date, signer: str, on: dt.date
) -> tuple[LetterRequest | OpedRequest, dict[str, str]]:
    """The drafting request for one target, and the values its output name is made of."""
    positions = target.positions or campaign.positions
    values = {"agency": "", "docket": "", "outlet": "", "date": date.isoformat(), "signer": signer}
    if campaign.kind == "oped":
        values["outlet"] = target.outlet
        oped = OpedRequest(
            outlet=target.outlet, positions=positions, signer=campaign.signer, date=date,
            emphasis=target.emphasis, vars=dict(target.vars), today=on,
        )  # fmt: skip
        return oped, values
    agency = ws.agencies.get(target.agency)
    if agency is None:
        raise UnknownReference(
            f"unknown agency '{target.agency}'", hint=did_you_mean(target.agency, ws.agencies)
        )
    docket = resolve_docket(agency, target.docket, on, campaign=True)
    values.update(agency=agency.id, docket=docket.id if docket else GENERAL)
    letter = LetterRequest(
        agency=agency.id, docket=docket.id if docket else "", general=docket is None,
        positions=positions,
        emphasis=target.emphasis, signer=campaign.signer, date=date, vars=dict(target.vars),
        today=on,
    )  # fmt: skip
    return letter, values


def _same_lead(lead: str, target: Target, first: Target) -> Problem:
    """Two op-ed targets that would send their outlets the same argument."""
    at = first.loc
    return Problem(
        f"the op-eds for {first.outlet} and {target.outlet} both lead with '{lead}' (the first "
        f"at {at.file}:{at.line}:{at.col}); every outlet expects an exclusive piece",
        target.loc,
        "give each op-ed target its own lead position: emphasis: [another position]",
    )


def _problem(error: Exception, where: Location) -> Problem:
    if isinstance(error, DrafterError):
        loc = error.location if (error.location.file or error.location.line) else where
        return Problem(error.message, loc, error.hint)
    return Problem(f"cannot build the output name: {error}", where, "check the output pattern")
