"""History: past batches from the journal, reopened, resumed and audited."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QWidget

from falconieri_desktop.core.devices import Status
from falconieri_desktop.core.journal import BatchState, NewDevice
from falconieri_desktop.core.mac import Mac
from falconieri_desktop.ui.dialogs import export
from falconieri_desktop.ui.dialogs.history import HistoryDialog
from falconieri_desktop.ui.main_window import MainWindow
from tests.ui.conftest import wait_idle

URL = "https://pbx.example.com/provisioning/"
MACS = ["000413A1B201", "805EC0D1E201"]  # snom and yealink demo phones, not registered yet


def _run_batch(qtbot, window: MainWindow) -> None:
    window.url_input.setEditText(URL)
    window.add_devices([(Mac(m), None, None) for m in MACS], "typed")
    window.start()
    wait_idle(qtbot, window)
    assert all(r.status is Status.REGISTERED for r in window.model.rows())


def _interrupted_batch(window: MainWindow) -> int:
    """A batch a crash left behind: one row registered, two never sent."""
    journal = window.ctx.journal
    batch = journal.create_batch(source_name="site-b.xlsx", options={"url": URL},
                                 input_columns=("MAC", "Room"))
    journal.add_devices(batch, [
        NewDevice(1, Mac("0C383EF4A101"), provider="fanvil", url=URL, input=("0C383EF4A101", "101")),
        NewDevice(2, Mac("000413A1B201"), provider="snom", url=URL, input=("000413A1B201", "102")),
        NewDevice(3, Mac("000413B5C601"), provider="snom", url=URL, input=("000413B5C601", "103")),
    ])
    journal.update_device(batch, 1, status=Status.REGISTERED, attempts=1)
    journal.finish_batch(batch, BatchState.INTERRUPTED)
    return batch


def _open(qtbot, window: MainWindow) -> HistoryDialog:
    window.open_history()
    dialog = window.findChild(HistoryDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.devices.rowCount() > 0, timeout=5000)
    return dialog


def test_history_lists_a_finished_batch_with_its_devices_and_audit(qtbot, window: MainWindow) -> None:
    """A run shows up newest first, with its counts, its devices and each MAC's operations."""
    _run_batch(qtbot, window)
    dialog = _open(qtbot, window)
    assert dialog.bridge is window.bridge  # the devices are read off the GUI thread
    batches = dialog.batches
    assert batches.rowCount() == 1
    assert batches.index(0, 1).data() == "Finished"
    assert batches.index(0, 5).data() == "2" and batches.index(0, 6).data() == "2"
    assert "2 devices: 2 registered" in dialog.summary.text()
    assert [dialog.devices.index(r, 2).data() for r in range(2)] == ["00:04:13:A1:B2:01", "80:5E:C0:D1:E2:01"]
    assert dialog.devices.index(0, 1).data() == "Registered"
    qtbot.waitUntil(lambda: dialog.audit.rowCount() > 0)
    assert dialog.audit.index(0, 2).data() == "register" and dialog.audit.index(0, 3).data() == "registered"
    assert not dialog.resume_button.isEnabled()  # a finished batch has nothing to resume
    assert dialog.reopen_button.isEnabled() and dialog.export_button.isEnabled()


def test_reopen_emits_the_batch_and_fills_the_table(qtbot, window: MainWindow) -> None:
    """Reopen (or Enter on a batch) emits (batch, False) and the main window lists its devices again."""
    _run_batch(qtbot, window)
    batch = window.ctx.journal.batches()[0].id
    window.model.clear()
    dialog = _open(qtbot, window)
    with qtbot.waitSignal(dialog.sig_reopen) as reopened:
        qtbot.mouseClick(dialog.reopen_button, Qt.MouseButton.LeftButton)
    assert reopened.args == [batch, False]
    assert {r.mac.value for r in window.model.rows()} == set(MACS)
    assert all(r.status is Status.REGISTERED for r in window.model.rows())

    dialog = _open(qtbot, window)
    dialog.batch_table.setFocus()
    with qtbot.waitSignal(dialog.sig_reopen) as reopened:
        qtbot.keyClick(dialog.batch_table, Qt.Key.Key_Return)
    assert reopened.args == [batch, False]


