"""Live scanning plumbing: where frames come from, and the worker that reads them.

The path of a frame (platform.md §Camera pipeline)::

    QCamera -> QMediaCaptureSession --+
                                      +--> QVideoSink --> LiveDecoder.submit()   GUI thread: keep a reference, O(1)
    QMediaPlayer (a video file) ------+                        | latest frame wins
                                                   converter thread: QVideoFrame.toImage()  (releases the GIL)
                                                               | latest image wins ----> preview (GUI thread paints it)
                                                   decoder thread: LiveScanner.scan(Frame over the image's bits)
                                                               |
                                                   results queue --(queued signal)--> GUI thread

Rules, each from a measurement:

- The GUI thread never converts or decodes a frame: decoding in the frame slot stalled the GUI for
  seconds; ``QImage.convertToFormat()``/``scaled()`` hold the GIL (~8 ms at 720p), ``toImage()``
  releases it (~4 ms), so conversion happens on the converter thread.
- Never a queue of frames: each stage keeps at most one item waiting, and a newer one replaces it
  (counted as dropped). A slow decode skips frames instead of falling behind the camera.
- The worker threads touch no widget and no model. What they hand back is immutable (frozen
  dataclasses, a QImage nobody writes to); the GUI thread takes it when a queued signal says so.
  They are plain ``threading.Thread``s, not QThreadPool/QRunnable (bridge.py says why). They are
  not the bridge's executor either: a frame through the bridge's 40 ms drain tick would wait up to
  40 ms per stage, and two reads are needed to accept a label.
- ``FALCONIERI_CAMERA_FILE`` (``--camera-file``) plays a video through the same sink, so tests,
  demos and support sessions exercise the camera path without a camera. Frames pushed into the
  sink with ``QVideoSink.setVideoFrame()`` are read the same way (the deterministic test path).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QCameraFormat,
    QMediaCaptureSession,
    QMediaDevices,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)

from falconieri_desktop.core.labels import DeviceCandidate, Frame, LabelScan, LiveScanner, PixelFormat
from falconieri_desktop.core.mac import VendorTable

__all__ = [
    "CAMERA_FILE_ENV",
    "DEFAULT_DECODE_RATE",
    "DEFAULT_PREVIEW_RATE",
    "CameraChoice",
    "FrameSource",
    "LiveDecoder",
    "LiveResult",
    "LiveStats",
    "camera_choices",
    "request_camera_permission",
]

log = logging.getLogger(__name__)

CAMERA_FILE_ENV = "FALCONIERI_CAMERA_FILE"

_T = TypeVar("_T")


translate = QCoreApplication.translate  # literal ("ScanPanel", text) calls: lupdate reads them


# -- choices ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CameraChoice:
    """One entry of the camera selector: a camera, or the video file standing in for one."""

    key: str  # stable across refreshes: "file:<path>" or "camera:<device id in hex>"
    name: str
    path: str | None = None
    device: QCameraDevice | None = field(default=None, compare=False)

    @property
    def is_file(self) -> bool:
        return self.path is not None


def camera_choices(env: Mapping[str, str] | None = None) -> list[CameraChoice]:
    """The video file of ``FALCONIERI_CAMERA_FILE`` (if set) first, then every camera Qt sees.

    ``QMediaDevices.videoInputs()`` is ``[]`` without a webcam (platform.md): the list may be empty.
    """
    environment = os.environ if env is None else env
    choices: list[CameraChoice] = []
    path = environment.get(CAMERA_FILE_ENV, "").strip()
    if path:
        choices.append(CameraChoice(f"file:{path}", Path(path).name, path=path))
    for device in QMediaDevices.videoInputs():
        ident = bytes(device.id().data()).hex()
        name = device.description() or translate("ScanPanel", "Camera")
        choices.append(CameraChoice(f"camera:{ident}", name, device=device))
    return choices


def _best_format(device: QCameraDevice) -> QCameraFormat | None:
    """720p if the camera offers it (a label's bars need ~2 px per module; 1080p and more only
    slow decoding), else the smallest format at least that tall, else the largest; >= 15 fps."""
    formats = [f for f in device.videoFormats() if f.maxFrameRate() >= 15] or list(device.videoFormats())
    if not formats:
        return None

    def area(f: QCameraFormat) -> int:
        return f.resolution().width() * f.resolution().height()

    tall = [f for f in formats if f.resolution().height() >= 720]
    if tall:
        return min(tall, key=lambda f: (area(f), -f.maxFrameRate()))
    return max(formats, key=lambda f: (area(f), f.maxFrameRate()))


def request_camera_permission(context: QObject, then: Callable[[bool], None]) -> None:
    """Ask for camera access where the OS wants it (macOS, Windows 10+); ``then(granted)``.

    A no-op that answers ``True`` where Qt has no permission API or the platform needs none
    (Linux answers Granted at once).
    """
    app = QCoreApplication.instance()
    try:
        from PySide6.QtCore import QCameraPermission
    except ImportError:  # Qt < 6.5
        then(True)
        return
    if app is None or not hasattr(app, "checkPermission"):
        then(True)
        return
    permission = QCameraPermission()
    try:
        status = app.checkPermission(permission)
    except (RuntimeError, TypeError):  # a platform plugin without permission support
        then(True)
        return
    if status == Qt.PermissionStatus.Granted:
        then(True)
    elif status == Qt.PermissionStatus.Denied:
        then(False)
    else:
        app.requestPermission(permission, context,
                              lambda answer: then(answer.status() == Qt.PermissionStatus.Granted))


# -- sources --------------------------------------------------------------------------------------


class FrameSource(QObject):
    """A camera, or a video file, playing into a ``QVideoSink`` it does not own."""

    sig_state = Signal(str)
    """"active" (frames flow), "stopped", or "ended" (a video file reached its end)."""
    sig_error = Signal(str)
    """A message for the user: the camera failed, the file cannot be played."""

    def __init__(self, choice: CameraChoice, sink: QVideoSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self._ended = False
        self._camera: QCamera | None = None
        self._session: QMediaCaptureSession | None = None
        self._player: QMediaPlayer | None = None
        if choice.path is not None:
            player = QMediaPlayer(self)
            player.setVideoSink(sink)
            player.errorOccurred.connect(self._on_player_error)
            player.mediaStatusChanged.connect(self._on_media_status)
            player.playbackStateChanged.connect(self._on_playback_state)
            player.setSource(QUrl.fromLocalFile(choice.path))
            self._player = player
        else:
            camera = QCamera(choice.device, self) if choice.device is not None else QCamera(self)
            if choice.device is not None and (fmt := _best_format(choice.device)) is not None:
                camera.setCameraFormat(fmt)
            if camera.isFocusModeSupported(QCamera.FocusMode.FocusModeAutoNear):
                camera.setFocusMode(QCamera.FocusMode.FocusModeAutoNear)  # labels are held close
            camera.errorOccurred.connect(self._on_camera_error)
            camera.activeChanged.connect(lambda active: self.sig_state.emit("active" if active else "stopped"))
            session = QMediaCaptureSession(self)
            session.setCamera(camera)
            session.setVideoSink(sink)
            self._camera, self._session = camera, session

    @property
    def active(self) -> bool:
        if self._player is not None:
            return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        return self._camera is not None and self._camera.isActive()

    def start(self) -> None:
        if self._player is not None:
            if self._ended:
                self._ended = False
                self._player.setPosition(0)
            self._player.play()
        elif self._camera is not None:
            self._camera.start()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
        elif self._camera is not None:
            self._camera.stop()

    def close(self) -> None:
        """Stop and let go of the sink (the next source takes it over)."""
        self.stop()
        if self._player is not None:
            self._player.setVideoSink(None)  # type: ignore[arg-type]
        if self._session is not None:
            self._session.setVideoSink(None)  # type: ignore[arg-type]
            self._session.setCamera(None)  # type: ignore[arg-type]
        self.deleteLater()

    def _on_camera_error(self, _error: QCamera.Error, text: str) -> None:
        self.sig_error.emit(text or translate("ScanPanel", "The camera stopped with an error."))

    def _on_player_error(self, _error: QMediaPlayer.Error, text: str) -> None:
        name = self.choice.name
        reason = text or translate("ScanPanel", "unknown error")
        self.sig_error.emit(translate("ScanPanel", "Cannot play {name}: {reason}").format(name=name, reason=reason))

    def _on_media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._ended = True
            self.sig_state.emit("ended")
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self.sig_error.emit(translate("ScanPanel", "{name} is not a video that can be played.").format(
                name=self.choice.name))

    def _on_playback_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if state == QMediaPlayer.PlaybackState.PlayingState:
            self.sig_state.emit("active")
        elif not self._ended:
            self.sig_state.emit("stopped")


# -- the decoding worker ----------------------------------------------------------------------------


class _Mailbox(Generic[_T]):
    """Room for one item: ``put`` replaces what is waiting (counted as dropped), ``take`` waits."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._item: _T | None = None
        self._closed = False
        self.dropped = 0

    def put(self, item: _T) -> bool:
        """Leave ``item``; True when the box was empty (nobody has been told about it yet)."""
        with self._cond:
            was_empty = self._item is None
            if not was_empty:
                self.dropped += 1
            self._item = item
            self._cond.notify()
            return was_empty

    def take(self) -> _T | None:
        """The waiting item, waiting for one; None once closed."""
        with self._cond:
            while self._item is None and not self._closed:
                self._cond.wait()
            item, self._item = self._item, None
            return None if self._closed else item

    def take_nowait(self) -> _T | None:
        with self._cond:
            item, self._item = self._item, None
            return item

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._item = None
            self._cond.notify_all()

    def reopen(self) -> None:
        with self._cond:
            self._closed = False
            self._item = None


