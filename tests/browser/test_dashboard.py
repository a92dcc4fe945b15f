"""The dashboard in headless Chromium over a real ``dotterel serve``: load, filter by clicking
and by the form, open an event's evidence, and check it works with no internet."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow

ROWS = "#events tbody tr[data-id]"


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    page.wait_for_selector(ROWS, timeout=20_000)


def _types_in_table(page) -> list[str]:
    return page.locator(f"{ROWS} td:nth-child(2)").all_inner_texts()


def _wait_rows(page, expected: list[str]) -> None:
    page.wait_for_function(
        """(expected) => {
            const rows = '#events tbody tr[data-id] td:nth-child(2)';
            const cells = [...document.querySelectorAll(rows)];
            return JSON.stringify(cells.map((c) => c.innerText)) === JSON.stringify(expected);
        }""",
        arg=expected,
        timeout=10_000,
    )


def _only_local_requests(page, server: str) -> None:
    outside = [u for u in page.requested if not u.startswith(server) and not u.startswith("data:")]
    assert outside == []


def test_dashboard_loads_every_view(page, server, screenshot):
    _open(page, server)
    page.wait_for_selector("#timeline rect.bar")
    page.wait_for_selector("#network .node")
    page.wait_for_selector("#map path.country[data-id='276']")
    assert page.locator(ROWS).count() == 25  # first page of 206 events
    assert "206 matching events" in page.inner_text("#total")
    assert "1–25 of 206" in page.inner_text("#page-info")
    # Germany holds the sample's Kessin events, so it is filled; Antarctica is not.
    germany = page.get_attribute("#map path.country[data-id='276']", "fill")
    assert germany != page.get_attribute("#map path.country[data-id='010']", "fill")
    nodes = page.locator("#network .node text").all_text_contents()
    assert "RUR" in nodes and "GRD" in nodes
    screenshot(page, "dashboard")
    assert page.errors == []
    _only_local_requests(page, server)


def test_dashboard_filter_form_then_evidence(page, server, screenshot):
    _open(page, server)
    page.fill("#filters [name=actor]", "RUR:MIL")
    page.select_option("#filters [name=event_type]", "ASSAULT")
    page.fill("#filters [name=date_from]", "2024")
    page.click("#filters button[type=submit]")
    _wait_rows(page, ["ASSAULT", "ASSAULT"])
    assert re.search(r"event_type=ASSAULT", page.url)
    chips = page.locator("#chips .chip").all_inner_texts()
    assert any("type: ASSAULT" in c for c in chips)

    page.locator(ROWS).first.click()
    page.wait_for_selector("#evidence .sentence mark.trigger")
    sentence = page.inner_text("#evidence .sentence")
    assert "Kessin" in sentence
    assert page.inner_text("#evidence mark.trigger") in ("shelled", "fire")
    assert page.locator("#evidence .sentence mark.actor").inner_text().startswith("Ruritanian")
    assert page.locator("#evidence .sentence mark.recipient").inner_text().startswith("Grand Duchy")
    assert page.locator("#evidence .sentence mark.place").inner_text() == "Kessin"
    badges = page.locator("#evidence .badge").all_inner_texts()
    assert "occurred" in badges and "reported" in badges and "attributed (1)" in badges
    assert "said" in page.inner_text("#evidence .attribution")
    # The same shelling was reported by two outlets.
    assert "Reports of this event: 2" in page.text_content("#evidence")
    screenshot(page, "dashboard-evidence")
    assert page.errors == []


def test_dashboard_click_country_filters_everything(page, server):
    _open(page, server)
    page.click("#map path.country[data-id='040']")  # Austria: the Vienna talks
    _wait_rows(page, ["CONSULT"])
    assert "country: AUT" in " ".join(page.locator("#chips .chip").all_inner_texts())
    page.wait_for_function("document.querySelectorAll('#network .edge').length === 1")
    assert page.get_attribute("#network .edge", "data-dyad") == "GRD-RUR"


def test_dashboard_click_edge_then_remove_chip(page, server):
    _open(page, server)
    page.fill("#filters [name=date_from]", "2024")
    page.click("#filters button[type=submit]")
    _wait_rows(page, ["PROTEST", "THREATEN", "CONSULT", "ASSAULT", "ASSAULT"])
    # An edge is a thin curve: a pointer click at its box's centre may miss the stroke.
    page.dispatch_event("#network .edge[data-dyad='GRD-RUR']", "click")
    _wait_rows(page, ["PROTEST", "CONSULT"])
    page.click("#chips .chip[data-key=dyad] button")
    _wait_rows(page, ["PROTEST", "THREATEN", "CONSULT", "ASSAULT", "ASSAULT"])


def test_dashboard_click_timeline_bar_sets_period_and_type(page, server):
    _open(page, server + "#date_from=2024")
    page.wait_for_selector("#timeline rect.bar[data-period='2024-03'][data-key='CONSULT']")
    page.click("#timeline rect.bar[data-period='2024-03'][data-key='CONSULT']")
    _wait_rows(page, ["CONSULT"])
    assert "date_to=2024-03" in page.url


def test_dashboard_bad_filter_shows_the_api_message(page, server):
    _open(page, server)
    page.fill("#filters [name=date_from]", "March")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#error:not([hidden])")
    assert "date_from" in page.inner_text("#error")


def test_dashboard_paging_with_cursors(page, server):
    _open(page, server)
    first = page.locator(ROWS).first.get_attribute("data-id")
    page.click("#next")
    page.wait_for_function(
        "(id) => document.querySelector('#events tbody tr[data-id]').dataset.id !== id", arg=first
    )
    assert "26–50 of 206" in page.inner_text("#page-info")
    page.click("#prev")
    page.wait_for_function(
        "(id) => document.querySelector('#events tbody tr[data-id]').dataset.id === id", arg=first
    )


def test_api_docs_page_works_offline(page, server, screenshot):
    page.goto(server + "docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "dotterel" in page.inner_text(".swagger-ui .info .title")
    page.get_by_text("/api/v1/events", exact=True).first.wait_for()
    screenshot(page, "api-docs")
    _only_local_requests(page, server)
