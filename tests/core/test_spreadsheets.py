"""Spreadsheets: a corpus generated at test time in every format and encoding, header detection,
column mapping, row validation, limits, and reports (round trips and formula neutralisation)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from falconieri_desktop.core.devices import DeviceId, Status
from falconieri_desktop.core.errors import ERROR_CODES, InputError
from falconieri_desktop.core.journal import Journal, NewDevice
from falconieri_desktop.core.mac import Mac
from falconieri_desktop.core.spreadsheets import (
    HEADER_ALIASES,
    REPORT_COLUMNS,
    ColumnRef,
    Field,
    Limits,
    RawRow,
    RawSheet,
    ReportLine,
    column_index,
    column_letter,
    load_sheet,
    neutralise,
    parse_column_spec,
    parse_column_specs,
    parse_sheet,
    read_sheet,
    report_lines,
    write_report,
)

# -- corpus writers -----------------------------------------------------------------------------

Rows = Sequence[Sequence[Any]]


def write_csv(path: Path, rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(
        ["" if v is None else v for v in row] for row in rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: Mapping[str, Rows], *, merge: Sequence[tuple[str, str]] = (),
               hidden: Sequence[str] = ()) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    sheet.cell(r, c, value)
        if name in hidden:
            sheet.sheet_state = "hidden"
    for sheet_name, cells in merge:
        workbook[sheet_name].merge_cells(cells)
    workbook.save(path)
    return path


def _ods_cell(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    if value is None or value == "":
        return "<table:table-cell/>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def write_ods(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice would read it (no ODS writer is installed)."""
    body = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join("<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>" for name, rows in sheets.items())
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


# -- the messy customer sheet, in every format ---------------------------------------------------

HEADER = ["Indirizzo MAC", "Numero di serie", "URL di provisioning", "Fornitore", "Descrizione"]
URL = "https://pbx.example.com/prov/{mac}.xml"
MESSY: list[list[Any]] = [
    HEADER,                                                                  # row 1
    ["00:04:13:AA:BB:01", "SN-1", URL, "Snom", "Reception"],                 # 2 ok
    ["00-04-13-aa-bb-02", "", "", "", "Città di Castello"],                  # 3 ok, no URL, accent
    ["0004.13AA.BB03", "", URL, "", "=HYPERLINK(\"http://evil\",\"x\")"],   # 4 ok, formula payload label
    ["", "", "", "", ""],                                                     # 5 blank: skipped
    ["00:04:13:AA:BB:0G", "", URL, "", "typo"],                              # 6 malformed MAC
    ["7C2F80AABB05-a1b2", "", URL, "gigaset", ""],                           # 7 ok, Gigaset MAC-ID inline
    ["00:04:13:aa:bb:01", "", URL, "", "again"],                             # 8 duplicate of row 2
    ["000413AABB09", "", "pbx.example.com/prov", "", ""],                    # 9 URL without scheme
    ["000413AABB10", "", "gopher://pbx.example.com/", "", ""],               # 10 unsupported scheme
    ["  MAC: 000413AABB11  ", "", URL, "", "wedge scan"],                    # 11 ok
    ["01:00:5E:00:00:01", "", URL, "", "multicast"],                         # 12 malformed (multicast)
    ["000413AABB13", "", "https://bad host/", "", ""],                       # 13 URL with a space
]
EXPECTED = [
    (2, ()), (3, ()), (4, ()), (6, ("malformed_mac_address",)), (7, ()), (8, ("duplicate_mac_address",)),
    (9, ("unable_to_parse_url",)), (10, ("unsupported_url_scheme",)), (11, ()), (12, ("malformed_mac_address",)),
    (13, ("unable_to_parse_url",)),
]


def outcome(sheet: Any) -> list[tuple[int, tuple[str, ...]]]:
    return [(row.number, tuple(p.code for p in row.problems)) for row in sheet.rows]


