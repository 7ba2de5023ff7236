"""What makes an agreement file safe to read and to write.

- CSV cells that a spreadsheet would run as a formula (leading ``=``, ``+``, ``-``, ``@``,
  tab or CR) are written with a leading ``'``, which the import takes off again: the file
  still imports back unchanged, and a curator opening it in Excel runs nothing.
- An XLSX is a zip: its parts are measured in the zip's central directory before any XML
  is parsed, so a few megabytes that unpack to gigabytes are refused at once. Python's
  zipfile stops each part at its declared size and checks its CRC, so a part cannot
  unpack to more than the directory says. The XML itself is parsed by openpyxl through
  defusedxml (entity expansion and external entities refused).
- A CSV's encoding is found before the first row is read: UTF-8 (with or without BOM),
  else Windows-1252 (what Excel writes in an Indonesian or English locale), else one line
  saying how to save the file (a NUL byte anywhere means it is not text at all); its
  delimiter (``,``, ``;`` or tab) from its header line.
- Export writes the whole file beside its target and renames it into place, so a failed
  export leaves nothing half written, and it never creates folders.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# One more ' for cells that already start with 's before a formula lead: the escaping
# is then reversible whatever a cell holds.
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")

MAX_XLSX_UNPACKED = 50 * 1024 * 1024  # every part together, uncompressed
MAX_XLSX_RATIO = 200  # uncompressed / compressed, for parts large enough to matter
RATIO_CHECKED_FROM = 1024 * 1024  # smaller parts cannot hurt, whatever their ratio
EXPORT_SUFFIXES = (".csv", ".xlsx")
DELIMITERS = ",;\t"
SAVE_AS_UTF8 = "save it from Excel as 'CSV UTF-8 (Comma delimited)' and import that"
_SCAN_CHUNK = 1024 * 1024


class FileProblem(Exception):
    """A file cannot be read or written as asked; the message is one line saying why."""


def neutralise_formula(cell: str) -> str:
    """``=1+1`` -> ``'=1+1``: a spreadsheet shows the text instead of running it."""
    return "'" + cell if _NEEDS_QUOTE.match(cell) else cell


def restore_formula(cell: str) -> str:
    """The inverse of :func:`neutralise_formula`, for cells read back from CSV."""
    return cell[1:] if cell.startswith("'") and _NEEDS_QUOTE.match(cell, 1) else cell


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TextProblem:
    """Why a file is not CSV text, and on which line."""

    line: int
    message: str


def detect_encoding(path: Path) -> str | TextProblem:
    """``utf-8-sig`` or ``cp1252`` for the whole file, or the first line that is neither.

    Reads the file once in chunks, so memory stays flat whatever its size.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
        if head == b"PK\x03\x04":
            return TextProblem(
                line=1, message="a zip file (an XLSX?), not CSV text; name an XLSX file .xlsx"
            )
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return TextProblem(line=1, message=f"UTF-16 text is not supported; {SAVE_AS_UTF8}")
        handle.seek(0)
        nul = _first_nul(handle)
        if nul is not None:
            return TextProblem(line=nul, message="contains NUL bytes (binary data?)")
        handle.seek(0)
        utf8 = _first_undecodable(handle, "utf-8")
        if utf8 is None:
            return "utf-8-sig"
        handle.seek(0)
        cp1252 = _first_undecodable(handle, "cp1252")
    if cp1252 is None:
        return "cp1252"
    return TextProblem(
        line=max(utf8, cp1252),
        message=f"neither UTF-8 nor Windows-1252 text (binary data?); {SAVE_AS_UTF8}",
    )


def _first_nul(handle: IO[bytes]) -> int | None:
    """The line of the first NUL byte, which no text file has, or None."""
    lines = 1
    while chunk := handle.read(_SCAN_CHUNK):
        at = chunk.find(b"\x00")
        if at >= 0:
            return lines + chunk[:at].count(b"\n")
        lines += chunk.count(b"\n")
    return None


def _first_undecodable(handle: IO[bytes], encoding: str) -> int | None:
    """The line of the first byte ``encoding`` cannot decode, or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    while chunk := handle.read(_SCAN_CHUNK):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            return lines + chunk[: error.start].count(b"\n")
        lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return lines
    return None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a header line: ``,``, ``;`` or tab (``,`` when unsure)."""
    try:
        return csv.Sniffer().sniff(header_line, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def check_xlsx_archive(path: Path) -> str | None:
    """Why ``path`` is not a zip openpyxl may safely open, or None when it is.

    Judged on the central directory only: nothing is decompressed here.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        return f"not a valid XLSX file ({error})"
    total = sum(part.file_size for part in parts)
    if total > MAX_XLSX_UNPACKED:
        return (
            f"refused: its parts unpack to {total // (1024 * 1024)} MB "
            f"(more than {MAX_XLSX_UNPACKED // (1024 * 1024)} MB); export it as CSV instead"
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size >= RATIO_CHECKED_FROM and ratio > MAX_XLSX_RATIO:
            return (
                f"refused: part {part.filename!r} unpacks {ratio:.0f} times its size "
                f"(a zip bomb?); export it as CSV instead"
            )
    return None


# --- writing ----------------------------------------------------------------------------


def check_export_path(path: Path) -> None:
    """Raise :class:`FileProblem` unless ``path`` can be written as CSV or XLSX.

    Folders are never created: a typo in a folder name is an error, not a new folder.
    """
    if path.is_dir():
        raise FileProblem(f"{path}: is a directory; give a file name inside it")
    endings = " or ".join(EXPORT_SUFFIXES)
    if not path.suffix:
        raise FileProblem(f"{path}: the file name must end in {endings}")
    if path.suffix.lower() not in EXPORT_SUFFIXES:
        raise FileProblem(
            f"{path}: cannot export as {path.suffix}; the file name must end in {endings}"
        )
    parent = path.parent
    for ancestor in (parent, *parent.parents):
        if ancestor.exists() and not ancestor.is_dir():
            raise FileProblem(f"{path}: {ancestor} is a file, not a directory")
        if ancestor.exists():
            break
    if not parent.is_dir():
        raise FileProblem(f"{path}: no such directory {parent} (create it first)")
    if path.exists() and not path.is_file():
        raise FileProblem(f"{path}: not a regular file; choose another name")


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place.

    Raises :class:`FileProblem` with the operating system's reason when that fails.
    """
    check_export_path(path)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix
        )
    except OSError as error:
        reason = error.strerror or str(error)
        raise FileProblem(f"{path}: cannot create a file in {path.parent} ({reason})") from None
    os.close(handle)
    try:
        # mkstemp makes the file private (0600); an export is as readable as a new file.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        write(Path(temporary))
        os.replace(temporary, path)
    except OSError as error:
        raise FileProblem(f"{path}: cannot write ({error.strerror or error})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
