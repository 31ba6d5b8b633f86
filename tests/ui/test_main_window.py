"""End-to-end flows of the main window in sandbox mode."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QProgressBar, QPushButton, QTableView, QWidget

from falconieri_desktop.core.devices import Status
from falconieri_desktop.sandbox.demo import DEMO_DEVICES
from falconieri_desktop.ui.main_window import MainWindow
from tests.ui.conftest import wait_idle

URL = "https://pbx.example.com/provisioning/"


def _type_and_enter(qtbot, window: MainWindow, text: str) -> None:
    line = window.findChild(QLineEdit, "deviceInput")
    line.setFocus()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_object_names_are_part_of_the_interface(window: MainWindow) -> None:
    """Scripts and tests find every named widget of the issue."""
    names = {"accountCombo": QComboBox, "urlInput": QComboBox, "deviceInput": QLineEdit, "deviceTable": QTableView,
             "startButton": QPushButton, "cancelButton": QPushButton, "batchProgress": QProgressBar,
             "importButton": QPushButton, "scanButton": QPushButton, "statusFilter": QComboBox,
             "detailsPane": QWidget}
    assert window.objectName() == "mainWindow"
    for name, cls in names.items():
        assert window.findChild(cls, name) is not None, name


def test_every_interactive_widget_has_an_accessible_name(window: MainWindow) -> None:
    """Screen readers can name every button, input and list."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

    missing = []
    for widget in window.findChildren(QWidget):
        interactive = isinstance(widget, QAbstractButton | QComboBox | QAbstractItemView)
        named = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        if interactive and widget.isVisibleTo(window) and not named:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
        if isinstance(widget, QLineEdit) and widget.isVisibleTo(window) and not widget.accessibleName():
            parent = widget.parentWidget()
            if not (isinstance(parent, QComboBox) and parent.accessibleName()):
                missing.append(f"QLineEdit {widget.objectName()!r}")
    assert missing == []