CORPUS: dict[str, Callable[[Path], Path]] = {
    "xlsx": lambda d: write_xlsx(d / "phones.xlsx", {"Telefoni": MESSY, "Altro": [["nothing"]]}),
    "ods": lambda d: write_ods(d / "phones.ods", {"Telefoni": MESSY}),
    "csv-utf8": lambda d: write_csv(d / "phones.csv", MESSY),
    "csv-utf8-bom": lambda d: write_csv(d / "phones.csv", MESSY, encoding="utf-8-sig"),
    "csv-cp1252-semicolon": lambda d: write_csv(d / "phones.csv", MESSY, encoding="cp1252", delimiter=";"),
    "csv-utf16-bom-tab": lambda d: write_csv(d / "phones.txt", MESSY, encoding="utf-16", delimiter="\t"),
    "csv-utf16le-no-bom": lambda d: write_csv(d / "phones.csv", MESSY, encoding="utf-16-le"),
    "csv-named-xlsx": lambda d: write_csv(d / "really-a-csv.xlsx", MESSY),
    "xlsx-named-csv": lambda d: write_xlsx(d / "really-an-xlsx.csv", {"Telefoni": MESSY}),
}


@pytest.mark.parametrize("kind", list(CORPUS))
def test_messy_sheet_reads_the_same_in_every_format(kind: str, tmp_path: Path) -> None:
    """Every format and encoding yields the same rows, mapping, candidates and problems."""
    path = CORPUS[kind](tmp_path)
    sheet = load_sheet(path)
    assert sheet.mapping.header_row == 1
    assert dict(sheet.mapping.columns) == {Field.MAC: 0, Field.SERIAL: 1, Field.URL: 2, Field.PROVIDER: 3,
                                           Field.LABEL: 4}
    assert sheet.header == tuple(HEADER)
    assert outcome(sheet) == EXPECTED
    by_row = {c.row: c for c in sheet.candidates}
    assert by_row[2].id == DeviceId(Mac("000413AABB01"), None, "SN-1")
    assert (by_row[2].provider, by_row[2].url, by_row[2].label) == ("snom", URL, "Reception")
    assert by_row[3].url is None and by_row[3].label == "Città di Castello"
    assert by_row[7].id == DeviceId(Mac("7C2F80AABB05"), "A1B2")
    assert by_row[11].id.mac == Mac("000413AABB11")
    duplicate = next(r for r in sheet.rows if r.number == 8).problems[0]
    assert duplicate.duplicate_of == 2 and "row 2" in duplicate.message
    assert all(p.hint for r in sheet.invalid for p in r.problems)


def test_csv_encoding_and_delimiter_are_reported(tmp_path: Path) -> None:
    """The raw sheet says how a CSV was decoded, for the preview."""
    raw = read_sheet(write_csv(tmp_path / "p.csv", MESSY, encoding="cp1252", delimiter=";"))
    assert (raw.format, raw.encoding, raw.delimiter) == ("csv", "cp1252", ";")
    raw = read_sheet(write_csv(tmp_path / "p.csv", MESSY, encoding="utf-8-sig", delimiter="\t"))
    assert (raw.encoding, raw.delimiter) == ("utf-8-sig", "\t")
    assert raw.rows[0].cells[0] == "Indirizzo MAC"  # the BOM is not part of the first header


def test_excel_sep_line_sets_the_delimiter(tmp_path: Path) -> None:
    """Excel's 'sep=;' first line is honoured and not taken as data."""
    path = tmp_path / "p.csv"
    path.write_text("sep=;\nmac;url\n000413AABB01;https://a.example/\n", encoding="utf-8")
    sheet = load_sheet(path)
    assert sheet.raw.delimiter == ";" and sheet.mapping.header_row == 1  # Excel does not show the sep line
    assert [c.url for c in sheet.candidates] == ["https://a.example/"]


@pytest.mark.parametrize(("text", "delimiter"), [
    ("Acme S.p.A.\nMAC;URL;Note\n000413AABB01;https://a.example/;1,5\n", ";"),
    ('mac,note\n,\t,"\n\t"\n', ","),
    ("mac\tnote, with comma\n000413AABB01\tx\n000413AABB02\ty\n", "\t"),
    ("000413AABB01\n000413AABB02\n", ","),
])
def test_delimiter_is_sniffed_from_the_header_line(text: str, delimiter: str, tmp_path: Path) -> None:
    """The delimiter that splits the header wins, even after a title line or with odd cells below."""
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    assert read_sheet(path).delimiter == delimiter


