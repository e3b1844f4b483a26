"""Templating: the sandboxed environment, its filters, and errors that name file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.errors import CitationError, Location, TemplateError
from drafter.model import Docket
from drafter.text.templates import (
    make_environment,
    parse_template,
    render_string,
    render_template,
)

DOCKET = Docket(
    "COLC-2023-0006",
    "Artificial Intelligence and Copyright",
    citation="88 Fed. Reg. 59942",
    published=dt.date(2023, 8, 30),
)


def _write(folder: Path, files: dict[str, str]) -> Path:
    """Write a small template tree and return its folder."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _render(source: str, page_commas: bool = True, **context: object) -> str:
    """Render an inline template with the standard environment."""
    env = make_environment([], page_commas=page_commas)
    return render_string(env, source, context, name="inline.md.j2")


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("value", "long", "short"),
    [
        (dt.date(2026, 11, 24), "November 24, 2026", "Nov. 24, 2026"),
        (dt.datetime(2026, 9, 1, 15, 30), "September 1, 2026", "Sept. 1, 2026"),
        ("2026-06-05", "June 5, 2026", "June 5, 2026"),
        ("2026-07-04T12:00:00", "July 4, 2026", "July 4, 2026"),
        (dt.date(2026, 5, 31), "May 31, 2026", "May 31, 2026"),
        (dt.date(2026, 3, 2), "March 2, 2026", "Mar. 2, 2026"),
    ],
)
def test_longdate_and_shortdate(value: object, long: str, short: str) -> None:
    assert _render("{{ d|longdate }}|{{ d|shortdate }}", d=value) == f"{long}|{short}"


@pytest.mark.parametrize("value", ["soon", 20261124, None])
def test_longdate_rejects_non_dates(value: object) -> None:
    with pytest.raises(TemplateError, match="longdate: expected a date like 2026-11-24") as info:
        _render("line one\n{{ d|longdate }}", d=value)
    assert info.value.location == Location(file="inline.md.j2", line=2)


@pytest.mark.parametrize(
    ("items", "args", "expected"),
    [
        (["a", "b", "c"], "", "a, b, and c"),
        (["a", "b", "c", "d"], "", "a, b, c, and d"),
        (["a", "b"], "", "a and b"),
        (["a"], "", "a"),
        ([], "", ""),
        (["a", "b", "c"], "conj='or'", "a, b, or c"),
        (["a", "b"], "'or'", "a or b"),
        ((1, 2, 3), "", "1, 2, and 3"),
    ],
)
def test_oxford(items: list[str], args: str, expected: str) -> None:
    call = f"oxford({args})" if args else "oxford"
    assert _render(f"{{{{ items|{call} }}}}", items=items) == expected


@pytest.mark.parametrize(
    ("template", "commas", "expected"),
    [
        ("{{ docket|fr_cite }}", True, "88 Fed. Reg. 59,942 (Aug. 30, 2023)"),
        ("{{ docket|fr_cite }}", False, "88 Fed. Reg. 59942 (Aug. 30, 2023)"),
        ("{{ '88 Fed. Reg. 59942'|fr_cite }}", True, "88 Fed. Reg. 59,942"),
        (
            "{{ '90 Fed. Reg. 9088'|fr_cite('2025-02-06') }}",
            True,
            "90 Fed. Reg. 9088 (Feb. 6, 2025)",
        ),
        ("{{ '1 Fed. Reg. 123456'|fr_cite }}", True, "1 Fed. Reg. 123,456"),
        ("{{ '1 Fed. Reg. 123456'|fr_cite }}", False, "1 Fed. Reg. 123456"),
        ("{{ '593 U.S. 1'|fr_cite }}", True, "593 U.S. 1"),
        ("{{ '90 Fed. Reg. 46422'|fr_cite(day) }}", True, "90 Fed. Reg. 46,422 (Sept. 26, 2025)"),
    ],
)
def test_fr_cite_filter_and_bluebook_commas(template: str, commas: bool, expected: str) -> None:
    rendered = _render(template, page_commas=commas, docket=DOCKET, day=dt.date(2025, 9, 26))
    assert rendered == expected


