"""处室负责人 becomes a role of its own (issue 17, 条例 art. 22).

Until now one role, value "leader", read 处室负责人/分管领导. From here "leader" means 分管领导 only, and
处室负责人 is "section_head". Every existing "leader" grant is kept as it is and so stays 分管领导: the
system cannot tell which of those people are section chiefs, and taking a signing right away from a
deputy head by guesswork would stop documents waiting for his or her signature. The security admin
re-grants section chiefs as 处室负责人 on the 角色授权 page (and revokes their 分管领导).

Going back, a 处室负责人 grant becomes the old combined role again (dropped where the person holds it already).
"""

from django.db import migrations, models


def section_heads_back_to_leaders(apps, schema_editor):
    RoleGrant = apps.get_model("org", "RoleGrant")
    for grant in RoleGrant.objects.filter(role="section_head"):
        if RoleGrant.objects.filter(person_id=grant.person_id, role="leader").exists():
            grant.delete()
        else:
            grant.role = "leader"
            grant.save(update_fields=["role"])


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0005_number_series"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rolegrant",
            name="role",
            field=models.CharField(
                choices=[("staff", "科员/经办人"), ("clerk", "收发员/文书"), ("office_director", "办公室主任"),
                         ("section_head", "处室负责人"), ("leader", "分管领导"), ("principal_head", "主要负责人"),
                         ("info_center", "信息中心"), ("security_officer", "保密员"), ("system_admin", "系统管理员"),
                         ("security_admin", "安全管理员"), ("audit_admin", "审计管理员")],
                max_length=30, verbose_name="角色"),
        ),
        # Forwards nothing is rewritten: "leader" grants stay, now reading 分管领导 (see above).
        migrations.RunPython(migrations.RunPython.noop, section_heads_back_to_leaders),
    ]
