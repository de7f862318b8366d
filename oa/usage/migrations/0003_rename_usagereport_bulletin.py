from django.db import migrations


class Migration(migrations.Migration):
    """The half-month bulletin's model is `Bulletin` (the trial app keeps its department `UsageReport`)."""

    dependencies = [
        ("usage", "0002_report_files"),
    ]

    operations = [
        migrations.RenameModel(old_name="UsageReport", new_name="Bulletin"),
        migrations.RenameModel(old_name="UsageReportFile", new_name="BulletinFile"),
    ]
