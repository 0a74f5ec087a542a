"""import_catalog: all or nothing, idempotent, asset versions kept."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from backend.audit.models import AuditEvent
from backend.catalog.models import ContentAsset, ContentAssetVersion, Product

CATALOG = {
    "products": [
        {
            "name": "Zentora",
            "aliases": ["ztr"],
            "company": "own",
            "therapeutic_area": "Cardio",
            "indication": "HF in adults",
        },
        {
            "name": "Rivalix",
            "aliases": [],
            "company": "competitor",
            "therapeutic_area": "Cardio",
            "indication": "HF",
        },
    ],
    "content_assets": [
        {
            "code": "ZTR-1",
            "title": "Dosing card",
            "product": "Zentora",
            "version": 3,
            "status": "current",
            "valid_until": "2027-01-01",
        },
        {
            "code": "ZTR-2",
            "title": "Old study",
            "product": "Zentora",
            "version": 1,
            "status": "withdrawn",
            "valid_until": "2025-01-01",
        },
    ],
}


def _write(tmp_path, data, name="catalog.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_import_twice_changes_nothing_the_second_time(db, tmp_path):
    path = _write(tmp_path, CATALOG)
    call_command("import_catalog", str(path), stdout=StringIO())
    audit_rows = AuditEvent.objects.count()
    stamps = list(Product.objects.values_list("updated_at", flat=True))

    out = StringIO()
    call_command("import_catalog", str(path), stdout=out)

    assert "0 created, 0 updated, 4 unchanged, 0 new asset version(s)" in out.getvalue()
    assert AuditEvent.objects.count() == audit_rows
    assert list(Product.objects.values_list("updated_at", flat=True)) == stamps
    assert Product.objects.count() == 2 and ContentAsset.objects.count() == 2


def test_a_new_asset_version_is_recorded_in_its_history(db, tmp_path):
    call_command("import_catalog", str(_write(tmp_path, CATALOG)), stdout=StringIO())
    changed = json.loads(json.dumps(CATALOG))
    changed["content_assets"][0]["version"] = 4

    call_command("import_catalog", str(_write(tmp_path, changed, "v2.json")), stdout=StringIO())

    asset = ContentAsset.objects.get(code="ZTR-1")
    assert asset.version == "4"  # an integer is read as its string
    assert list(
        ContentAssetVersion.objects.filter(asset=asset).values_list("version", flat=True)
    ) == ["3", "4"]
    assert AuditEvent.objects.filter(entity="catalog.contentasset", action="update").count() == 1


def test_bad_product_and_asset_of_unknown_product_import_nothing_and_name_both(db, tmp_path):
    bad = json.loads(json.dumps(CATALOG))
    bad["products"][1]["company"] = "partner"
    bad["content_assets"].append(
        {"code": "X-1", "title": "t", "product": "Nowhere", "version": 1, "status": "current"}
    )
    err = StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_catalog", str(_write(tmp_path, bad)), stdout=StringIO(), stderr=err)

    assert "products[1].company" in err.getvalue()
    assert "content_assets[2].product" in err.getvalue() and "Nowhere" in err.getvalue()
    assert Product.objects.count() == 0 and ContentAsset.objects.count() == 0


def test_unreadable_and_invalid_json_files_are_clear_errors(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_catalog", str(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_text('{"products": [')
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_catalog", str(broken))


def test_import_prints_each_label_as_the_tagger_reads_it_and_warns_on_none(db, tmp_path):
    catalog = json.loads(json.dumps(CATALOG))
    catalog["products"][0]["indication"] = (
        "Chronic heart failure in adults 18 years and older; 5 mg orally twice daily "
        "(maximum 20 mg per day); not indicated for patients with preserved ejection fraction."
    )
    catalog["products"][1]["indication"] = "See package insert."
    out, err = StringIO(), StringIO()

    call_command("import_catalog", str(_write(tmp_path, catalog)), stdout=out, stderr=err)

    printed = out.getvalue()
    assert "Zentora (own):" in printed
    assert "  population: age >= 18" in printed
    assert "  dose: maximum 20 mg/day" in printed
    assert "  interval: twice daily" in printed
    assert "  exclusion: not for patients with preserved ejection fraction" in printed
    assert "warning: Rivalix: no constraint read from its indication" in err.getvalue()


def test_admin_shows_the_parsed_label_read_only(admin_client, db, tmp_path):
    call_command("import_catalog", str(_write(tmp_path, CATALOG)), stdout=StringIO())
    product = Product.objects.get(name="Zentora")

    page = admin_client.get(f"/admin/catalog/product/{product.pk}/change/")

    assert page.status_code == 200
    assert "Label as the tagger reads it" in page.content.decode()
    assert "<li>population: age &gt;= 18</li>" in page.content.decode()
