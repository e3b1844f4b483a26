"""Property-based fuzzing: any prose, any Markdown, any YAML gives a document or a clean error.

Three properties, each bounded so the file runs in well under two minutes:

- arbitrary text in every prose field of a position either becomes a .docx whose text
  python-docx (and, for fewer examples, pandoc) reads back, or a ``DrafterError``;
- arbitrary Markdown written on the letterhead reads back with exactly the text markdown-it
  parsed, or gives a ``DrafterError``;
- arbitrary YAML documents for each schema either validate (and then draft) or give errors
  that every one carry a file and, where the document parsed, a line.

The number of examples scales with ``DRAFTER_FUZZ_SCALE`` (default 1) for a deeper local run:
``DRAFTER_FUZZ_SCALE=20 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unicodedata
import zlib
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from drafter import LetterRequest, OpedRequest, draft_letter, draft_oped, render_draft
from drafter.compose import checks
from drafter.errors import DrafterError, ValidationError
from drafter.load.workspace import load_workspace
from drafter.render.docx.document import DocInfo, HeaderInfo, Letterhead
from drafter.render.docx.text_of import docx_text as read_body_text
from drafter.text import code_spans, plaintext, readability
from drafter.text.citations import find_citations, to_footnotes
from drafter.text.markdown import is_page_break, parse_tokens
from tests.conftest import MINI, TODAY, build_tree
from tests.docx_dump import pandoc_read, require_tool

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

settings.register_profile(
    "drafter-fuzz",
    deadline=None,
    database=None,  # no example database left in the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BASE = settings.get_profile("drafter-fuzz")
SCALE = max(1, int(os.environ.get("DRAFTER_FUZZ_SCALE", "1")))


def bounded(examples: int) -> settings:
    """The fuzz profile with a bounded number of examples (times DRAFTER_FUZZ_SCALE)."""
    return settings(BASE, max_examples=examples * SCALE)


# --- reading text back -------------------------------------------------------------------------


def letters(text: str) -> str:
    """The letters of a text: what survives any markup around them.

    Decomposed first, so that a combining mark that lands next to another paragraph's last
    letter (once whitespace is squeezed out) cannot change the letters on either side.
    """
    return "".join(c for c in unicodedata.normalize("NFD", text) if c.isalpha())


def squeeze(text: str) -> str:
    """Text without whitespace: Word turns soft breaks into spaces and pads note numbers."""
    return "".join(text.split())


def docx_text(data: bytes) -> tuple[str, list[str]]:
    """The body's text and each footnote's text (whitespace left out), as python-docx reads it."""
    document = docx.Document(io.BytesIO(data))
    body = "".join(t.text or "" for t in document.element.body.iter(f"{W}t"))
    notes: list[str] = []
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            for note in root.iter(f"{W}footnote"):
                if note.get(f"{W}type") is None:
                    notes.append(squeeze("".join(t.text or "" for t in note.iter(f"{W}t"))))
    return squeeze(body), notes


def markdown_text(markdown: str) -> tuple[str, list[str]]:
    """What the writer must put in Word: the body's text and each referenced footnote's text.

    Taken from markdown-it's tokens: text and code content, page-break paragraphs left out;
    a footnote appears once per reference, in order of reference.
    """
    body: list[str] = []
    notes: dict[int, list[str]] = {}
    refs: list[int] = []
    out = body
    tokens = parse_tokens(markdown)
    for i, tok in enumerate(tokens):
        if tok.type == "footnote_open":
            out = notes.setdefault(tok.meta["id"], [])
        elif tok.type == "footnote_close":
            out = body
        elif tok.type in ("fence", "code_block"):
            out.append(tok.content)
        elif tok.type == "inline":
            opener = tokens[i - 1].type if i else ""
            if opener == "paragraph_open" and out is body and is_page_break(tok):
                continue
            for child in tok.children or ():
                if child.type == "footnote_ref" and out is body:
                    refs.append(child.meta["id"])
                elif child.type not in ("footnote_ref", "footnote_anchor"):
                    out.append(child.content)
    return squeeze("".join(body)), [squeeze("".join(notes.get(r, []))) for r in refs]


def pandoc_plain(data: bytes) -> str:
    return pandoc_read(data, "plain")


def assert_pandoc_reads_every_letter(data: bytes) -> None:
    """pandoc finds at least every letter python-docx finds (it adds metadata, loses none)."""
    body, notes = docx_text(data)
    ours = collections.Counter(letters(body + "".join(notes)).casefold())
    theirs = collections.Counter(letters(pandoc_plain(data)).casefold())
    missing = ours - theirs
    assert not missing, f"pandoc lost letters: {dict(missing)}"


# --- a scratch workspace, shared by the examples of a test ------------------------------------


@pytest.fixture(scope="module")
def scratch() -> Path:
    root = Path(tempfile.mkdtemp(prefix="drafter-fuzz-"))
    build_tree(root, MINI)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def replaced(root: Path, name: str, content: str | bytes):
    """The workspace with one file's content replaced, restored afterwards."""
    path = root / name
    before = path.read_bytes()
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    try:
        yield root
    finally:
        path.write_bytes(before)


