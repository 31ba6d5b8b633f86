"""The scan panel: live reading (frames pushed into its video sink, the deterministic path), the
Gigaset code prompt, the no-camera path, photos opened, dropped and pasted, and its threads."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget

from falconieri_desktop.core.mac import Mac
from falconieri_desktop.sandbox.demo import DEMO_DEVICES
from falconieri_desktop.sandbox.labels import FrameSpec, label_content, render_label, synthetic_frame
from falconieri_desktop.ui.camera import CAMERA_FILE_ENV
from falconieri_desktop.ui.context import AppContext
from falconieri_desktop.ui.main_window import MainWindow
from falconieri_desktop.ui.scanner import ScanPanel

SNOM, YMCS, GIGASET, GIGASET_2 = "000413A1B201", "44DBD2C3D401", "7C2F80C0FF01", "589EC6C0FF02"


def device(mac: str):
    return next(d for d in DEMO_DEVICES if d.mac == mac)


def qimage(image: Image.Image) -> QImage:
    gray = image.convert("L")
    return QImage(gray.tobytes(), gray.width, gray.height, gray.width, QImage.Format.Format_Grayscale8).copy()


def camera_frame(mac: str, layout: str, seed: int = 1) -> QImage:
    return qimage(synthetic_frame(label_content(device(mac), layout), FrameSpec(), seed=seed))


def photo(path: Path, *labels: tuple[str, str]) -> Path:
    """A PNG "photo" with the given labels one above the other on white paper."""
    rendered = [render_label(label_content(device(mac), layout), 3) for mac, layout in labels]
    gap = 120
    sheet = Image.new("L", (max(r.width for r in rendered) + 2 * gap,
                            sum(r.height for r in rendered) + gap * (len(rendered) + 1)), 255)
    y = gap
    for image in rendered:
        sheet.paste(image, (gap, y))
        y += image.height + gap
    sheet.save(path)
    return path


@pytest.fixture
def no_camera_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CAMERA_FILE_ENV, raising=False)


@pytest.fixture
def panel(ctx: AppContext, qtbot, no_camera_file) -> Iterator[ScanPanel]:
    from falconieri_desktop.ui.bridge import EngineBridge

    bridge = EngineBridge(ctx.engine)
    widget = ScanPanel(ctx, bridge)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()
    bridge.shutdown()


class Recorder:
    def __init__(self, panel: ScanPanel) -> None:
        self.devices: list[tuple[Mac, str | None, str | None]] = []
        panel.sig_device.connect(lambda mac, crc, serial: self.devices.append((mac, crc, serial)))

    def macs(self) -> list[str]:
        return [mac.value for mac, _, _ in self.devices]


def show_frames(qtbot, panel: ScanPanel, image: QImage, count: int = 4, pause_ms: int = 80) -> None:
    """Push ``count`` camera frames of ``image`` into the panel's sink (a new frame each: the sink
    ignores the same frame set twice)."""
    for _ in range(count):
        panel.video_sink.setVideoFrame(QVideoFrame(image))
        qtbot.wait(pause_ms)


# -- live ------------------------------------------------------------------------------------------


def test_live_frames_add_a_device_once(panel: ScanPanel, qtbot) -> None:
    """Two agreeing frames add the device with its serial; more frames of it within the cooldown add nothing."""
    record = Recorder(panel)
    panel.start_live()
    frame = camera_frame(YMCS, "qr")
    show_frames(qtbot, panel, frame, count=3)
    qtbot.waitUntil(lambda: bool(record.devices), timeout=5000)
    show_frames(qtbot, panel, frame, count=6)
    assert record.devices == [(Mac(YMCS), None, device(YMCS).serial)]
    assert "44:DB:D2:C3:D4:01" in panel.feedback.text() and "Yealink" in panel.feedback.text()
    assert device(YMCS).serial in panel.feedback.text()
    assert panel.history.count() == 1


def test_the_next_box_is_added_in_continuous_mode(panel: ScanPanel, qtbot) -> None:
    """Box after box: a second label after the first adds the second device without touching anything."""
    record = Recorder(panel)
    panel.start_live()
    show_frames(qtbot, panel, camera_frame(SNOM, "classic"))
    show_frames(qtbot, panel, camera_frame(GIGASET, "mac-id"))
    qtbot.waitUntil(lambda: len(record.devices) == 2, timeout=5000)
    assert [d[0].value for d in record.devices] == [SNOM, GIGASET]
    assert record.devices[1][1] == "K3Q7"
    assert panel.live


def test_single_mode_stops_after_one_device(panel: ScanPanel, qtbot) -> None:
    """With continuous mode off, the camera stops once a device was added."""
    record = Recorder(panel)
    panel.continuous_check.setChecked(False)
    panel.start_live()
    show_frames(qtbot, panel, camera_frame(SNOM, "classic"))
    qtbot.waitUntil(lambda: bool(record.devices), timeout=5000)
    assert not panel.live
    assert panel.start_button.text().replace("&", "") == "Start"


def test_gigaset_without_code_asks_for_it_then_adds_it(panel: ScanPanel, qtbot) -> None:
    """A Gigaset MAC read without its MAC-ID code waits for the code typed in the prompt."""
    record = Recorder(panel)
    panel.start_live()
    show_frames(qtbot, panel, camera_frame(GIGASET_2, "mac-id-text"))
    qtbot.waitUntil(lambda: panel.awaiting_code == [Mac(GIGASET_2)], timeout=5000)
    assert record.devices == []
    assert panel.code_prompt.isVisibleTo(panel)
    assert "58:9E:C6:C0:FF:02" in panel.code_prompt.label.text()
    qtbot.keyClicks(panel.code_prompt.input, "7tz")
    qtbot.mouseClick(panel.code_prompt.add_button, Qt.MouseButton.LeftButton)
    assert record.devices == [] and panel.code_prompt.error.text()
    panel.code_prompt.input.clear()
    qtbot.keyClicks(panel.code_prompt.input, "7tz2")
    qtbot.keyClick(panel.code_prompt.input, Qt.Key.Key_Return)
    assert record.devices == [(Mac(GIGASET_2), "7TZ2", None)]
    assert not panel.code_prompt.isVisibleTo(panel)


def test_gigaset_code_can_come_from_a_later_frame(panel: ScanPanel, qtbot) -> None:
    """While the prompt waits, the MAC-ID barcode shown to the camera completes the device by itself."""
    record = Recorder(panel)
    panel.start_live()
    show_frames(qtbot, panel, camera_frame(GIGASET, "mac-id-text"))
    qtbot.waitUntil(lambda: panel.awaiting_code == [Mac(GIGASET)], timeout=5000)
    show_frames(qtbot, panel, camera_frame(GIGASET, "mac-id"), count=6)
    qtbot.waitUntil(lambda: bool(record.devices), timeout=5000)
    assert record.devices[0][:2] == (Mac(GIGASET), "K3Q7")
    assert panel.awaiting_code == []


def test_gigaset_prompt_takes_a_scanned_mac_id_and_refuses_another_device(panel: ScanPanel, qtbot) -> None:
    """A wedge scan of the MAC-ID fills the code; the MAC-ID of another phone is refused with a reason."""
    record = Recorder(panel)
    panel.start_live()
    show_frames(qtbot, panel, camera_frame(GIGASET, "mac-id-text"))
    qtbot.waitUntil(lambda: panel.awaiting_code == [Mac(GIGASET)], timeout=5000)
    qtbot.keyClicks(panel.code_prompt.input, "MAC-ID: 589EC6C0FF02-7TZ2")
    qtbot.keyClick(panel.code_prompt.input, Qt.Key.Key_Return)
    assert record.devices == []
    assert "58:9E:C6:C0:FF:02" in panel.code_prompt.error.text()
    panel.code_prompt.input.clear()
    qtbot.keyClicks(panel.code_prompt.input, "7C2F80C0FF01-K3Q7")
    qtbot.keyClick(panel.code_prompt.input, Qt.Key.Key_Return)
    assert record.devices == [(Mac(GIGASET), "K3Q7", None)]


def test_gigaset_skip_adds_without_code_and_discard_adds_nothing(panel: ScanPanel, qtbot) -> None:
    """"Add without code" adds the bare MAC; "Discard" adds nothing and the same label is not asked again at once."""
    record = Recorder(panel)
    panel.start_live()
    show_frames(qtbot, panel, camera_frame(GIGASET, "mac-id-text"))
    qtbot.waitUntil(lambda: bool(panel.awaiting_code), timeout=5000)
    qtbot.mouseClick(panel.code_prompt.skip_button, Qt.MouseButton.LeftButton)
    assert record.devices == [(Mac(GIGASET), None, None)]
    show_frames(qtbot, panel, camera_frame(GIGASET_2, "mac-id-text"))
    qtbot.waitUntil(lambda: bool(panel.awaiting_code), timeout=5000)
    qtbot.mouseClick(panel.code_prompt.discard_button, Qt.MouseButton.LeftButton)
    panel.decoder.reset()
    show_frames(qtbot, panel, camera_frame(GIGASET_2, "mac-id-text"), count=5)
    assert panel.awaiting_code == []
    assert record.macs() == [GIGASET]


def test_latest_frame_wins(panel: ScanPanel, qtbot) -> None:
    """Frames arriving faster than they are read are dropped, never queued: every frame is read or dropped."""
    panel.start_live()
    image = camera_frame(SNOM, "classic")
    for _ in range(30):
        panel.video_sink.setVideoFrame(QVideoFrame(image))
    qtbot.waitUntil(lambda: panel.decoder.stats.converted + panel.decoder.stats.dropped >= 30, timeout=5000)
    stats = panel.decoder.stats
    assert stats.frames == 30
    assert stats.dropped > 0
    assert stats.decoded <= stats.converted < 30


def test_closing_stops_the_worker_threads(panel: ScanPanel, qtbot) -> None:
    """Closing the panel stops its decoding threads."""
    panel.start_live()
    assert any(t.name.startswith("falconieri-camera") for t in threading.enumerate())
    panel.close()
    assert not panel.live
    assert not any(t.name.startswith("falconieri-camera") for t in threading.enumerate())


def test_preview_shows_the_frame_and_the_flash(panel: ScanPanel, qtbot) -> None:
    """The preview paints the camera frame, and an accepted device flashes."""
    record = Recorder(panel)
    panel.start_live()
    show_frames(qtbot, panel, camera_frame(SNOM, "classic"))
    qtbot.waitUntil(lambda: bool(record.devices) and panel.preview.image is not None, timeout=5000)
    assert panel.preview.flashing
    assert panel.preview.image.size().width() == 1280
    assert not panel.grab().isNull()


# -- no camera ------------------------------------------------------------------------------------------


def test_no_camera_says_so_and_offers_photos(panel: ScanPanel) -> None:
    """Without a camera the panel says so, disables live scanning and offers photo import."""
    stack = panel.findChild(QStackedWidget)
    assert stack is not None and stack.currentWidget().objectName() == "noCameraPage"
    label = panel.findChild(QLabel, "noCameraLabel")
    assert label is not None and "No camera found" in label.text()
    assert not panel.start_button.isEnabled()
    button = panel.findChild(QPushButton, "noCameraPhotosButton")
    assert button is not None and button.isEnabled() and button.accessibleName()


def test_a_camera_plugged_in_later_appears(panel: ScanPanel, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    """When the system's video inputs change, the new source appears in the selector and the preview returns."""
    monkeypatch.setenv(CAMERA_FILE_ENV, str(tmp_path / "bench-camera.mp4"))
    panel.media_devices.videoInputsChanged.emit()
    assert panel.camera_combo.currentText() == "bench-camera.mp4"
    assert panel.camera_combo.isEnabled() and panel.start_button.isEnabled()
    stack = panel.findChild(QStackedWidget)
    assert stack is not None and stack.currentWidget() is panel.preview


