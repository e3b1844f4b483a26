"""The bad-input catalogue: every kind of mistake, run through the command line, exact message.

Each case is a small change to a copy of the mini workspace, or a command line, and the exact
line drafter must print. Every case also proves: the exit code (1 for bad input, 2 for wrong
usage), no traceback, no ``*.part`` file left anywhere, and nothing written or changed
anywhere under the test's folder (a snapshot of the whole tree before and after).

tests/test_workspace.py holds the loader's own table of messages; this one goes end to end.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import resource
import subprocess
import sys
import tracemalloc
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from drafter import output
from drafter.cli.main import app
from drafter.errors import YamlError
from drafter.load import yamlio
from drafter.load.workspace import builtin_root
from tests.docx_dump import make_zip

REPO = Path(__file__).resolve().parents[1]
BUILTIN_TEMPLATES = builtin_root() / "templates"
SECRET = "TOP-SECRET-4f9c2e"
runner = CliRunner()


# --- the letterheads a user might be handed -----------------------------------------------------


def _real_docx() -> dict[str, bytes]:
    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("BODY-TEXT")
    document.save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_bomb() -> bytes:
    """A small file that inflates 20 MB of zeros: far beyond what a letterhead holds."""
    return make_zip({**_real_docx(), "word/media/image1.png": bytes(20_000_000)}, 9)


def xxe_letterhead(secret: Path) -> bytes:
    """A letterhead whose document pulls a local file in through an external entity."""
    parts = _real_docx()
    head, rest = parts["word/document.xml"].decode().split("?>", 1)
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    parts["word/document.xml"] = (
        head + "?>" + doctype + rest.replace("BODY-TEXT", "&xxe;")
    ).encode()
    return make_zip(parts)


def macro_letterhead() -> bytes:
    parts = _real_docx()
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        main.encode(), macro.encode()
    )
    return make_zip(parts)


def alias_bomb() -> str:
    """A billion laughs: nine levels of nine aliases, 9⁹ strings if expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# --- the catalogue ------------------------------------------------------------------------------

LETTER = ("letter", "agency-x", "-o", "out/letter.docx")
OPED = ("oped", "--outlet", "daily-example", "-o", "out/oped.docx")
BATCH = ("batch", "fall", "--out-dir", "out/drafts")
OPED_CAMPAIGN = """\
name: Op-eds
kind: oped
output: "{outlet}.docx"
targets:
  - outlet: daily-exampel
"""


@dataclass(frozen=True)
class Case:
    id: str
    message: str  # the exact line on stderr
    args: tuple[str, ...] = ("check",)
    edits: tuple = ()  # (file, old, new) replacements, or (file, content) writes
    code: int = 1
    alone: bool = True  # the only error reported (no cascade of follow-on errors)
    workspace: bool = True  # pass -w <the copied workspace>


def E(file: str, old: str, new: str) -> tuple[str, str, str]:
    return (file, old, new)


def W(file: str, content: str | bytes) -> tuple[str, str | bytes]:
    return (file, content)


def T(source: str | bytes) -> tuple[str, str | bytes]:
    """A workspace letter template with this source."""
    return W("templates/letter.md.j2", source)


def L(content: bytes) -> tuple[str, bytes]:
    """A workspace letterhead with this content."""
    return W("templates/letterhead.docx", content)


LH = "ws/templates/letterhead.docx"
TPL = "ws/templates/letter.md.j2"
RESAVE = "open it in Word or LibreOffice and save it again as a .docx"
SANDBOX = "templates run in a sandbox; use only the variables and filters drafter provides"

