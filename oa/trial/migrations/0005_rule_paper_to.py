"""TransmissionRule.paper_to (纸质同步范围). The versions published before this field existed decided paper
only between two office-system participants, and keep that meaning (their rows get `participants`);
a version published from now on says, as seed 004 §2 does, every recipient (`all`, the new default)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('trial', '0004_gated_file'),
    ]

    operations = [
        migrations.AddField(
            model_name='transmissionrule',
            name='paper_to',
            field=models.CharField(choices=[('all', '每个收文单位'), ('participants', '仅参加办公业务系统试运行的收文单位')],
                                   default='participants', max_length=12, verbose_name='纸质同步范围'),
        ),
        migrations.AlterField(
            model_name='transmissionrule',
            name='paper_to',
            field=models.CharField(choices=[('all', '每个收文单位'), ('participants', '仅参加办公业务系统试运行的收文单位')],
                                   default='all', max_length=12, verbose_name='纸质同步范围'),
        ),
    ]