def mini_doc(name: str):
    return yaml.safe_load(textwrap.dedent(MINI[name]))


def dump(doc) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=60)


# --- 1. arbitrary text in every prose field ---------------------------------------------------

_SCRIPTS = (
    "abcxyzABCXYZ"  # Latin
    "éüñçøß"  # Latin with diacritics
    "αβγΩ"  # Greek
    "жщЯ"  # Cyrillic
    "שלום"  # Hebrew, right to left
    "مرحبا"  # Arabic, right to left
    "漢字かな한글"  # CJK
)
_WORDS = st.text(alphabet=_SCRIPTS, min_size=1, max_size=8)
_PROSE_PIECES = st.sampled_from((
    " ", " ", " ", "\n", "\n\n", "\t", "    ", "*", "**", "_", "\\", "[", "]", "<", ">", "&",
    "# ", "## ", "- ", "1. ", "> ", "'", '"', "{{ org }}", "{% if %}", "—", ".", ",", "@", "~",
    "😀", "👩‍👩‍👧", "🇺🇸", "\u200f", "\u202e", "\u0301", "\u00a0", "\u2028", "½", "<b>", "</i>",
    " [@hearing]", " [@report, p. 4]", " [@hearing; @report]", "\\[@hearing]",
    " [@nosuch]",
))  # fmt: skip
PROSE = st.lists(st.one_of(_WORDS, _PROSE_PIECES), min_size=1, max_size=30).map("".join)

# (where in the position the text goes, whether a letter prints it verbatim)
FIELDS = {
    "stance": ("stance",),
    "argument text": ("arguments", 1, "text"),  # better-science: the one that answers Question 1
    "argument short": ("arguments", 0, "short"),
    "ask": ("asks", 0),
    "concern": ("concerns", 0, "concern"),
    "response": ("concerns", 0, "response"),
}


def with_field(path: tuple, value: str) -> str:
    doc = mini_doc("positions/open-data.yaml")
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return dump(doc)


def expected_letters(text: str) -> str:
    """The letters of a prose value that a reader must find, citations (now notes) left out."""
    for start, end, _ in reversed(find_citations(text)):
        text = text[:start] + text[end:]
    return letters(text)


def draft_with(root: Path, field: str, value: str, kind: str) -> bytes | None:
    """The .docx drafted from the workspace with value in field, or None on a DrafterError."""
    with replaced(root, "positions/open-data.yaml", with_field(FIELDS[field], value)):
        try:
            ws, _ = load_workspace(root)
            if kind == "letter":
                draft = draft_letter(ws, LetterRequest("agency-x", today=TODAY))
            else:
                draft = draft_oped(ws, OpedRequest(outlet="daily-example", words=None, today=TODAY))
            data = render_draft(ws, draft, "docx")
        except DrafterError as error:
            assert str(error).strip() and "Traceback" not in str(error)
            return None
    assert markdown_text(draft.markdown) == docx_text(data), "the writer changed the text"
    return data