def test_type_a_mac_and_register_it(qtbot, window: MainWindow) -> None:
    """Typing a MAC, Enter, then Ctrl+Enter registers it with the sandbox; the row goes green."""
    window.url_input.setEditText(URL)
    _type_and_enter(qtbot, window, "00:04:13:12:34:56")
    assert window.model.rowCount() == 1
    qtbot.keyClick(window.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    row = window.model.rows()[0]
    assert row.status is Status.REGISTERED
    assert window.ctx.sandbox.simulator("snom").registry["000413123456"].url == URL
    progress = window.findChild(QProgressBar, "batchProgress")
    assert progress.value() == progress.maximum() == 1


def test_a_conflict_shows_its_hint(qtbot, window: MainWindow) -> None:
    """A phone owned by another account fails with the code and the 'what to do' advice."""
    other = next(d for d in DEMO_DEVICES if d.provider == "snom" and d.state == "other_account")
    window.url_input.setEditText(URL)
    _type_and_enter(qtbot, window, other.mac)
    window.start()
    wait_idle(qtbot, window)
    row = window.model.rows()[0]
    assert row.status is Status.FAILED and row.code == "device_owned_by_other_user"
    window.select_row(row.row_id)
    text = window.details.browser.toPlainText()
    assert "Ask the previous reseller" in text and "Error:owned_by_other_user" in text


def test_paste_fifty_rows(qtbot, window: MainWindow) -> None:
    """Ctrl+V with 50 spreadsheet rows (MAC tab serial) adds 50 devices, header ignored."""
    lines = ["MAC\tSerial"] + [f"00:04:13:00:{i // 256:02X}:{i % 256:02X}\tSN{i:06d}X" for i in range(50)]
    QGuiApplication.clipboard().setText("\n".join(lines))
    window.table.setFocus()
    window.paste()
    assert window.model.rowCount() == 50
    assert window.model.rows()[3].serial == "SN000003X"


def test_gigaset_without_code_is_not_sent(qtbot, window: MainWindow) -> None:
    """A Gigaset MAC without its code is blocked locally with missing_mac-id_crc; nothing reaches the vendor."""
    window.url_input.setEditText(URL)
    _type_and_enter(qtbot, window, "7C:2F:80:12:34:56")
    sim = window.ctx.sandbox.simulator("gigaset")
    calls_before = len(sim.calls)
    window.start()
    qtbot.waitUntil(lambda: window.model.rows()[0].status is Status.BLOCKED, timeout=5000)
    assert window.model.rows()[0].code == "missing_mac-id_crc"
    assert len(sim.calls) == calls_before


def test_cancel_mid_batch(qtbot, window: MainWindow) -> None:
    """Cancel stops the run; unfinished rows are cancelled and can be started again."""
    window.ctx.sandbox.set_faults(latency=0.3)
    window.url_input.setEditText(URL)
    text = "\n".join(f"00:04:13:10:00:{i:02X}" for i in range(40))
    QGuiApplication.clipboard().setText(text)
    window.paste()
    window.start()
    qtbot.waitUntil(lambda: any(r.status is Status.RUNNING for r in window.model.rows()), timeout=5000)
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    statuses = [r.status for r in window.model.rows()]
    assert Status.CANCELLED in statuses
    assert not any(s in (Status.QUEUED, Status.RUNNING) for s in statuses)
    assert window.start_button.isEnabled()


def test_status_filter_shows_failed_only(qtbot, window: MainWindow) -> None:
    """The Failed filter hides registered rows."""
    other = next(d for d in DEMO_DEVICES if d.provider == "snom" and d.state == "other_account")
    window.url_input.setEditText(URL)
    for mac in (other.mac, "000413ABCDEF"):
        _type_and_enter(qtbot, window, mac)
    window.start()
    wait_idle(qtbot, window)
    window.status_filter.setCurrentIndex(2)  # Failed
    assert window.proxy.rowCount() == 1
    window.status_filter.setCurrentIndex(0)
    assert window.proxy.rowCount() == 2


def test_resume_an_interrupted_batch(qtbot, ctx, tmp_path) -> None:
    """Rows a dead run left in flight are offered at start and registered on Resume."""
    from falconieri_desktop.core.journal import Journal, NewDevice
    from falconieri_desktop.core.mac import parse_mac

    # A batch another (dead) process started: rows queued, owner gone.
    other = Journal(ctx.journal.path)
    batch = other.create_batch(source_name="crashed")
    other.add_devices(batch, [NewDevice(row=i, mac=parse_mac(f"00041320000{i}"), provider="snom", url=URL)
                              for i in range(3)])
    other.start_batch(batch)
    other.update_devices(batch, [0, 1, 2], status=Status.QUEUED)
    other._owner.release()  # simulate the process dying without closing
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.resume_bar.isVisible, timeout=5000)
    window.url_input.setEditText(URL)
    qtbot.mouseClick(window.resume_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert [r.status for r in window.model.rows()] == [Status.REGISTERED] * 3
    window.close()


def test_model_passes_qtmodeltester(qtmodeltester, window: MainWindow) -> None:
    """The device model and its proxy follow Qt's model rules."""
    QGuiApplication.clipboard().setText("\n".join(f"00:04:13:30:00:{i:02X}" for i in range(10)))
    window.paste()
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.proxy)


def test_closing_mid_batch_cancels_cleanly_and_leaves_it_resumable(qtbot, ctx) -> None:
    """Closing the window during a run cancels it within seconds; the journal keeps it resumable."""
    import time

    from falconieri_desktop.core.journal import RESUMABLE_STATUSES

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    ctx.sandbox.set_faults(latency=0.4)
    window.url_input.setEditText(URL)
    QGuiApplication.clipboard().setText("\n".join(f"00:04:13:40:00:{i:02X}" for i in range(30)))
    window.paste()
    window.start()
    qtbot.waitUntil(lambda: any(r.status is Status.RUNNING for r in window.model.rows()), timeout=5000)
    batch_id = int(window.runner.current.batch_id)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 8
    records = ctx.journal.devices(batch_id)
    assert {r.status for r in records} <= {Status.REGISTERED, Status.CANCELLED}
    assert sum(1 for r in records if r.status in RESUMABLE_STATUSES) > 0
    assert ctx.journal.batch(batch_id).state.value == "cancelled"


