"""The device input with a keyboard-wedge barcode scanner: bursts ending in Enter, prefixes, EANs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from falconieri_desktop.core.mac import Mac, builtin_vendor_table
from falconieri_desktop.ui.device_input import DeviceInput
from falconieri_desktop.ui.main_window import MainWindow


@pytest.fixture
def device_input(qtbot) -> Iterator[DeviceInput]:
    widget = DeviceInput(builtin_vendor_table())
    qtbot.addWidget(widget)
    widget.show()
    yield widget


def entered(device_input: DeviceInput) -> list[tuple[list[Mac], str]]:
    seen: list[tuple[list[Mac], str]] = []
    device_input.sig_entered.connect(lambda result, source: seen.append(([e.mac for e in result.entries], source)))
    return seen


def test_scanner_burst_with_prefix_is_added_as_scanned(device_input: DeviceInput, qtbot) -> None:
    """A fast burst "MAC:…" + Enter is one scanned device, and the line is ready for the next."""
    seen = entered(device_input)
    qtbot.keyClicks(device_input.line, "MAC:000413A1B201")
    qtbot.keyClick(device_input.line, Qt.Key.Key_Return)
    assert seen == [([Mac("000413A1B201")], "scanned")]
    assert device_input.line.text() == ""
    qtbot.keyClicks(device_input.line, "]C0805EC0D1E201")
    qtbot.keyClick(device_input.line, Qt.Key.Key_Return)
    assert seen[-1] == ([Mac("805EC0D1E201")], "scanned")


def test_typing_slowly_is_typed(device_input: DeviceInput, qtbot) -> None:
    """Keys at a person's pace make a typed entry (it is added all the same)."""
    seen = entered(device_input)
    qtbot.keyClicks(device_input.line, "000413A1B201", delay=60)
    qtbot.keyClick(device_input.line, Qt.Key.Key_Return)
    assert seen == [([Mac("000413A1B201")], "typed")]


def test_scanned_ean_is_ignored_with_a_note(device_input: DeviceInput, qtbot) -> None:
    """An EAN-13 burst adds nothing, shows a short note (not an error) and clears the line for the next scan."""
    seen = entered(device_input)
    qtbot.keyClicks(device_input.line, "4006381333931")
    qtbot.keyClick(device_input.line, Qt.Key.Key_Return)
    assert seen == []
    assert device_input.line.text() == ""
    assert "ignored" in device_input.feedback.text() and "EAN" in device_input.feedback.text()
    assert "#d64545" not in device_input.feedback.styleSheet()


def test_burst_after_a_pause_counts_alone(device_input: DeviceInput) -> None:
    """Only the keys after the last pause decide: typed keys before a scan, or a scan after an error, don't blur it."""
    line = device_input.line
    human = [0.0, 0.18, 0.35, 0.52, 0.70]
    scan = [1.5 + 0.004 * i for i in range(16)]
    line.key_times = human + scan
    assert line.burst(now=scan[-1] + 0.01)
    assert not line.burst(now=scan[-1] + 1.0)  # Enter long after the last key: a person pressed it
    line.key_times = [0.09 * i for i in range(16)]
    assert not line.burst(now=line.key_times[-1] + 0.01)
    line.key_times = scan[:5]
    assert not line.burst(now=scan[4] + 0.01)  # too short for a label code


def test_wedge_into_the_main_window_adds_rows_once(window: MainWindow, qtbot) -> None:
    """Scanning the same label twice into the main window's device input adds one row and selects it again."""
    line = window.device_input.line
    for _ in range(2):
        qtbot.keyClicks(line, "MAC:000413A1B201")
        qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.keyClicks(line, "4006381333931")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    rows = window.model.rows()
    assert [str(r.mac) for r in rows] == ["00:04:13:A1:B2:01"]
    assert rows[0].source == "scanned"
