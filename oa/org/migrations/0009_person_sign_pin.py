from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0008_number_series_circular"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="sign_pin",
            field=models.CharField(blank=True, default="", max_length=128, verbose_name="签发密码"),
        ),
        migrations.AddField(
            model_name="person",
            name="sign_pin_set_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="签发密码设置时间"),
        ),
    ]