# -- photos ---------------------------------------------------------------------------------------------


def test_photo_devices_are_confirmed_before_adding(panel: ScanPanel, qtbot, tmp_path: Path) -> None:
    """A photo's devices are listed with check boxes; only the checked ones are added, Gigaset after its code."""
    record = Recorder(panel)
    path = photo(tmp_path / "labels.png", (SNOM, "classic"), (YMCS, "qr"), (GIGASET_2, "mac-id-text"))
    panel.open_photos([str(path)])
    model = panel.review.model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10000)
    assert {model.item(r, 0).text() for r in range(3)} == {"00:04:13:A1:B2:01", "44:DB:D2:C3:D4:01",
                                                          "58:9E:C6:C0:FF:02"}
    assert "Gigaset" in panel.review.notes.text()
    assert panel.review.add_button.text().replace("&", "") == "Add 3 devices"
    snom_row = next(r for r in range(3) if model.item(r, 0).text() == "00:04:13:A1:B2:01")
    model.item(snom_row, 0).setCheckState(Qt.CheckState.Unchecked)
    assert panel.review.add_button.text().replace("&", "") == "Add 2 devices"
    qtbot.mouseClick(panel.review.add_button, Qt.MouseButton.LeftButton)
    assert record.devices == [(Mac(YMCS), None, device(YMCS).serial)]
    assert panel.awaiting_code == [Mac(GIGASET_2)]
    qtbot.keyClicks(panel.code_prompt.input, "7TZ2")
    qtbot.mouseClick(panel.code_prompt.add_button, Qt.MouseButton.LeftButton)
    assert record.devices[-1] == (Mac(GIGASET_2), "7TZ2", None)
    assert model.rowCount() == 1  # the unchecked one stays for later


