"""What a person does in the app, as Playwright steps: open a page from the sidebar, fill a box,
pick from a select box, read the graph and the tables, save a screenshot for the docs."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Frame, Locator, Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def open_page(page: Page, title: str) -> None:
    """Click the page's link in the sidebar and wait for its heading."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(title)


def widget(page: Page, testid: str, label: str) -> Locator:
    """The Streamlit widget of a kind (stSelectbox, stTextInput, …) whose label is `label`."""
    return page.locator(f'[data-testid="{testid}"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=label)).first


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the select box labelled `label` by typing it, as a person would."""
    widget(page, "stSelectbox", label).locator("input").click()
    page.keyboard.type(option)
    page.get_by_role("option").filter(has_text=option).first.click()


def summarize_for(page: Page, name: str, button: str) -> None:
    """On the summaries page, pick `name` in the multi-select by typing it and press the summary button."""
    page.locator('[data-testid="stMultiSelect"] input').click()
    page.keyboard.type(name)
    page.get_by_role("option").filter(has_text=name).first.click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name=button).click()


def fill(page: Page, label: str, text: str, testid: str = "stTextInput") -> None:
    """Type into a text box and confirm with Enter (which is when Streamlit reads it)."""
    box = widget(page, testid, label).locator("input, textarea").first
    box.fill(text)
    box.press("Control+Enter" if testid == "stTextArea" else "Enter")


def graph_frame(page: Page, index: int = 0) -> Frame:
    """The frame of a pyvis graph once its canvas exists and its layout has settled."""
    iframe = page.locator('[data-testid="stIFrame"]').nth(index)
    expect(iframe).to_be_visible()
    inner = page.frame_locator('[data-testid="stIFrame"]').nth(index)
    expect(inner.locator("#mynetwork canvas")).to_be_attached()
    expect(inner.locator("#loadingBar")).to_be_hidden()
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function("() => network.physics.stabilized")  # the nodes have stopped moving
    return frame


def node_names(frame: Frame) -> list[str]:
    """Names of the nodes the graph in `frame` draws."""
    return sorted(frame.evaluate("network.body.data.nodes.get().map(n => n.label)"))


def table_cells(page: Page, index: int = 0) -> Locator:
    """Cells of a table, read from the data grid's accessible (visually hidden) table."""
    return page.locator('[data-testid="stDataFrame"]').nth(index).locator('table[role="grid"] td')


def no_exception(page: Page) -> None:
    """No Python exception box on the page."""
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def tall(page: Page, height: int) -> None:
    """Make the window `height` pixels tall (set before the page is drawn, for a full screenshot)."""
    page.set_viewport_size({"width": 1400, "height": height})


def screenshot(page: Page, name: str) -> None:
    """Save the window as docs/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