@pytest.mark.parametrize("field", [f for f in FIELDS if f != "argument short"])
@bounded(25)
@given(value=PROSE)
def test_any_prose_in_a_letter_reads_back(scratch: Path, field: str, value: str) -> None:
    data = draft_with(scratch, field, value, "letter")
    if data is None:
        return
    body, _notes = docx_text(data)
    # Text that is markup only (a lone "\\newpage", a footnote label) may vanish; letters not.
    assume("newpage" not in value)
    assert expected_letters(value) in letters(body), "letters of the field are missing"


@pytest.mark.parametrize("field", ["argument short", "stance", "argument text"])
@bounded(15)
@given(value=PROSE)
def test_any_prose_in_an_oped_gives_a_docx_or_a_clean_error(
    scratch: Path, field: str, value: str
) -> None:
    draft_with(scratch, field, value, "oped")


@bounded(12)
@given(field=st.sampled_from(list(FIELDS)), value=PROSE)
def test_pandoc_reads_the_same_letters(scratch: Path, field: str, value: str) -> None:
    require_tool("pandoc")
    data = draft_with(scratch, field, value, "letter")
    if data is not None:
        assert_pandoc_reads_every_letter(data)


@bounded(30)
@given(value=st.text(min_size=1, max_size=40))
def test_any_unicode_at_all_gives_a_docx_or_a_clean_error(scratch: Path, value: str) -> None:
    """Control characters, surrogates, noncharacters: refused with a location, or written."""
    assume(value.strip())
    try:
        text = with_field(FIELDS["stance"], value)
    except yaml.YAMLError:
        return  # not representable in YAML at all (a lone surrogate): no file to read
    with replaced(scratch, "positions/open-data.yaml", text):
        try:
            ws, _ = load_workspace(scratch)
            draft = draft_letter(ws, LetterRequest("agency-x", today=TODAY))
            render_draft(ws, draft, "docx")
        except ValidationError as error:
            for problem in error.problems:
                assert problem.location.file and problem.location.line > 0, str(problem)
        except DrafterError as error:
            assert str(error).strip()


# --- 2. arbitrary Markdown on the letterhead ---------------------------------------------------

_MD_PIECES = st.sampled_from((
    "a", "b ", "word ", " ", "  ", "    ", "\t", "\n", "\n\n", "*", "**", "_", "`", "```",
    "~~~", "[", "]", "(", ")", "[x](https://e.org/a?b=1&c=2)", "<https://e.org>", "<b>", "&amp;",
    "&#1;", "&#xD800;", "#", "# ", "### ", "###### ", "1. ", "3) ", "- ", "* ", "+ ", "> ",
    "   - ", "      1. ", "|", "| a | b |\n|---|:-:|\n| c | d |\n", "|---|", "::: address",
    "::: quote", "::: signature", "::: re-line", "::: nosuch", ":::", "[^1]", "[^1]: ",
    "[^note]", "[^note]: text\n", "^[inline note]", "\\newpage", "\\", "---", "***", "===",
    "é", "😀", "שלום", "مرحبا", "漢字", "\u202e", "![alt](https://e.org/i.png)", "{{ x }}",
    "[@hearing]", " [@report, p. 4]", "[@hearing; @report, pp. 2-3]", "[@nosuch]", "\\[@report]",
    "`[@hearing]`", "[^c1]", "[^c1]: mine\n",
))  # fmt: skip
MARKDOWN = st.lists(_MD_PIECES, max_size=40).map("".join)
INFO = DocInfo(title="Fuzz", subject="AOE-2026-0001", author="CEP", date=dt.date(2026, 12, 1))


@pytest.fixture(scope="module")
def letterhead() -> Letterhead:
    return Letterhead.builtin(HeaderInfo("Center for Example Policy", ("1 Example Plaza",)))