CASES = [
    # --- YAML syntax ------------------------------------------------------------------------
    Case(
        "yaml-tab-indentation",
        "error: agencies/agency-x.yaml:14:1: YAML syntax error: a tab character is used for "
        "indentation — YAML indents with spaces only; replace the tabs with spaces",
        edits=(E("agencies/agency-x.yaml", "    channel:", "\tchannel:"),),
    ),
    Case(
        "yaml-unclosed-bracket",
        "error: campaigns/fall.yaml:4:5: YAML syntax error: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence) — is the '[' opened on line 3 closed?",
        edits=(E("campaigns/fall.yaml", "fair-rules]", "fair-rules"),),
    ),
    Case(
        "yaml-unclosed-brace",
        "error: outlets.yaml:1:16: YAML syntax error: expected ',' or '}', but got '<stream end>'"
        " (while parsing a flow mapping) — the '{' opened here is never closed",
        edits=(E("outlets.yaml", "one-sentence}", "one-sentence"),),
    ),
    Case(
        "yaml-bad-indentation",
        "error: drafter.yaml:3:14: YAML syntax error: mapping values are not allowed here — check"
        " the indentation and brackets around this line",
        edits=(E("drafter.yaml", "  short_name: CEP", "   short_name: CEP"),),
    ),
    Case(
        "yaml-unclosed-quote",
        "error: sources.yaml:4:10: YAML syntax error: found unexpected end of stream (while "
        "scanning a quoted scalar) — the quote opened here is never closed",
        edits=(E("sources.yaml", "title: Hearing on Open Data", 'title: "Hearing on Open Data'),),
    ),
    Case(
        "yaml-raw-control-character",
        "error: positions/fair-rules.yaml:2:13: control character U+0007 is not allowed in a "
        "YAML file — remove it (it often comes from copying out of a PDF)",
        edits=(E("positions/fair-rules.yaml", "Fair national", "Fair \x07national"),),
    ),
    Case(
        "non-utf8-agency",
        "error: agencies/agency-x.yaml:2:23: file is not UTF-8 text (byte 0xe9) — save it as UTF-8",
        edits=(W("agencies/agency-x.yaml", b"id: agency-x\nname: Agency of Exampl\xe9s\n"),),
    ),
    Case(
        "utf16-config",
        "error: drafter.yaml:1:1: file is not UTF-8 text (byte 0xff) — save it as UTF-8",
        edits=(W("drafter.yaml", "organization:\n  name: X\n".encode("utf-16")),),
    ),
    Case(
        "empty-campaign",
        "error: campaigns/empty.yaml:1:1: file is empty — fill it in or delete it",
        edits=(W("campaigns/empty.yaml", ""),),
    ),
    Case(
        "comments-only-sources",
        "error: sources.yaml:1:1: file is empty — fill it in or delete it",
        edits=(W("sources.yaml", "# to do: add the hearing and the report\n"),),
    ),
    Case(
        "empty-config",
        "error: drafter.yaml:1:1: file is empty — fill it in or delete it",
        edits=(W("drafter.yaml", "\n"),),
    ),
    Case(
        "position-is-a-list",
        "error: positions/fair-rules.yaml:1:1: expected a mapping, got a list",
        edits=(W("positions/fair-rules.yaml", "- id: fair-rules\n- title: Fair\n"),),
    ),
    # --- duplicate and unknown keys ----------------------------------------------------------
    Case(
        "duplicate-nested-key",
        "error: agencies/agency-x.yaml:14:5: dockets[0].deadline: duplicate key 'deadline' "
        "(first given on line 13) — remove one of them; YAML keeps only one",
        edits=(
            E("agencies/agency-x.yaml", "    channel:", "    deadline: 2026-12-20\n    channel:"),
        ),
    ),
    Case(
        "duplicate-source-key",
        "error: sources.yaml:14:1: report: duplicate key 'report' (first given on line 7) — "
        "remove one of them; YAML keeps only one",
        edits=(
            E(
                "sources.yaml",
                "  url: https://example.org/report\n",
                "  url: https://example.org/report\nreport:\n  type: web\n",
            ),
        ),
    ),
    Case(
        "duplicate-signer-id",
        "error: drafter.yaml:14:9: signers[1].id: duplicate signer id 'director' — give each "
        "signer its own id",
        edits=(E("drafter.yaml", "defaults:", "  - id: director\n    name: Sam Other\ndefaults:"),),
    ),
    Case(
        "duplicate-argument-id",
        "error: positions/open-data.yaml:14:9: arguments[1].id: duplicate argument id "
        "'levels-field' — give each argument its own id",
        edits=(E("positions/open-data.yaml", "id: better-science", "id: levels-field"),),
    ),
    Case(
        "unknown-key-organization",
        "error: drafter.yaml:6:3: organization.adress: unknown key 'adress' — did you mean "
        "'address'?",
        edits=(E("drafter.yaml", "  address:", "  adress:"),),
    ),
    Case(
        "unknown-key-source",
        "error: sources.yaml:3:3: hearing.autor: unknown key 'autor' — did you mean 'author'?",
        edits=(E("sources.yaml", "author: Senate", "autor: Senate"),),
    ),
    Case(
        "unknown-top-level-key",
        "error: drafter.yaml:14:1: signer: unknown key 'signer' — did you mean 'signers'?",
        edits=(E("drafter.yaml", "defaults:", "signer: director\ndefaults:"),),
    ),
    Case(
        "unknown-key-target",
        "error: campaigns/fall.yaml:7:5: targets[0].agencey: unknown key 'agencey' — did you "
        "mean 'agency'?",
        edits=(E("campaigns/fall.yaml", "- agency:", "- agencey:"),),
        alone=False,  # the target then also lacks its agency
    ),
    # --- wrong types ------------------------------------------------------------------------
    Case(
        "organization-is-text",
        "error: drafter.yaml:1:15: organization: expected a mapping, got 'CEP'",
        edits=(W("drafter.yaml", "organization: CEP\nsigners:\n  - {id: director, name: J}\n"),),
    ),
    Case(
        "signers-is-a-mapping",
        "error: drafter.yaml:9:5: signers: expected a list, got a mapping",
        edits=(E("drafter.yaml", "  - id: director", "    id: director"),),
        alone=False,  # then no signer exists for defaults.signer either
    ),
    Case(
        "priority-is-a-fraction",
        "error: positions/fair-rules.yaml:6:11: priority: expected a whole number, got '1.5'",
        edits=(E("positions/fair-rules.yaml", "priority: 2", "priority: 1.5"),),
    ),
    Case(
        "links-is-not-a-boolean",
        "error: outlets.yaml:1:68: daily-example.links: expected true or false, got 'sometimes'",
        edits=(E("outlets.yaml", "links: true", "links: sometimes"),),
    ),
    Case(
        "asks-is-a-mapping",
        "error: positions/fair-rules.yaml:12:3: asks: expected a list, got a mapping",
        edits=(
            E(
                "positions/fair-rules.yaml",
                "  - Adopt one national standard.",
                "  first: Adopt one national standard.",
            ),
        ),
    ),
    Case(
        "threshold-out-of-range",
        "error: campaigns/fall.yaml:6:23: similarity_threshold: expected a number from 0.0 to "
        "1.0, got '2'",
        edits=(E("campaigns/fall.yaml", "targets:", "similarity_threshold: 2\ntargets:"),),
    ),
    Case(
        "question-number-is-a-list",
        "error: agencies/agency-x.yaml:16:17: dockets[0].questions[0].number: expected text, "
        "got a list",
        edits=(E("agencies/agency-x.yaml", '- number: "1"', "- number: [1]"),),
        alone=False,  # and the question then lacks its number
    ),
    # --- impossible dates -------------------------------------------------------------------
    Case(
        "not-a-leap-year",
        "error: sources.yaml:12:9: report.date: no such date: 2025-02-29 — check the day and "
        "month (YYYY-MM-DD)",
        edits=(E("sources.yaml", "date: 2025-03-01", "date: 2025-02-29"),),
    ),
    Case(
        "june-31",
        "error: campaigns/fall.yaml:4:7: date: no such date: 2026-06-31 — check the day and "
        "month (YYYY-MM-DD)",
        edits=(E("campaigns/fall.yaml", "date: 2026-12-01", "date: 2026-06-31"),),
    ),
    Case(
        "month-zero",
        "error: agencies/agency-x.yaml:12:16: dockets[0].published: no such date: 2026-00-10 — "
        "check the day and month (YYYY-MM-DD)",
        edits=(E("agencies/agency-x.yaml", "published: 2026-10-01", "published: 2026-00-10"),),
    ),
    # --- ids --------------------------------------------------------------------------------
    Case(
        "agency-id-differs-from-file",
        "error: agencies/agency-x.yaml:1:5: id: id 'agency-y' does not match the file name "
        "'agency-x.yaml' — rename the file to 'agency-y.yaml' or set 'id: agency-x'",
        edits=(E("agencies/agency-x.yaml", "id: agency-x", "id: agency-y"),),
    ),
    Case(
        "signer-id-with-spaces",
        "error: drafter.yaml:9:9: signers[0].id: 'Policy Director' is not a valid id — use "
        "lowercase letters, digits and hyphens, like 'data-access'",
        edits=(E("drafter.yaml", "  - id: director", "  - id: Policy Director"),),
        alone=False,  # defaults.signer then names no signer
    ),
    # --- references to things that do not exist ----------------------------------------------
    Case(
        "campaign-position",
        "error: campaigns/fall.yaml:3:24: positions[1]: unknown position 'fair-rulez' — did you "
        "mean 'fair-rules'?",
        edits=(E("campaigns/fall.yaml", "fair-rules]", "fair-rulez]"),),
    ),
    Case(
        "agency-position",
        "error: agencies/agency-x.yaml:7:13: positions[0]: unknown position 'open-dota' — did "
        "you mean 'open-data'?",
        edits=(E("agencies/agency-x.yaml", "[open-data, fair-rules]", "[open-dota, fair-rules]"),),
    ),
    Case(
        "agency-position-not-an-id",
        "error: agencies/agency-x.yaml:7:13: positions[0]: 'open_data' is not a valid id or "
        "topic — use lowercase letters, digits and hyphens, like 'fair-use'",
        edits=(E("agencies/agency-x.yaml", "[open-data, fair-rules]", "[open_data, fair-rules]"),),
    ),
    Case(
        "campaign-signer",
        "error: campaigns/fall.yaml:4:9: signer: unknown signer 'directer' — did you mean "
        "'director'?",
        edits=(E("campaigns/fall.yaml", "date: 2026-12-01", "signer: directer"),),
    ),
    Case(
        "target-outlet",
        "error: campaigns/opeds.yaml:5:13: targets[0].outlet: unknown outlet 'daily-exampel' — "
        "did you mean 'daily-example'?",
        edits=(W("campaigns/opeds.yaml", OPED_CAMPAIGN),),
    ),
    Case(
        "target-agency",
        "error: campaigns/fall.yaml:7:13: targets[0].agency: unknown agency 'agency-z' — did you "
        "mean 'agency-x'?",
        edits=(E("campaigns/fall.yaml", "agency: agency-x", "agency: agency-z"),),
    ),
    Case(
        "citation-in-an-ask",
        "error: positions/fair-rules.yaml:12:34: asks[0]: unknown citation key 'reprot' — did "
        "you mean 'report'? Or add 'reprot' to sources.yaml",
        edits=(E("positions/fair-rules.yaml", "standard.\n", "standard [@reprot].\n"),),
    ),
    Case(
        "citation-in-a-response",
        "error: positions/open-data.yaml:22:67: concerns[0].response: unknown citation key "
        "'privacy-act' — add 'privacy-act' to sources.yaml",
        edits=(E("positions/open-data.yaml", "apply it.", "apply it [@privacy-act]."),),
    ),
    Case(
        "template-include",
        f"error: {TPL}:2:1: template 'partials/greeting.md.j2' not found — looked in: "
        f"ws/templates, {BUILTIN_TEMPLATES}",
        args=LETTER,
        edits=(T('Hello\n{% include "partials/greeting.md.j2" %}\n'),),
    ),
    Case(
        "letterhead-path",
        "error: drafter.yaml:17:15: defaults.letterhead: letterhead 'brand/letterhead.docx' "
        "does not exist — give a .docx path relative to the workspace, or remove the key",
        edits=(
            E(
                "drafter.yaml",
                "  citation_page_commas: true",
                "  citation_page_commas: true\n  letterhead: brand/letterhead.docx",
            ),
        ),
    ),
    # --- YAML that tries to run code or eat the machine --------------------------------------
    Case(
        "python-object-apply",
        "error: sources.yaml:5:9: hearing.date: tag !!python/object/apply:os.system is not "
        "allowed — drafter reads plain data only; remove the tag",
        edits=(
            E(
                "sources.yaml",
                "date: 2026-05-08",
                "date: !!python/object/apply:os.system ['touch PWNED']",
            ),
        ),
    ),
    Case(
        "python-name",
        "error: campaigns/fall.yaml:2:7: kind: tag !!python/name:os.system is not allowed — "
        "drafter reads plain data only; remove the tag",
        edits=(E("campaigns/fall.yaml", "kind: letter", "kind: !!python/name:os.system ''"),),
    ),
    Case(
        "python-object-new",
        "error: drafter.yaml:2:9: organization.name: tag !!python/object/new:subprocess.Popen "
        "is not allowed — drafter reads plain data only; remove the tag",
        edits=(
            E(
                "drafter.yaml",
                "name: Center for Example Policy",
                "name: !!python/object/new:subprocess.Popen [[touch, PWNED]]",
            ),
        ),
    ),
    Case(
        "custom-tag",
        "error: outlets.yaml:1:1: tag !include is not allowed — drafter reads plain data only; "
        "remove the tag",
        edits=(W("outlets.yaml", "!include ../secrets.yaml\n"),),
    ),
    Case(
        "merge-key",
        "error: outlets.yaml:2:5: b: merge keys (<<) are not supported — write the keys out in "
        "full",
        edits=(W("outlets.yaml", "a: &base {name: A, words: [400, 700]}\nb: {<<: *base}\n"),),
    ),
    Case(
        "billion-laughs",
        "error: outlets.yaml:5:4: f[0]: the document expands to too many values (an alias bomb?) "
        "— keep files under 100,000 values and avoid nested aliases",
        edits=(W("outlets.yaml", alias_bomb()),),
    ),
    Case(
        "file-over-the-size-limit",
        "error: positions/fair-rules.yaml: file is too large (1,048,601 bytes; the limit is "
        "1,048,576) — split it, or check that it is the file you meant",
        edits=(W("positions/fair-rules.yaml", "id: fair-rules\n#" + "x" * 1_048_584 + "\n"),),
    ),
    Case(
        "template-over-the-size-limit",
        f"error: {TPL}: template is too large (1,048,578 bytes; the limit is 1,048,576) — split "
        "it into partials, or check that it is the file you meant",
        edits=(T("x" * 1_048_577 + "\n"),),
    ),
    # --- characters Word cannot store ---------------------------------------------------------
    Case(
        "escaped-control-character",
        "error: agencies/agency-x.yaml:2:7: name: control character U+000B cannot be stored in "
        "a Word document — remove it (it often comes from copying out of a PDF)",
        edits=(
            E("agencies/agency-x.yaml", "name: Agency of Examples", 'name: "Agency of\\vExamples"'),
        ),
    ),
    Case(
        "control-character-in-a-template",
        f"error: {TPL}:3:9: control character U+001B cannot be stored in a Word document — "
        "remove it (it often comes from copying out of a PDF)",
        edits=(T("Dear all,\n\nWe thank\x1b[1m you.\n"),),
    ),
    Case(
        "control-character-in-peg",
        "Error: Invalid value for '--peg': character U+0001 (at character 11) cannot be stored "
        "in a Word document",
        args=(*OPED, "--peg", "The ruling\x01 came down"),
        code=2,
    ),
    Case(
        "control-character-in-headline",
        "Error: Invalid value for '--headline': character U+001F (at character 1) cannot be "
        "stored in a Word document",
        args=(*OPED, "--headline", "\x1fNew rules"),
        code=2,
    ),
    # --- letterheads ----------------------------------------------------------------------------
    Case(
        "letterhead-not-a-docx",
        f"error: {LH}: letterhead is not a .docx file (File is not a zip file) — {RESAVE}",
        args=LETTER,
        edits=(L(b"%PDF-1.7 this is a PDF renamed to .docx\n"),),
    ),
    Case(
        "letterhead-zip-bomb",
        f"error: {LH}: letterhead expands to far more data than a .docx holds (a zip bomb?) — "
        f"{RESAVE}",
        args=LETTER,
        edits=(L(zip_bomb()),),
    ),
    Case(
        "letterhead-macros",
        f"error: {LH}: letterhead is a macro-enabled document — save it as a plain .docx (Word "
        "Document) without macros",
        edits=(L(macro_letterhead()),),
    ),
    # --- templates ------------------------------------------------------------------------------
    Case(
        "template-syntax-error",
        f"error: {TPL}:3:1: template syntax error: Unexpected end of template. Jinja was looking"
        " for the following tags: 'endfor' or 'else'. The innermost block that needs to be "
        "closed is 'for'. — check that every {% tag %} is closed and every {{ expression }} is "
        "complete",
        edits=(T("Dear all,\n{% for p in positions %}\n{{ p.title }}\n"),),
    ),
    Case(
        "template-undefined-variable",
        f"error: {TPL}:2:1: undefined value in template: 'orgg' is undefined — did you mean org?",
        args=LETTER,
        edits=(T("Dear all,\n{{ orgg.name }}\n"),),
    ),
    Case(
        "template-undefined-attribute",
        f"error: {TPL}:1:1: undefined value in template: 'drafter.model.Docket object' has no "
        "attribute 'deadlin' — check the spelling, or guard optional values with "
        "{% if x is defined %}",
        args=LETTER,
        edits=(T("Due {{ docket.deadlin }}\n"),),
    ),
    Case(
        "template-unknown-filter",
        f"error: {TPL}:1:1: template syntax error: No filter named 'longdat'. — did you mean "
        "longdate?",
        edits=(T("{{ date | longdat }}\n"),),
    ),
    Case(
        "sandbox-class",
        f"error: {TPL}:1:1: template tried to access an unsafe attribute (access to attribute "
        f"'__class__' of 'str' object is unsafe.) — {SANDBOX}",
        args=LETTER,
        edits=(T("{{ ''.__class__.__mro__[1] }}\n"),),
    ),
    Case(
        "sandbox-subclasses",
        f"error: {TPL}:2:1: template tried to access an unsafe attribute (access to attribute "
        f"'__subclasses__' of 'type' object is unsafe.) — {SANDBOX}",
        args=LETTER,
        edits=(T("ok\n{{ cycler.__subclasses__() }}\n"),),
        alone=True,
    ),
    Case(
        "sandbox-globals",
        f"error: {TPL}:1:1: template tried to access an unsafe attribute (access to attribute "
        f"'__globals__' of 'function' object is unsafe.) — {SANDBOX}",
        args=LETTER,
        edits=(T("{{ lipsum.__globals__['os'].system('touch PWNED') }}\n"),),
    ),
    Case(
        "sandbox-init-globals",
        f"error: {TPL}:1:1: template tried to access an unsafe attribute (access to attribute "
        f"'__init__' of 'TemplateReference' object is unsafe.) — {SANDBOX}",
        args=LETTER,
        edits=(T("{{ self.__init__.__globals__['__builtins__'] }}\n"),),
    ),
    Case(
        "sandbox-cycler",
        f"error: {TPL}:1:1: template tried to access an unsafe attribute (access to attribute "
        f"'__init__' of 'type' object is unsafe.) — {SANDBOX}",
        args=LETTER,
        edits=(T("{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}\n"),),
    ),
    Case(
        "sandbox-joiner",
        f"error: {TPL}:1:1: template tried to access an unsafe attribute (access to attribute "
        f"'__init__' of 'type' object is unsafe.) — {SANDBOX}",
        args=LETTER,
        edits=(T("{{ joiner.__init__.__globals__.os.system('touch PWNED') }}\n"),),
    ),
    Case(
        "sandbox-namespace",
        f"error: {TPL}:2:1: template tried to access an unsafe attribute (access to attribute "
        f"'__init__' of 'type' object is unsafe.) — {SANDBOX}",
        args=LETTER,
        edits=(T("{% set ns = namespace(x=1) %}\n{{ namespace.__init__.__globals__.os }}\n"),),
    ),
    Case(
        "template-builds-a-huge-value",
        f"error: {TPL}:1:1: the template would build 10,000,000,000 characters or items (the "
        "limit is 1,000,000) — templates produce letters, not data: check the numbers in this "
        "expression",
        args=LETTER,
        edits=(T("{{ 'x' * 10**10 }}\n"),),
    ),
    Case(
        "template-not-utf8",
        f"error: {TPL}:1:11: template is not UTF-8 text (byte 0xe9) — save it as UTF-8",
        edits=(T(b"Dear caf\xc3\xa9\xe9 owners\n"),),
    ),
    Case(
        "template-huge-printf-width",
        f"error: {TPL}:1:1: the template would build a padded value ('%999999999': widths over "
        "999,999 or from arguments are refused) — templates produce letters, not data: check the "
        "numbers in this expression",
        args=LETTER,
        edits=(T("{{ '%999999999d' % 1 }}\n"),),
    ),
    Case(
        "template-huge-center",
        f"error: {TPL}:2:1: the template would build a center 999,999,999 characters wide (the "
        "limit is 1,000,000) — templates produce letters, not data: check the numbers in this "
        "expression",
        args=LETTER,
        edits=(T("ok\n{{ org.name | center(999999999) }}\n"),),
    ),
    Case(
        "template-huge-power",
        f"error: {TPL}:1:1: the template would build a number of about 200,000,000 bits (the "
        "limit is 100,000) — templates produce letters, not data: check the numbers in this "
        "expression",
        args=LETTER,
        edits=(T("{{ 2 ** (10 ** 8) }}\n"),),
    ),
    Case(
        "template-huge-lipsum",
        f"error: {TPL}:1:1: the template would build 100,000 paragraphs of lorem ipsum (the "
        "limit is 100) — templates produce letters, not data: check the numbers in this "
        "expression",
        args=LETTER,
        edits=(T("{{ lipsum(100000) }}\n"),),
    ),
    Case(
        "template-constant-too-long-to-print",
        f"error: {TPL}: template failed: ValueError: Exceeds the limit (4300 digits) for integer "
        "string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase "
        "the limit — check the constant expressions in this template",
        edits=(T("{{ " + "9" * 5000 + " }}\n"),),
    ),
    # --- what a file that cannot be read does not cause ----------------------------------------
    Case(
        "broken-position-is-not-also-unknown",
        "error: positions/open-data.yaml:2:12: YAML syntax error: mapping values are not allowed "
        "here — check the indentation and brackets around this line",
        edits=(E("positions/open-data.yaml", "title: Open data", "title: Open: data"),),
    ),
    Case(
        "broken-outlets-is-not-also-unknown",
        "error: outlets.yaml:1:1: expected a mapping, got a list",
        edits=(W("outlets.yaml", "- daily-example\n"), W("campaigns/opeds.yaml", OPED_CAMPAIGN)),
        alone=False,
    ),
    # --- YAML structure limits ------------------------------------------------------------------
    Case(
        "recursive-alias",
        "error: drafter.yaml:15:11: defaults.signer[0]: a value contains itself (a recursive "
        "alias) — YAML aliases (*name) may repeat a value, not nest it inside itself",
        edits=(E("drafter.yaml", "  signer: director", "  signer: &me [*me]"),),
    ),
    Case(
        "nested-too-deep",
        "error: sources.yaml:1:104: values are nested more than 100 levels deep — workspace "
        "files need only a few levels: look for brackets never closed",
        edits=(W("sources.yaml", "x: " + "[" * 200_000 + "\n"),),
    ),
    Case(
        "nested-too-deep-in-blocks",
        "error: campaigns/fall.yaml:1:201: values are nested more than 100 levels deep — "
        "workspace files need only a few levels: look for brackets never closed",
        edits=(W("campaigns/fall.yaml", "- " * 200_000 + "x\n"),),
    ),
    # --- output patterns and output files -------------------------------------------------------
    Case(
        "pattern-absolute",
        "error: campaigns/fall.yaml:5:9: output: output pattern leaves the output folder — give "
        "a relative name such as '{agency}-{docket}.docx'",
        args=BATCH,
        edits=(E("campaigns/fall.yaml", '"{agency}-{docket}.docx"', '"/tmp/{agency}.docx"'),),
    ),
    Case(
        "pattern-windows-drive",
        "error: campaigns/fall.yaml:5:9: output: output pattern leaves the output folder — give "
        "a relative name such as '{agency}-{docket}.docx'",
        args=BATCH,
        edits=(
            E("campaigns/fall.yaml", '"{agency}-{docket}.docx"', "'C:\\drafts\\{agency}.docx'"),
        ),
    ),
    Case(
        "pattern-climbs-out-midway",
        "error: campaigns/fall.yaml:5:9: output: output pattern leaves the output folder — give "
        "a relative name such as '{agency}-{docket}.docx'",
        args=BATCH,
        edits=(E("campaigns/fall.yaml", '"{agency}-{docket}.docx"', '"{agency}/../../x.docx"'),),
    ),
    Case(
        "pattern-extension",
        "error: campaigns/fall.yaml:5:9: output: output pattern must end in one of .docx, .md, "
        ".txt, .pdf — the extension picks the format, e.g. '{agency}.docx'",
        args=BATCH,
        edits=(E("campaigns/fall.yaml", '"{agency}-{docket}.docx"', '"{agency}.rtf"'),),
    ),
    Case(
        "pattern-malformed",
        "error: campaigns/fall.yaml:5:9: output: output pattern is malformed: expected '}' "
        "before end of string — use fields like {agency}",
        args=BATCH,
        edits=(E("campaigns/fall.yaml", '"{agency}-{docket}.docx"', '"{agency.docx"'),),
    ),
    Case(
        "output-folder-missing",
        "error: out/nowhere/letter.docx: folder 'out/nowhere' does not exist — create it first "
        "(mkdir -p out/nowhere) or choose another -o",
        args=("letter", "agency-x", "-o", "out/nowhere/letter.docx"),
    ),
    Case(
        "output-is-a-folder",
        "error: out: 'out' is a folder — give a file name, e.g. -o out/letter.docx",
        args=("letter", "agency-x", "-o", "out"),
    ),
    Case(
        "output-exists",
        "error: out/kept.docx: 'out/kept.docx' already exists — use --force to overwrite it, or "
        "choose another name with -o",
        args=("letter", "agency-x", "-o", "out/kept.docx"),
    ),
    Case(
        "batch-out-dir-parent-missing",
        "error: out/a/b: cannot create the output folder 'out/a/b': 'out/a' does not exist — "
        "create it first (mkdir -p out/a) or choose another --out-dir",
        args=("batch", "fall", "--out-dir", "out/a/b"),
    ),
    # --- command-line values --------------------------------------------------------------------
    Case(
        "impossible-date",
        "Error: Invalid value for '--date': expected a date like 2026-12-01, got '2026-02-30'",
        args=(*LETTER, "--date", "2026-02-30"),
        code=2,
    ),
    Case(
        "date-in-words",
        "Error: Invalid value for '--date': expected a date like 2026-12-01, got 'next week'",
        args=(*OPED, "--date", "next week"),
        code=2,
    ),
    Case(
        "unknown-format",
        "Error: Invalid value for '--format' / '-f': 'rtf' is not one of 'docx', "
        "'md', 'txt', 'pdf'.",
        args=(*LETTER, "--format", "rtf"),
        code=2,
    ),
    Case(
        "unknown-extension",
        "error: unknown output format '.rtf' — use one of: .docx, .md, .txt, .pdf",
        args=("letter", "agency-x", "-o", "out/letter.rtf"),
    ),
    Case(
        "format-and-extension-disagree",
        "error: --format md does not match the output file 'letter.docx' — name the file with "
        ".md, or drop --format",
        args=(*LETTER, "--format", "md"),
    ),
    Case(
        "too-few-words",
        "Error: Invalid value for '--words': 50 is not in the range x>=100.",
        args=(*OPED, "--words", "50"),
        code=2,
    ),
    Case(
        "zero-jobs",
        "Error: Invalid value for '--jobs': 0 is not in the range x>=1.",
        args=(*BATCH, "--jobs", "0"),
        code=2,
    ),
    Case(
        "unknown-option",
        "Error: No such option: --dockett (Possible options: --docket, --force)",
        args=(*LETTER, "--dockett", "AOE-2026-0001"),
        code=2,
    ),
    Case(
        "missing-agency",
        "Error: Missing argument 'agency'.",
        args=("letter",),
        code=2,
    ),
    Case(
        "unknown-agency",
        "error: unknown agency 'agency-xx' — did you mean 'agency-x'?",
        args=("letter", "agency-xx", "-o", "out/letter.docx"),
    ),
    Case(
        "unknown-agency-with-emoji-code",
        "error: unknown agency 'agency:x:' — did you mean 'agency-x'?",
        args=("letter", "agency:x:", "-o", "out/letter.docx"),
    ),
    Case(
        "unknown-docket",
        "error: unknown docket 'AOE-2026-1' for agency-x — did you mean 'AOE-2026-0001'?",
        args=(*LETTER, "--docket", "AOE-2026-1"),
    ),
    Case(
        "unknown-position",
        "error: unknown position 'opendata' — did you mean 'open-data'?",
        args=(*LETTER, "-p", "opendata"),
    ),
    Case(
        "unknown-signer",
        "error: unknown signer 'jordan' — choose one of: director",
        args=(*LETTER, "--signer", "jordan"),
    ),
    Case(
        "unknown-outlet",
        "error: unknown outlet 'daily-exmple' — did you mean 'daily-example'?",
        args=("oped", "--outlet", "daily-exmple", "-o", "out/oped.docx"),
    ),
    Case(
        "unknown-campaign",
        "error: spring: unknown campaign 'spring' — choose one of: fall",
        args=("batch", "spring", "--out-dir", "out/drafts"),
    ),
    Case(
        "workspace-not-found",
        "error: nowhere: nowhere is not a drafter workspace (no drafter.yaml) — check "
        "--workspace, or create one with: drafter init nowhere",
        args=("-w", "nowhere", "check"),
        workspace=False,
    ),
]


