"""发文字号 series per kind (issue 17): the model, and for every existing department its 文件 series with the
department's 机关代字 — the code every number so far was issued under, so documents.NumberSequence rows keyed
by that code go on counting without a gap — plus 函 (机关代字+函) and 纪要 (机关代字+纪要), so that a 函 or 纪要
is not refused the day this is deployed. A code already taken is skipped (the series page shows what is
missing). Departments made later get the same three when they are created (oa/org/signals.py)."""

import django.core.validators
from django.db import migrations, models

SUFFIXES = {"file": "", "letter": "函", "minutes": "纪要"}


def default_series(apps, schema_editor):
    Department = apps.get_model("org", "Department")
    NumberSeries = apps.get_model("org", "NumberSeries")
    taken = set(NumberSeries.objects.values_list("code", flat=True))
    for kind, suffix in SUFFIXES.items():  # every 文件 first: an organ's own code wins over another's 函
        for department in Department.objects.order_by("id"):
            code = department.organ_code + suffix
            if code in taken or len(code) > 20:
                continue
            taken.add(code)
            NumberSeries.objects.create(kind=kind, code=code).organs.add(department)


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_phrase'),
    ]

    operations = [
        migrations.CreateModel(
            name='NumberSeries',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('file', '文件'), ('letter', '函'), ('minutes', '纪要'), ('joint', '联合')], max_length=10, verbose_name='类别')),
                ('code', models.CharField(help_text='该序列发文字号中的机关代字全称，如“韶府办函”', max_length=20, unique=True, validators=[django.core.validators.RegexValidator('^[\\u4e00-\\u9fa5]+$', '机关代字只能由汉字组成（例如“韶府办”），用于发文字号“机关代字〔年〕序号号”。')], verbose_name='机关代字')),
                ('is_active', models.BooleanField(default=True, verbose_name='启用')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('organs', models.ManyToManyField(related_name='number_series', to='org.department', verbose_name='所属机关')),
            ],
            options={
                'verbose_name': '发文字号序列',
                'verbose_name_plural': '发文字号序列',
                'ordering': ['code'],
            },
        ),
        migrations.RunPython(default_series, migrations.RunPython.noop),
    ]
