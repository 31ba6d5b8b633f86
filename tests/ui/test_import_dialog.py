"""Import…: a customer's spreadsheet through the preview, the column mapping, the plan and into the table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QWidget

from falconieri_desktop.core.devices import Status
from falconieri_desktop.core.mac import Mac
from falconieri_desktop.core.plan import PlanClass
from falconieri_desktop.sandbox.demo import DEMO_DEVICES
from falconieri_desktop.ui.dialogs.import_dialog import ImportDialog
from falconieri_desktop.ui.main_window import MainWindow
from tests.ui.conftest import wait_idle

URL = "https://pbx.example.com/provisioning/"
CORRECT_MAC = "000413C0FFEE"  # registered beforehand to the sandbox account with URL


def _demo(provider: str, state: str) -> str:
    return next(d.mac for d in DEMO_DEVICES if d.provider == provider and d.state == state)


NEW = _demo("snom", "new")  # 000413A1B201
REGISTERED = _demo("snom", "registered")  # to this account, old URL
OTHER = _demo("snom", "other_account")
GIGASET_NEW = _demo("gigaset", "new")


def _colons(mac: str) -> str:
    return ":".join(mac[i:i + 2] for i in range(0, 12, 2))


#: (MAC cell, serial, note) -- mixed formats, a typo, a duplicate, a Gigaset phone without its code.
ROWS = [
    (_colons(NEW), "", "Reception"),  # sheet row 2: new
    (REGISTERED.lower(), "", "Office"),  # 3: override (ours, old URL)
    ("-".join(OTHER[i:i + 2] for i in range(0, 12, 2)), "", "Warehouse"),  # 4: conflict
    (f"{CORRECT_MAC[:4]}.{CORRECT_MAC[4:8]}.{CORRECT_MAC[8:]}", "", "Meeting room"),  # 5: already correct
    ("00:04:13:ZZ:00:01", "", "typo"),  # 6: invalid
    (NEW, "", "again"),  # 7: duplicate of row 2
    (GIGASET_NEW, "", "DECT base"),  # 8: missing data (no MAC-ID code)
]
EXPECTED = {PlanClass.NEW: 1, PlanClass.OVERRIDE: 1, PlanClass.CONFLICT: 1, PlanClass.ALREADY_CORRECT: 1,
            PlanClass.INVALID: 2, PlanClass.MISSING_DATA: 1}


def _xlsx(path: Path, rows=ROWS, header=("MAC Address", "Serial", "Note"), sheets=()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Devices"
    for name in sheets:
        workbook.create_sheet(name).append(["nothing here"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def _csv(path: Path, rows=ROWS) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Indirizzo MAC", "Numero di serie", "Note"])
        writer.writerows(rows)
    return path


def _registries(window: MainWindow) -> dict[str, dict[str, tuple[str, str]]]:
    sandbox = window.ctx.sandbox
    return {name: {mac: (r.url, r.owner) for mac, r in sim.registry.items()}
            for name, sim in sandbox.simulators.items()}


def _writes(window: MainWindow) -> list[str]:
    return [f"{name}:{call.operation}" for name, sim in window.ctx.sandbox.simulators.items()
            for call in sim.calls if "register" in call.operation.lower()]


def _open(qtbot, window: MainWindow, path: Path) -> ImportDialog:
    window.url_input.setEditText(URL)
    window.open_import(str(path))
    dialog = window.findChild(ImportDialog)
    assert dialog is not None
    _wait_plan(qtbot, dialog)
    return dialog


def _wait_plan(qtbot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and not dialog.checking
                    and PlanClass.PENDING not in dialog.plan_counts(), timeout=15000)


@pytest.fixture
def prepared(window: MainWindow) -> MainWindow:
    window.ctx.sandbox.simulator("snom").own(CORRECT_MAC, URL)
    return window


def test_xlsx_preview_shows_mapping_problems_and_plan_without_writing(qtbot, prepared: MainWindow,
                                                                      tmp_path: Path) -> None:
    """The preview detects the columns, lists each bad row with its reason and shows the checked plan;
    nothing is written at any vendor."""
    window = prepared
    before = _registries(window)
    dialog = _open(qtbot, window, _xlsx(tmp_path / "customer.xlsx"))

    assert {c.objectName(): c.currentData() for c in dialog.mapping_bar.combos()} == {
        "mapColumnA": "mac", "mapColumnB": "serial", "mapColumnC": "label"}
    assert dialog.plan_counts() == EXPECTED
    assert dialog.count_labels[PlanClass.ALREADY_CORRECT].text() == "Already correct: 1"
    assert dialog.count_labels[PlanClass.INVALID].text() == "Invalid: 2"
    by_number = {dialog.model.number(i): row for i, row in enumerate(dialog.model.plan_rows())}
    assert by_number[5].klass is PlanClass.ALREADY_CORRECT
    assert by_number[4].klass is PlanClass.CONFLICT and by_number[4].code == "device_owned_by_other_user"
    assert by_number[8].code == "missing_mac-id_crc"

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    problems = QGuiApplication.clipboard().text().splitlines()
    assert problems[0].split("\t") == ["Row", "Plan", "Reason"]
    reasons = {int(line.split("\t")[0]): line.split("\t")[2] for line in problems[1:]}
    assert set(reasons) == {4, 6, 7, 8}
    assert "'Z'" in reasons[6] and "already on row 2" in reasons[7] and "MAC-ID code" in reasons[8]

    assert _registries(window) == before
    assert _writes(window) == []
    assert window.model.rowCount() == 0  # nothing added before the user says so
    dialog.reject()


def test_add_to_list_builds_rows_from_the_plan(qtbot, prepared: MainWindow, tmp_path: Path) -> None:
    """Add to list puts every valid row in the table: already-correct skipped, conflicts pending with
    their reason, invalid rows left out; nothing starts."""
    window = prepared
    dialog = _open(qtbot, window, _xlsx(tmp_path / "customer.xlsx"))
    with qtbot.waitSignal(dialog.sig_accepted) as accepted:
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    rows, name, digest, start = accepted.args
    assert (name, start) == ("customer.xlsx", False) and len(rows) == 5
    assert len(digest) == 64
    by_mac = {r.mac.value: r for r in window.model.rows()}
    assert set(by_mac) == {NEW, REGISTERED, OTHER, CORRECT_MAC, GIGASET_NEW}
    assert by_mac[CORRECT_MAC].status is Status.SKIPPED and "nothing to write" in by_mac[CORRECT_MAC].message
    assert by_mac[OTHER].status is Status.PENDING and by_mac[OTHER].plan == "conflict"
    assert "another account" in by_mac[OTHER].message
    assert by_mac[GIGASET_NEW].code == "missing_mac-id_crc"
    assert by_mac[NEW].label == "Reception" and by_mac[NEW].source == "imported" and by_mac[NEW].plan == "new"
    assert by_mac[REGISTERED].plan == "override"
    assert by_mac[NEW].url is None  # follows the URL of the main window
    assert not window.runner.running and _writes(window) == []


def test_csv_add_and_start_registers_what_the_plan_said(qtbot, prepared: MainWindow, tmp_path: Path) -> None:
    """An Italian CSV (semicolons, BOM) with Add and start: new and override rows get registered, the
    already-correct one is not written again, the conflict fails, the Gigaset row never leaves."""
    window = prepared
    dialog = _open(qtbot, window, _csv(tmp_path / "clienti.csv"))
    assert dialog.plan_counts() == EXPECTED
    assert dialog.mapping_bar.combo(0).currentData() == "mac"
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.running or any(r.status is Status.REGISTERED for r in window.model.rows()),
                    timeout=5000)
    wait_idle(qtbot, window)
    by_mac = {r.mac.value: r for r in window.model.rows()}
    snom = window.ctx.sandbox.simulator("snom")
    assert by_mac[NEW].status is Status.REGISTERED and snom.registry[NEW].url == URL
    assert by_mac[REGISTERED].status is Status.REGISTERED and snom.registry[REGISTERED].url == URL
    assert by_mac[OTHER].status is Status.FAILED and by_mac[OTHER].code == "device_owned_by_other_user"
    assert by_mac[CORRECT_MAC].status is Status.SKIPPED
    assert not any(CORRECT_MAC in call.macs for call in snom.calls if "register" in call.operation.lower())
    assert by_mac[GIGASET_NEW].status is Status.BLOCKED
    assert not any("register" in c.operation.lower() for c in window.ctx.sandbox.simulator("gigaset").calls)


def test_force_registers_already_correct_rows_too(qtbot, prepared: MainWindow, tmp_path: Path) -> None:
    """With "force" ticked the already-correct row is added as a row to do, saying it is forced."""
    window = prepared
    dialog = _open(qtbot, window, _xlsx(tmp_path / "customer.xlsx"))
    dialog.force_check.setFocus()
    qtbot.keyClick(dialog.force_check, Qt.Key.Key_Space)
    assert dialog.force_check.isChecked()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    row = next(r for r in window.model.rows() if r.mac.value == CORRECT_MAC)
    assert row.status is Status.PENDING and "forced" in row.message


def test_remapping_a_column_changes_the_preview(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """Choosing another MAC column in the mapping bar re-validates the sheet: the plan follows."""
    rows = [(_demo("snom", "other_account"), _demo("snom", "new"), "a"),
            (_demo("yealink", "other_account"), _demo("yealink", "new"), "b")]
    path = _xlsx(tmp_path / "swap.xlsx", rows=rows, header=("Old phone", "New phone", "Note"))
    dialog = _open(qtbot, window, path)
    assert dialog.mapping_bar.combo(0).currentData() == "mac"  # found by its content, leftmost
    assert dialog.plan_counts() == {PlanClass.CONFLICT: 2}
    combo = dialog.mapping_bar.combo(1)
    combo.setFocus()
    with qtbot.waitSignal(dialog.sig_analysed):
        combo.setCurrentIndex(combo.findData("mac"))
    _wait_plan(qtbot, dialog)
    assert dialog.mapping_bar.combo(0).currentData() == ""
    assert dialog.mapping_bar.combo(1).currentData() == "mac"
    assert dialog.plan_counts() == {PlanClass.NEW: 2}
    assert dialog.model.index(0, dialog.model.reason_column).data() == "Not registered yet: will be registered."

    # Ignoring B gives the MAC back to the detector, which finds A again; ignoring A too leaves the
    # rows without a MAC, and the status line says to choose the column.
    with qtbot.waitSignal(dialog.sig_analysed):
        combo.setCurrentIndex(combo.findData(""))
    _wait_plan(qtbot, dialog)
    assert dialog.mapping_bar.combo(0).currentData() == "mac"
    assert dialog.plan_counts() == {PlanClass.CONFLICT: 2}
    first = dialog.mapping_bar.combo(0)
    with qtbot.waitSignal(dialog.sig_analysed):
        first.setCurrentIndex(first.findData(""))
    assert dialog.plan_counts() == {PlanClass.INVALID: 2}
    assert "choose it" in dialog.status_label.text()
    assert not dialog.add_button.isEnabled()


def test_sheet_selector_reads_the_chosen_sheet(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A workbook with several sheets offers them; choosing one previews that sheet."""
    workbook = Workbook()
    workbook.active.title = "Cover"
    workbook.active.append(["Order 4711"])
    devices = workbook.create_sheet("Phones")
    devices.append(["MAC"])
    devices.append([_demo("snom", "new")])
    path = tmp_path / "order.xlsx"
    workbook.save(path)
    window.url_input.setEditText(URL)
    window.open_import(str(path))
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.sheet_combo.count() == 2, timeout=10000)
    assert dialog.sheet_combo.isVisibleTo(dialog)
    assert dialog.plan_counts() == {PlanClass.INVALID: 1}  # "Order 4711" is no MAC
    with qtbot.waitSignal(dialog.sig_analysed, timeout=10000):
        dialog.sheet_combo.setCurrentIndex(dialog.sheet_combo.findText("Phones"))
    _wait_plan(qtbot, dialog)
    assert dialog.plan_counts() == {PlanClass.NEW: 1}


