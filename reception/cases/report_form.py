"""Report form 01/TCD laid out as the form's own grid, for its spreadsheet and its PDF.

The form (Thông tư 06/2025/TT-TTCP) is described in docs/domain.md: visits, people and matters
split first time / repeat, large groups (number, people, first / repeat), and the head's
scheduled and unscheduled reception, in person or delegated (sessions, visits, people,
matters, groups). Each part is a Grid: headings placed over the columns (merged where one
heading covers several), a row of column numbers, then the figures. The breakdowns of form
02/XLD's content groups and of handling directions follow as simple grids.
"""

from dataclasses import dataclass, field

from reception.cases.options import (
    MATTER_LABELS,
    RECEPTION_LABELS,
    SESSION_LABELS,
)

FORM_TITLE = "BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN"
FORM_NUMBER = "Mẫu số 01/TCD"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập – Tự do – Hạnh phúc"
# The signatures under the form: (left, right) titles, then what each signs with.
SIGNERS = (("NGƯỜI LẬP BÁO CÁO", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"),
           ("(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"))
DATE_LINE = "……, ngày …… tháng …… năm ……"
COLUMNS = 12  # the widest grid: the label column and 11 figures
HEAD_KINDS = ("head_in_person", "head_delegated")


@dataclass
class Heading:
    """One heading cell: its row and column in the heading block (0-based) and its span."""

    row: int
    column: int
    text: str
    rows: int = 1
    columns: int = 1


@dataclass
class Grid:
    """A part of the form: an optional part title, headings and rows of figures."""

    title: str | None
    headings: list[Heading]
    rows: list[list] = field(default_factory=list)
    numbered: bool = False  # a row "(1) (2) ..." under the headings, as official forms have

    @property
    def width(self) -> int:
        return max(heading.column + heading.columns for heading in self.headings)

    @property
    def heading_rows(self) -> int:
        return max(heading.row + heading.rows for heading in self.headings)

    def heading_lines(self) -> list[list]:
        """Return the heading block as rows of texts (None under a merged cell)."""
        lines = [[None] * self.width for _ in range(self.heading_rows)]
        for heading in self.headings:
            lines[heading.row][heading.column] = heading.text
        return lines


def _split(first_column: int, title: str, parts: list[str]) -> list[Heading]:
    """Return a heading over len(parts) columns with the parts beneath it."""
    return [Heading(0, first_column, title, columns=len(parts))] + [
        Heading(1, first_column + number, part) for number, part in enumerate(parts)]


def _tally_figures(tally: dict) -> list[int]:
    return [tally["visits"]["total"], tally["visits"]["first"], tally["visits"]["repeat"],
            tally["people"], tally["matters"]["total"], tally["matters"]["first"],
            tally["matters"]["repeat"], tally["groups"]["count"], tally["groups"]["people"],
            tally["groups"]["first"], tally["groups"]["repeat"]]


def reception_grid(report: dict) -> Grid:
    """Return part I: visits, people, matters and large groups, in all and by who received."""
    headings = [
        Heading(0, 0, "Nội dung", rows=2),
        *_split(1, "Lượt tiếp", ["Tổng số", "Lần đầu", "Tái diễn"]),
        Heading(0, 4, "Số người", rows=2),
        *_split(5, "Vụ việc", ["Tổng số", "Lần đầu", "Tái diễn"]),
        *_split(8, "Đoàn đông người", ["Số đoàn", "Số người", "Lần đầu", "Tái diễn"]),
    ]
    rows = [["Tổng số", *_tally_figures(report["totals"])]]
    for kind, tally in report["by_reception_kind"].items():
        rows.append([f"– {RECEPTION_LABELS[kind]}", *_tally_figures(tally)])
    return Grid("I. KẾT QUẢ TIẾP CÔNG DÂN", headings, rows, numbered=True)


def head_grid(report: dict) -> Grid:
    """Return part II: the head's scheduled and unscheduled reception, in person or delegated."""
    parts = ["Kỳ tiếp", "Lượt", "Người", "Vụ việc", "Đoàn"]
    keys = ("sessions", "visits", "people", "matters", "groups")
    headings = [Heading(0, 0, "Hình thức tiếp", rows=2),
                *_split(1, "Thủ trưởng trực tiếp tiếp", parts),
                *_split(6, "Người được thủ trưởng ủy quyền tiếp", parts)]
    head = report["head_reception"]
    sessions = list(next(iter(head.values())).keys()) if head else []
    rows, total = [], [0] * 10
    for session in sessions:
        figures = [head[kind][session][key] for kind in HEAD_KINDS for key in keys]
        total = [a + b for a, b in zip(total, figures, strict=True)]
        rows.append([SESSION_LABELS.get(session, session), *figures])
    rows.append(["Cộng", *total])
    return Grid("II. THỦ TRƯỞNG TIẾP CÔNG DÂN ĐỊNH KỲ VÀ ĐỘT XUẤT", headings, rows,
                numbered=True)


def breakdown_grids(report: dict) -> list[Grid]:
    """Return part III: matters by type, field, handling and 02/XLD content, and handling
    by matter type (label, visits, people, matters, groups)."""
    sections = [("Theo loại vụ việc", report["by_matter_type"]),
                ("Theo lĩnh vực", report["by_field"]),
                ("Theo hướng xử lý", report["by_handling"]),
                ("Theo nội dung (phân loại Mẫu 02/XLD)", report.get("by_content_group", []))]
    sections += [(f"Hướng xử lý – {MATTER_LABELS[matter]}", rows)
                 for matter, rows in report.get("handling_by_matter_type", {}).items()]
    grids = []
    for number, (title, items) in enumerate(sections):
        headings = [Heading(0, column, text) for column, text in
                    enumerate([title, "Lượt", "Người", "Vụ việc", "Đoàn"])]
        rows = [[item["label"], item["visits"], item["people"], item["matters"],
                 item["groups"]] for item in items]
        part = "III. PHÂN LOẠI VỤ VIỆC VÀ HƯỚNG XỬ LÝ" if number == 0 else None
        grids.append(Grid(part, headings, rows))
    return grids


def tcd01_grids(report: dict) -> list[Grid]:
    """Return the parts of form 01/TCD, in order."""
    return [reception_grid(report), head_grid(report), *breakdown_grids(report)]


def period_text(report: dict) -> str:
    """Return "Từ ngày dd/mm/yyyy đến ngày dd/mm/yyyy"."""
    first = "/".join(reversed(report["from"].split("-")))
    last = "/".join(reversed(report["to"].split("-")))
    return f"Từ ngày {first} đến ngày {last}"