_PIXEL_FORMATS = {
    QImage.Format.Format_RGB32: PixelFormat.BGRA8888,  # 0xffRRGGBB words: B, G, R, A bytes on little-endian
    QImage.Format.Format_ARGB32: PixelFormat.BGRA8888,
    QImage.Format.Format_ARGB32_Premultiplied: PixelFormat.BGRA8888,
    QImage.Format.Format_RGBX8888: PixelFormat.RGBA8888,
    QImage.Format.Format_RGBA8888: PixelFormat.RGBA8888,
    QImage.Format.Format_RGBA8888_Premultiplied: PixelFormat.RGBA8888,
    QImage.Format.Format_RGB888: PixelFormat.RGB888,
    QImage.Format.Format_BGR888: PixelFormat.BGR888,
    QImage.Format.Format_Grayscale8: PixelFormat.GRAY8,
}


#: Camera frames converted and shown per second, at most (a camera may deliver 30 or 60).
DEFAULT_PREVIEW_RATE = 24.0
#: Frames decoded per second, at most, while no label is in view: the decoder leaves most of a core
#: to the GUI thread, the camera and the rest of the machine (decoding every frame of a 30 fps
#: video took about a third more CPU time and raised the p99 heartbeat gap in benchmarks/scan.py's
#: setup). Once a MAC is read, the next frame is decoded without waiting, so the confirming read
#: follows within a frame or two.
DEFAULT_DECODE_RATE = 15.0