def render_or_none(letterhead: Letterhead, markdown: str) -> bytes | None:
    try:
        return letterhead.render(markdown, INFO, source="fuzz")
    except DrafterError as error:
        assert error.location.file == "fuzz", str(error)
        return None


@bounded(150)
@given(markdown=MARKDOWN)
def test_any_markdown_reads_back_with_the_parsed_text(letterhead: Letterhead, markdown: str):
    data = render_or_none(letterhead, markdown)
    if data is not None:
        assert docx_text(data) == markdown_text(markdown)


def _shingles_by_the_definition(text: str, n: int) -> set[int]:
    words = [zlib.crc32(w.encode("utf-8")) for w in re.findall(r"\w+", text.lower())]
    return set(map(hash, zip(*(words[k:] for k in range(n)), strict=False)))


@bounded(300)
@given(
    lines=st.lists(st.text(alphabet=st.sampled_from("ab É ΣΑσ_1-\n,."), max_size=30), max_size=8),
    n=st.sampled_from((1, 2, 5)),
)
def test_remembered_lines_change_no_shingle(lines: list[str], n: int):
    # checks.shingles hashes each line once per process: the same text in another order, or
    # with its lines joined differently, must give the n-grams of the whole text all the same.
    for text in ("\n".join(lines), " ".join(lines), "\n".join(reversed(lines))):
        assert checks.shingles(text, n) == _shingles_by_the_definition(text, n)


@bounded(150)
@given(markdown=MARKDOWN)
def test_the_writer_knows_the_text_it_wrote(letterhead: Letterhead, markdown: str):
    # The batch's similarity check takes the writer's word for what the file will read back.
    try:
        data, text = letterhead.build(markdown, INFO, source="fuzz")
    except DrafterError:
        return
    assert text == read_body_text(data)


@pytest.fixture(scope="module")
def sources() -> dict:
    root = Path(tempfile.mkdtemp(prefix="drafter-fuzz-"))
    try:
        return load_workspace(build_tree(root, MINI))[0].sources
    finally:
        shutil.rmtree(root, ignore_errors=True)


@bounded(100)
@given(markdown=MARKDOWN)
def test_any_markdown_with_citations_becomes_footnotes(letterhead, sources, markdown) -> None:
    """Citations anywhere (code, notes, tables) become notes, or a clean error; text survives."""
    try:
        cited, _ = to_footnotes(markdown, sources, where="fuzz")
    except DrafterError as error:
        assert error.location.file == "fuzz", str(error)
        return
    data = render_or_none(letterhead, cited)
    if data is not None:
        assert docx_text(data) == markdown_text(cited)


@bounded(12)
@given(markdown=MARKDOWN)
def test_pandoc_reads_any_markdown_back(letterhead: Letterhead, markdown: str) -> None:
    require_tool("pandoc")
    data = render_or_none(letterhead, markdown)
    if data is not None:
        assert_pandoc_reads_every_letter(data)


# --- 3. arbitrary YAML for every schema --------------------------------------------------------

_KEYS = (
    "id", "name", "title", "stance", "topics", "priority", "arguments", "text", "short", "asks",
    "concerns", "concern", "response", "short_name", "description", "address", "website",
    "signers", "defaults", "signer", "letterhead", "citation_page_commas", "organization",
    "dockets", "deadline", "published", "questions", "number", "interests", "positions", "type",
    "url", "date", "words", "links", "bio", "kind", "output", "targets", "agency", "docket",
    "outlet", "emphasis", "vars", "summaries", "similarity_threshold", "hearing", "report",
)  # fmt: skip
_IDS = ("open-data", "fair-rules", "agency-x", "director", "AOE-2026-0001", "daily-example")
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from((*_IDS, "", "{agency}.docx", "../x.docx", "/abs.docx", "{x}.docx")),
    st.dates(),
    st.datetimes(),
)
YAML_KEYS = st.one_of(st.sampled_from(_KEYS), st.text(max_size=8), st.integers(), st.booleans())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(YAML_KEYS, inner, max_size=4),
    max_leaves=12,
)
SCHEMAS = (
    "drafter.yaml",
    "positions/open-data.yaml",
    "agencies/agency-x.yaml",
    "sources.yaml",
    "outlets.yaml",
    "campaigns/fall.yaml",
)


