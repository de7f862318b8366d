"""The trial's people (seed 004 §1, §3, §6, §7): the 统筹协调小组 on the programme, the working group's
leader, members and 专人 as persons, the due date of the groups and of the approval units' 咨询电话.

The working groups typed in before keep their meaning where it can be found: a leader or contact whose
name (the part before a “（”) is the name of exactly one active person of the department becomes that
person; whatever cannot be matched stays in `legacy_text`, and the group counts as not yet reported
(its department is chased to name the people)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _person(Person, department_id, text):
    name = (text or "").split("（")[0].split("(")[0].strip()
    if not name:
        return None
    found = list(Person.objects.filter(department_id=department_id, is_active=True, name=name)[:2])
    return found[0] if len(found) == 1 else None


def names_to_people(apps, schema_editor):
    WorkingGroup = apps.get_model("trial", "WorkingGroup")
    Person = apps.get_model("org", "Person")
    for group in WorkingGroup.objects.all():
        leader = _person(Person, group.department_id, group.leader_name)
        contact = _person(Person, group.department_id, group.contact_name)
        left = []
        if leader is None:
            left.append(f"组长：{group.leader_name}")
        if contact is None:
            left.append(f"联系人：{group.contact_name}")
        group.leader, group.contact, group.legacy_text = leader, contact, "；".join(left)[:120]
        group.save(update_fields=["leader", "contact", "legacy_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0006_section_head_role'),
        ('trial', '0005_rule_paper_to'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CoordinationContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, verbose_name='姓名')),
                ('phone', models.CharField(max_length=30, verbose_name='电话')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='顺序')),
            ],
            options={
                'verbose_name': '统筹协调小组联系人',
                'verbose_name_plural': '统筹协调小组联系人',
                'ordering': ['position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='CoordinationGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fault_phone', models.CharField(blank=True, max_length=30, verbose_name='报障电话')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='更新时间')),
            ],
            options={
                'verbose_name': '试运行统筹协调小组',
                'verbose_name_plural': '试运行统筹协调小组',
            },
        ),
        migrations.AddField(
            model_name='trialparticipant',
            name='consult_phone',
            field=models.CharField(blank=True, max_length=30, verbose_name='网上审批业务咨询电话'),
        ),
        migrations.AddField(
            model_name='trialparticipant',
            name='consult_phone_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='咨询电话报送时间'),
        ),
        migrations.AddField(
            model_name='trialparticipant',
            name='consult_phone_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='trialprogramme',
            name='groups_chased_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='最近催报工作组'),
        ),
        migrations.AddField(
            model_name='trialprogramme',
            name='groups_due',
            field=models.DateField(blank=True, null=True, verbose_name='工作组及咨询电话报送截止日期'),
        ),
        migrations.AddField(
            model_name='workinggroup',
            name='contact',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='专人（与市信息中心联系）'),
        ),
        migrations.AddField(
            model_name='workinggroup',
            name='leader',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='组长（分管领导）'),
        ),
        migrations.AddField(
            model_name='workinggroup',
            name='legacy_text',
            field=models.CharField(blank=True, help_text='改为选择人员之前以文字填报、未能对应到人员的组长和联系人', max_length=120, verbose_name='原填报（文字）'),
        ),
        migrations.AddField(
            model_name='workinggroup',
            name='members',
            field=models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='成员'),
        ),
        migrations.AddIndex(
            model_name='workinggroup',
            index=models.Index(fields=['department', 'programme'], name='trial_group_dept'),
        ),
        migrations.AddField(
            model_name='coordinationgroup',
            name='deputy',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='副组长'),
        ),
        migrations.AddField(
            model_name='coordinationgroup',
            name='leader',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='组长'),
        ),
        migrations.AddField(
            model_name='coordinationgroup',
            name='members',
            field=models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='成员'),
        ),
        migrations.AddField(
            model_name='coordinationgroup',
            name='programme',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='coordination', to='trial.trialprogramme'),
        ),
        migrations.AddField(
            model_name='coordinationgroup',
            name='updated_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='coordinationcontact',
            name='group',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='trial.coordinationgroup'),
        ),
        migrations.RunPython(names_to_people, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='workinggroup',
            name='contact_name',
        ),
        migrations.RemoveField(
            model_name='workinggroup',
            name='leader_name',
        ),
    ]
