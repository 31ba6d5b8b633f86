"""Spreadsheets in (CSV, XLSX, ODS, XLS) and reports out (CSV, XLSX).

Reading happens in two steps so the GUI can preview a file and let the technician fix the column
mapping without reading it again:

1. :func:`read_sheet` turns a file into a :class:`RawSheet`: the non-blank rows of one sheet as
   text cells, each with its row number as the spreadsheet program shows it. File-level failures
   (unreadable, too large, empty, no such sheet) raise ``InputError`` -- the CLI's exit 2.
2. :func:`parse_sheet` finds the header and the columns (English and Italian aliases, or an explicit
   ``mac=B`` / ``mac=2`` / ``mac="Indirizzo MAC"`` mapping, or MAC-looking content when there is no
   header) and validates every row into either a :class:`Candidate` or a list of :class:`Problem`
   with stable error codes. A bad row never stops the others; duplicate MACs keep the first row.
   :meth:`ParsedSheet.remap` re-runs this step alone.

:func:`load_sheet` does both for the CLI. :func:`write_report` writes CSV (UTF-8 with BOM, for
Excel) or XLSX atomically, with every text cell neutralised against formula injection.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Protocol

from falconieri_desktop.core.devices import Device, DeviceId, Status
from falconieri_desktop.core.errors import InputError, hint_for
from falconieri_desktop.core.mac import Mac, parse_mac_id
from falconieri_desktop.core.texts import text
from falconieri_desktop.core.urls import parse_provisioning_url

__all__ = [
    "HEADER_ALIASES",
    "REPORT_COLUMNS",
    "Candidate",
    "ColumnMapping",
    "ColumnRef",
    "Field",
    "Limits",
    "ParsedSheet",
    "Problem",
    "RawRow",
    "RawSheet",
    "ReportLine",
    "ReportRow",
    "SheetRow",
    "column_index",
    "column_letter",
    "load_sheet",
    "neutralise",
    "parse_column_spec",
    "parse_column_specs",
    "parse_sheet",
    "read_sheet",
    "report_lines",
    "write_report",
]


class Field(StrEnum):
    """What a column can hold."""

    MAC = "mac"  # a MAC, or a Gigaset MAC-ID with its code inline
    CRC = "crc"  # the Gigaset MAC-ID code in its own column
    SERIAL = "serial"
    URL = "url"
    PROVIDER = "provider"
    ACCOUNT = "account"
    LABEL = "label"


#: Header texts recognised for each field, compared after :func:`_normalise_header` (case, accents
#: and punctuation ignored: "MAC-ID", "mac id" and "Mac_Id" are the same).
HEADER_ALIASES: Final[Mapping[Field, tuple[str, ...]]] = MappingProxyType({
    Field.MAC: ("mac", "mac address", "macaddress", "mac addr", "mac adresse", "indirizzo mac", "mac id", "macid",
                "indirizzo fisico", "hardware address", "ethernet address", "mac gigaset"),
    Field.CRC: ("crc", "mac id crc", "mac id code", "codice mac id", "codice crc", "crc code", "gigaset code",
                "codice gigaset"),
    Field.SERIAL: ("serial", "serial number", "serialnumber", "serial no", "serial nr", "sn", "s n", "seriale",
                   "numero di serie", "numero seriale", "n di serie", "nr di serie", "num di serie", "matricola"),
    Field.URL: ("url", "provisioning url", "url provisioning", "url di provisioning", "provisioning",
                "provisioning server", "server url", "server di provisioning", "config url", "configuration url"),
    Field.PROVIDER: ("provider", "vendor", "fornitore", "produttore", "marca", "brand", "manufacturer"),
    Field.ACCOUNT: ("account", "account id", "account name", "utenza", "profilo", "profile"),
    Field.LABEL: ("label", "note", "notes", "nota", "description", "descrizione", "etichetta", "name", "nome",
                  "comment", "comments", "commento", "interno", "extension"),
})
_ALIAS_TO_FIELD: Final = {alias: f for f, aliases in HEADER_ALIASES.items() for alias in aliases}
_HEADER_SCAN_ROWS = 10  # a header (after a title or blank lines) must be among the first rows
_CONTENT_SCAN_ROWS = 50  # rows sampled to find the MAC column of a file without a header


@dataclass(frozen=True, slots=True)
class Limits:
    """What :func:`read_sheet` accepts. Files beyond these are refused, not truncated."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 100_000
    max_cell_chars: int = 2_000  # longer cells are cut; a cut cell in a mapped column spoils its row
    max_unpacked_bytes: int = 400 * 1024 * 1024  # XLSX/ODS are zip files: guard against zip bombs


