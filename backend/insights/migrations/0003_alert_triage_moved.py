"""Assignment and resolution now live on the signal (alerts 0003 copied them there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_alert_triage"),
        ("alerts", "0003_signal_life"),
    ]

    operations = [migrations.DeleteModel(name="AlertTriage")]
