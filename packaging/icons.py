"""Render the app icon for every platform from its one source, ``resources/icons/falconieri-desktop.svg``.

    python packaging/icons.py OUT_DIR

writes into OUT_DIR (``packaging/build.py`` runs it into ``build/generated/icons``):

    hicolor/<N>x<N>/apps/<APP_ID>.png   N = 16 ... 512, the Linux icon theme sizes
    hicolor/scalable/apps/<APP_ID>.svg  the SVG itself
    falconieri-desktop.ico              Windows (16 ... 256, PNG-compressed entries)
    falconieri-desktop.icns             macOS (16 ... 1024)

Each size is rendered by Qt's ``QSvgRenderer`` at that size (not scaled down from a big bitmap), so
the small ones stay crisp; Pillow packs the .ico and .icns. These files are build products and are
not committed: the SVG is the only source.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "falconieri-desktop.svg"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(svg: Path, size: int) -> Image.Image:
    """The SVG rendered by QSvgRenderer at ``size`` x ``size`` on a transparent background."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG for Qt")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)  # straight alpha, 4 bytes a pixel, rows unpadded
    return Image.frombytes("RGBA", (size, size), bytes(rgba.constBits()))


def generate(out_dir: Path, svg: Path = SOURCE) -> list[Path]:
    """Write every icon file into ``out_dir``; returns the paths written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from falconieri_desktop import APP_ID

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    assert app is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *ICNS_SIZES})
    images = {size: render(svg, size) for size in sizes}
    written: list[Path] = []
    for size in HICOLOR_SIZES:
        path = out_dir / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        images[size].save(path, format="PNG", optimize=True)
        written.append(path)
    scalable = out_dir / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)
    ico = out_dir / "falconieri-desktop.ico"
    largest = images[max(ICO_SIZES)]
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    written.append(ico)
    icns = out_dir / "falconieri-desktop.icns"
    images[max(ICNS_SIZES)].save(icns, format="ICNS",
                                 append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)])
    written.append(icns)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    for path in generate(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