def test_photo_code_typed_in_the_list_is_used(panel: ScanPanel, qtbot, tmp_path: Path) -> None:
    """A code typed in the list's Code column goes with the device; a malformed one stops the add."""
    record = Recorder(panel)
    panel.open_photos([str(photo(tmp_path / "gigaset.png", (GIGASET_2, "mac-id-text")))])
    model = panel.review.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10000)
    model.item(0, 2).setText("7T")
    qtbot.mouseClick(panel.review.add_button, Qt.MouseButton.LeftButton)
    assert record.devices == [] and "4 letters or digits" in panel.review.notes.text()
    model.item(0, 2).setText("7tz2")
    qtbot.mouseClick(panel.review.add_button, Qt.MouseButton.LeftButton)
    assert record.devices == [(Mac(GIGASET_2), "7TZ2", None)]
    assert panel.awaiting_code == []


def test_photo_without_a_mac_says_why(panel: ScanPanel, qtbot, tmp_path: Path) -> None:
    """A photo with nothing readable, or a file that is no image, is noted, not an error dialog."""
    blank = tmp_path / "desk.png"
    Image.new("L", (640, 480), 200).save(blank)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    panel.open_photos([str(blank), str(broken)])
    qtbot.waitUntil(lambda: "broken.jpg" in panel.review.notes.text() and "desk.png" in panel.review.notes.text(),
                    timeout=10000)
    assert "no MAC address found" in panel.review.notes.text()
    assert panel.review.model.rowCount() == 0