def test_file_without_header_whose_first_column_holds_macs(tmp_path: Path) -> None:
    """A bare list of MACs (plus URLs) works: no header, columns found by content."""
    path = write_csv(tmp_path / "bare.csv", [["000413AABB01", "https://a.example/"], ["00:04:13:AA:BB:02", ""],
                                             ["nonsense", "https://b.example/"]])
    sheet = load_sheet(path)
    assert sheet.mapping.header_row is None
    assert dict(sheet.mapping.columns) == {Field.MAC: 0, Field.URL: 1}
    assert sheet.header == ("A", "B")
    assert outcome(sheet) == [(1, ()), (2, ()), (3, ("malformed_mac_address",))]


def test_single_column_of_macs(tmp_path: Path) -> None:
    """The simplest file of all: one MAC per line."""
    path = tmp_path / "macs.txt"
    path.write_text("000413AABB01\n000413AABB02\n\n000413AABB03\n", encoding="utf-8")
    sheet = load_sheet(path)
    assert [c.row for c in sheet.candidates] == [1, 2, 4]


def test_title_rows_above_the_header_are_preamble(tmp_path: Path) -> None:
    """A customer title above the header is kept aside, not validated as a phone."""
    path = write_xlsx(tmp_path / "t.xlsx", {"S": [["Acme S.p.A. - telefoni sede"], [], ["Note", "MAC-ID", "CRC"],
                                                  ["front desk", "7C2F80AABB01", "a1b2"]]})
    sheet = load_sheet(path)
    assert sheet.mapping.header_row == 3
    assert [r.number for r in sheet.preamble] == [1]
    assert dict(sheet.mapping.columns) == {Field.LABEL: 0, Field.MAC: 1, Field.CRC: 2}
    assert sheet.candidates[0].id == DeviceId(Mac("7C2F80AABB01"), "A1B2")


def test_a_data_row_is_never_taken_for_a_header(tmp_path: Path) -> None:
    """Detection stops at the first row holding a MAC, so header-like text below it is data."""
    path = write_csv(tmp_path / "p.csv", [["000413AABB01", "x"], ["mac", "note"]])
    sheet = load_sheet(path)
    assert sheet.mapping.header_row is None
    assert outcome(sheet) == [(1, ()), (2, ("missing_mac_address",))]


@pytest.mark.parametrize(("spec", "expected"), [
    ("mac=B", ColumnRef(index=1, title="B")),
    ("MAC = 2", ColumnRef(index=1)),
    ('mac="Indirizzo MAC"', ColumnRef(title="Indirizzo MAC")),
    ("mac='SN'", ColumnRef(title="SN")),
    ("serial=Numero di serie", ColumnRef(title="Numero di serie")),
    ("url=AB", ColumnRef(index=27, title="AB")),
])
def test_column_specs_parse(spec: str, expected: ColumnRef) -> None:
    """--column accepts a letter, a 1-based position or a (quoted) header text."""
    assert parse_column_spec(spec)[1] == expected


@pytest.mark.parametrize("spec", ["colour=B", "mac", "mac=", "mac=0", 'mac=""'])
def test_bad_column_specs_are_refused(spec: str) -> None:
    """A spec that names no field or no column is invalid_column_mapping, with the reason."""
    with pytest.raises(InputError) as info:
        parse_column_spec(spec)
    assert info.value.code == "invalid_column_mapping"


def test_a_field_mapped_twice_is_refused() -> None:
    """Two --column for one field is an error, not a silent choice."""
    with pytest.raises(InputError, match="twice"):
        parse_column_specs(["mac=A", "mac=B"])


def test_explicit_mapping_overrides_detection(tmp_path: Path) -> None:
    """mac=B / mac=2 / mac="header" all pin the column; the rest is still detected."""
    rows = [["Vecchio MAC", "Nuovo", "url"], ["000413AABB01", "000413CCDD01", "https://a.example/"]]
    path = write_xlsx(tmp_path / "p.xlsx", {"S": rows})
    for spec in ("mac=B", "mac=2", 'mac="nuovo"'):
        sheet = load_sheet(path, columns=[spec])
        assert sheet.mapping.columns[Field.MAC] == 1 and sheet.mapping.columns[Field.URL] == 2
        assert sheet.candidates[0].id.mac == Mac("000413CCDD01")


def test_explicit_mapping_that_names_no_column_is_refused(tmp_path: Path) -> None:
    """A header text that is not there, or a column past the last, says what the sheet has."""
    path = write_csv(tmp_path / "p.csv", [["mac", "note"], ["000413AABB01", "x"]])
    with pytest.raises(InputError, match="'mac', 'note'"):
        load_sheet(path, columns=['mac="Indirizzo"'])
    with pytest.raises(InputError, match="only 2 column"):
        load_sheet(path, columns=["url=5"])


