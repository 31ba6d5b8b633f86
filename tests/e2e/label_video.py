"""A video of phone labels passing in front of a "camera", for the camera-file source.

Frames come from ``sandbox.labels.synthetic_frame`` (1280x720, grey desk, one label each); PyAV
(the ``av`` wheel bundles FFmpeg) encodes them as H.264 (MPEG-4 part 2 where libx264 is missing).
Used by tests/e2e/test_camera_file.py and benchmarks/scan.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from falconieri_desktop.sandbox.demo import DEMO_DEVICES, DemoDevice
from falconieri_desktop.sandbox.labels import FrameSpec, LabelContent, label_content, synthetic_frame

__all__ = ["DEFAULT_SCRIPT", "Shown", "demo_device", "write_label_video"]


def demo_device(mac: str) -> DemoDevice:
    return next(d for d in DEMO_DEVICES if d.mac == mac)


@dataclass(frozen=True, slots=True)
class Shown:
    """One label on screen from ``start`` to ``end`` seconds of the video."""

    label: LabelContent
    start: float
    end: float


#: (label, seconds held), with ``blank`` seconds of empty desk before each and after the last.
DEFAULT_SCRIPT: tuple[tuple[LabelContent, float], ...] = (
    (label_content(demo_device("000413A1B201"), "classic"), 1.0),  # Snom: MAC, serial, EAN-13
    (label_content(demo_device("44DBD2C3D401"), "qr"), 1.0),  # Yealink YMCS: QR with MAC and SN
    (label_content(demo_device("7C2F80C0FF01"), "mac-id"), 1.0),  # Gigaset: MAC-ID with its code
    (label_content(demo_device("589EC6C0FF02"), "mac-id-text"), 1.0),  # Gigaset: code printed as text only
)


def write_label_video(path: Path, script: Sequence[tuple[LabelContent, float]] = DEFAULT_SCRIPT, *,
                      fps: int = 15, blank: float = 0.4, spec: FrameSpec | None = None) -> list[Shown]:
    """Write the video; return when each label is on screen. ~6 s and ~300 kB with the defaults."""
    import av

    chosen = spec or FrameSpec(px_per_module=3.0, noise=6.0)
    width, height = chosen.size
    codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
    desk = Image.linear_gradient("L").resize((width, height)).point(lambda v: 95 + v * 45 // 255)
    shown: list[Shown] = []
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=fps)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        if codec == "libx264":
            stream.options = {"crf": "20", "preset": "veryfast"}
        else:
            stream.bit_rate = 4_000_000
        frame_index = 0

        def put(image: Image.Image, count: int) -> None:
            nonlocal frame_index
            video_frame = av.VideoFrame.from_image(image.convert("RGB"))
            for _ in range(count):
                video_frame.pts = frame_index
                frame_index += 1
                for packet in stream.encode(video_frame):
                    container.mux(packet)

        for number, (label, seconds) in enumerate(script):
            put(desk, round(blank * fps))
            start = frame_index / fps
            put(synthetic_frame(label, chosen, seed=number + 1), round(seconds * fps))
            shown.append(Shown(label, start, frame_index / fps))
        put(desk, round(blank * fps))
        for packet in stream.encode():
            container.mux(packet)
    return shown
