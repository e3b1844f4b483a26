"""Edit a workspace's YAML the way its author would: ruamel.yaml round-trip, nothing else moved.

The file is loaded with ruamel.yaml's round-trip loader (comments, key order, quoting and
flow lists kept), the docket added (or its namesake replaced, or its dates amended), and the
file dumped with the indentation that reproduces it. Lines the import did not touch come
back byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from drafter.errors import Location, NoticeError
from drafter.notice.agency import NewAgency
from drafter.notice.extract import ImportedDocket

# Indentations tried, most usual first: (mapping, sequence, dash offset).
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a user's long line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def load(text: str, source: str) -> tuple[YAML, Any]:
    """The file's data, and a YAML that dumps it back as it was written."""
    try:
        data = _yaml(*LAYOUTS[0]).load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise NoticeError(
            f"cannot edit: {getattr(error, 'problem', None) or error}",
            location=Location(source, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0),
            hint="fix the file (drafter check shows where), then import again",
        ) from None
    for layout in LAYOUTS:
        if dump(_yaml(*layout), data) == text:
            return _yaml(*layout), data
    return _yaml(*LAYOUTS[0]), data


def dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def flow(items: Sequence[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _text(value: str) -> str:
    return LiteralScalarString(value + "\n") if "\n" in value else value


def docket_entry(
    docket: ImportedDocket, suggest: Callable[[str], Sequence[str]], source_key: str = ""
) -> CommentedMap:
    """The docket as YAML, in the order DESIGN.md lists its keys."""
    entry = CommentedMap()
    entry["id"] = docket.id
    if docket.agency_number:
        entry["agency_number"] = DoubleQuotedScalarString(docket.agency_number)
    entry["title"] = docket.title
    for key in ("citation", "published", "deadline", "deadline_time", "reply_deadline"):
        value = getattr(docket, key)
        if value:
            entry[key] = value
    if docket.fr_doc:
        entry["fr_doc"] = docket.fr_doc
    entry["verbatim"] = True
    entry["channel"] = docket.channel
    if docket.contact:
        entry["contact"] = docket.contact
    if source_key:
        entry["source"] = source_key
    if docket.questions:
        questions = CommentedSeq()
        for q in docket.questions:
            item = CommentedMap()
            item["number"] = DoubleQuotedScalarString(q.number)
            if q.group:
                item["group"] = q.group
            if q.page:
                item["page"] = q.page
            if q.generated:
                item["generated"] = True
            item["text"] = _text(q.text)
            topics = list(suggest(q.text))
            if topics:
                item["suggested_topics"] = flow(topics)
            questions.append(item)
        entry["questions"] = questions
    return entry


def add_docket(
    text: str, source: str, entry: CommentedMap, comment: str, *, force: bool
) -> tuple[str, bool]:
    """The agency file with the docket added, or its namesake replaced (force); and whether
    one was replaced."""
    yaml, data = load(text, source)
    dockets = _dockets(data, source)
    index = next(
        (i for i, d in enumerate(dockets) if isinstance(d, Mapping) and d.get("id") == entry["id"]),
        None,
    )
    if index is not None and not force:
        line, col = dockets.lc.item(index)
        raise NoticeError(
            f"docket {entry['id']} is already in this file",
            location=Location(source, line + 1, col + 1, f"dockets[{index}]"),
            hint="add --force to replace it with the notice's, or --dry-run to compare",
        )
    replaced = index is not None
    if index is None:
        dockets.append(entry)
        index = len(dockets) - 1
    else:
        dockets[index] = entry
    dockets.yaml_set_comment_before_after_key(index, before=comment, indent=_dash_column(yaml))
    return dump(yaml, data), replaced


def amend_docket(
    text: str, source: str, docket_id: str, changes: Mapping[str, object], comment: str
) -> str:
    """The agency file with an existing docket's dates changed (an extension notice)."""
    yaml, data = load(text, source)
    dockets = _dockets(data, source)
    for index, docket in enumerate(dockets):
        if isinstance(docket, CommentedMap) and docket.get("id") == docket_id:
            for key, value in changes.items():
                if key in docket:
                    docket[key] = value
                else:
                    _insert_after(docket, key, value)
            dockets.yaml_set_comment_before_after_key(
                index, before=comment, indent=_dash_column(yaml)
            )
            return dump(yaml, data)
    raise NoticeError(f"docket {docket_id} is not in this file", location=Location(source))


def _insert_after(docket: CommentedMap, key: str, value: object) -> None:
    order = ("deadline", "deadline_time", "reply_deadline")
    keys = list(docket.keys())
    before = [k for k in order[: order.index(key)] if k in keys] if key in order else []
    position = keys.index(before[-1]) + 1 if before else len(keys)
    docket.insert(position, key, value)


def _dockets(data: Any, source: str) -> CommentedSeq:
    if not isinstance(data, CommentedMap):
        raise NoticeError("cannot edit: the file is not a mapping", location=Location(source))
    if data.get("dockets") is None:
        data["dockets"] = CommentedSeq()
    dockets = data["dockets"]
    if not isinstance(dockets, CommentedSeq):
        raise NoticeError(
            "cannot edit: dockets is not a list", location=Location(source, path="dockets")
        )
    return dockets


def _dash_column(yaml: YAML) -> int:
    return int(getattr(yaml, "sequence_dash_offset", 2) or 0)


def new_agency_file(agency: NewAgency, entry: CommentedMap, comment: str, header: str) -> str:
    """A new agency file: what the notice gives, and commented lines for the staffer."""
    yaml = _yaml(*LAYOUTS[0])
    data = CommentedMap()
    data["id"] = agency.id
    data["name"] = agency.name
    data["short_name"] = agency.short_name
    if agency.parent:
        data["parent"] = agency.parent
    data["dockets"] = CommentedSeq([entry])
    data.yaml_set_start_comment(header)
    data.yaml_set_comment_before_after_key(
        "dockets",
        before="TODO addressee: the official the letter is addressed to (a title, e.g. Director)\n"
        'TODO address: [street, "City, ST 12345"] — the agency\'s mailing address\n'
        "TODO interests: [topics this agency weighs most]",
    )
    data["dockets"].yaml_set_comment_before_after_key(0, before=comment, indent=2)
    return dump(yaml, data)


def add_source(text: str, source: str, key: str, entry: Mapping[str, object]) -> str:
    """sources.yaml with the notice added under `key`."""
    yaml, data = load(text, source) if text.strip() else (_yaml(*LAYOUTS[0]), CommentedMap())
    if not isinstance(data, CommentedMap):
        raise NoticeError("cannot edit: the file is not a mapping", location=Location(source))
    value = CommentedMap()
    for k, v in entry.items():
        value[k] = v
    data[key] = value
    if len(data) > 1:
        data.yaml_set_comment_before_after_key(key, before="\n")
    return dump(yaml, data)


def source_entry(
    author: str, title: str, citation: str, date: dt.date | None, url: str
) -> dict[str, object]:
    entry: dict[str, object] = {"type": "notice", "author": author, "title": title}
    if citation:
        entry["citation"] = citation
    if date:
        entry["date"] = date
    if url:
        entry["url"] = url
    return entry
