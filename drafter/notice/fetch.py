"""Fetch a document's record and full text from the Federal Register API v1, politely.

The API needs no key. Its maintainers limit it to 5 requests a second, and full-text
downloads to 1 a second (usnationalarchives/federalregister-api-core, issue 13): a Fetcher
spaces its own requests accordingly and waits out a 429 answer's Retry-After once or twice.
Without a network, the error says how to import a saved rendition instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

from drafter.errors import NoticeError
from drafter.notice.api_json import parse_json
from drafter.notice.document import ApiRecord

API_BASE = "https://www.federalregister.gov"
API_INTERVAL = 0.2  # seconds between API requests: 5 a second
TEXT_INTERVAL = 1.0  # seconds between full-text downloads: 1 a second
MAX_WAIT = 30.0  # the longest Retry-After worth waiting for
MAX_BYTES = 50 * 2**20  # a notice's full text is rarely over 5 MB
TRUSTED_HOSTS = ("www.federalregister.gov", "federalregister.gov", "www.govinfo.gov")


class Fetcher:
    """One run's connection to the API, with its own spacing of requests."""

    def __init__(
        self,
        base_url: str = API_BASE,
        *,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.base_url = base_url.rstrip("/")
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(30.0, connect=10.0),
            follow_redirects=True,
            headers={"User-Agent": "drafter (agencies import)"},
        )
        self._own_client = client is None
        self.sleep, self.clock = sleep, clock
        self._last: dict[str, float] = {}
        self.requests: list[str] = []  # every URL asked for, in order

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record(self, number: str) -> tuple[ApiRecord, bytes]:
        """The API's record of document `number`, parsed, and its JSON as received."""
        url = f"{self.base_url}/api/v1/documents/{number}.json"
        data = self.get(url, number, API_INTERVAL)
        return parse_json(data, url), data

    def full_text(self, api: ApiRecord) -> tuple[str, bytes]:
        """The document's XML, else its text: (".xml" or ".txt", the bytes)."""
        for kind, url in ((".xml", api.full_text_xml_url), (".txt", api.raw_text_url)):
            if url:
                self._check_host(url, api.document_number)
                return kind, self.get(url, api.document_number, TEXT_INTERVAL)
        raise NoticeError(
            f"the Federal Register has no full text for {api.document_number} "
            "(neither full_text_xml_url nor raw_text_url)",
            hint="documents before 1994 have none; type the docket by hand",
        )

    def get(self, url: str, number: str, interval: float, *, tries: int = 3) -> bytes:
        for attempt in range(tries):
            self._space(interval)
            self.requests.append(url)
            try:
                with self.client.stream("GET", url) as response:
                    if response.status_code in (429, 503) and attempt + 1 < tries:
                        self._wait(response, url)
                        continue
                    self._check_status(response, url, number)
                    self._check_host(str(response.url), number)
                    return self._read(response, url)
            except httpx.TransportError as error:
                raise offline(number, url, error) from None
        raise NoticeError(f"{_host(url)} kept refusing: too many requests", hint="try later")

    # -- politeness ----------------------------------------------------------------------
    def _space(self, interval: float) -> None:
        key = f"{interval}"
        last = self._last.get(key)
        if last is not None:
            wait = last + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[key] = self.clock()

    def _wait(self, response: httpx.Response, url: str) -> None:
        header = response.headers.get("Retry-After", "")
        wait = float(header) if header.strip().isdigit() else 2.0
        if wait > MAX_WAIT:
            raise NoticeError(
                f"{_host(url)} asks to wait {wait:.0f} seconds before the next request",
                hint="try again later, or import a saved .txt/.xml rendition",
            )
        self.sleep(wait)

    # -- answers -------------------------------------------------------------------------
    def _check_status(self, response: httpx.Response, url: str, number: str) -> None:
        if response.status_code == 404:
            raise NoticeError(
                f"the Federal Register has no document numbered {number}",
                hint="check the number (FR Doc. No., like 2023-18624) on federalregister.gov",
            )
        if response.status_code >= 400:
            raise NoticeError(
                f"{_host(url)} answered {response.status_code} {response.reason_phrase} for {url}",
                hint="try again later, or import a saved .txt/.xml rendition",
            )

    def _check_host(self, url: str, number: str) -> None:
        host = _host(url)
        if host not in (*TRUSTED_HOSTS, _host(self.base_url)):
            raise NoticeError(
                f"the record of {number} points to {host}, which is not the Federal Register",
                hint="save the notice's rendition from federalregister.gov and pass the file",
            )

    def _read(self, response: httpx.Response, url: str) -> bytes:
        data = bytearray()
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) > MAX_BYTES:
                raise NoticeError(f"{url} is larger than {size(MAX_BYTES)}: not one notice")
        return bytes(data)


def offline(number: str, url: str, error: Exception) -> NoticeError:
    """The error without a network: it names the saved-file alternative."""
    reason = str(error) or type(error).__name__
    return NoticeError(
        f"could not reach {_host(url)} to fetch {number} ({reason})",
        hint=f"without a network, save the notice's text or XML from "
        f"https://www.federalregister.gov/d/{number} (and, for the regulations.gov docket ID, "
        f"its record https://www.federalregister.gov/api/v1/documents/{number}.json saved "
        f"as {number}.json beside it), then run: drafter agencies import {number}.txt",
    )


def size(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n / 1000:g} kB"


def _host(url: str) -> str:
    return urlsplit(url).hostname or url
