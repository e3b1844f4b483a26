"""Turn the NOTICE a user names into a Reading: a saved file, a document number or an address.

A saved file is a .txt (GPO text) or .xml (Federal Register XML) rendition, or the API's
.json record saved beside one of them under the same name (foo.json with foo.xml or foo.txt).
A rendition with a .json beside it is read with it: the record adds what the text lacks,
such as the regulations.gov docket ID. A document number or federalregister.gov address is
fetched: the record, then the XML (or the text when there is no XML).
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from drafter.errors import Location, NoticeError
from drafter.notice.api_json import parse_json
from drafter.notice.document import ApiRecord, Notice, Reading
from drafter.notice.fetch import MAX_BYTES, Fetcher, size
from drafter.notice.gpo_text import read_text
from drafter.notice.gpo_xml import read_xml

NUMBER_RE = re.compile(r"^(?:[A-Z]\d-)?(?:\d{2,4}-)?\d{3,6}$")
URL_RE = re.compile(
    r"^https?://(?:www\.)?federalregister\.gov/(?:d/|documents/(?:\d{4}/\d{2}/\d{2}/)?"
    r"|api/v1/documents/)([0-9A-Z]+(?:-[0-9]+)+)(?:[/.?#]|$)",
    re.I,
)
RENDITIONS = (".xml", ".txt")


def document_number(notice: str) -> str | None:
    """The FR document number a NOTICE argument names, when it is a number or an address."""
    notice = notice.strip()
    if NUMBER_RE.match(notice):
        return notice
    match = URL_RE.match(notice)
    return match.group(1).upper() if match else None


def read_notice(notice: str, fetcher: Fetcher | None = None) -> Reading:
    """Read NOTICE: a saved .txt/.xml/.json, else fetch a number or address with `fetcher`."""
    path = Path(notice).expanduser()
    is_address = re.match(r"^https?://", notice.strip(), re.I)
    if not is_address and (path.suffix.lower() in (".txt", ".xml", ".json") or path.exists()):
        return read_file(path)
    number = document_number(notice)
    if number is None:
        raise NoticeError(
            f"'{notice}' is neither a saved notice (.txt, .xml, .json) nor a Federal Register "
            "document number or address",
            hint="pass a document number like 2023-18624, an address like "
            "https://www.federalregister.gov/d/2023-18624, or a saved rendition",
        )
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        api, _ = fetcher.record(number)
        kind, data = fetcher.full_text(api)
    finally:
        if own:
            fetcher.close()
    source = api.full_text_xml_url if kind == ".xml" else api.raw_text_url
    return Reading(parse(kind, data, source), api, f"api+{kind[1:]}")


def read_file(path: Path) -> Reading:
    suffix = path.suffix.lower()
    if suffix == ".json":
        record = parse_json(_read(path), str(path))
        for kind in RENDITIONS:
            beside = path.with_suffix(kind)
            if beside.is_file():
                notice = parse(kind, _read(beside), str(beside))
                return Reading(notice, record, f"json+{kind[1:]}")
        raise NoticeError(
            f"the API record {path.name} has no rendition beside it "
            f"({path.with_suffix('.xml').name} or {path.with_suffix('.txt').name})",
            location=Location(str(path)),
            hint=f"save the notice's XML ({record.full_text_xml_url or 'full_text_xml_url'}) "
            f"or text ({record.raw_text_url or 'raw_text_url'}) under that name",
        )
    if suffix not in RENDITIONS:
        raise NoticeError(
            f"cannot read a '{suffix or path.name}' file as a notice",
            location=Location(str(path)),
            hint="save the notice as .txt (text) or .xml (XML), or its API record as .json",
        )
    notice = parse(suffix, _read(path), str(path))
    beside = path.with_suffix(".json")
    api: ApiRecord | None = None
    if beside.is_file():
        api = parse_json(_read(beside), str(beside))
    return Reading(notice, api, f"{suffix[1:]}+json" if api else suffix[1:])


def parse(kind: str, data: bytes, source: str) -> Notice:
    if kind == ".xml":
        return read_xml(data, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # older GPO text is Latin-1
    return read_text(text, source)


def _read(path: Path) -> bytes:
    """A regular file's bytes, refusing folders, devices and pipes (which could hang)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise NoticeError(
            f"no such file: {path}",
            hint="check the name, or pass a document number like 2023-18624 to fetch it",
        ) from None
    except OSError as error:
        raise NoticeError(f"cannot read {path}: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise NoticeError(f"{path} is not a regular file", hint="pass the saved notice file")
    if info.st_size > MAX_BYTES:
        raise NoticeError(
            f"{path} is larger than {size(MAX_BYTES)}: not one notice",
            hint="save the one notice's rendition, not a whole issue",
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise NoticeError(f"cannot read {path}: {error.strerror}") from None