def test_fr_cite_on_a_docket_without_citation() -> None:
    with pytest.raises(TemplateError, match="docket X-2026-0001 has no citation"):
        _render("{{ d|fr_cite }}", d=Docket("X-2026-0001", "Untitled"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain words", "plain words"),
        ("*bold* _it_ `code`", r"\*bold\* \_it\_ \`code\`"),
        ("[link](x) <b> a|b ~x~", r"\[link\](x) \<b\> a\|b \~x\~"),
        ("# heading\n> quote\n- item\n+ item", "\\# heading\n\\> quote\n\\- item\n\\+ item"),
        ("1. first\n  2) second", "1\\. first\n  2\\) second"),
        ("::: address", "\\::: address"),
        ("C:\\path", "C:\\\\path"),
        ("AT&T &amp; co", "AT&T \\&amp; co"),
        ("[@key] [^1]", r"\[@key\] \[^1\]"),
        ("mid # hash - dash 3. x", "mid # hash - dash 3. x"),
        (None, ""),
        (42, "42"),
    ],
)
def test_md_escape(value: object, expected: str) -> None:
    assert _render("{{ v|md_escape }}", v=value) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("one two three", 3),
        ("It's a state-of-the-art, well-known fact.", 5),
        ("See [the hearing](https://example.org/a/b/c) today.", 4),
        ("Claim.[^c1] More <https://example.org/x>.", 2),
        ("**Bold** and *it* — dash", 4),
    ],
)
def test_words(text: str, count: int) -> None:
    assert _render("{{ t|words }}", t=text) == str(count)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See [the hearing](https://x.org) **now** [@a, p. 3].", "See the hearing now."),
        ("*Keep* `code`\n\nand _lines_", "Keep code and lines"),
    ],
)
def test_plain(text: str, expected: str) -> None:
    assert _render("{{ t|plain }}", t=text) == expected


# ---------------------------------------------------------------- environment and loading


def test_environment_settings(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"t.md.j2": "{% for x in xs %}\n  {% if x %}\n{{ x }}\n  {% endif %}\n{% endfor %}\n"},
    )
    env = make_environment([tmp_path])
    assert render_template(env, "t.md.j2", {"xs": ["a", "<b>"]}) == "a\n<b>\n"


def test_workspace_template_overrides_builtin(tmp_path: Path) -> None:
    workspace = _write(tmp_path / "ws", {"letter.md.j2": "workspace {{ n }}\n"})
    builtin = _write(
        tmp_path / "builtin",
        {"letter.md.j2": "builtin\n", "oped.md.j2": "builtin oped\n"},
    )
    env = make_environment([workspace, builtin])
    assert render_template(env, "letter.md.j2", {"n": 1}) == "workspace 1\n"
    assert render_template(env, "oped.md.j2", {}) == "builtin oped\n"


def test_include_of_a_partial(tmp_path: Path) -> None:
    workspace = _write(
        tmp_path / "ws", {"letter.md.j2": 'Dear {{ who }}:\n{% include "sig.md.j2" %}'}
    )
    builtin = _write(tmp_path / "builtin", {"sig.md.j2": "Sincerely,\n{{ who|upper }}\n"})
    env = make_environment([workspace, builtin])
    assert render_template(env, "letter.md.j2", {"who": "Ann"}) == "Dear Ann:\nSincerely,\nANN\n"


# ---------------------------------------------------------------- errors


def test_undefined_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "templates", {"letter.md.j2": "Dear {{ signer }},\n\n{{ singer.name }}\n"})
    env = make_environment([Path("templates")])
    with pytest.raises(TemplateError, match="'singer' is undefined") as info:
        render_template(env, "letter.md.j2", {"signer": "x"})
    assert info.value.location == Location(file="templates/letter.md.j2", line=3)
    assert info.value.hint == "did you mean signer?"
    assert str(info.value).startswith("templates/letter.md.j2:3:1: undefined value in template")


def test_missing_attribute_names_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, {"t.md.j2": "a\nb\n{{ docket.nope }}\n"})
    env = make_environment([tmp_path])
    with pytest.raises(TemplateError, match="has no attribute 'nope'") as info:
        render_template(env, "t.md.j2", {"docket": DOCKET})
    assert info.value.location.line == 3
    assert info.value.location.file.endswith("t.md.j2")


