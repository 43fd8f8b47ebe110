"""Column widths and line breaks of PDF tables: lines break between words only.

fpdf's own wrapping also breaks after hyphens ("HS-2026-|000001") and inside words that still
fit a line of their own; these functions measure with the document's current font.
"""

import math

from fpdf import FPDF

FAMILY = "vn"  # the Document's font family (reception.cases.pdf)
# Share of the page width one column may claim for a single word (longer words are cut) and
# for its natural (unwrapped) width when columns are fitted to their content.
WORD_SHARE = 0.25
NATURAL_SHARE = 0.35
STEP = 2.0  # millimetres handed out at a time when widening columns
SAMPLE_ROWS = 200  # rows whose heights guide the widths of a long table
WRAP_WASTE = 1.08  # a wrapped paragraph's lines are about this much longer than its text
TIE_CREDIT = 0.05  # weight of fewer lines in a cell that is not its row's tallest


def measurer(document: FPDF):
    """Return a function giving a string's width (mm) in the document's current font.

    Widths are remembered per font and word on the document: fpdf's get_string_width runs
    its text through bidirectional and shaping passes each time (2,000 logbook rows spent
    most of their seconds there), and the syllables of Vietnamese repeat endlessly.
    """
    cache = document.__dict__.setdefault("_word_widths", {})
    key = (document.font_family, document.font_style, document.font_size_pt)
    widths = cache.setdefault(key, {})
    measure = document.get_string_width

    def width(text: str) -> float:
        found = widths.get(text)
        if found is None:
            found = widths[text] = measure(text)
        return found

    return width


def wrap_words(document: FPDF, text: str, width: float) -> list[str]:
    """Return text cut into lines of at most width (mm, current font) between words only.

    A word wider than a whole line is the one thing cut inside, character by character.
    """
    measure = measurer(document)
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            size = measure(word)
            if line and used + space + size <= width:
                line, used = f"{line} {word}", used + space + size
                continue
            if line:
                lines.append(line)
            while size > width and len(word) > 1:
                cut = _fitting_prefix(measure, word, width)
                lines.append(word[:cut])
                word = word[cut:]
                size = measure(word)
            line, used = word, size
        lines.append(line)
    return lines


def _fitting_prefix(measure, word: str, width: float) -> int:
    """Return how many leading characters of word fit in width (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def fit_widths(document: FPDF, headings: list[str], rows: list[list[str]], size: float,
               shares: list[float] | None = None) -> list[float]:
    """Return column widths (mm, summing to the page's width) that follow the content.

    Each column gets at least its longest word (headings in bold included), so no date,
    code or number is cut; the rest of the page goes where it lowers the rows most
    (_lowest_rows), and what no row needs goes by shares (equal without them).
    A heading asks for a third of its length (it may wrap on three lines).
    """
    page = document.epw
    margin = 2 * document.c_margin + 0.2
    longest_word = [0.0] * len(headings)
    natural = [0.0] * len(headings)
    document.set_font(FAMILY, "B", size)
    bold = measurer(document)
    for column, title in enumerate(headings):
        longest_word[column] = max((bold(word) for word in title.split()), default=0.0)
        natural[column] = bold(title) / 3
    document.set_font(FAMILY, "", size)
    measure = measurer(document)
    space = measure(" ")
    paragraphs = []  # per row, per column: the unwrapped widths of the cell's paragraphs
    for values in rows:
        paragraphs.append([[] for _ in headings])
        for column, text in enumerate(values[:len(headings)]):
            for paragraph in text.split("\n"):
                words = paragraph.split()
                if not words:
                    continue
                widths = [measure(word) for word in words]
                longest_word[column] = max(longest_word[column], max(widths))
                full = sum(widths) + space * (len(words) - 1)
                natural[column] = max(natural[column], full)
                paragraphs[-1][column].append(full)
    least = [min(word + margin, page * WORD_SHARE) for word in longest_word]
    wanted = [max(low, min(full + margin, page * NATURAL_SHARE))
              for low, full in zip(least, natural, strict=True)]
    shares = shares or [1.0] * len(wanted)
    if sum(least) >= page:
        return least
    if sum(wanted) <= page:
        spare = (page - sum(wanted)) / sum(shares)
        return [width + spare * share for width, share in zip(wanted, shares, strict=True)]
    widths = _lowest_rows(least, wanted, paragraphs, page - sum(least), margin)
    spare = (page - sum(widths)) / sum(shares)
    return [width + spare * share for width, share in zip(widths, shares, strict=True)]


def _lowest_rows(least: list[float], wanted: list[float], paragraphs: list[list[list[float]]],
                 spare: float, margin: float) -> list[float]:
    """Return widths from least, widened step by step where the rows get lowest.

    Greedy: each STEP of the spare room goes to the column whose widening most lowers the
    sum of the (sampled) rows' heights in lines, a little credit going to fewer lines in
    cells that are not a row's tallest (two tall columns tie); no column grows past its
    unwrapped width. Lines are estimated from paragraph widths (WRAP_WASTE for word ends).
    """
    if len(paragraphs) > SAMPLE_ROWS:
        paragraphs = [paragraphs[index * len(paragraphs) // SAMPLE_ROWS]
                      for index in range(SAMPLE_ROWS)]
    widths = list(least)

    def lines(cell: list[float], width: float) -> int:
        room = max(width - margin, 0.5)
        return sum(max(1, math.ceil(part * WRAP_WASTE / room)) for part in cell) or 1

    current = [[lines(cell, width) for cell, width in zip(row, widths, strict=True)]
               for row in paragraphs]
    while spare >= STEP:
        tallest = [max(row) for row in current]
        best, best_gain, best_lines = None, 0.0, None
        for column, width in enumerate(widths):
            if width + STEP > wanted[column] + STEP / 2:
                continue
            wider = [lines(row[column], width + STEP) for row in paragraphs]
            gain = 0.0
            for row, new, top in zip(current, wider, tallest, strict=True):
                others = max((value for place, value in enumerate(row) if place != column),
                             default=0)
                gain += top - max(others, new) + TIE_CREDIT * (row[column] - new)
            if gain > best_gain + 1e-9:
                best, best_gain, best_lines = column, gain, wider
        if best is None:
            break
        widths[best] += STEP
        spare -= STEP
        for row, new in zip(current, best_lines, strict=True):
            row[best] = new
    return widths