def test_letters_fall_back_to_a_matching_header(tmp_path: Path) -> None:
    """serial=SN means the header "SN" when the sheet has no column SN."""
    path = write_csv(tmp_path / "p.csv", [["MAC", "SN"], ["000413AABB01", "X123"]])
    sheet = load_sheet(path, columns=["serial=SN"])
    assert sheet.candidates[0].id.serial == "X123"


def test_remap_needs_no_second_read(tmp_path: Path) -> None:
    """The preview can change the mapping after the file is gone: nothing is read again."""
    path = write_csv(tmp_path / "p.csv", [["a", "b"], ["000413AABB01", "https://x.example/"],
                                          ["hello", "000413AABB02"]])
    sheet = parse_sheet(read_sheet(path), header=True)
    path.unlink()
    assert [c.id.mac.value for c in sheet.candidates] == ["000413AABB01"]
    second = sheet.remap({Field.MAC: 1}, header=True)
    assert [c.id.mac.value for c in second.candidates] == ["000413AABB02"]
    assert second.raw is sheet.raw


def test_no_mac_column_keeps_the_sheet_for_the_preview(tmp_path: Path) -> None:
    """Without a MAC column parse_sheet still returns every row (with the problem); load_sheet refuses."""
    path = write_csv(tmp_path / "p.csv", [["name", "phone"], ["Anna", "0612345"], ["Bob", "0698765"]])
    sheet = parse_sheet(read_sheet(path))
    assert sheet.mac_column is None
    assert outcome(sheet) == [(2, ("mac_column_not_found",)), (3, ("mac_column_not_found",))]
    with pytest.raises(InputError) as info:
        load_sheet(path)
    assert info.value.code == "mac_column_not_found"
    assert len(load_sheet(path, columns=["mac=B", "label=A"]).rows) == 2


def test_numbers_where_text_is_expected(tmp_path: Path) -> None:
    """Numeric cells become the text the user saw; an all-digit MAC stored as a number gets its zeros back."""
    rows: list[list[Any]] = [["MAC", "Serial", "Note", "Account"], [1565123456, 123456789.0, dt.date(2024, 5, 1), True],
            ["000413AABB02", 12.5, 3, False]]
    sheet = load_sheet(write_xlsx(tmp_path / "n.xlsx", {"S": rows}))
    first, second = sheet.rows
    assert first.candidate is not None and first.candidate.id.mac == Mac("001565123456")
    assert first.warnings and "001565123456" in first.warnings[0]
    assert first.candidate.id.serial == "123456789" and first.candidate.label == "2024-05-01"
    assert first.candidate.account == "TRUE"
    assert second.candidate is not None and (second.candidate.id.serial, second.candidate.label) == ("12.5", "3")


def test_digits_only_text_mac_is_not_guessed(tmp_path: Path) -> None:
    """In a CSV an 10-digit 'MAC' may be a typo: refused, with the zero-padded guess in the message."""
    sheet = load_sheet(write_csv(tmp_path / "p.csv", [["mac"], ["1565123456"]]))
    problem = sheet.rows[0].problems[0]
    assert problem.code == "malformed_mac_address" and "001565123456" in problem.message


def test_merged_cells_leave_the_rows_below_empty(tmp_path: Path) -> None:
    """A provider merged down a column applies to its first row only; a merged MAC leaves a missing MAC."""
    rows: list[list[Any]] = [["mac", "provider"], ["000413AABB01", "snom"], ["000413AABB02", None],
                             ["000413AABB03", "yealink"], [None, "x"]]
    path = write_xlsx(tmp_path / "m.xlsx", {"S": rows}, merge=[("S", "B2:B3"), ("S", "A4:A5")])
    sheet = load_sheet(path)
    assert [r.candidate.provider if r.candidate else None for r in sheet.rows[:3]] == ["snom", None, "yealink"]
    assert outcome(sheet)[3] == (5, ("missing_mac_address",))


def test_formula_cells_are_read_as_values_never_evaluated(tmp_path: Path) -> None:
    """A formula in the input is read as its cached value (none here): nothing is computed."""
    path = write_xlsx(tmp_path / "f.xlsx", {"S": [["mac", "url"], ["000413AABB01", "=CONCAT(\"http\",\"://x\")"]]})
    sheet = load_sheet(path)
    assert sheet.candidates[0].url is None


