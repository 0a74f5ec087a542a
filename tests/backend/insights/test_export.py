"""CSV export of the filtered feed."""

import csv
import io
from typing import Any

import pytest

from tests.backend.insights.helpers import tagged

pytestmark = pytest.mark.django_db


def _rows(response: Any) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_export_has_the_filtered_scoped_redacted_rows(client: Any, world: Any) -> None:
    price = tagged(
        world.alice,
        "Pt Jane Roe copay",
        redacted="Pt [PATIENT_NAME] copay",
        pii=[[3, 11, "PATIENT_NAME"]],
        labels={"objection_price": 0.9},
        products=[world.own],
    )
    tagged(world.alice, "reprints please", labels={"content_request": 0.8})
    tagged(world.bob, "south copay", labels={"objection_price": 0.9})
    client.force_login(world.carol)
    response = client.get("/feed.csv?label=objection_price")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert [r["id"] for r in rows] == [str(price.pk)]
    assert rows[0]["text"] == "Pt [PATIENT_NAME] copay"
    assert rows[0]["labels"] == "objection_price"
    assert rows[0]["products"] == "Ownbrand"
    assert rows[0]["territory"] == "N"


def test_export_neutralises_spreadsheet_formulas(client: Any, world: Any) -> None:
    tagged(world.alice, '=HYPERLINK("http://evil")', labels={"objection_price": 0.9})
    client.force_login(world.carol)
    rows = _rows(client.get("/feed.csv"))
    assert rows[0]["text"].startswith("'=")


def test_export_walks_every_page(client: Any, world: Any) -> None:
    for i in range(120):
        tagged(world.alice, f"note {i}")
    client.force_login(world.carol)
    from backend.insights import export

    rows = list(
        csv.reader(
            io.StringIO("".join(export.csv_lines(world.carol, export.FeedFilters(), chunk=50)))
        )
    )
    assert len(rows) == 121
    assert len({r[0] for r in rows[1:]}) == 120