@dataclass(frozen=True, slots=True)
class LiveResult:
    """What one camera frame yielded."""

    scan: LabelScan
    confirmed: tuple[DeviceCandidate, ...]  # devices whose reads agreed across frames with this one
    received: float  # time.monotonic() when the frame reached the sink
    finished: float  # time.monotonic() when its decoding ended


@dataclass(frozen=True, slots=True)
class LiveStats:
    frames: int  # frames that reached the sink while running
    converted: int
    decoded: int
    dropped: int  # frames or images replaced before a thread got to them
    decode_seconds: float

    @property
    def mean_decode_ms(self) -> float:
        return 1000 * self.decode_seconds / self.decoded if self.decoded else 0.0


class LiveDecoder(QObject):
    """Reads the newest camera frame on two worker threads; see the module docstring.

    GUI thread: ``submit`` frames (connect it to ``QVideoSink.videoFrameChanged``), and on
    ``sig_preview`` / ``sig_results`` call ``take_preview`` / ``take_results``.
    """

    sig_preview = Signal()
    """A newer frame can be painted: ``take_preview()``."""
    sig_results = Signal()
    """Decoded frames are waiting: ``take_results()``."""

    def __init__(self, vendors: VendorTable, *, needed: int = 2, window: float = 1.0, quiet_reset: float = 1.5,
                 max_preview_rate: float = DEFAULT_PREVIEW_RATE, max_decode_rate: float = DEFAULT_DECODE_RATE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vendors = vendors
        self.needed = needed
        self.window = window
        self.quiet_reset = quiet_reset  # forget confirmed reads after this long without a MAC in view
        # Frames converted (and painted) and frames decoded per second, at most: the rest is dropped.
        self.preview_interval = 1.0 / max_preview_rate if max_preview_rate > 0 else 0.0
        self.decode_interval = 1.0 / max_decode_rate if max_decode_rate > 0 else 0.0
        self._stopping = threading.Event()
        # Each counter is written by one thread only; ``stats`` reads a snapshot.
        self._frame_count = 0
        self._converted = 0
        self._decoded = 0
        self._decode_seconds = 0.0
        self._frames: _Mailbox[tuple[QVideoFrame, float]] = _Mailbox()
        self._images: _Mailbox[tuple[QImage, PixelFormat, float]] = _Mailbox()
        self._preview: _Mailbox[QImage] = _Mailbox()
        self._results: queue.SimpleQueue[LiveResult] = queue.SimpleQueue()
        self._results_told = threading.Event()
        self._threads: list[threading.Thread] = []
        self._running = False
        self._reset_requested = threading.Event()

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._stopping.clear()
        for box in (self._frames, self._images, self._preview):
            box.reopen()
        scanner = LiveScanner(needed=self.needed, window=self.window, vendors=self.vendors)
        self._threads = [
            threading.Thread(target=self._convert_loop, name="falconieri-camera-convert", daemon=True),
            threading.Thread(target=self._decode_loop, args=(scanner,), name="falconieri-camera-decode", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop both threads and wait for them (a decode in progress finishes first: ~5-50 ms)."""
        if not self._running:
            return
        self._running = False
        self._stopping.set()
        for box in (self._frames, self._images, self._preview):
            box.close()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    @property
    def stats(self) -> LiveStats:
        return LiveStats(self._frame_count, self._converted, self._decoded,
                         self._frames.dropped + self._images.dropped, self._decode_seconds)

    def reset(self) -> None:
        """Forget what was read so far (the next label starts afresh); applied before the next frame."""
        self._reset_requested.set()

    # -- GUI thread -----------------------------------------------------------------------------------

    def submit(self, frame: QVideoFrame) -> None:
        """Hand over the newest frame; an older one still waiting is dropped. Never blocks."""
        if not self._running or not frame.isValid():
            return
        self._frame_count += 1
        self._frames.put((QVideoFrame(frame), time.monotonic()))

    def take_preview(self) -> QImage | None:
        return self._preview.take_nowait()

    def take_results(self) -> list[LiveResult]:
        self._results_told.clear()
        results = []
        while True:
            try:
                results.append(self._results.get_nowait())
            except queue.Empty:
                return results

    # -- worker threads ---------------------------------------------------------------------------------

    def _emit(self, signal_name: str) -> None:
        try:
            getattr(self, signal_name).emit()
        except RuntimeError:  # the QObject is gone (window closed mid-frame): nobody to tell
            log.debug("live decoder: %s not delivered", signal_name)

    def _pace(self, started: float, interval: float) -> bool:
        """Wait until ``interval`` after ``started`` (newer frames replace older ones meanwhile);
        False when stopping."""
        remaining = started + interval - time.monotonic()
        return not (remaining > 0 and self._stopping.wait(remaining)) and not self._stopping.is_set()

    def _convert_loop(self) -> None:
        started = 0.0
        while True:
            if not self._pace(started, self.preview_interval):
                return
            item = self._frames.take()
            if item is None:
                return
            started = time.monotonic()
            frame, received = item
            try:
                image = frame.toImage()  # releases the GIL
                if image.isNull():
                    continue
                pixel_format = _PIXEL_FORMATS.get(image.format())
                if pixel_format is None:  # unusual camera formats only; this one holds the GIL
                    image = image.convertToFormat(QImage.Format.Format_RGB32)
                    pixel_format = PixelFormat.BGRA8888
            except Exception:  # a broken frame must not end live scanning
                log.exception("camera frame could not be converted")
                continue
            finally:
                del frame
            self._converted += 1
            self._images.put((image, pixel_format, received))
            if self._preview.put(image):
                self._emit("sig_preview")

    def _decode_loop(self, scanner: LiveScanner) -> None:
        last_mac = time.monotonic()
        seen_since_reset = False
        confirmed_macs: set[str] = set()
        hurry = False  # a MAC was read once: read the next frame at once to confirm it
        started = 0.0
        while True:
            if not self._pace(started, 0.0 if hurry else self.decode_interval):
                return
            item = self._images.take()
            if item is None:
                return
            image, pixel_format, received = item
            if self._reset_requested.is_set():
                self._reset_requested.clear()
                scanner.reset()
                seen_since_reset = False
                confirmed_macs.clear()
            started = time.monotonic()
            try:
                frame = Frame(image.constBits(), image.width(), image.height(), pixel_format, image.bytesPerLine())
                scan, confirmed = scanner.scan(frame)
            except Exception:
                log.exception("camera frame could not be decoded")
                continue
            finished = time.monotonic()
            self._decoded += 1
            self._decode_seconds += finished - started
            confirmed_macs.update(device.mac.value for device in confirmed)
            hurry = any(device.mac.value not in confirmed_macs for device in scan.devices)
            if scan.devices:
                last_mac = finished
                seen_since_reset = True
            elif seen_since_reset and finished - last_mac > self.quiet_reset:
                # The label left the view: the same box shown again later is a new sighting.
                scanner.reset()
                seen_since_reset = False
                confirmed_macs.clear()
            if not scan.reads and not confirmed:
                continue  # nothing to show: don't wake the GUI thread for an empty frame
            self._results.put(LiveResult(scan, confirmed, received, finished))
            if not self._results_told.is_set():
                self._results_told.set()
                self._emit("sig_results")