def test_window_drop_of_a_photo_adds_rows(window: MainWindow, qtbot, tmp_path: Path,
                                          no_camera_file: None) -> None:
    """Dropping a PNG on the main window opens the scan panel's confirmation; Add puts the rows in the table."""
    path = photo(tmp_path / "drop.png", (SNOM, "classic"), (YMCS, "qr"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)  # QApplication.sendEvent does not deliver a drop outside a real drag
    panel = window._scan_panel
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(lambda: panel.review.model.rowCount() == 2, timeout=10000)
    qtbot.mouseClick(panel.review.add_button, Qt.MouseButton.LeftButton)
    rows = {str(r.mac): r for r in window.model.rows()}
    assert set(rows) == {"00:04:13:A1:B2:01", "44:DB:D2:C3:D4:01"}
    assert rows["44:DB:D2:C3:D4:01"].serial == device(YMCS).serial
    assert rows["00:04:13:A1:B2:01"].source == "scanned"
    assert not panel.live  # a photo drop does not start the camera


def test_window_paste_of_an_image_reads_it(window: MainWindow, qtbot, no_camera_file: None) -> None:
    """Ctrl+V with an image on the clipboard reads it like a photo of a label."""
    image = render_label(label_content(device(SNOM), "classic"), 3)
    QGuiApplication.clipboard().setImage(qimage(image))
    window.paste()
    panel = window._scan_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.review.model.rowCount() == 1, timeout=10000)
    qtbot.mouseClick(panel.review.add_button, Qt.MouseButton.LeftButton)
    assert [str(r.mac) for r in window.model.rows()] == ["00:04:13:A1:B2:01"]


