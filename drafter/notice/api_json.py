"""Read the Federal Register API's record of one document (GET /api/v1/documents/{n}.json).

The fields used (federalregister.gov/developers/documentation/api/v1): document_number,
title, volume, start_page, end_page, publication_date, comments_close_on, dates, action,
docket_ids, regulations_dot_gov_info.docket_id, agencies, comment_url, html_url,
full_text_xml_url and raw_text_url.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from drafter.errors import Location, NoticeError
from drafter.notice.document import ApiRecord, clean, plain_id


def parse_json(data: bytes | str, source: str) -> ApiRecord:
    """An ApiRecord from the JSON text; raise NoticeError naming what is wrong."""
    try:
        record = json.loads(data)
    except json.JSONDecodeError as error:
        raise NoticeError(
            f"not valid JSON: {error.msg}",
            location=Location(source, error.lineno, error.colno),
            hint="save the API's answer again (https://www.federalregister.gov/api/v1/"
            "documents/NUMBER.json)",
        ) from None
    except UnicodeDecodeError:
        raise NoticeError(
            "not valid JSON: the file is not UTF-8 text", location=Location(source)
        ) from None
    return read_record(record, source)


def read_record(record: Any, source: str) -> ApiRecord:
    where = Location(source)
    if isinstance(record, dict) and "results" in record and "document_number" not in record:
        raise NoticeError(
            "this is a list of search results, not one document's record",
            location=where,
            hint="save https://www.federalregister.gov/api/v1/documents/NUMBER.json for the one "
            "notice",
        )
    if not isinstance(record, dict) or not isinstance(record.get("document_number"), str):
        raise NoticeError(
            "this is not a Federal Register API document record (no document_number)",
            location=where,
            hint="save https://www.federalregister.gov/api/v1/documents/NUMBER.json",
        )
    info = record.get("regulations_dot_gov_info")
    agencies = record.get("agencies")
    names = [a for a in agencies if isinstance(a, dict)] if isinstance(agencies, list) else []
    # Sub-agencies (with a parent) first: the Copyright Office before the Library of Congress.
    names.sort(key=lambda a: a.get("parent_id") is None)
    return ApiRecord(
        document_number=plain_id(record["document_number"]),
        title=_text(record, "title"),
        volume=_int(record, "volume"),
        start_page=_int(record, "start_page"),
        end_page=_int(record, "end_page"),
        publication_date=_date(record, "publication_date", source),
        comments_close_on=_date(record, "comments_close_on", source),
        dates=_text(record, "dates"),
        action=_text(record, "action"),
        docket_ids=tuple(
            plain_id(d) for d in record.get("docket_ids") or () if isinstance(d, str) and d.strip()
        ),
        regs_docket_id=plain_id(_text(info, "docket_id")) if isinstance(info, dict) else "",
        agency_names=tuple(
            clean(str(a.get("name") or a.get("raw_name") or ""))
            for a in names
            if a.get("name") or a.get("raw_name")
        ),
        comment_url=_text(record, "comment_url"),
        full_text_xml_url=_text(record, "full_text_xml_url"),
        raw_text_url=_text(record, "raw_text_url"),
        html_url=_text(record, "html_url"),
    )


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return clean(value) if isinstance(value, str) else ""


def _int(record: dict[str, Any], key: str) -> int | None:
    value = record.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _date(record: dict[str, Any], key: str, source: str) -> dt.date | None:
    value = record.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise NoticeError(
            f"{key}: expected a date like 2023-08-30, got '{value}'",
            location=Location(source, path=key),
        ) from None
