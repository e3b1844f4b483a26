"""References between the files of a workspace: every position, signer, outlet, agency and
docket named anywhere must exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drafter.errors import Location, Problem
from drafter.load.fields import did_you_mean
from drafter.model import Campaign, Signer, Target, Workspace

ANY = "*"  # in an unreadable set: the whole file (sources.yaml, outlets.yaml) could not be read


def _gone(unreadable: Mapping[str, set[str]], kind: str, name: str) -> bool:
    """Whether name, of this kind, is in a file (or folder: ANY) that could not be read."""
    found = unreadable.get(kind, set())
    return name in found or ANY in found


def _unknown(kind: str, name: str, choices: Mapping[str, Any], loc: Location) -> Problem:
    return Problem(f"unknown {kind} '{name}'", loc, did_you_mean(name, choices))


def _ref(refs: Mapping[tuple[str, str], Location], key: str, name: str, at: Location) -> Location:
    """Where the value name of key stands, else the mapping's location with the key's path."""
    found = refs.get((key, name))
    if found is not None:
        return found
    return Location(at.file, at.line, at.col, f"{at.path}.{key}" if at.path else key)


def check_references(
    ws: Workspace, *, unreadable: Mapping[str, set[str]] | None = None
) -> list[Problem]:
    """Positions, signers, outlets, agencies and dockets named anywhere must exist.

    Names in ``unreadable`` (files that could not be read, already reported) are not unknown.
    Citation keys in prose are checked with the prose, by drafter.draft.check.
    """
    unreadable = unreadable or {}
    problems: list[Problem] = []
    for agency in ws.agencies.values():
        for pid in agency.positions:
            if pid not in ws.positions and not _gone(unreadable, "position", pid):
                loc = _ref(agency.refs, "positions", pid, agency.loc)
                problems.append(_unknown("position", pid, ws.positions, loc))
        for docket in agency.dockets:
            missing = docket.source and docket.source not in ws.sources
            if missing and not _gone(unreadable, "source", docket.source):
                loc = _ref(docket.refs, "source", docket.source, docket.loc)
                problems.append(_unknown("source", docket.source, ws.sources, loc))
    org = ws.organization
    for key in org.prior_work:
        if key not in ws.sources and not _gone(unreadable, "source", key):
            loc = _ref(org.refs, "prior_work", key, org.loc)
            problems.append(_unknown("source", key, ws.sources, loc))
    problems.extend(ask_addressee_warnings(ws))
    signer_ids = {s.id: s for s in ws.signers}
    for campaign in ws.campaigns.values():
        problems.extend(campaign_references(ws, campaign, signer_ids, unreadable=unreadable))
    return problems


ASK_GROUPS = ("congress", "agencies")  # `to:` names for every committee, every agency


def ask_addressee_warnings(ws: Workspace) -> list[Problem]:
    """An ask addressed to an agency this workspace lacks goes to no letter: say so (a warning,
    since a workspace with its own agencies may still use the built-in positions)."""
    problems: list[Problem] = []
    choices = [*ws.agencies, *ASK_GROUPS]
    for position in ws.positions.values():
        for i, ask in enumerate(position.asks):
            for name in ask.to:
                if name in ws.agencies or name in ASK_GROUPS:
                    continue
                loc = Location(ask.loc.file, ask.loc.line, ask.loc.col, f"asks[{i}].to")
                problems.append(
                    Problem(
                        f"ask addressed to '{name}', which is not an agency of this workspace",
                        loc,
                        did_you_mean(name, choices),
                        severity="warning",
                    )
                )
    return problems


def campaign_references(
    ws: Workspace,
    campaign: Campaign,
    signer_ids: Mapping[str, Signer],
    *,
    unreadable: Mapping[str, set[str]] | None = None,
) -> list[Problem]:
    """The positions, signer, outlets, agencies and dockets a campaign names must exist."""
    unreadable = unreadable or {}
    problems: list[Problem] = []

    def at(owner: Campaign | Target, key: str, name: str) -> Location:
        return _ref(owner.refs, key, name, owner.loc)

    for pid in campaign.positions:
        if pid not in ws.positions and not _gone(unreadable, "position", pid):
            loc = at(campaign, "positions", pid)
            problems.append(_unknown("position", pid, ws.positions, loc))
    if campaign.signer and campaign.signer not in signer_ids:
        loc = at(campaign, "signer", campaign.signer)
        problems.append(_unknown("signer", campaign.signer, signer_ids, loc))
    for target in campaign.targets:
        for key in ("positions", "emphasis"):
            for pid in getattr(target, key):
                if pid not in ws.positions and not _gone(unreadable, "position", pid):
                    loc = at(target, key, pid)
                    problems.append(_unknown("position", pid, ws.positions, loc))
        outlet_unknown = not _gone(unreadable, "outlet", target.outlet)
        if target.outlet and target.outlet not in ws.outlets and outlet_unknown:
            loc = at(target, "outlet", target.outlet)
            problems.append(_unknown("outlet", target.outlet, ws.outlets, loc))
        if not target.agency or _gone(unreadable, "agency", target.agency):
            continue
        agency = ws.agencies.get(target.agency)
        if agency is None:
            loc = at(target, "agency", target.agency)
            problems.append(_unknown("agency", target.agency, ws.agencies, loc))
        elif target.docket not in ("", "general") and agency.docket(target.docket) is None:
            choices = {d.id: d for d in agency.dockets}
            loc = at(target, "docket", target.docket)
            problems.append(_unknown(f"docket of {agency.id}", target.docket, choices, loc))
    return problems
