"""Bar charts drawn on the server as SVG geometry (no script, no third-party host): rows of labelled bars, or
columns over days. The template draws them (templates/dashboard/_charts.html); every bar links to a list."""
from dataclasses import dataclass, field

WIDTH = 360  # viewBox units; the SVG scales to its box, so on a 390 px phone one unit is about one pixel
ROW_HEIGHT = 40
BAR_HEIGHT = 16
LABEL_GAP = 4
VALUE_ROOM = 64  # right of the longest bar, for its value
COLUMN_PLOT_HEIGHT = 140
COLUMN_TOP = 22  # room above the tallest column for its value
COLUMN_AXIS = 30  # room under the columns for the day labels
MAX_DAY_LABELS = 6
MAX_COLUMN_WIDTH = 48  # a day or two of registrations should not fill the chart with one slab

COLOURS = {
    "pending": "#d68910", "confirmed": "#1e8449", "rejected": "#b03a2e", "withdrawn": "#7f8c8d",
    "scheduled": "#2874a6", "live": "#d35400", "completed": "#1e8449", "abandoned": "#7f8c8d",
}
DEFAULT_COLOUR = "#2874a6"
FULL_COLOUR = "#b03a2e"


@dataclass
class Bar:
    """One bar: what it counts, its value as shown, where it links, and its place in the chart."""

    label: str
    value: int
    href: str
    shown: str = ""  # the value as written next to the bar ("3", "2 / 2")
    colour: str = DEFAULT_COLOUR
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    label_x: float = 0
    label_y: float = 0
    value_x: float = 0
    value_y: float = 0
    axis_label: str = ""  # columns: the day written under this column, if any

    @property
    def text(self):
        """Label and value together, for the link's accessible name and the tooltip."""
        return f"{self.label}: {self.shown}"


@dataclass
class Chart:
    """A chart's id, title, description and bars, and the size of its viewBox."""

    id: str
    title: str
    description: str
    kind: str  # "rows" or "columns"
    bars: list = field(default_factory=list)
    height: float = 0
    width: float = WIDTH
    note: str = ""  # a line under the chart: what it leaves out, with a link to the whole list
    note_href: str = ""
    value_heading: str = ""
    show_values: bool = True  # columns: whether there is room for each figure above its column
    row_height: float = ROW_HEIGHT  # rows: each row's height, all of it a link (not only the painted bar)
    track: float = WIDTH - VALUE_ROOM  # rows: the full length a bar could take (drawn pale behind it)
    plot_top: float = COLUMN_TOP  # columns: where the tallest column would end
    baseline: float = COLUMN_TOP + COLUMN_PLOT_HEIGHT  # columns: where every column starts


def rows(chart_id, title, description, bars, value_heading, scale_to=None):
    """A chart of horizontal bars, one row per bar: its label above it, its value after it."""
    top = max([scale_to or 0] + [bar.value for bar in bars] + [1])
    for index, bar in enumerate(bars):
        bar.shown = bar.shown or str(bar.value)
        bar.label_x, bar.label_y = 0, index * ROW_HEIGHT + 13
        bar.x, bar.y, bar.height = 0, index * ROW_HEIGHT + 13 + LABEL_GAP, BAR_HEIGHT
        bar.width = round((WIDTH - VALUE_ROOM) * bar.value / top, 1)
        bar.value_x, bar.value_y = bar.width + 6, bar.y + BAR_HEIGHT - 3
    return Chart(chart_id, title, description, "rows", bars, height=max(len(bars), 1) * ROW_HEIGHT,
                 value_heading=value_heading)


def columns(chart_id, title, description, bars, value_heading):
    """A chart of columns left to right (days): value above each, a few evenly spaced labels under them."""
    top = max([bar.value for bar in bars] + [1])
    slot = WIDTH / max(len(bars), 1)
    every = max(1, -(-len(bars) // MAX_DAY_LABELS))  # label every n-th column so the labels never overlap
    for index, bar in enumerate(bars):
        bar.shown = bar.shown or str(bar.value)
        bar.height = round(COLUMN_PLOT_HEIGHT * bar.value / top, 1)
        bar.width = round(min(max(slot * 0.7, 1), MAX_COLUMN_WIDTH), 1)
        bar.x = round(index * slot + (slot - bar.width) / 2, 1)
        bar.y = round(COLUMN_TOP + COLUMN_PLOT_HEIGHT - bar.height, 1)
        bar.value_x, bar.value_y = round(index * slot + slot / 2, 1), bar.y - 4
        bar.label_x, bar.label_y = bar.value_x, COLUMN_TOP + COLUMN_PLOT_HEIGHT + 18
        if index % every == 0:
            bar.axis_label = bar.label
    return Chart(chart_id, title, description, "columns", bars, value_heading=value_heading,
                 height=COLUMN_TOP + COLUMN_PLOT_HEIGHT + COLUMN_AXIS, show_values=len(bars) <= 14)