def test_sheet_selection_by_name_position_and_visibility(tmp_path: Path) -> None:
    """First visible sheet by default; a name (any case), a 1-based string or a 0-based int choose another."""
    sheets = {"Hidden": [["mac"], ["000413AABB09"]], "Sede": [["mac"], ["000413AABB01"]],
              "Filiale": [["mac"], ["000413AABB02"], ["000413AABB03"]]}
    path = write_xlsx(tmp_path / "s.xlsx", sheets, hidden=["Hidden"])
    assert read_sheet(path).sheet_name == "Sede"
    assert read_sheet(path, sheet="filiale").sheet_name == "Filiale"
    assert read_sheet(path, sheet="3").sheet_name == "Filiale"
    assert read_sheet(path, sheet=0).sheet_name == "Hidden"
    assert read_sheet(path).sheet_names == ("Hidden", "Sede", "Filiale")
    for wrong in ("Magazzino", "7", 5):
        with pytest.raises(InputError) as info:
            read_sheet(path, sheet=wrong)
        assert info.value.code == "sheet_not_found" and "'Filiale'" in info.value.message


def test_ods_sheets_are_chosen_too(tmp_path: Path) -> None:
    """ODS workbooks with several sheets read the chosen one."""
    path = write_ods(tmp_path / "s.ods", {"Uno": [["mac"], ["000413AABB01"]], "Due": [["mac"], ["000413AABB02"]]})
    assert load_sheet(path, sheet="Due").candidates[0].id.mac == Mac("000413AABB02")