@st.composite
def mutated(draw, name: str):
    """The mini workspace's valid document with one value replaced, removed or added."""
    doc = mini_doc(name)
    node = doc
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and draw(st.booleans()):
            node = child
            continue
        action = draw(st.sampled_from(("replace", "remove", "add")))
        if action == "replace":
            node[key] = draw(VALUES)
        elif action == "remove" and isinstance(node, dict):
            del node[key]
        elif isinstance(node, dict):
            node[draw(YAML_KEYS)] = draw(VALUES)
        else:
            node.append(draw(VALUES))
        break
    return dump(doc)


# YAML's own syntax in pieces: anchors and aliases (recursive ones too), tags, merge keys,
# flow and block collections, several documents, directives.
_YAML_PIECES = st.sampled_from((
    "[", "]", "{", "}", ", ", ": ", "- ", "\n", "  ", "k", "v", "id", "&a ", "*a", "&b ", "*b",
    "<<: ", "? ", "'", '"', "# c", "|\n", ">\n", "!!python/name:os.system ", "!!str ",
    "!!binary ", "!x ", "---\n", "...\n", "%YAML 1.1\n", "\t", "\\", "@", "`", "2026-02-30",
    "2026-12-01", "1e400", "0x1F", ".nan", "~", "null", "yes", "\"\\x01\"", "\"\\ud800\"",
))  # fmt: skip
YAML_SOUP = st.lists(_YAML_PIECES, max_size=60).map("".join)


def documents(name: str):
    return st.one_of(
        mutated(name),
        VALUES.map(dump),
        YAML_SOUP,
        st.text(max_size=200),
        st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    )


def assert_clean(root: Path) -> None:
    """Load and, when valid, draft; every problem must say where it is."""
    try:
        ws, _ = load_workspace(root)
    except ValidationError as error:
        for problem in error.problems:
            where = problem.location
            assert where.file, f"no file: {problem}"
            assert where.line > 0 or "too large" in problem.message, f"no line: {problem}"
            assert problem.message.strip()
        return
    try:
        if "agency-x" in ws.agencies:
            render_draft(ws, draft_letter(ws, LetterRequest("agency-x", today=TODAY)), "docx")
        if "daily-example" in ws.outlets:
            render_draft(
                ws, draft_oped(ws, OpedRequest(outlet="daily-example", today=TODAY)), "docx"
            )
        if "fall" in ws.campaigns:
            from drafter.batch import plan_batch

            plan_batch(ws, ws.campaigns["fall"], root / "drafts", today=TODAY)
    except DrafterError as error:
        assert str(error).strip()


@pytest.mark.parametrize("name", SCHEMAS)
@bounded(40)
@given(data=st.data())
def test_any_yaml_validates_or_errs_with_a_location(scratch: Path, name: str, data) -> None:
    text = data.draw(documents(name))
    with replaced(scratch, name, text):
        assert_clean(scratch)


def test_mutations_start_from_a_valid_workspace(scratch: Path) -> None:
    for name in SCHEMAS:
        with replaced(scratch, name, dump(copy.deepcopy(mini_doc(name)))):
            load_workspace(scratch)


# --- the code-span scan of citations (drafter.text.code_spans) ---------------------------------


def slow_code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """code_spans._code_spans as it was: one character at a time."""
    spans, i = [], start
    while i < end:
        if text[i] == "\\":
            i += 2
        elif text[i] == "`":
            j = i
            while j < end and text[j] == "`":
                j += 1
            blank = re.compile(r"\n[ \t]*\n").search(text, j, end)
            close = re.compile(rf"(?<!`)`{{{j - i}}}(?!`)").search(
                text, j, blank.start() if blank else end
            )
            if close:
                spans.append((i, close.end()))
            i = close.end() if close else j
        else:
            i += 1
    return spans


