"""End to end: a video of labels passing the "camera" (``FALCONIERI_CAMERA_FILE``, played by
QMediaPlayer into the panel's video sink, as a camera would be) fills the main window's list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from falconieri_desktop.core.mac import Mac
from falconieri_desktop.ui.camera import CAMERA_FILE_ENV
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.main_window import MainWindow
from tests.e2e.label_video import DEFAULT_SCRIPT, write_label_video

pytest.importorskip("av")


@pytest.fixture(scope="module")
def label_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("camera") / "labels.mp4"
    write_label_video(path)
    return path


@pytest.fixture
def camera_window(label_video: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp,
                  qtbot) -> Iterator[MainWindow]:
    """The app in sandbox mode, its "camera" the label video."""
    monkeypatch.setenv(CAMERA_FILE_ENV, str(label_video))
    ctx = AppContext.create(sandbox=True, journal_path=tmp_path / "journal.sqlite3", sandbox_latency=0.0)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    ctx.shutdown()


def test_video_of_labels_adds_each_device_once(camera_window: MainWindow, qtbot) -> None:
    """Four boxes shown in turn: each device is added once, with its serial or code; the Gigaset whose
    code is printed only as text waits for it, and is added once the code is typed."""
    window = camera_window
    qtbot.mouseClick(window.scan_button, Qt.MouseButton.LeftButton)
    panel = window._scan_panel
    assert panel is not None
    assert panel.camera_combo.currentText() == "labels.mp4"
    qtbot.waitUntil(lambda: panel.live, timeout=5000)
    qtbot.waitUntil(lambda: panel.preview.image is not None, timeout=10000)
    gigaset_text_only = Mac("589EC6C0FF02")
    qtbot.waitUntil(lambda: panel.awaiting_code == [gigaset_text_only], timeout=20000)
    qtbot.waitUntil(lambda: not panel.live, timeout=20000)  # the video ended
    assert "ended" in panel.feedback.text()

    rows = {r.mac.value: r for r in window.model.rows()}
    assert set(rows) == {label.device.mac for label, _ in DEFAULT_SCRIPT[:3]}
    assert rows["7C2F80C0FF01"].crc == "K3Q7"
    assert rows["44DBD2C3D401"].serial == "8015C3D40100001"
    assert all(r.source == "scanned" for r in rows.values())
    assert panel.history.count() == 3

    qtbot.keyClicks(panel.code_prompt.input, "7TZ2")
    qtbot.keyClick(panel.code_prompt.input, Qt.Key.Key_Return)
    macs = Counter(r.mac.value for r in window.model.rows())
    assert macs == Counter({label.device.mac: 1 for label, _ in DEFAULT_SCRIPT})
    assert window.model.find_mac(gigaset_text_only).crc == "7TZ2"
    first_adds = [mac.value for mac, _, _ in panel.added]
    assert sorted(set(first_adds)) == sorted(macs)  # nothing else was ever sent to the list


def test_start_plays_the_video_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, camera_window: MainWindow,
                                     qtbot) -> None:
    """After the end, Start replays the video; a device already listed is not added twice."""
    short = tmp_path / "one-label.mp4"
    write_label_video(short, DEFAULT_SCRIPT[:1])
    monkeypatch.setenv(CAMERA_FILE_ENV, str(short))
    window = camera_window
    window.open_scanner()
    panel = window._scan_panel
    assert panel is not None and panel.camera_combo.currentText() == "one-label.mp4"
    qtbot.waitUntil(lambda: panel.live, timeout=5000)
    qtbot.waitUntil(lambda: not panel.live, timeout=20000)
    assert [r.mac.value for r in window.model.rows()] == ["000413A1B201"]
    decoded = panel.decoder.stats.decoded
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.live, timeout=5000)
    qtbot.waitUntil(lambda: not panel.live, timeout=20000)
    assert panel.decoder.stats.decoded > decoded  # it played again
    assert [r.mac.value for r in window.model.rows()] == ["000413A1B201"]