def test_window_paste_of_text_still_adds_devices(window: MainWindow, no_camera_file: None) -> None:
    """Text on the clipboard is still pasted as devices (the image case does not take it over)."""
    QGuiApplication.clipboard().setText("000413A1B201\n805EC0D1E201")
    window.paste()
    assert len(window.model.rows()) == 2
    assert window._scan_panel is None


def test_accessible_names(panel: ScanPanel) -> None:
    """Every interactive widget of the panel has an accessible name."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QHeaderView, QLineEdit

    widgets = [*panel.findChildren(QAbstractButton), *panel.findChildren(QComboBox),
               *panel.findChildren(QLineEdit), *panel.findChildren(QAbstractItemView)]
    unnamed = [w.objectName() or type(w).__name__ for w in widgets
               if not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())
               and not w.objectName().startswith("qt_") and not isinstance(w, QHeaderView)
               and w.window() is panel]  # not the combo box's own popup list
    assert unnamed == []


def test_unplayable_camera_file_says_why(ctx: AppContext, qtbot, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A camera file that is not a video stops live scanning with a message naming the file."""
    from falconieri_desktop.ui.bridge import EngineBridge

    broken = tmp_path / "not-a-video.mp4"
    broken.write_text("this is not a video")
    monkeypatch.setenv(CAMERA_FILE_ENV, str(broken))
    bridge = EngineBridge(ctx.engine)
    panel = ScanPanel(ctx, bridge)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: "not-a-video.mp4" in panel.feedback.text() and not panel.live, timeout=10000)
    assert panel.feedback.text().startswith(("Cannot play", "not-a-video.mp4 is not"))
    panel.shutdown()
    bridge.shutdown()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="macOS and Windows really ask the user")
def test_camera_permission_is_a_no_op_where_the_os_asks_nothing(qapp) -> None:
    """On Linux (no camera permission to ask) the permission check answers at once, granted."""
    from PySide6.QtCore import QObject

    from falconieri_desktop.ui.camera import request_camera_permission

    answers: list[bool] = []
    context = QObject()
    request_camera_permission(context, answers.append)
    assert answers == [True]


def test_chime_is_a_short_wav(qapp) -> None:
    """The accept chime is a valid mono WAV of a fraction of a second (played where there is audio)."""
    import wave

    from falconieri_desktop.ui.scanner import _chime_file

    with wave.open(str(_chime_file())) as sound:
        seconds = sound.getnframes() / sound.getframerate()
        assert sound.getnchannels() == 1 and 0.05 < seconds < 0.5