def put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("make", "code"), [
    (lambda d: put(d / "empty.csv", b""), "spreadsheet_empty"),
    (lambda d: put(d / "blank.csv", b" \r\n\r\n ,,\r\n"), "spreadsheet_empty"),
    (lambda d: write_xlsx(d / "e.xlsx", {"Vuoto": [], "Dati": [["mac"]]}), "spreadsheet_empty"),
    (lambda d: write_ods(d / "e.ods", {"Vuoto": []}), "spreadsheet_empty"),
    (lambda d: write_csv(d / "h.csv", [["mac", "url"]]), "spreadsheet_empty"),
    (lambda d: d / "missing.csv", "spreadsheet_unreadable"),
    (lambda d: d, "spreadsheet_unreadable"),
    (lambda d: put(d / "x.xlsx", b"PK\x03\x04garbage"), "spreadsheet_unreadable"),
    (lambda d: put(d / "x.pdf", b"%PDF-1.7 ..."), "spreadsheet_unreadable"),
    (lambda d: put(d / "x.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 600), "spreadsheet_unreadable"),
    (lambda d: put(d / "b.bin", bytes(range(256)) * 40), "spreadsheet_unreadable"),
])
def test_unusable_files_raise_input_errors(make: Callable[[Path], Any], code: str, tmp_path: Path) -> None:
    """Empty, missing, damaged and foreign files are InputErrors (CLI exit 2) with a stable code."""
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        load_sheet(path)
    assert info.value.code == code
    assert info.value.exit_code == 2


def test_a_zip_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    """A renamed zip archive is refused by name, not fed to the parser."""
    path = tmp_path / "docs.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match="not a spreadsheet"):
        read_sheet(path)


def test_empty_sheet_names_the_other_sheets(tmp_path: Path) -> None:
    """Choosing an empty sheet says which other sheets there are."""
    path = write_xlsx(tmp_path / "e.xlsx", {"Vuoto": [], "Dati": [["mac"], ["000413AABB01"]]})
    with pytest.raises(InputError, match="'Dati'"):
        read_sheet(path)


def test_limits_refuse_big_files(tmp_path: Path) -> None:
    """File size, row count and unpacked size beyond the limits are spreadsheet_too_large."""
    rows = [["mac"], *([f"000413{i:06X}"] for i in range(50))]
    csv_path = write_csv(tmp_path / "p.csv", rows)
    xlsx_path = write_xlsx(tmp_path / "p.xlsx", {"S": rows})
    for path, limits in ((csv_path, Limits(max_rows=20)), (xlsx_path, Limits(max_rows=20)),
                         (csv_path, Limits(max_bytes=100)), (xlsx_path, Limits(max_unpacked_bytes=1000))):
        with pytest.raises(InputError) as info:
            read_sheet(path, limits=limits)
        assert info.value.code == "spreadsheet_too_large"
    assert len(read_sheet(csv_path, limits=Limits(max_rows=51)).rows) == 51


def test_huge_cells_are_cut_and_spoil_only_mapped_columns(tmp_path: Path) -> None:
    """A giant cell (beyond csv's own field limit too) is cut; the row fails only if the column is mapped."""
    giant = "x" * 200_000
    path = write_csv(tmp_path / "p.csv", [["mac", "label", "other"], ["000413AABB01", "ok", giant],
                                          ["000413AABB02", giant, "ok"]])
    sheet = load_sheet(path, limits=Limits(max_cell_chars=1000))
    assert outcome(sheet) == [(2, ()), (3, ("cell_too_large",))]
    assert len(sheet.rows[0].cells[2]) == 1000
    assert sheet.rows[1].problems[0].field is Field.LABEL


def test_mac_id_code_in_its_own_column_is_checked(tmp_path: Path) -> None:
    """A separate CRC column is validated and must agree with an inline one."""
    rows = [["MAC-ID", "Codice MAC-ID"], ["7C2F80AABB01", "a1b2"], ["7C2F80AABB02", "A1!"],
            ["7C2F80AABB03-ZZZZ", "A1B2"]]
    sheet = load_sheet(write_csv(tmp_path / "g.csv", rows))
    assert sheet.candidates[0].id.crc == "A1B2"
    assert outcome(sheet)[1:] == [(3, ("invalid_mac-id_crc_format",)), (4, ("invalid_mac-id_crc_format",))]
    assert sheet.rows[1].problems[0].field is Field.CRC


# -- properties ---------------------------------------------------------------------------------

DISTRACTORS = ["Colonna", "Extra", "Tipo", "Modello", "Data consegna", "Sede", "Q.tà"]


def decorate(draw: st.DrawFn, alias: str) -> str:
    words = alias.split(" ")
    joiner = draw(st.sampled_from([" ", "_", "-", " - ", "."]))
    text = joiner.join(words)
    text = draw(st.sampled_from([str.upper, str.lower, str.title, lambda s: s]))(text)
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", " ", ":"]))


@st.composite
def headed_sheets(draw: st.DrawFn) -> tuple[RawSheet, dict[Field, int]]:
    fields = [Field.MAC, *draw(st.lists(st.sampled_from([f for f in Field if f is not Field.MAC]), unique=True))]
    columns: list[tuple[str, Field | None]] = [(decorate(draw, draw(st.sampled_from(HEADER_ALIASES[f]))), f)
                                               for f in fields]
    columns += [(d, None) for d in draw(st.lists(st.sampled_from(DISTRACTORS), unique=True, max_size=3))]
    order = draw(st.permutations(columns))
    header = tuple(title for title, _ in order)
    data = [RawRow(n, tuple(f"000413{n:06X}" if f is Field.MAC else "v" for _, f in order))
            for n in range(2, 2 + draw(st.integers(0, 4)))]
    raw = RawSheet("gen.csv", "0" * 64, "csv", "gen", ("gen",), (RawRow(1, header), *data), len(header))
    return raw, {f: i for i, (_, f) in enumerate(order) if f is not None}


@settings(max_examples=150, deadline=None)
@given(headed_sheets())
def test_header_aliases_map_every_field_whatever_the_order_and_spelling(
        case: tuple[RawSheet, dict[Field, int]]) -> None:
    """Any permutation of aliased headers (any case and punctuation) among other columns maps exactly."""
    raw, expected = case
    sheet = parse_sheet(raw)
    assert sheet.mapping.header_row == 1
    assert dict(sheet.mapping.columns) == expected


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 40), st.data())
def test_every_way_of_naming_a_column_reaches_it(width: int, data: st.DataObject) -> None:
    """Letter, 1-based position and header text all resolve to the same column."""
    index = data.draw(st.integers(0, width - 1))
    header = tuple(f"Col {i}" for i in range(width))
    raw = RawSheet("g.csv", "0" * 64, "csv", "g", ("g",),
                   (RawRow(1, header), RawRow(2, tuple("000413AABB01" for _ in range(width)))), width)
    assert column_index(column_letter(index)) == index
    for spec in (f"mac={column_letter(index)}", f"mac={index + 1}", f'mac="col {index}"'):
        field, ref = parse_column_spec(spec)
        assert parse_sheet(raw, {field: ref}, header=True).mapping.columns[Field.MAC] == index