# --- running a case ---------------------------------------------------------------------------


def case_named(case_id: str) -> Case:
    return next(c for c in CASES if c.id == case_id)


def apply(root: Path, edits) -> None:
    for edit in edits:
        path = root / edit[0]
        path.parent.mkdir(parents=True, exist_ok=True)
        if len(edit) == 2:
            content = edit[1]
            if isinstance(content, str):
                content = content.encode("utf-8")
            path.write_bytes(content)
        else:
            text = path.read_text(encoding="utf-8")
            assert edit[1] in text, f"{edit[1]!r} is not in {edit[0]}"
            path.write_text(text.replace(edit[1], edit[2], 1), encoding="utf-8")


def snapshot(root: Path) -> dict[str, str]:
    """Every file under root, with its content's hash."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    lines: list[str] = field(default_factory=list)


@pytest.fixture
def place(mini_ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's folder: ws/ (a fresh mini workspace), out/ (holding kept.docx); cwd."""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "kept.docx").write_bytes(b"a colleague's edited draft")
    (tmp_path / "secret.txt").write_text(SECRET)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(case: Case, place: Path) -> Run:
    args = ["-w", "ws", *case.args] if case.workspace else list(case.args)
    result = runner.invoke(app, args, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr, result.stderr.splitlines())


def assert_clean_failure(case: Case, run: Run, before: dict[str, str], place: Path) -> None:
    assert run.code == case.code, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert case.message in run.lines, "\n".join(run.lines)
    if case.alone:
        errors = [line for line in run.lines if line.startswith(("error:", "Error:"))]
        assert errors == [case.message], "\n".join(errors)
    assert not [p for p in place.rglob("*.part")], "a temporary file was left behind"
    assert snapshot(place) == before, "something was written or changed"
    assert not (place / "PWNED").exists() and not (place / "ws" / "PWNED").exists()
    assert SECRET not in run.stdout + run.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_catalogue(case: Case, place: Path) -> None:
    apply(place / "ws", case.edits)
    before = snapshot(place)
    run = invoke(case, place)
    assert_clean_failure(case, run, before, place)