def test_error_in_a_partial_names_the_partial_and_the_include(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"main.md.j2": 'one\n{% include "part.md.j2" %}\n', "part.md.j2": "x\ny\n{{ oops }}"},
    )
    env = make_environment([tmp_path])
    with pytest.raises(TemplateError) as info:
        render_template(env, "main.md.j2", {})
    assert info.value.location.file.endswith("part.md.j2")
    assert info.value.location.line == 3
    assert "included from " in info.value.hint and "main.md.j2:2" in info.value.hint


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, {"bad.md.j2": "fine\nfine\n{% if x %}\nno end\n"})
    env = make_environment([tmp_path])
    with pytest.raises(TemplateError, match="Unexpected end of template") as info:
        render_template(env, "bad.md.j2", {"x": 1})
    assert info.value.location.file.endswith("bad.md.j2")
    assert info.value.location.line == 4  # Jinja reports the last line it read


def test_syntax_error_in_included_partial(tmp_path: Path) -> None:
    _write(tmp_path, {"main.md.j2": '{% include "p.md.j2" %}', "p.md.j2": "ok\n{{ x + }}\n"})
    env = make_environment([tmp_path])
    with pytest.raises(TemplateError, match="template syntax error") as info:
        render_template(env, "main.md.j2", {"x": 1})
    assert info.value.location.file.endswith("p.md.j2")
    assert info.value.location.line == 2


def test_inline_syntax_error_uses_the_given_name() -> None:
    with pytest.raises(TemplateError) as info:
        _render("a\n{{ x }")
    assert info.value.location == Location(file="inline.md.j2", line=2)


def test_unknown_filter_suggests_a_close_one() -> None:
    with pytest.raises(TemplateError, match="No filter named 'longdat'") as info:
        _render("{{ d|longdat }}", d="2026-01-01")
    assert info.value.hint == "did you mean longdate?"


def test_parse_template(tmp_path: Path) -> None:
    _write(tmp_path, {"ok.md.j2": "{{ x }}", "bad.md.j2": "{% for %}"})
    env = make_environment([tmp_path])
    assert parse_template(env, "ok.md.j2").render(x=1) == "1"
    with pytest.raises(TemplateError, match="template syntax error"):
        parse_template(env, "bad.md.j2")
    with pytest.raises(TemplateError, match="not found"):
        parse_template(env, "gone.md.j2")


def test_drafter_errors_from_filters_keep_their_type_and_gain_the_line() -> None:
    def boom(value: object) -> str:
        raise CitationError("unknown source 'x'", hint="did you mean 'y'?")

    env = make_environment([])
    env.filters["boom"] = boom
    with pytest.raises(CitationError) as info:
        render_string(env, "a\n{{ 1|boom }}", {}, name="t.md.j2")
    assert info.value.location == Location(file="t.md.j2", line=2)
    assert info.value.hint == "did you mean 'y'?"


def test_template_not_found_lists_folders(tmp_path: Path) -> None:
    env = make_environment([tmp_path / "ws", tmp_path / "builtin"])
    with pytest.raises(TemplateError, match=r"template 'letter\.md\.j2' not found") as info:
        render_template(env, "letter.md.j2", {})
    assert info.value.hint.startswith("looked in: ")
    assert "ws" in info.value.hint and "builtin" in info.value.hint


def test_missing_include_names_the_including_line(tmp_path: Path) -> None:
    _write(tmp_path, {"main.md.j2": 'a\n{% include "gone.md.j2" %}\n'})
    env = make_environment([tmp_path])
    with pytest.raises(TemplateError, match=r"template 'gone\.md\.j2' not found") as info:
        render_template(env, "main.md.j2", {})
    assert info.value.location.line == 2


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ().__class__.__base__.__subclasses__() }}",
        "{{ lipsum.__globals__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ joiner.__init__.__globals__.os }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
        "{{ org.__dict__ }}",
        "{{ org.__class__.__mro__ }}",
        "{{ org._fields }}",
        "{{ org.questions[0].__class__ }}",
        "{{ ''.format.__self__ }}",
    ],
)
def test_sandbox_escapes_are_refused(source: str) -> None:
    with pytest.raises(TemplateError, match="template tried to access an unsafe attribute") as info:
        _render("ok\n" + source, org=DOCKET)
    assert info.value.location == Location(file="inline.md.j2", line=2)


def test_other_runtime_errors_name_the_line() -> None:
    with pytest.raises(TemplateError, match="ZeroDivisionError") as info:
        _render("a\nb\n{{ 1 / 0 }}")
    assert info.value.location.line == 3