cell_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["000413AABB01", "00:04:13:aa:bb:02", "7C2F80AABB03-A1B2", "https://x.example/", "=1+1",
                     "", " ", "MAC", "gopher://x", "0004.13AA.BB04", "zz"]),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell_text, max_size=5), max_size=25), st.sampled_from([None, {Field.MAC: 0}]))
def test_a_malformed_row_never_stops_the_batch(body: list[list[str]], columns: dict[Field, int] | None) -> None:
    """Whatever the rows hold, every non-blank row ends valid xor with problems, in order, none lost."""
    header = RawRow(1, ("mac", "url", "crc", "provider", "note"))
    rows = [RawRow(n, tuple(cells)) for n, cells in enumerate(body, start=2) if any(c.strip() for c in cells)]
    raw = RawSheet("g.csv", "0" * 64, "csv", "g", ("g",), (header, *rows), 5)
    sheet = parse_sheet(raw, columns, header=True)
    assert [r.number for r in sheet.rows] == [r.number for r in rows]
    for row in sheet.rows:
        assert (row.candidate is None) == bool(row.problems)
        assert all(p.code in ERROR_CODES for p in row.problems)
    macs = [r.candidate.id.mac for r in sheet.rows if r.candidate]
    assert len(macs) == len(set(macs)), "duplicates never both pass"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
                                 max_size=12), min_size=1, max_size=4), min_size=1, max_size=15),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]), st.sampled_from([",", ";", "\t"]))
def test_csv_round_trip_preserves_every_row(body: list[list[str]], encoding: str, delimiter: str) -> None:
    """Through a real CSV file, every non-blank record comes back as one row with its number."""
    if encoding == "cp1252":
        body = [[c.encode("cp1252", "replace").decode("cp1252") for c in row] for row in body]
    rows = [["mac", "note"], *body]
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "p.csv", rows, encoding=encoding, delimiter=delimiter)
        sheet = parse_sheet(read_sheet(path), {Field.MAC: 0}, header=True)
    expected = [n for n, cells in enumerate(body, start=2) if any(c.strip() for c in cells)]
    assert [r.number for r in sheet.rows] == expected
    assert all((r.candidate is None) == bool(r.problems) for r in sheet.rows)


# -- reports ------------------------------------------------------------------------------------

PAYLOADS = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "#N/A", "normal"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_neutralise(text: str) -> None:
    """Formula starters get a leading quote; anything else is left alone."""
    expected = text if text in ("#N/A", "normal") else "'" + text
    assert neutralise(text) == expected


def _lines() -> list[ReportLine]:
    return [ReportLine(row=i + 2, input=(payload, "000413AABB01"), status=Status.FAILED, mac=Mac("000413AABB01"),
                       provider="snom", code="device_owned_by_other_user", message=payload, attempts=2, pin="=1",
                       verified=False, created="2025-01-01T00:00:00.000Z", updated="2025-01-01T00:00:01.000Z")
            for i, payload in enumerate(PAYLOADS)]


def test_xlsx_report_round_trip_is_inert(tmp_path: Path) -> None:
    """XLSX reports read back with the neutralised text, and hold no formula or error cell at all."""
    path = write_report(tmp_path / "r.xlsx", ["=Header", "MAC"], _lines())
    with CalamineWorkbook.from_path(path) as workbook:
        values = workbook.get_sheet_by_index(0).to_python()
    assert values[0] == ["'=Header", "MAC", *REPORT_COLUMNS]
    for row, payload in zip(values[1:], PAYLOADS, strict=True):
        inert = neutralise(payload).replace("\r", "\n")  # XML parsers normalise a raw CR to LF
        assert row[0] == inert and row[7] == inert
        assert row[2:7] == [float(values.index(row) + 1), "00:04:13:AA:BB:01", "snom", "failed",
                            "device_owned_by_other_user"]
        assert (row[8], row[9], row[10]) == (2.0, "'=1", "no")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and 't="e"' not in xml


def test_csv_report_round_trip_has_bom_and_is_inert(tmp_path: Path) -> None:
    """CSV reports start with a UTF-8 BOM (Excel), use CRLF, and carry neutralised text."""
    path = write_report(tmp_path / "r.csv", ["Note", "MAC"], _lines())
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    with path.open(encoding="utf-8-sig", newline="") as handle:
        values = list(csv.reader(handle))
    assert values[0] == ["Note", "MAC", *REPORT_COLUMNS]
    assert [r[0] for r in values[1:]] == [neutralise(p) for p in PAYLOADS]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in values for cell in row)