@bounded(300)
@given(st.text(alphabet="ab `\\\n\t[@]", max_size=60), st.data())
def test_code_span_scan_finds_what_the_character_loop_found(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert code_spans._code_spans(text, start, end) == slow_code_spans(text, start, end)


# --- long runs of special characters: every scan of prose finishes -----------------------------
# A regular expression that tries each start afresh turns a long run of one character into
# quadratic time (minutes for a field of a few hundred KB). Each scan runs here on runs of every
# special character, 256 KiB long (32 KiB for the Markdown parse, which is linear but slower),
# in a process of its own: the timeout is only a generous "it finishes" guard, far above the
# seconds these take and far below what a quadratic scan would need.

RUN_CHARS = "*_`[]()<>!?.:^@\\#&~-+=|{}\"' \t\n;,"
LONG_RUN = r"""
import sys
from drafter.compose.checks import placeholders
from drafter.errors import DrafterError
from drafter.text.readability import count_words, sentences
from drafter.text.templates import md_escape, plain, words
scan = {"placeholders": placeholders, "sentences": sentences, "plain": plain, "words": words,
        "md_escape": md_escape, "count_words": count_words}[sys.argv[1]]
n = int(sys.argv[3])
for c in sys.argv[2]:
    for text in (c * n, (c + "a ") * (n // 3), ("[" + c) * (n // 2), ("a" + c + "\n\n") * (n // 4)):
        try:
            scan(text)
        except DrafterError:  # Markdown refused at once (a paragraph too long to parse)
            pass
print("done")
"""


@pytest.mark.parametrize(
    ("scan", "size"),
    [
        ("placeholders", 1 << 18),
        ("sentences", 1 << 18),
        ("plain", 1 << 18),
        ("words", 1 << 18),
        ("md_escape", 1 << 18),
        ("count_words", 1 << 15),  # markdown-it: linear, but some 30 µs a paragraph
    ],
)
def test_long_runs_of_special_characters_finish(scan: str, size: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", LONG_RUN, scan, RUN_CHARS, str(size)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"


# --- the linear scans do what the regular expressions they replace did ------------------------

OLD_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]+\)")
OLD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1")
OLD_NOT_WORDS_RE = re.compile(r"\]\([^)]*\)|<[a-z][\w+.-]*:[^>\s]*>|\[\^[^\]\s]+\]", re.I)
OLD_SENTENCE_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")


def old_sentences(text: str) -> list[str]:
    """readability.sentences as it was, with a regular expression and slices."""
    out, start = [], 0
    for m in OLD_SENTENCE_END_RE.finditer(text):
        after = text[m.end() :].lstrip()[:1]
        if after and not (after.isupper() or after in "\"'“‘(["):
            continue
        if m.group().startswith(".") and readability._abbreviation(
            text[start : m.end()].split()[-1]
        ):
            continue
        piece = text[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    rest = text[start:].strip()
    if readability._WORD_RE.search(rest):
        out.append(rest)
    return out


@bounded(600)
@given(st.text(alphabet="ab *_`[]()<>:^h\n\t\u00a0", max_size=40))
def test_the_markup_scans_do_what_the_regexes_did(text: str) -> None:
    assert plaintext.unwrap_links(text) == OLD_LINK_RE.sub(r"\1", text)
    assert plaintext.strip_emphasis(text) == OLD_EMPHASIS_RE.sub(r"\2", text)
    assert plaintext.drop_link_targets(text) == OLD_NOT_WORDS_RE.sub("]", text)


SENTENCE_PIECES = [*"aA .!?\"')]”’“([\n", "U.S.", "e.g.", "Sen.", "No."]


@bounded(600)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=30).map("".join))
def test_sentences_are_split_as_before(text: str) -> None:
    assert readability.sentences(text) == old_sentences(text)
