"""What a file really is, by its content: the name's extension is only a hint.

Every file that cannot be read as a spreadsheet gets one line naming it and
saying what to do.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from reconcile.errors import InputError
from reconcile.pathtext import check_path_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
TEXT_FORMATS = ("csv", "tsv")
_OLE_STREAMS = (
    ("xls", "Workbook\0".encode("utf-16-le")),
    ("xls", "Book\0".encode("utf-16-le")),
    ("encrypted", "EncryptedPackage".encode("utf-16-le")),
    ("word", "WordDocument".encode("utf-16-le")),
    ("powerpoint", "PowerPoint Document".encode("utf-16-le")),
)
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<table|<meta|<!--)", re.I)
_XML_SHEET = re.compile(rb"urn:schemas-microsoft-com:office:spreadsheet")
_RESAVE = "open it in Excel and save it as .xlsx, or export it as CSV"


def check_path(path: Path) -> int:
    """The file's size; an InputError for a missing path, a folder or an empty file."""
    name = path.name or str(path)
    check_path_text(path)
    if path.is_dir():
        raise InputError(f"{name}: this is a folder, not a file; give the path of the spreadsheet")
    if not path.exists():
        raise InputError(f"{name}: file not found ({path}); check the path and the file name")
    if not path.is_file():  # a device or a pipe: opening it could wait for ever
        raise InputError(f"{name}: this is not a regular file; give the path of the spreadsheet")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as exc:
        reason = exc.strerror or "cannot be opened"
        raise InputError(
            f"{name}: the file cannot be opened ({reason}); check its permissions"
        ) from None
    if size == 0:
        raise InputError(
            f"{name}: the file is empty (0 bytes); ask for the extract to be sent again"
        )
    return size


def _ole_kind(path: Path) -> str:
    """'xls', 'encrypted', 'word' or 'powerpoint' for an OLE compound file, by the names of
    the streams it holds (an encrypted xlsx is an OLE file with an EncryptedPackage stream)."""
    found: set[str] = set()
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            block = tail + chunk
            found.update(kind for kind, marker in _OLE_STREAMS if marker in block)
            tail = block[-64:]
    if "xls" in found:
        return "xls"
    for kind in ("encrypted", "word", "powerpoint"):
        if kind in found:
            return kind
    return "xls"  # the parser will say what is wrong with it


def _zip_kind(path: Path) -> str:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as stream:
                    mimetype = stream.read(100)
            manifest = b""
            if b"opendocument" in mimetype and "META-INF/manifest.xml" in names:
                with archive.open("META-INF/manifest.xml") as stream:
                    manifest = stream.read(1 << 20)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise InputError(
            f"{name}: the file is damaged (a truncated or corrupt zip archive: {exc}); "
            "ask for the extract to be sent again, or open it in Excel and save it again"
        ) from None
    except (KeyError, NotImplementedError, RuntimeError) as exc:
        raise InputError(
            f"{name}: the file is damaged or uses an unsupported zip feature ({exc}); "
            "open it in Excel and save it again as .xlsx"
        ) from None
    if b"opendocument.spreadsheet" in mimetype:
        # A password-protected ODS lists how each encrypted part was encrypted; its parts
        # read as damaged XML otherwise.
        return "encrypted ods" if b"encryption-data" in manifest else "ods"
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names:
            raise InputError(
                f"{name}: this is a binary Excel workbook (.xlsb), which cannot be read; "
                "open it in Excel and save it as .xlsx"
            )
        return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
    if "word/document.xml" in names or b"opendocument.text" in mimetype:
        raise InputError(f"{name}: this is a word-processing document, not a spreadsheet; {_ASK}")
    if "EncryptedPackage" in names:
        return "encrypted"
    raise InputError(f"{name}: this is a zip archive but not a spreadsheet; {_ASK}")


_ASK = "ask for the extract as .xlsx or .csv"


def looks_like_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark: a zero byte in every other position."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return False
    zeros = max(sample[0::2].count(0), sample[1::2].count(0))
    return zeros >= 0.4 * half and sample.count(0) - zeros <= half // 50


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or looks_like_utf16(head):
        return True
    if head.count(0) > max(4, len(head) // 100):  # a stray NUL is text (textchecks says where)
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12, 0))
    return controls <= len(head) // 100


def sniff_format(path: Path) -> str:
    """xlsx, xlsm, xls, ods, csv or tsv, decided by content; InputError for anything else."""
    name = path.name
    suffix = path.suffix.lower().lstrip(".")
    with path.open("rb") as handle:
        head = handle.read(8192)
    if head.startswith(ZIP_MAGICS):
        kind = _zip_kind(path)
    elif head.startswith(OLE_MAGIC):
        kind = _ole_kind(path)
    elif head.startswith(b"%PDF"):
        raise InputError(f"{name}: this is a PDF document, not a spreadsheet; {_ASK}")
    elif head.startswith(b"{\\rtf"):
        raise InputError(f"{name}: this is a word-processing document (RTF); {_ASK}")
    else:
        kind = _text_kind(name, suffix, head)
    if kind == "encrypted":
        raise InputError(
            f"{name}: this workbook is encrypted (password-protected); open it in Excel, "
            "remove the password (File > Info > Protect Workbook) and save it again"
        )
    if kind == "encrypted ods":
        raise InputError(
            f"{name}: this spreadsheet is encrypted (password-protected); open it in "
            "LibreOffice and save it again with File > Save As, 'Save with password' unticked, "
            "or ask for it to be sent without a password"
        )
    if kind in ("word", "powerpoint"):
        raise InputError(f"{name}: this is an Office document but not a workbook; {_ASK}")
    return kind


def _an(suffix: str) -> str:
    """'an .xls', 'a .csv', 'a .htm'."""
    if not suffix:
        return "a file"
    return f"{'an' if suffix[0] in 'aeiox' else 'a'} .{suffix}"


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def _text_kind(name: str, suffix: str, head: bytes) -> str:
    if head.startswith(_UTF32_BOMS):  # before UTF-16, whose mark is the first half of one
        raise InputError(
            f"{name}: this text is in UTF-32, which cannot be read; save it again as "
            "'CSV UTF-8' from Excel, or as UTF-8 from a text editor"
        )
    body = head.lstrip(b"\xef\xbb\xbf")
    if _HTML.match(body) or (b"<html" in body[:1024].lower()):
        raise InputError(
            f"{name}: this file is a web page (HTML) saved with {_an(suffix)} name; {_RESAVE}"
        )
    if body.lstrip().startswith(b"<?xml") or body.lstrip().startswith(b"<"):
        if _XML_SHEET.search(head):
            raise InputError(
                f"{name}: this is an Excel 2003 XML spreadsheet, which cannot be read; "
                "open it in Excel and save it as .xlsx"
            )
        raise InputError(f"{name}: this is an XML file, not a spreadsheet; {_ASK}")
    if not _looks_like_text(head):
        raise InputError(f"{name}: this file is not a spreadsheet (unrecognised content); {_ASK}")
    if suffix in ("xls", "xlsx", "xlsm", "ods", "xlsb"):
        raise InputError(
            f"{name}: this file is text (CSV) saved with {_an(suffix)} name; rename it to "
            f".csv, or {_RESAVE.replace(', or export it as CSV', '')}"
        )
    return "tsv" if suffix == "tsv" else "csv"