def test_report_survives_control_characters_and_short_rows(tmp_path: Path) -> None:
    """Control characters (illegal in XLSX XML) and rows shorter than the header still write."""
    line = ReportLine(row=2, input=("a\x01b\x00",), status=Status.PENDING)
    write_report(tmp_path / "r.xlsx", ["A", "B"], [line])
    write_report(tmp_path / "r.csv", ["A", "B"], [line])
    with CalamineWorkbook.from_path(tmp_path / "r.xlsx") as workbook:
        assert workbook.get_sheet_by_index(0).to_python()[1][:3] == ["a\ufffdb\ufffd", "", 2.0]


def test_failed_report_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    """Writes are atomic: a failure mid-way keeps the previous report and leaves no temporary file."""
    target = tmp_path / "r.csv"
    target.write_text("previous", encoding="utf-8")

    def broken() -> Any:
        yield from _lines()[:2]
        raise RuntimeError("engine went away")

    for name in ("r.csv", "r.xlsx"):
        (tmp_path / name).write_text("previous", encoding="utf-8")
        with pytest.raises(RuntimeError):
            write_report(tmp_path / name, ["A"], broken())
        assert (tmp_path / name).read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.xlsx"]


def test_report_errors_are_input_errors(tmp_path: Path) -> None:
    """An unknown format or an unwritable place is said plainly."""
    with pytest.raises(InputError) as info:
        write_report(tmp_path / "r.pdf", ["A"], [])
    assert info.value.code == "invalid_option"
    with pytest.raises(InputError) as info:
        write_report(tmp_path / "no" / "such" / "r.csv", ["A"], [])
    assert info.value.code == "report_not_written"


def test_report_from_the_journal_echoes_the_input(tmp_path: Path) -> None:
    """Journal rows (DeviceRecord) feed write_report directly: the export path of 'falconieri export'."""
    sheet = load_sheet(CORPUS["csv-utf8"](tmp_path))
    with Journal(tmp_path / "j.sqlite3") as journal:
        batch = journal.create_batch(source_name=sheet.raw.source, source_sha256=sheet.raw.sha256,
                                     input_columns=sheet.header)
        entries = [NewDevice(row=r.number, mac=r.candidate.id.mac, provider="snom", input=r.cells)
                   if r.candidate else NewDevice(row=r.number, mac=None, status=Status.BLOCKED,
                                                 code=r.problems[0].code, message=r.problems[0].message, input=r.cells)
                   for r in sheet.rows]
        journal.add_devices(batch, entries)
        journal.update_device(batch, 2, status=Status.REGISTERED, attempts=1, pin="4242", verified=True)
        record = journal.batch(batch)
        path = write_report(tmp_path / "export.xlsx", record.input_columns, journal.iter_devices(batch))
    with CalamineWorkbook.from_path(path) as workbook:
        values = workbook.get_sheet_by_index(0).to_python()
    assert values[0][:5] == HEADER
    assert len(values) == 1 + len(sheet.rows)
    row2 = values[1]
    assert row2[:2] == ["00:04:13:AA:BB:01", "SN-1"] and row2[8] == "registered" and row2[12] == "4242"
    assert row2[13] == "yes"
    row4 = values[3]
    assert row4[4] == "'=HYPERLINK(\"http://evil\",\"x\")"
    row6 = values[4]
    assert (row6[5], row6[8], row6[9]) == (6.0, "blocked", "malformed_mac_address")
    assert re.match(r"\d{4}-\d\d-\d\dT", str(row6[15]))


def test_report_lines_plan_a_dry_run(tmp_path: Path) -> None:
    """A parsed sheet becomes a plan report: valid rows pending, invalid rows blocked with their code."""
    sheet = load_sheet(CORPUS["csv-utf8"](tmp_path))
    lines = report_lines(sheet)
    assert [(line.row, line.status, line.code) for line in lines][:5] == [
        (2, Status.PENDING, None), (3, Status.PENDING, None), (4, Status.PENDING, None),
        (6, Status.BLOCKED, "malformed_mac_address"), (7, Status.PENDING, None)]