# -- raw sheet ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawRow:
    """A non-blank row of the sheet as text cells."""

    number: int  # 1-based, as the spreadsheet program shows it
    cells: tuple[str, ...]
    cut: tuple[int, ...] = ()  # columns whose text was longer than ``max_cell_chars`` (cut there)
    numeric: tuple[int, ...] = ()  # columns that held a number (XLSX/ODS): leading zeros are lost


@dataclass(frozen=True, slots=True)
class RawSheet:
    """One sheet of a file, read once; :func:`parse_sheet` maps and validates it as often as asked."""

    source: str  # file name, for messages and the journal
    sha256: str  # of the whole file
    format: str  # "csv", "xlsx", "ods", "xls" or "xlsb"
    sheet_name: str
    sheet_names: tuple[str, ...]
    rows: tuple[RawRow, ...]
    width: int
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only


def _fail(code: str, message: str) -> InputError:
    return InputError(code, message)


def read_sheet(path: str | os.PathLike[str], *, sheet: str | int | None = None, limits: Limits = Limits()) -> RawSheet:
    """Read one sheet of a CSV, XLSX, ODS or XLS file (the format is told by content, not name).

    ``sheet``: ``None`` = the first visible sheet; an ``int`` = 0-based position; a ``str`` = the
    sheet's name (case-insensitive), or a 1-based position written in digits (``--sheet 2``).
    """
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > limits.max_bytes:
            raise _fail("spreadsheet_too_large", f"{file.name} is {size / 1_048_576:.1f} MB; "
                        f"the limit is {limits.max_bytes / 1_048_576:.0f} MB.")
        data = file.read_bytes()
    except FileNotFoundError:
        raise _fail("spreadsheet_unreadable", f"{file} does not exist.") from None
    except IsADirectoryError:
        raise _fail("spreadsheet_unreadable", f"{file} is a folder, not a file.") from None
    except OSError as exc:
        raise _fail("spreadsheet_unreadable", f"{file} cannot be read: {exc.strerror}.") from None
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise _fail("spreadsheet_empty", f"{file.name} is empty.")
    if data.startswith(b"PK\x03\x04"):
        return _read_workbook(file.name, data, digest, fmt=_zip_format(file.name, data, limits), sheet=sheet,
                              limits=limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: legacy .xls, or an encrypted .xlsx
        return _read_workbook(file.name, data, digest, fmt="xls", sheet=sheet, limits=limits)
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise _fail("spreadsheet_unreadable", f"{file.name} is not a spreadsheet (it looks like a document or image).")
    if sheet not in (None, 0, "1"):
        raise _fail("sheet_not_found", f"{file.name} is a CSV file: it has one sheet only.")
    return _read_csv(file.name, data, digest, limits)


# -- CSV


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    head = data[:4096]
    if head.count(0) > len(head) // 4:  # UTF-16 without BOM: every other byte of ASCII text is NUL
        even_nuls = head[0::2].count(0)
        encoding = "utf-16-be" if even_nuls > head[1::2].count(0) else "utf-16-le"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"  # what Excel on Western-European Windows saves as "CSV"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"  # cp1252 leaves 5 bytes undefined; latin-1 takes all


_DELIMITERS = (",", ";", "\t")


def _split_width(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return 0


def _sniff_delimiter(text: str) -> str:
    """The delimiter among ``, ; TAB``: only those that split the first line any of them splits (the
    header, after a possible title) compete; the one giving most records of one width wins."""
    sample = text[:65536]
    candidates: tuple[str, ...] = ()
    for line in [line for line in sample.splitlines() if line.strip()][:10]:
        candidates = tuple(d for d in _DELIMITERS if _split_width(line, d) > 1)
        if candidates:
            break
    if len(candidates) <= 1:
        return candidates[0] if candidates else ","
    best, best_score = candidates[0], (0, 0)
    for delimiter in candidates:
        widths: dict[int, int] = {}
        try:
            for number, record in enumerate(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)):
                if number >= 50:
                    break
                if len(record) > 1:
                    widths[len(record)] = widths.get(len(record), 0) + 1
        except csv.Error:
            continue
        if widths:
            width, lines = max(widths.items(), key=lambda item: (item[1], item[0]))
            if (lines, width) > best_score:
                best, best_score = delimiter, (lines, width)
    return best


def _read_csv(name: str, data: bytes, digest: str, limits: Limits) -> RawSheet:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise _fail("spreadsheet_unreadable", f"{name} is neither a spreadsheet nor a text (CSV) file.")
    delimiter = None
    first_line, _, rest = text.partition("\n")
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        delimiter, text = first_line.strip()[4], rest  # Excel's own "sep=;" hint line
    delimiter = delimiter or _sniff_delimiter(text)
    # The csv module's field limit is process-wide; raising it to the file size limit only lets
    # our own bounded input through (cells are cut to max_cell_chars right after).
    if csv.field_size_limit() < limits.max_bytes:
        csv.field_size_limit(limits.max_bytes)
    rows: list[RawRow] = []
    width = 0
    number = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise _too_many_rows(name, limits)
            row = _raw_row(number, record, limits.max_cell_chars)
            if row is not None:
                rows.append(row)
                width = max(width, len(row.cells))
    except csv.Error as exc:
        raise _fail("spreadsheet_unreadable", f"{name}, line {reader.line_num}: {exc}.") from None
    if not rows:
        raise _fail("spreadsheet_empty", f"{name} has no rows.")
    stem = Path(name).stem
    return RawSheet(source=name, sha256=digest, format="csv", sheet_name=stem, sheet_names=(stem,),
                    rows=tuple(rows), width=width, encoding=encoding, delimiter=delimiter)


def _too_many_rows(name: str, limits: Limits) -> InputError:
    return _fail("spreadsheet_too_large", f"{name} has more than {limits.max_rows:,} rows.")


# -- workbooks (python-calamine)


def _zip_format(name: str, data: bytes, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            unpacked = sum(entry.file_size for entry in entries)
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise _fail("spreadsheet_unreadable", f"{name} is a damaged zip file ({exc}).") from None
    if unpacked > limits.max_unpacked_bytes:
        raise _fail("spreadsheet_too_large", f"{name} unpacks to {unpacked / 1_048_576:.0f} MB; the limit is "
                    f"{limits.max_unpacked_bytes / 1_048_576:.0f} MB.")
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise _fail("spreadsheet_unreadable", f"{name} is a zip file but not a spreadsheet (XLSX or ODS).")


def _pick_sheet(name: str, names: list[str], visible: list[bool], sheet: str | int | None) -> int:
    listed = ", ".join(repr(n) for n in names)
    if sheet is None:
        return next((i for i, shown in enumerate(visible) if shown), 0)
    if isinstance(sheet, str):
        exact = [i for i, n in enumerate(names) if n == sheet] or [
            i for i, n in enumerate(names) if n.casefold() == sheet.strip().casefold()]
        if exact:
            return exact[0]
        if not sheet.strip().isdigit():
            raise _fail("sheet_not_found", f"{name} has no sheet {sheet!r}; its sheets are {listed}.")
        sheet = int(sheet) - 1
    if not 0 <= sheet < len(names):
        raise _fail("sheet_not_found", f"{name} has {len(names)} sheet(s), no sheet number {sheet + 1}; "
                    f"its sheets are {listed}.")
    return sheet


def _read_workbook(name: str, data: bytes, digest: str, *, fmt: str, sheet: str | int | None,
                   limits: Limits) -> RawSheet:
    import python_calamine

    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            names = list(workbook.sheet_names)
            if not names:
                raise _fail("spreadsheet_empty", f"{name} has no sheets.")
            visible = [m.visible == python_calamine.SheetVisibleEnum.Visible for m in workbook.sheets_metadata]
            index = _pick_sheet(name, names, visible, sheet)
            worksheet = workbook.get_sheet_by_index(index)
            end = worksheet.end
            if end is not None and end[0] + 1 > limits.max_rows:
                raise _too_many_rows(name, limits)
            values = worksheet.to_python(skip_empty_area=False)
    except python_calamine.PasswordError:
        raise _fail("spreadsheet_unreadable", f"{name} is password-protected; save a copy without a "
                    f"password.") from None
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        hint = " (an encrypted XLSX looks like this)" if fmt == "xls" else ""
        raise _fail("spreadsheet_unreadable", f"{name} cannot be read as {fmt.upper()}{hint}: {exc}.") from None
    rows: list[RawRow] = []
    width = 0
    for number, values_row in enumerate(values, start=1):
        row = _raw_row(number, values_row, limits.max_cell_chars)
        if row is not None:
            rows.append(row)
            width = max(width, len(row.cells))
    if not rows:
        others = [n for i, n in enumerate(names) if i != index]
        more = f"; other sheets: {', '.join(repr(n) for n in others)}" if others else ""
        raise _fail("spreadsheet_empty", f"Sheet {names[index]!r} of {name} is empty{more}.")
    return RawSheet(source=name, sha256=digest, format=fmt, sheet_name=names[index], sheet_names=tuple(names),
                    rows=tuple(rows), width=width)


def _cell_text(value: Any) -> str:
    """A cell as the user sees it: 1234.0 -> "1234", dates in ISO form, booleans as TRUE/FALSE."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _raw_row(number: int, values: Sequence[Any], max_chars: int) -> RawRow | None:
    """The row as text cells, or None when blank."""
    cells: list[str] = []
    cut: list[int] = []
    numeric: list[int] = []
    blank = True
    for column, value in enumerate(values):
        if type(value) is str:
            text = value
        else:
            if isinstance(value, int | float) and not isinstance(value, bool):
                numeric.append(column)
            text = _cell_text(value)
        if len(text) > max_chars:
            text = text[:max_chars]
            cut.append(column)
        if blank and text.strip():
            blank = False
        cells.append(text)
    if blank:
        return None
    while cells and not cells[-1]:
        cells.pop()
    return RawRow(number, tuple(cells), tuple(cut), tuple(numeric))


# -- column mapping -----------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """ "A" -> 0, "AA" -> 26 (case-insensitive)."""
    index = 0
    for char in letters.strip().upper():
        if not "A" <= char <= "Z":
            raise ValueError(f"not a column letter: {letters!r}")
        index = index * 26 + ord(char) - 64
    if index == 0:
        raise ValueError("empty column letter")
    return index - 1


@dataclass(frozen=True, slots=True)
class ColumnRef:
    """A column named by the user: by position (``index``, 0-based), by header text (``title``), or
    by letters that may be either ("SN" is column SN, unless the sheet is narrower and has a header
    "SN")."""

    index: int | None = None
    title: str | None = None

    def __str__(self) -> str:
        if self.index is not None:
            return column_letter(self.index)
        return f'"{self.title}"'


_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


def parse_column_spec(spec: str) -> tuple[Field, ColumnRef]:
    """``mac=B`` (letter), ``mac=2`` (1-based position) or ``mac="Indirizzo MAC"`` (header text)."""
    name, sep, value = spec.partition("=")
    value = value.strip()
    try:
        target = Field(name.strip().lower())
    except ValueError:
        fields = ", ".join(f.value for f in Field)
        raise _fail("invalid_column_mapping",
                    f"{spec!r}: unknown field {name.strip()!r}; use one of {fields}.") from None
    if not sep or not value:
        raise _fail("invalid_column_mapping", f"{spec!r}: write {target.value}=COLUMN, e.g. {target.value}=B.")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        title = value[1:-1].strip()
        if not title:
            raise _fail("invalid_column_mapping", f"{spec!r}: the header text is empty.")
        return target, ColumnRef(title=title)
    if value.isdigit():
        if int(value) < 1:
            raise _fail("invalid_column_mapping", f"{spec!r}: columns are numbered from 1.")
        return target, ColumnRef(index=int(value) - 1)
    if _LETTERS.match(value):
        return target, ColumnRef(index=column_index(value), title=value)
    return target, ColumnRef(title=value)


def parse_column_specs(specs: Iterable[str]) -> dict[Field, ColumnRef]:
    """Several ``--column`` options; a field given twice is an error."""
    mapping: dict[Field, ColumnRef] = {}
    for spec in specs:
        target, ref = parse_column_spec(spec)
        if target in mapping:
            raise _fail("invalid_column_mapping", f"{target.value} is mapped twice.")
        mapping[target] = ref
    return mapping


def _normalise_header(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.casefold()).split())


def _looks_like_mac(text: str) -> bool:
    if not text.strip():
        return False
    try:
        parse_mac_id(text)
    except InputError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column (0-based) holds each field, and which row (if any) is the header."""

    columns: Mapping[Field, int]
    header_row: int | None  # the header's row number; None = the file has no header

    def column(self, target: Field) -> int | None:
        return self.columns.get(target)


def _resolve(ref: ColumnRef | int, target: Field, titles: Sequence[str] | None, width: int) -> int:
    if isinstance(ref, int):
        ref = ColumnRef(index=ref)
    if ref.index is not None and ref.index < width:
        return ref.index
    if ref.title is not None and titles is not None:
        wanted = _normalise_header(ref.title)
        for index, title in enumerate(titles):
            if _normalise_header(title) == wanted:
                return index
        raise _fail("invalid_column_mapping", f"{target.value}={ref}: no column has the header {ref.title!r}; "
                    f"the headers are {', '.join(repr(t) for t in titles if t)}.")
    if ref.index is not None:
        raise _fail("invalid_column_mapping", f"{target.value}={ref}: the sheet has only {width} column(s) "
                    f"(A to {column_letter(max(width - 1, 0))}).")
    raise _fail("invalid_column_mapping", f"{target.value}={ref}: the sheet has no header row to find it in.")


def _find_header(rows: Sequence[RawRow], explicit: Mapping[Field, ColumnRef | int]) -> int | None:
    """Position in ``rows`` of the header: the first row, before any row holding a MAC, that has a
    known header text (or a header text the user named)."""
    named = {_normalise_header(ref.title) for ref in explicit.values()
             if isinstance(ref, ColumnRef) and ref.title is not None}
    for position, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        if any(_looks_like_mac(cell) for cell in row.cells):
            return None  # data has begun: whatever a header would have been, it is not above this
        normalised = {_normalise_header(cell) for cell in row.cells}
        if normalised & _ALIAS_TO_FIELD.keys() or normalised & named:
            return position
    return None


def _detect_by_content(rows: Sequence[RawRow], width: int, taken: set[int], wanted: set[Field]) -> dict[Field, int]:
    """Columns no header named: the one where most sampled cells are MACs, and the one where most
    are URLs."""
    sample = rows[:_CONTENT_SCAN_ROWS]
    found: dict[Field, int] = {}
    for target, test in ((Field.MAC, _looks_like_mac), (Field.URL, lambda text: "://" in text)):
        if target not in wanted:
            continue
        scores = [0] * width
        for row in sample:
            for column, cell in enumerate(row.cells):
                if column not in taken and test(cell):
                    scores[column] += 1
        if scores and max(scores) > 0:
            column = scores.index(max(scores))  # ties: the leftmost
            found[target] = column
            taken.add(column)
    return found


def _detect_mapping(raw: RawSheet, explicit: Mapping[Field, ColumnRef | int],
                    header: bool | None) -> tuple[ColumnMapping, tuple[str, ...], int]:
    """The mapping, the column titles, and where the data rows start in ``raw.rows``."""
    rows = raw.rows
    position = _find_header(rows, explicit) if header is None else (0 if header and rows else None)
    titles = rows[position].cells if position is not None else None
    width = raw.width
    columns: dict[Field, int] = {}
    for target, ref in explicit.items():
        columns[target] = _resolve(ref, target, titles, width)
    taken = set(columns.values())
    if titles is not None:
        for index, title in enumerate(titles):
            found = _ALIAS_TO_FIELD.get(_normalise_header(title))
            if found is not None and found not in columns and index not in taken:
                columns[found] = index
                taken.add(index)
    start = position + 1 if position is not None else 0
    missing = {Field.MAC, Field.URL} - columns.keys()
    if missing:  # no header, or one without these: look at what the cells hold
        for found, index in _detect_by_content(rows[start:], width, taken, missing).items():
            columns[found] = index
    shown = tuple(
        (titles[i] if titles is not None and i < len(titles) and titles[i].strip() else column_letter(i))
        for i in range(width))
    header_row = rows[position].number if position is not None else None
    return ColumnMapping(MappingProxyType(columns), header_row), shown, start


# -- validation ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a row cannot be used: a stable code (``core.errors.ERROR_CODES``) and a reason."""

    code: str
    message: str
    field: Field | None = None
    duplicate_of: int | None = None  # duplicate_mac_address: the row that is kept

    @property
    def hint(self) -> str:
        return hint_for(self.code)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A valid row: the phone and whatever the row says about provider, account, URL and label."""

    row: int
    id: DeviceId
    url: str | None = None  # validated; None = use the batch's default URL
    provider: str | None = None  # lower-cased as written; resolved and checked by the engine's preflight
    account: str | None = None
    label: str = ""

    def to_device(self, provider: str, *, url: str | None = None, account: str | None = None) -> Device:
        """The work item, with the batch defaults filling what the row leaves empty."""
        return Device(id=self.id, provider=self.provider or provider, url=self.url or url,
                      account=self.account or account, label=self.label)


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row: exactly one of ``candidate`` and ``problems`` is set."""

    number: int
    cells: tuple[str, ...]
    candidate: Candidate | None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.candidate is not None


@dataclass(frozen=True, slots=True)
class ParsedSheet:
    """A sheet with its mapping and every data row validated."""

    raw: RawSheet
    mapping: ColumnMapping
    header: tuple[str, ...]  # one title per column: the header cell, or the column letter
    rows: tuple[SheetRow, ...]
    preamble: tuple[RawRow, ...] = ()  # non-blank rows above the header (titles, notes)
    explicit: Mapping[Field, ColumnRef | int] = field(default_factory=dict)

    @property
    def candidates(self) -> list[Candidate]:
        return [row.candidate for row in self.rows if row.candidate is not None]

    @property
    def invalid(self) -> list[SheetRow]:
        return [row for row in self.rows if row.candidate is None]

    @property
    def mac_column(self) -> int | None:
        return self.mapping.column(Field.MAC)

    def remap(self, columns: Mapping[Field, ColumnRef | int] | None = None, *,
              header: bool | None = None) -> ParsedSheet:
        """Validate again with another mapping (e.g. edited in the preview), without re-reading."""
        return parse_sheet(self.raw, columns, header=header)


def parse_sheet(raw: RawSheet, columns: Mapping[Field, ColumnRef | int] | None = None, *,
                header: bool | None = None) -> ParsedSheet:
    """Map and validate ``raw``. ``columns`` pins fields to columns (an ``int`` is 0-based); the
    rest is detected. ``header``: None = detect, True = the first row is the header, False = none.

    Raises ``invalid_column_mapping`` for a mapping that names no column of this sheet. A sheet
    where no MAC column can be found is returned with ``mac_column`` None and every row carrying a
    ``mac_column_not_found`` problem, so a preview can still show it and let the user choose.
    """
    explicit = dict(columns or {})
    mapping, titles, start = _detect_mapping(raw, explicit, header)
    data = raw.rows[start:]
    preamble = raw.rows[: max(start - 1, 0)]
    if mapping.column(Field.MAC) is None:
        problem = Problem("mac_column_not_found", "No column of MAC addresses was found; choose it.", Field.MAC)
        rows = tuple(SheetRow(r.number, r.cells, None, (problem,)) for r in data)
    else:
        rows = _validate(data, mapping.columns)
    return ParsedSheet(raw=raw, mapping=mapping, header=titles, rows=rows, preamble=preamble,
                       explicit=MappingProxyType(explicit))


def _validate(data: Sequence[RawRow], columns: Mapping[Field, int]) -> tuple[SheetRow, ...]:
    mac_col = columns[Field.MAC]
    crc_col = columns.get(Field.CRC)
    serial_col = columns.get(Field.SERIAL)
    url_col = columns.get(Field.URL)
    provider_col = columns.get(Field.PROVIDER)
    account_col = columns.get(Field.ACCOUNT)
    label_col = columns.get(Field.LABEL)
    by_column = {index: target for target, index in columns.items()}
    first_row: dict[str, int] = {}  # MAC -> the row that keeps it
    urls: dict[str, str | Problem] = {}  # most sheets repeat one URL: check each text once
    out: list[SheetRow] = []

    def cell(cells: tuple[str, ...], index: int | None) -> str:
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for raw in data:
        cells = raw.cells
        problems: list[Problem] = []
        warnings: list[str] = []
        for index in raw.cut:
            if index in by_column:
                problems.append(Problem("cell_too_large", f"The {by_column[index].value} cell "
                                        f"({column_letter(index)}) is longer than any valid value.",
                                        by_column[index]))
        mac_text = cell(cells, mac_col)
        if mac_col in raw.numeric and mac_text.isdigit() and len(mac_text) < 12:
            # The spreadsheet stored an all-digit MAC as a number and dropped its leading zeros;
            # padding back to 12 digits restores exactly what was typed.
            warnings.append(text("The MAC was stored as a number ({number}); read as {mac}.", number=mac_text,
                                 mac=mac_text.zfill(12)))
            mac_text = mac_text.zfill(12)
        mac: Mac | None = None
        crc: str | None = None
        try:
            mac, crc = parse_mac_id(mac_text, cell(cells, crc_col) or None)
        except InputError as exc:
            target = Field.CRC if exc.code == "invalid_mac-id_crc_format" else Field.MAC
            message = exc.message
            if exc.code == "malformed_mac_address" and mac_text.isdigit() and len(mac_text) < 12:
                message += (f" -- if leading zeros were lost, it may be {mac_text.zfill(12)}; "
                            f"format the column as text")
            problems.append(Problem(exc.code, message, target))
        url: str | None = None
        url_text = cell(cells, url_col)
        if url_text:
            checked = urls.get(url_text)
            if checked is None:
                try:
                    checked = urls[url_text] = parse_provisioning_url(url_text).text
                except InputError as exc:
                    checked = urls[url_text] = Problem(exc.code, exc.message, Field.URL)
            if isinstance(checked, Problem):
                problems.append(checked)
            else:
                url = checked
        if mac is not None:
            first = first_row.setdefault(mac.value, raw.number)
            if first != raw.number:
                problems.append(Problem("duplicate_mac_address", f"{mac} is already on row {first}; "
                                        f"only row {first} is used.", Field.MAC, duplicate_of=first))
        if problems or mac is None:
            out.append(SheetRow(raw.number, cells, None, tuple(problems), tuple(warnings)))
            continue
        candidate = Candidate(
            row=raw.number,
            id=DeviceId(mac, crc, cell(cells, serial_col) or None),
            url=url,
            provider=cell(cells, provider_col).lower() or None,
            account=cell(cells, account_col) or None,
            label=cell(cells, label_col),
        )
        out.append(SheetRow(raw.number, cells, candidate, (), tuple(warnings)))
    return tuple(out)


def load_sheet(path: str | os.PathLike[str], *, sheet: str | int | None = None,
               columns: Mapping[Field, ColumnRef | int] | Iterable[str] | None = None, header: bool | None = None,
               limits: Limits = Limits()) -> ParsedSheet:
    """Read and validate in one go (the CLI). ``columns`` may be ``--column`` strings. Raises
    ``InputError`` when the file cannot be used at all: unreadable, no data rows, no MAC column."""
    if columns is not None and not isinstance(columns, Mapping):
        columns = parse_column_specs(columns)
    parsed = parse_sheet(read_sheet(path, sheet=sheet, limits=limits), columns, header=header)
    if not parsed.rows:
        raise _fail("spreadsheet_empty", f"{parsed.raw.source} has a header but no rows below it.")
    if parsed.mac_column is None:
        raise _fail("mac_column_not_found", f"No column of MAC addresses was found in {parsed.raw.source} "
                    f"(sheet {parsed.raw.sheet_name!r}).")
    return parsed


# -- reports ------------------------------------------------------------------------------------

#: The columns a report adds after the input columns.
REPORT_COLUMNS: Final = ("Row", "MAC", "Provider", "Status", "Code", "Message", "Attempts", "PIN", "Verified",
                         "Created (UTC)", "Updated (UTC)")


class ReportRow(Protocol):
    """What a report line needs; ``journal.DeviceRecord`` and :class:`ReportLine` both fit."""

    @property
    def row(self) -> int: ...
    @property
    def mac(self) -> Mac | None: ...
    @property
    def provider(self) -> str | None: ...
    @property
    def input(self) -> Sequence[str]: ...
    @property
    def status(self) -> Status: ...
    @property
    def code(self) -> str | None: ...
    @property
    def message(self) -> str | None: ...
    @property
    def attempts(self) -> int: ...
    @property
    def pin(self) -> str | None: ...
    @property
    def verified(self) -> bool | None: ...
    @property
    def created(self) -> str | None: ...
    @property
    def updated(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class ReportLine:
    """A report line without a journal (a dry run's plan, or rows refused before the batch)."""

    row: int
    input: Sequence[str]
    status: Status
    mac: Mac | None = None
    provider: str | None = None
    code: str | None = None
    message: str | None = None
    attempts: int = 0
    pin: str | None = None
    verified: bool | None = None
    created: str | None = None
    updated: str | None = None


def report_lines(sheet: ParsedSheet) -> list[ReportLine]:
    """The sheet as a plan: valid rows ``pending``, refused rows ``blocked`` with their first problem."""
    lines = []
    for row in sheet.rows:
        if row.candidate is not None:
            lines.append(ReportLine(row.number, row.cells, Status.PENDING, row.candidate.id.mac,
                                    row.candidate.provider, message="; ".join(row.warnings) or None))
        else:
            problem = row.problems[0]
            lines.append(ReportLine(row.number, row.cells, Status.BLOCKED,
                                    code=problem.code, message="; ".join(p.message for p in row.problems)))
    return lines


_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(text: str) -> str:
    """``text`` made inert for spreadsheet programs: a leading ``= + - @``, tab or CR (a formula or
    DDE payload, OWASP "CSV injection") gets a ``'`` in front, which Excel and LibreOffice show as
    text."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _report_cells(line: ReportRow, width: int) -> list[str | int]:
    cells: list[str | int] = [str(c) for c in line.input[:width]]
    cells.extend([""] * (width - len(cells)))
    verified = "" if line.verified is None else ("yes" if line.verified else "no")
    cells.extend([line.row, str(line.mac) if line.mac else "", line.provider or "", str(line.status.value),
                  line.code or "", line.message or "", line.attempts, line.pin or "", verified,
                  line.created or "", line.updated or ""])
    return cells


def write_report(path: str | os.PathLike[str], input_columns: Sequence[str], lines: Iterable[ReportRow], *,
                 fmt: str | None = None, delimiter: str = ",") -> Path:
    """Write the input columns plus :data:`REPORT_COLUMNS`, one line per row, atomically (a temp
    file renamed over ``path``). ``fmt`` is "csv" or "xlsx" (default: from the file suffix)."""
    target = Path(path)
    fmt = (fmt or target.suffix.lstrip(".")).lower()
    if fmt not in ("csv", "xlsx"):
        raise InputError("invalid_option", f"Reports are written as .csv or .xlsx, not {target.suffix or fmt!r}.")
    header = [*(str(c) for c in input_columns), *REPORT_COLUMNS]
    width = len(input_columns)
    rows = (_report_cells(line, width) for line in lines)
    writer = _write_csv if fmt == "csv" else _write_xlsx
    try:
        _atomic_write(target, lambda tmp: writer(tmp, header, rows, delimiter))
    except OSError as exc:
        raise InputError("report_not_written", f"{target} could not be written: {exc.strerror or exc}.") from None
    return target


def _atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with tmp.open("rb+") as done:
            os.fsync(done.fileno())  # the rename must not publish a file whose data is not on disk
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_csv(tmp: Path, header: list[str], rows: Iterable[list[str | int]], delimiter: str) -> None:
    # UTF-8 with BOM: without it Excel reads UTF-8 as the ANSI code page and mangles accents.
    with tmp.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([neutralise(h.replace("\x00", "")) for h in header])
        for row in rows:
            writer.writerow([neutralise(c.replace("\x00", "")) if isinstance(c, str) else c for c in row])


def _write_xlsx(tmp: Path, header: list[str], rows: Iterable[list[str | int]], delimiter: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Report")
    sheet.freeze_panes = "A2"

    def text_cell(value: str) -> Any:
        value = neutralise(_XML_ILLEGAL.sub("\ufffd", value))  # XML 1.0 cannot carry control characters
        if value in ERROR_CODES:  # "#N/A" etc. would become error cells; a neutralised
            cell = WriteOnlyCell(sheet, value=value)  # string never starts with "=", so no formula
            cell.data_type = "s"
            return cell
        return value

    try:
        sheet.append([text_cell(h) for h in header])
        for row in rows:
            sheet.append([text_cell(c) if isinstance(c, str) else c for c in row])
    except BaseException:
        with suppress(Exception):  # end openpyxl's row generator now, not in a later garbage collection
            sheet.close()
        raise
    workbook.save(tmp)

