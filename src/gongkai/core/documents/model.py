"""The document model: a title block, a list of blocks (headings, paragraphs, tables) and a closing.

Plain data, no Django and no output format: :mod:`.docx_file`, :mod:`.html_page` and
:mod:`.pdf_file` render it.
Tables follow HTML's rules for merged cells: a row lists only the cells that *start* in it, and a
cell with ``rowspan`` > 1 occupies the same columns in the rows below, which then skip them.
"""

from dataclasses import dataclass, field
from typing import Literal

from gongkai.core import dates

Align = Literal["justify", "center", "right", "left"]
ALIGNS: tuple[str, ...] = ("justify", "center", "right", "left")


def _check_align(align: str) -> None:
    if align not in ALIGNS:
        raise ValueError(f"align must be one of {ALIGNS}, not {align!r}")


@dataclass
class Heading:
    """A section heading. Level 1 is 一、…, level 2 （一）…, level 3 1. … (GB/T 9704 levels)."""

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 4:
            raise ValueError(f"heading level must be 1 to 4, not {self.level}")


@dataclass
class Paragraph:
    """A body paragraph. A ``\\n`` in ``text`` is a line break inside the paragraph."""

    text: str
    indent_first_line: bool = True
    bold: bool = False
    align: Align = "justify"

    def __post_init__(self) -> None:
        _check_align(self.align)


@dataclass
class Cell:
    """One table cell. ``header`` marks a row header in the body (rendered as ``<th scope="row">``);
    every cell of the table's header rows is a column header anyway."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    align: Align = "center"
    header: bool = False

    def __post_init__(self) -> None:
        _check_align(self.align)
        if self.colspan < 1 or self.rowspan < 1:
            raise ValueError("colspan and rowspan must be at least 1")


@dataclass(frozen=True)
class PlacedCell:
    """A cell with its position in the grid (0-based row and column of its top-left corner)."""

    row: int
    col: int
    cell: Cell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.cell.colspan - 1


@dataclass(frozen=True)
class TableLayout:
    n_rows: int
    n_cols: int
    cells: tuple[PlacedCell, ...]  # in reading order: row by row, left to right


def table_layout(rows: list[list[Cell]]) -> TableLayout:
    """Place every cell on the grid; raise ``ValueError`` when the rows do not form a rectangle."""
    taken: set[tuple[int, int]] = set()
    placed: list[PlacedCell] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            spot = PlacedCell(r, c, cell)
            for rr in range(r, spot.last_row + 1):
                for cc in range(c, spot.last_col + 1):
                    if (rr, cc) in taken:
                        raise ValueError(
                            f"cell {cell.text!r} overlaps another cell at row {rr + 1}, column {cc + 1}"
                        )
                    taken.add((rr, cc))
            placed.append(spot)
            c = spot.last_col + 1
    n_rows = len(rows)
    n_cols = max((p.last_col + 1 for p in placed), default=0)
    for p in placed:
        if p.last_row >= n_rows:
            raise ValueError(f"cell {p.cell.text!r} spans below the last row")
    for r in range(n_rows):
        missing = [c + 1 for c in range(n_cols) if (r, c) not in taken]
        if missing:
            raise ValueError(
                f"row {r + 1} has no cell in column(s) {missing}; every row must fill {n_cols} columns"
            )
    return TableLayout(n_rows=n_rows, n_cols=n_cols, cells=tuple(placed))


@dataclass
class Table:
    """A table whose first ``header_rows`` rows are column headers (repeated on every page)."""

    rows: list[list[Cell]]
    header_rows: int = 1
    column_widths_cm: list[float] | None = None
    caption: str = ""

    def __post_init__(self) -> None:
        layout = self.layout()  # validates the grid
        if not 0 <= self.header_rows <= layout.n_rows:
            raise ValueError(f"header_rows must be between 0 and {layout.n_rows}")
        if self.column_widths_cm is not None and len(self.column_widths_cm) != layout.n_cols:
            raise ValueError(
                f"column_widths_cm has {len(self.column_widths_cm)} widths for {layout.n_cols} columns"
            )

    def layout(self) -> TableLayout:
        return table_layout(self.rows)


Block = Heading | Paragraph | Table


@dataclass
class Document:
    """A letter or report: title, 发文字号, 主送 (recipient), body blocks, 署名, 成文日期 and 附注."""

    title: str
    number: str = ""
    recipient: str = ""
    blocks: list[Block] = field(default_factory=list)
    signature: str = ""
    date_text: str = ""
    footer_note: str = ""

    def texts(self) -> list[str]:
        """Every piece of text in reading order (for search, tests and plain-text previews)."""
        out = [self.title, self.number, self.recipient]
        for block in self.blocks:
            if isinstance(block, Table):
                out.append(block.caption)
                out.extend(cell.text for row in block.rows for cell in row)
            else:
                out.append(block.text)
        out += [self.signature, self.date_text, self.footer_note]
        return [t for t in out if t]


# The date as official documents write it (GB/T 9704-2012: Arabic numerals): 2026年11月2日.
date_text = dates.date_text
