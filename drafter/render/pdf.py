"""Word (.docx) → PDF through LibreOffice, run headless in a throwaway folder."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from drafter.errors import ConversionError

TIMEOUT = 120.0  # seconds; a first run builds LibreOffice's profile, which takes a while

_INSTALL_HINT = (
    "install it with: sudo apt-get install libreoffice-writer-nogui (Debian/Ubuntu) "
    "or brew install --cask libreoffice"
)
_MAC_APP = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def find_soffice() -> str | None:
    """The LibreOffice executable: soffice or libreoffice on PATH, or the macOS app."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "darwin" and Path(_MAC_APP).exists():
        return _MAC_APP
    return None


def docx_to_pdf(docx: bytes, *, timeout: float = TIMEOUT) -> bytes:
    """Convert .docx bytes to PDF bytes; ConversionError when LibreOffice is missing or fails."""
    exe = find_soffice()
    if exe is None:
        raise ConversionError("LibreOffice is not installed", hint=_INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(docx)
        # Its own profile: no clash with a LibreOffice the user has open, no shared state.
        profile = (folder / "profile").as_uri()
        command = [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        code, errors = _run(command, timeout, cwd=folder)
        result = folder / "out" / "document.pdf"
        if code != 0 or not result.is_file():
            detail = errors.strip().splitlines()[-1] if errors.strip() else f"exit status {code}"
            raise ConversionError(
                f"LibreOffice could not convert the document to PDF ({detail})",
                hint="open the .docx in LibreOffice to see what it objects to, "
                "or use --format docx",
            )
        return result.read_bytes()


def _run(command: list[str], timeout: float, cwd: Path) -> tuple[int, str]:
    """Run LibreOffice; on timeout stop it and everything it started."""
    env = dict(os.environ, HOME=str(cwd))  # keeps its stray files out of the user's home
    posix = os.name == "posix"
    try:
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=posix,
        )
    except OSError as error:
        raise ConversionError(
            f"LibreOffice could not be started ({error.strerror})", hint=_INSTALL_HINT
        ) from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(proc, posix)
        raise ConversionError(
            f"LibreOffice did not finish converting to PDF within {timeout:g} seconds",
            hint="close other LibreOffice windows and try again, or use --format docx",
        ) from None
    except BaseException:  # Ctrl-C: LibreOffice goes too, before its folder is removed
        _stop(proc, posix)
        raise
    return proc.returncode, (err or out).decode("utf-8", "replace")


def _stop(proc: subprocess.Popen[bytes], posix: bool) -> None:
    """Stop LibreOffice and everything it started, and wait for it to be gone."""
    if posix:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.kill()
    proc.communicate()
