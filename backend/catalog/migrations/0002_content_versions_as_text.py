"""Content versions become text ("2.1", "v4"); existing integer versions keep their value as text.

``version_sort`` holds each history row's natural-order key so "v4" and "4" are one version.
"""

from typing import Any

from django.db import migrations, models

from nlp.content_version import version_sort


def fill_version_sort(apps: Any, schema_editor: Any) -> None:
    versions = apps.get_model("catalog", "ContentAssetVersion")
    for row in versions.objects.all().only("pk", "version"):
        versions.objects.filter(pk=row.pk).update(version_sort=version_sort(row.version))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="contentassetversion", name="asset_version_unique"),
        migrations.AlterField(
            model_name="contentasset", name="version", field=models.CharField(max_length=32)
        ),
        migrations.AlterField(
            model_name="contentassetversion",
            name="version",
            field=models.CharField(max_length=32),
        ),
        migrations.AddField(
            model_name="contentassetversion",
            name="version_sort",
            field=models.CharField(default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(fill_version_sort, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="contentassetversion", options={"ordering": ["asset", "version_sort"]}
        ),
        migrations.AddConstraint(
            model_name="contentassetversion",
            constraint=models.UniqueConstraint(
                fields=("asset", "version_sort"), name="asset_version_unique"
            ),
        ),
    ]
