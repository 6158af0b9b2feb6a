"""Render a :class:`~.model.Document` as PDF with WeasyPrint, from :func:`.html_page.render_html`.

The fonts are the free Noto CJK faces (Debian/Ubuntu package ``fonts-noto-cjk``), loaded through
``@font-face`` from their files and embedded as subsets with a ToUnicode map, so every glyph prints
and the text can be copied and searched. The PDF uses no other font: if the Noto files cannot be found
the rendering stops with :class:`CjkFontsMissing` instead of printing empty boxes.

WeasyPrint may fetch nothing but those font files: the HTML is built from escaped text, and a fetcher
that refuses every other URL keeps it that way whatever the text contains.
"""

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .html_page import render_html
from .model import Document

# Where distributions put the Noto CJK collections (Debian/Ubuntu, Fedora, Arch, Alpine, Homebrew).
FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/google-noto-serif-cjk-fonts",
    "/usr/share/fonts/google-noto-sans-cjk-fonts",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/noto",
    "/opt/homebrew/share/fonts",
)
_FILES = {  # face -> file names tried in each directory (collections first, then the SC-only fonts)
    "serif": ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf", "NotoSerifSC-Regular.otf"),
    "serif_bold": ("NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold.otf", "NotoSerifSC-Bold.otf"),
    "sans": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf"),
    "sans_bold": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "NotoSansSC-Bold.otf"),
}
_FC_PATTERNS = {
    "serif": "Noto Serif CJK SC:style=Regular",
    "serif_bold": "Noto Serif CJK SC:style=Bold",
    "sans": "Noto Sans CJK SC:style=Regular",
    "sans_bold": "Noto Sans CJK SC:style=Bold",
}


class CjkFontsMissing(RuntimeError):
    """No Noto CJK font file was found; the PDF would print boxes instead of Chinese characters."""


@dataclass(frozen=True)
class CjkFonts:
    """Font files for the PDF. A missing bold face falls back to the regular one (WeasyPrint then
    emboldens it); a missing sans face falls back to the serif one."""

    serif: Path
    serif_bold: Path
    sans: Path
    sans_bold: Path


def _fc_match(pattern: str) -> Path | None:
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    try:
        # fixed arguments, no shell: the pattern is one of our constants
        found = subprocess.run(  # noqa: S603
            [fc_match, "--format=%{family}\t%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    family, _, file = found.partition("\t")
    # fc-match always answers with *some* font; only a Noto CJK one will do
    if "CJK" not in family and "Noto S" not in family:
        return None
    path = Path(file)
    return path if path.is_file() else None


def _find(face: str, dirs: tuple[str, ...], fontconfig: bool) -> Path | None:
    for directory in dirs:
        for name in _FILES[face]:
            path = Path(directory) / name
            if path.is_file():
                return path
    return _fc_match(_FC_PATTERNS[face]) if fontconfig else None


@functools.cache
def find_cjk_fonts(*, dirs: tuple[str, ...] = FONT_DIRS, fontconfig: bool = True) -> CjkFonts:
    """Locate the Noto CJK files: in ``dirs`` first, then through fontconfig (``fc-match``).
    Raise :class:`CjkFontsMissing` when there is none."""
    found = {face: _find(face, dirs, fontconfig) for face in _FILES}
    regular = found["serif"] or found["sans"]
    if regular is None:
        raise CjkFontsMissing(
            "找不到中文字体（Noto Serif CJK SC / Noto Sans CJK SC），无法生成 PDF。"
            "请在服务器上安装 fonts-noto-cjk（Debian/Ubuntu: apt-get install fonts-noto-cjk）。"
            f" No Noto CJK font in {', '.join(dirs) or '(no directory)'}"
            f"{' and fontconfig knows none' if fontconfig else ''}."
        )
    serif = found["serif"] or regular
    sans = found["sans"] or serif
    return CjkFonts(
        serif=serif,
        serif_bold=found["serif_bold"] or serif,
        sans=sans,
        sans_bold=found["sans_bold"] or found["serif_bold"] or sans,
    )


# Only the embedded families are named, so the output does not depend on the other fonts a server has
# (for a character Noto lacks, Pango still falls back to any installed font rather than a box). The page is lang="zh-CN", which selects the Simplified Chinese forms (OpenType locl)
# inside the multi-language collections.
PAGE_CSS = """
@page {
  size: A4;
  margin: 3.7cm 2.6cm 3.5cm 2.8cm;
  @bottom-center {
    content: "— " counter(page) " —";
    font-family: "Gongkai Serif"; font-size: 14pt;
    vertical-align: top; padding-top: 0.4cm;
  }
}
html, body { margin: 0; }
.document, .document-title, .document h3, .document h4, .document h5 { font-family: "Gongkai Serif"; }
.document h2, .document caption { font-family: "Gongkai Sans"; }
.document { max-width: none; }
"""


def pdf_css(fonts: CjkFonts) -> str:
    """The print stylesheet: the embedded faces, the A4 page with GB/T 9704 margins, page numbers."""
    faces = []
    for family, regular, bold in (
        ("Gongkai Serif", fonts.serif, fonts.serif_bold),
        ("Gongkai Sans", fonts.sans, fonts.sans_bold),
    ):
        for weight, path in (("normal", regular), ("bold", bold)):
            faces.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
            )
    return "\n".join([*faces, PAGE_CSS])


@functools.cache  # building a fetcher sets up an SSL context, a good part of a letter's rendering time
def _fonts_only_fetcher(fonts: CjkFonts):
    """A WeasyPrint URL fetcher that serves the font files and refuses everything else (it holds no
    state between fetches, so one serves every rendering)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = {p.as_uri(): p for p in (fonts.serif, fonts.serif_bold, fonts.sans, fonts.sans_bold)}

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = allowed.get(url)
            if path is None:
                raise ValueError(f"documents may not load {url!r}")
            return URLFetcherResponse(url, body=path.open("rb"))  # WeasyPrint closes it

    return FontsOnly()


def render_pdf(doc: Document, *, fonts: CjkFonts | None = None) -> bytes:
    """The document as the bytes of a PDF file (A4, page numbers, Noto CJK embedded)."""
    # WeasyPrint is imported here: it is heavy, and only PDF rendering needs it
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = fonts or find_cjk_fonts()
    fetcher = _fonts_only_fetcher(fonts)
    font_config = FontConfiguration()
    # The print rules go into the page's own stylesheet, after the base rules they override (a
    # stylesheet passed to write_pdf would be a user stylesheet and lose to the page's).
    html = HTML(string=render_html(doc, extra_css=pdf_css(fonts)), url_fetcher=fetcher)
    return html.write_pdf(font_config=font_config)