def test_the_catalogue_is_large_and_distinct() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)
    assert len({c.message for c in CASES}) >= 40


def test_the_mini_workspace_drafts_cleanly(place: Path) -> None:
    """The control: unchanged, the same commands succeed, so each case fails for its reason."""
    for args in (("check",), LETTER, OPED, BATCH):
        result = runner.invoke(app, ["-w", "ws", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr


# --- cases that need more than a file edit -----------------------------------------------------


def test_xxe_letterhead_is_refused_and_leaks_nothing(place: Path) -> None:
    case = Case(
        "letterhead-xxe",
        f"error: {LH}: letterhead carries an XML DTD/entity declaration (word/document.xml) — "
        "save it again from Word",
        args=LETTER,
        edits=(L(xxe_letterhead(place / "secret.txt")),),
    )
    apply(place / "ws", case.edits)
    before = snapshot(place)
    run = invoke(case, place)
    assert_clean_failure(case, run, before, place)
    for path in place.rglob("*.docx"):  # only the inputs: kept.docx and the letterhead
        assert SECRET.encode() not in path.read_bytes()


def test_python_tags_run_nothing_through_a_real_process(place: Path) -> None:
    apply(place / "ws", case_named("python-object-apply").edits)
    apply(place / "ws", case_named("python-object-new").edits)
    done = drafter_process(place, "-w", "ws", "check")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "tag !!python/object/apply:os.system is not allowed" in done.stderr
    assert "tag !!python/object/new:subprocess.Popen is not allowed" in done.stderr
    assert not list(place.rglob("PWNED"))


def test_billion_laughs_is_refused_small(place: Path) -> None:
    (place / "ws" / "outlets.yaml").write_text(alias_bomb(), encoding="utf-8")
    tracemalloc.start()
    result = runner.invoke(app, ["-w", "ws", "check"], catch_exceptions=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 1
    assert (
        "error: outlets.yaml:5:4: f[0]: the document expands to too many values (an alias bomb?) "
        "— keep files under 100,000 values and avoid nested aliases"
    ) in result.stderr.splitlines()
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_unwritable_output_folder(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Running as root, a read-only folder is still writable: simulate what a user would see.
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    case = Case(
        "output-folder-unwritable",
        "error: out/letter.docx: cannot write in 'out': Permission denied — check the folder's "
        "permissions",
        args=LETTER,
    )
    before = snapshot(place)
    assert_clean_failure(case, invoke(case, place), before, place)


@pytest.mark.parametrize("where", ["write", "rename"])
def test_full_disk(place: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """ENOSPC halfway through the write, or at the rename: the old file stays, no .part file."""
    real_fdopen, real_replace = os.fdopen, os.replace

    class HalfWritten:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if where == "write":
        monkeypatch.setattr(
            output.os, "fdopen", lambda fd, mode: HalfWritten(real_fdopen(fd, mode))
        )
    else:
        monkeypatch.setattr(output.os, "replace", no_space)
        monkeypatch.setattr(output.os, "link", no_space)
    case = Case(
        f"full-disk-on-{where}",
        "error: out/kept.docx: cannot write 'out/kept.docx': No space left on device — check "
        "free disk space and permissions",
        args=("letter", "agency-x", "-o", "out/kept.docx", "--force"),
    )
    before = snapshot(place)
    run = invoke(case, place)
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert_clean_failure(case, run, before, place)
    assert (place / "out" / "kept.docx").read_bytes() == b"a colleague's edited draft"


# --- the same, through a real process ----------------------------------------------------------


def drafter_process(place: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "DRAFTER_TODAY": "2026-11-24"}
    return subprocess.run(
        [sys.executable, "-m", "drafter", *args],
        cwd=place,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SUBPROCESS = [
    "yaml-unclosed-bracket",
    "template-not-utf8",
    "letterhead-zip-bomb",
    "sandbox-globals",
    "impossible-date",
    "unknown-agency",
]


@pytest.mark.parametrize("case_id", SUBPROCESS)
def test_catalogue_in_a_real_process(case_id: str, place: Path) -> None:
    chosen = case_named(case_id)
    apply(place / "ws", chosen.edits)
    before = snapshot(place)
    done = drafter_process(place, *(["-w", "ws"] if chosen.workspace else []), *chosen.args)
    run = Run(done.returncode, done.stdout, done.stderr, done.stderr.splitlines())
    assert_clean_failure(chosen, run, before, place)


def test_a_real_process_under_a_memory_limit_refuses_the_huge_template(place: Path) -> None:
    """Under a 1 GB address-space limit, a template asking for 10 GB is refused, not killed."""
    huge = case_named("template-builds-a-huge-value")
    apply(place / "ws", huge.edits)
    limit = 1 << 30

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(REPO), "DRAFTER_TODAY": "2026-11-24"}
    done = subprocess.run(
        [sys.executable, "-m", "drafter", "-w", "ws", *huge.args],
        cwd=place,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap,
    )
    assert done.returncode == 1, done.stderr
    assert huge.message in done.stderr.splitlines()


def test_a_file_of_countless_small_values_stops_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """The value limit applies while parsing, not only after: parsing stops at the limit."""
    monkeypatch.setattr(yamlio, "MAX_NODES", 50)
    text = "[" + "1, " * 20_000 + "1]\n"
    with pytest.raises(YamlError) as caught:
        yamlio.loads(text, "sources.yaml")
    assert str(caught.value) == (
        "sources.yaml:1:149: the document expands to too many values (an alias bomb?) — keep "
        "files under 50 values and avoid nested aliases"
    )