def test_resume_an_interrupted_batch(qtbot, window: MainWindow) -> None:
    """An interrupted batch offers Resume; it emits (batch, True) and its unfinished rows get registered."""
    _run_batch(qtbot, window)
    batch = _interrupted_batch(window)
    window.model.clear()
    window.url_input.setEditText(URL)
    dialog = _open(qtbot, window)
    assert dialog.selected_batch().id == batch  # newest first
    assert dialog.batches.index(0, 1).data() == "Interrupted"
    assert dialog.batches.index(0, 8).data() == "2"
    assert dialog.resume_button.isEnabled()
    with qtbot.waitSignal(dialog.sig_reopen) as resumed:
        qtbot.mouseClick(dialog.resume_button, Qt.MouseButton.LeftButton)
    assert resumed.args == [batch, True]
    wait_idle(qtbot, window)
    by_mac = {r.mac.value: r.status for r in window.model.rows()}
    assert by_mac == {"0C383EF4A101": Status.REGISTERED, "000413A1B201": Status.REGISTERED,
                      "000413B5C601": Status.REGISTERED}
    assert window.ctx.sandbox.simulator("snom").registry["000413B5C601"].url == URL


def test_selecting_older_batches_and_paging(qtbot, window: MainWindow, monkeypatch) -> None:
    """Choosing another batch shows its devices; "Load older batches" appends the next page."""
    import falconieri_desktop.ui.dialogs.history as history

    monkeypatch.setattr(history, "PAGE_SIZE", 2)
    journal = window.ctx.journal
    ids = []
    for n in range(3):
        batch = journal.create_batch(source_name=f"file{n}.csv")
        journal.add_devices(batch, [NewDevice(i, Mac(f"0004130000{n}{i}")) for i in range(1, n + 2)])
        ids.append(batch)
    dialog = HistoryDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.devices.rowCount() == 3, timeout=5000)  # newest: file2, 3 devices
    assert dialog.batches.rowCount() == 2 and dialog.more_button.isEnabled()
    qtbot.mouseClick(dialog.more_button, Qt.MouseButton.LeftButton)
    assert [dialog.batches.index(r, 0).data() for r in range(3)] == [str(i) for i in reversed(ids)]
    with qtbot.waitSignal(dialog.sig_devices_loaded):
        dialog.batch_table.selectRow(2)
    assert dialog.devices.rowCount() == 1
    assert dialog.resume_button.isEnabled()  # a planned batch with rows to do
    dialog.reject()


def test_history_without_a_bridge_reads_on_the_gui_thread(qtbot, ctx) -> None:
    """Opened from anywhere without a bridge, the dialog still lists the batch's devices."""
    batch = ctx.journal.create_batch(source_name="x.csv")
    ctx.journal.add_devices(batch, [NewDevice(1, Mac("000413A1B201"))])
    dialog = HistoryDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.bridge is None
    assert dialog.devices.rowCount() == 1


def test_history_exports_the_selected_batch(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    """Export report… writes the batch's rows with the spreadsheet's own columns."""
    from openpyxl import load_workbook

    batch = _interrupted_batch(window)
    target = tmp_path / "batch.xlsx"
    monkeypatch.setattr(export, "ask_report_path", lambda parent, ctx, name: target)
    dialog = _open(qtbot, window)
    assert dialog.selected_batch().id == batch
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Report saved" in dialog.message.text(), timeout=5000)
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("MAC", "Room", "Row", "MAC", "Provider")
    assert rows[1][:2] == ("0C383EF4A101", "101") and rows[1][5] == "registered"
    assert len(rows) == 4


def test_history_models_and_accessibility(qtbot, qtmodeltester, window: MainWindow) -> None:
    """The three models pass the model tester; every interactive widget has an accessible name."""
    _run_batch(qtbot, window)
    _interrupted_batch(window)
    dialog = _open(qtbot, window)
    with qtbot.waitSignal(dialog.sig_devices_loaded):
        dialog.batch_table.selectRow(1)  # the run: its devices have operations in the audit
    qtbot.waitUntil(lambda: dialog.audit.rowCount() > 0)
    for model in (dialog.batches, dialog.devices, dialog.audit):
        qtmodeltester.check(model)
    missing = [f"{type(w).__name__} {w.objectName()!r}" for w in dialog.findChildren(QWidget)
               if w.isVisibleTo(dialog) and isinstance(w, QAbstractButton | QAbstractItemView)
               and not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())]
    assert missing == []