def test_only_on_screen_rows_are_announced_during_a_batch(window: MainWindow) -> None:
    """Changes to off-screen rows emit no dataChanged (a ranged signal repaints the whole view)."""
    from falconieri_desktop.core.engine import RowChanged

    QGuiApplication.clipboard().setText("\n".join(f"00:04:13:50:{i // 256:02X}:{i % 256:02X}" for i in range(400)))
    window.paste()
    window.select_row(window.model.rows()[0].row_id)  # the details pane follows the current row
    window.table.scrollToTop()
    QGuiApplication.processEvents()
    emitted: list[tuple[int, int]] = []
    window.model.dataChanged.connect(lambda top, bottom, *_: emitted.append((top.row(), bottom.row())))
    last = window.model.rows()[-1]
    window.model.apply_changes([RowChanged("b", last.row_id, Status.QUEUED)])
    assert emitted == []
    assert last.status is Status.QUEUED  # the data itself changed: it is read when scrolled to
    first = window.model.rows()[0]
    window.model.apply_changes([RowChanged("b", first.row_id, Status.QUEUED)])
    assert emitted == [(0, 0)]


def test_the_engine_is_held_back_while_the_table_paints_and_events_are_applied(window: MainWindow) -> None:
    """The GUI thread holds the engine's ForegroundGate while it repaints the table and while it drains
    engine events: a repaint's thousands of calls into the model do not queue behind a busy engine."""
    from PySide6.QtWidgets import QStyledItemDelegate

    from falconieri_desktop.core.engine import RowChanged
    from falconieri_desktop.ui.models import Column

    gate = window.ctx.engine.foreground
    held_while_painting: list[bool] = []

    class Probe(QStyledItemDelegate):
        def paint(self, painter, option, index) -> None:  # type: ignore[no-untyped-def]
            held_while_painting.append(gate.is_held)
            super().paint(painter, option, index)

    probe = Probe(window.table)
    window.table.setItemDelegateForColumn(int(Column.MAC), probe)
    QGuiApplication.clipboard().setText("\n".join(f"00:04:13:51:00:{i:02X}" for i in range(5)))
    window.paste()
    window.table.viewport().repaint()
    assert held_while_painting and all(held_while_painting)
    assert not gate.is_held

    held_while_applying: list[bool] = []
    window.bridge.sig_rows_changed.connect(lambda *_: held_while_applying.append(gate.is_held))
    window.ctx.engine.events.put(RowChanged("elsewhere", window.model.rows()[0].row_id, Status.QUEUED))
    window.bridge.drain()
    assert held_while_applying == [True]
    assert not gate.is_held


def test_a_dark_system_palette_gives_a_dark_window(qapp, ctx, qtbot) -> None:
    """No widget forces light colours: under a dark palette the table and the details pane render dark,
    with light text (the badges and the sandbox banner keep their own colours)."""
    from PySide6.QtGui import QColor, QPalette

    light = qapp.palette()
    dark = QPalette(light)
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.AlternateBase, "#262626"), (QPalette.ColorRole.Text, "#e8e8e8"),
                         (QPalette.ColorRole.WindowText, "#e8e8e8"), (QPalette.ColorRole.Button, "#353535"),
                         (QPalette.ColorRole.ButtonText, "#e8e8e8")):
        dark.setColor(role, QColor(colour))
    qapp.setPalette(dark)
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.resize(1200, 700)
        window.show()
        QGuiApplication.clipboard().setText("\n".join(f"00:04:13:53:00:{i:02X}" for i in range(5)))
        window.paste()
        QGuiApplication.processEvents()

        def luminance(widget: QWidget) -> tuple[float, float]:
            """(median, brightest) lightness of the widget's pixels, 0..255."""
            image = widget.grab().toImage()
            values = sorted(QColor(image.pixel(x, y)).lightness()
                            for x in range(0, image.width(), 7) for y in range(0, image.height(), 7))
            return values[len(values) // 2], values[-1]

        for widget in (window.table.viewport(), window.details.browser.viewport()):
            median, brightest = luminance(widget)
            assert median < 80, f"{widget.parent().objectName() or widget}: background lightness {median}"
            assert brightest > 180, "light text is drawn on it"
    finally:
        qapp.setPalette(light)
