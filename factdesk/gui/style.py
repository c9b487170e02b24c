"""One look for every pane: Fusion with the system's palette (dark when the system is
dark), one spacing grid, one type scale, icons from one set drawn in the palette's text
colour. Colours the panes paint themselves come from here, never written as light-only
hex values, so a dark palette gives a dark, readable window."""

from __future__ import annotations

import functools
from string import Template

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from factdesk import paths

# The spacing grid: every margin and gap is a multiple of UNIT pixels.
UNIT = 4
TIGHT, GAP, MARGIN = UNIT, 2 * UNIT, 3 * UNIT

# The type scale, relative to the system's UI font (Fusion keeps the system size).
SMALL, BODY, HEADING, TITLE, DISPLAY = 0.9, 1.0, 1.15, 1.45, 1.8

ICON_SIZES = (16, 20, 24, 32, 48)


def font(scale: float = BODY, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    """The application font at a step of the type scale."""
    base = QGuiApplication.font()
    result = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    result.setPointSizeF(round(size * scale, 1))
    result.setWeight(weight)
    return result


def palette() -> QPalette:
    return QGuiApplication.palette()


def palette_key() -> tuple[str, ...]:
    """What the drawn colours follow: the palette's page, text and accent colours."""
    pal = palette()
    roles = (QPalette.ColorRole.Window, QPalette.ColorRole.WindowText, QPalette.ColorRole.Base,
             QPalette.ColorRole.Text, QPalette.ColorRole.Highlight)  # fmt: skip
    return tuple(pal.color(r).name() for r in roles)


def is_dark(pal: QPalette | None = None) -> bool:
    pal = pal or palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def mix(a: QColor | str, b: QColor | str, amount: float) -> QColor:
    """`a` moved `amount` (0..1) of the way towards `b`."""
    ca, cb = QColor(a), QColor(b)
    return QColor(
        round(ca.red() + (cb.red() - ca.red()) * amount),
        round(ca.green() + (cb.green() - ca.green()) * amount),
        round(ca.blue() + (cb.blue() - ca.blue()) * amount),
    )


def role(name: QPalette.ColorRole) -> QColor:
    return palette().color(name)


def muted_text() -> QColor:
    """Secondary text (meta lines, notes): between the text and its background."""
    return mix(role(QPalette.ColorRole.Text), role(QPalette.ColorRole.Base), 0.42)


def border() -> QColor:
    return mix(role(QPalette.ColorRole.Base), role(QPalette.ColorRole.Text), 0.16)


def subtle_fill() -> QColor:
    """A panel or card a shade away from the page (embedded posts, headers)."""
    return mix(role(QPalette.ColorRole.Base), role(QPalette.ColorRole.Text), 0.05)


def tint(colour: QColor | str, strength: float) -> QColor:
    """`colour` laid over the page at `strength` (0..1): a highlight the text stays
    readable on, on a light page or a dark one."""
    return mix(role(QPalette.ColorRole.Base), colour, max(0.0, min(strength, 1.0)))


def readable_on(colour: QColor | str) -> QColor:
    """Black or white text, whichever reads better on `colour`."""
    c = QColor(colour)
    light = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() > 150
    return QColor("#000000") if light else QColor("#ffffff")


def stylesheet() -> str:
    """resources/style.qss with the palette's colours filled in."""
    text = paths.resource("style.qss").read_text(encoding="utf-8")
    pal = palette()
    values = {
        "border": border().name(),
        "subtle": subtle_fill().name(),
        "muted": muted_text().name(),
        "accent": pal.color(QPalette.ColorRole.Highlight).name(),
        "accent_text": pal.color(QPalette.ColorRole.HighlightedText).name(),
        "base": pal.color(QPalette.ColorRole.Base).name(),
        "text": pal.color(QPalette.ColorRole.Text).name(),
        "window": pal.color(QPalette.ColorRole.Window).name(),
        "warning_fill": tint("#f0a020", 0.18).name(),
        "warning_border": tint("#f0a020", 0.6).name(),
        "gap": f"{GAP}px",
        "tight": f"{TIGHT}px",
        "margin": f"{MARGIN}px",
        "title_pt": f"{font(DISPLAY).pointSizeF():.1f}pt",
        "small_pt": f"{font(SMALL).pointSizeF():.1f}pt",
    }
    return Template(text).substitute(values)


def apply(app: QApplication) -> None:
    """Fusion with the system palette (Qt takes it from the platform's theme: dark when
    the system is dark) and the stylesheet made from it."""
    app.setStyle("Fusion")
    refresh(app)


def refresh(app: QApplication) -> None:
    """After the system's palette changed (dark mode turned on or off)."""
    icon.cache_clear()
    app.setStyleSheet(stylesheet())


def follow_system(app: QApplication, changed) -> None:
    """Call `changed()` whenever the system switches between light and dark."""
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: changed())


@functools.lru_cache(maxsize=64)
def icon(name: str) -> QIcon:
    """An icon of resources/icons/ (one set: 24 px grid, 2 px round strokes), drawn in the
    palette's text colour so it reads on a light or a dark toolbar."""
    svg = paths.resource(f"icons/{name}.svg").read_text(encoding="utf-8")
    colour = role(QPalette.ColorRole.WindowText).name()
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode()))
    result = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result