def test_chosen_account_of_another_provider_is_missing_data(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """With an account chosen in the main window, a row naming another provider is flagged, and rows
    of the account's provider are checked against that account."""
    snom_account = next(a for a in window.ctx.account_list() if a.provider == "snom")
    path = _xlsx(tmp_path / "mixed.xlsx", rows=[(NEW, "", "gigaset"), (REGISTERED, "", "snom")],
                 header=("MAC", "Serial", "Provider"))
    dialog = ImportDialog(window.ctx, window.bridge, path, default_url=URL, default_account=snom_account.id,
                          id_factory=window.model.new_row_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    _wait_plan(qtbot, dialog)
    rows = {dialog.model.number(i): r for i, r in enumerate(dialog.model.plan_rows())}
    assert rows[2].klass is PlanClass.MISSING_DATA and rows[2].code == "account_not_found"
    assert rows[3].klass is PlanClass.OVERRIDE and rows[3].resolved.settings.account_id == snom_account.id
    assert snom_account.name in dialog.account_label.text()
    dialog.reject()


def test_stop_and_cancel_end_the_checks(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """Stop checking leaves the unchecked rows "unchecked"; closing the dialog cancels its check batch."""
    window.ctx.sandbox.set_faults(latency=0.4)
    rows = [(f"00:04:13:55:00:{i:02X}", "", "") for i in range(30)]
    path = _xlsx(tmp_path / "slow.xlsx", rows=rows)
    window.url_input.setEditText(URL)
    window.open_import(str(path))
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.checking, timeout=10000)
    assert dialog.progress.isVisibleTo(dialog) and dialog.stop_button.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.sig_checks_finished):
        qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    counts = dialog.plan_counts()
    assert counts.get(PlanClass.UNCHECKED, 0) > 0 and PlanClass.PENDING not in counts
    assert dialog.count_labels[PlanClass.UNCHECKED].isVisibleTo(dialog)

    # A second dialog closed mid-check: its batch is cancelled and finishes promptly.
    window.open_import(str(path))
    second = next(d for d in window.findChildren(ImportDialog) if d is not dialog and d.isVisible())
    qtbot.waitUntil(lambda: second.checking, timeout=10000)
    batch = second.plan_batch
    qtbot.mouseClick(second.cancel_button, Qt.MouseButton.LeftButton)
    assert window.ctx.engine.wait_finished(batch, 5.0)
    assert window.model.rowCount() == 0


def test_unreadable_file_says_why(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A file that is no spreadsheet is refused with the reason; nothing can be added."""
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    window.open_import(str(path))
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: "cannot be imported" in dialog.status_label.text(), timeout=10000)
    assert "not a spreadsheet" in dialog.status_label.text()
    assert not dialog.add_button.isEnabled() and not dialog.start_button.isEnabled()


def test_id_factory_numbers_the_rows(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """Rows get their ids from the given factory, so they never collide with rows already listed."""
    window.add_devices([(Mac(_demo("yealink", "new")), None, None)], "typed")
    path = _xlsx(tmp_path / "two.xlsx", rows=[(NEW, "", ""), (_demo("sraps", "new"), "", "")])
    dialog = ImportDialog(window.ctx, window.bridge, path, default_url=URL, default_account=None,
                          id_factory=window.model.new_row_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.sig_accepted.connect(window._on_import_accepted)
    dialog.show()
    _wait_plan(qtbot, dialog)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    ids = [r.row_id for r in window.model.rows()]
    assert len(ids) == len(set(ids)) == 3


def test_preview_models_pass_the_model_tester(qtbot, qtmodeltester, prepared: MainWindow, tmp_path: Path) -> None:
    """The preview model and its filter behave as Qt models must, with content and filtered."""
    dialog = _open(qtbot, prepared, _xlsx(tmp_path / "customer.xlsx"))
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.proxy)
    dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData(1))  # rows with a problem
    assert dialog.proxy.rowCount() == 4
    qtmodeltester.check(dialog.proxy)
    dialog.reject()


def test_dialog_is_accessible_and_keyboard_driven(qtbot, prepared: MainWindow, tmp_path: Path) -> None:
    """Every interactive widget has an accessible name, and the mapping is reachable by its shortcut."""
    dialog = _open(qtbot, prepared, _xlsx(tmp_path / "customer.xlsx"))
    missing = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog):
            continue
        if isinstance(widget, QAbstractButton | QComboBox | QAbstractItemView) and not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
        if isinstance(widget, QLineEdit) and not widget.accessibleName() and not isinstance(widget.parentWidget(),
                                                                                            QComboBox):
            missing.append(f"QLineEdit {widget.objectName()!r}")
    assert missing == []
    dialog.activateWindow()
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.mapping_bar.combo(0)
    dialog.filter_combo.setFocus()
    order = []
    for _ in range(4):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget().objectName())
    assert order == ["mapColumnA", "mapColumnB", "mapColumnC", "previewTable"]
    dialog.reject()


def test_registered_where_the_vendor_hides_the_url_is_an_override(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A Gigaset phone registered here at an unknown URL is planned as an override, never skipped as
    "already correct" (its check cannot read the URL back)."""
    gigaset = next(d for d in DEMO_DEVICES if d.provider == "gigaset" and d.state == "registered")
    path = _xlsx(tmp_path / "dect.xlsx", rows=[(f"{gigaset.mac}-{gigaset.crc}", "", "DECT")])
    dialog = _open(qtbot, window, path)
    assert dialog.plan_counts() == {PlanClass.OVERRIDE: 1}
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert window.model.rows()[0].status is Status.PENDING
