"""How wide a chart's text is drawn, measured without a browser, so that the charts place and wrap
their labels at build time and no label runs out of its chart (a clipped "nture, stage not
disclosed" was the stats page's first complaint).

The table gives each character's advance in thousandths of the font size, regular and semibold, in
the widest font of the site's stack that Debian's Chromium has (DejaVu Sans: wider than Helvetica,
Arial and San Francisco, which readers' systems draw instead), measured by
`scripts/measure_chart_font.py`. Adding advances ignores kerning, which only narrows text, so a
measured label is at least as wide as it is drawn; tests/test_stats_page.py checks the charts in
Chromium too. A character outside the table counts as a full em (CJK is drawn an em wide), or as
the widest character of the table when that is wider.
"""

from __future__ import annotations

import unicodedata

_RANGES = ((0x20, 0x7E), (0xA0, 0x17F))
_EXTRA: str = "–—‘’“”…·•≈→←×≥≤₩₹€™\u2009\u202f−"
_REGULAR = (  # the stack's widest, at weight 400
    "318 401 460 838 637 951 780 275 391 391 500 838 318 361 318 337 637 637 637 637 637 637 637 637 637 "
    "637 337 337 838 838 838 531 1000 685 687 699 771 632 576 775 752 295 295 656 558 863 749 788 604 "
    "788 695 635 611 732 685 989 686 611 686 391 337 391 838 500 500 613 635 550 635 616 353 635 634 278 "
    "278 580 278 975 634 612 635 635 412 521 393 634 592 818 592 592 525 637 337 637 838 318 401 637 637 "
    "637 637 337 500 500 1000 472 612 838 0 1000 500 500 838 401 401 500 637 637 318 500 401 472 612 970 "
    "970 970 531 685 685 685 685 685 685 975 699 632 632 632 632 295 295 295 295 775 749 788 788 788 788 "
    "788 838 788 732 732 732 732 611 605 630 613 613 613 613 613 613 982 550 616 616 616 616 278 278 278 "
    "278 612 634 612 612 612 612 612 838 612 634 634 634 634 592 635 592 685 613 685 613 685 613 699 550 "
    "699 550 699 550 699 550 771 635 775 635 632 616 632 616 632 616 632 616 632 616 775 635 775 635 775 "
    "635 775 635 752 634 917 695 295 278 295 278 295 278 295 278 295 278 590 556 295 278 656 580 580 558 "
    "278 558 278 558 375 558 342 563 285 749 634 749 634 749 634 814 749 634 788 612 788 612 788 612 "
    "1070 1023 695 412 695 412 695 412 635 521 635 521 635 521 635 521 611 393 611 393 611 393 732 634 "
    "732 634 732 634 732 634 732 634 732 634 989 818 611 592 611 686 525 686 525 686 525 353 500 1000 "
    "318 318 519 519 1000 318 590 838 838 838 838 838 838 989 637 637 1000 200 200 838"
)
_BOLD = (  # at weight 600, the charts' figures
    "349 457 521 838 696 1002 873 307 458 458 523 838 380 416 380 366 696 696 696 696 696 696 696 696 "
    "696 696 400 400 838 838 838 581 1000 774 763 734 831 684 684 821 837 373 373 775 638 996 837 851 "
    "733 851 771 721 683 813 774 1104 771 725 726 458 366 458 838 500 500 675 716 593 716 679 436 716 "
    "712 343 343 666 343 1042 712 688 716 716 494 596 479 712 652 924 646 652 583 712 366 712 838 349 "
    "457 696 696 637 696 366 500 500 1000 564 646 838 0 1000 500 500 838 438 438 500 736 637 380 500 438 "
    "564 646 1036 1036 1036 581 774 774 774 774 774 774 1085 734 684 684 684 684 373 373 373 373 838 837 "
    "851 851 851 851 851 838 851 813 813 813 813 725 738 720 675 675 675 675 675 675 1048 593 679 679 "
    "679 679 343 343 343 343 688 712 688 688 688 688 688 838 688 712 712 712 712 652 716 652 774 675 774 "
    "675 774 675 734 593 734 593 734 593 734 593 831 716 838 716 684 679 684 679 684 679 684 679 684 679 "
    "821 716 821 716 821 716 821 716 837 712 974 791 373 343 373 343 373 343 373 343 373 343 745 686 373 "
    "343 775 666 666 638 343 638 343 638 480 638 557 643 372 837 712 837 712 837 712 983 837 712 851 688 "
    "851 688 851 688 1167 1095 771 494 771 494 771 494 721 596 721 596 721 596 721 596 683 479 683 479 "
    "683 479 813 712 813 712 813 712 813 712 813 712 813 712 1104 924 725 652 725 726 583 726 583 726 "
    "583 436 500 1000 380 380 658 658 1000 380 640 838 838 838 838 838 838 1104 696 696 1000 200 200 838"
)


def _table(numbers: str) -> dict[str, int]:
    characters = "".join(chr(code) for low, high in _RANGES for code in range(low, high + 1)) + _EXTRA
    widths = [int(number) for number in numbers.split()]
    assert len(widths) == len(characters), "scripts/measure_chart_font.py measures these characters"
    return dict(zip(characters, widths, strict=True))


_WIDTHS = {False: _table(_REGULAR), True: _table(_BOLD)}
_WIDEST = {bold: max(widths.values()) for bold, widths in _WIDTHS.items()}


def _advance(character: str, bold: bool) -> int:
    known = _WIDTHS[bold].get(character)
    if known is not None:
        return known
    if unicodedata.combining(character):
        return 0
    if unicodedata.east_asian_width(character) in ("W", "F"):
        return 1000
    return max(1000, _WIDEST[bold])


# A browser places glyphs on whole pixels at small sizes: a chart scaled to a phone's width draws
# its text up to 1.5 % wider than the font's advances add up to (measured at 390 pixels wide).
SPARE = 1.05


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` drawn at `size` (in the chart's units), never less than a browser draws it."""
    return sum(_advance(character, bold) for character in text) * size / 1000 * SPARE


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width`, broken at spaces, or inside a word too long for a
    line of its own (a long name in Chinese has no spaces)."""
    lines: list[str] = []
    line = ""
    # Only at plain spaces: Babel's thin spaces around a range's dash keep "March – May" together.
    for word in text.split(" "):
        if not word:
            continue
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        if text_width(word, size, bold) <= width:
            line = word
            continue
        for character in word:
            if line and text_width(line + character, size, bold) > width:
                lines.append(line)
                line = ""
            line += character
    if line or not lines:
        lines.append(line)
    return lines
