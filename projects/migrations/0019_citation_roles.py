"""Citations are parts of their records: the roles treat them as the other parts (see
0008_staff_roles): Viewers read them, Editors and Publishers add, change and delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CITATIONS = [
    ("diplomacy", "organizationcitation"),
    ("diplomacy", "officialcitation"),
    ("diplomacy", "engagementcitation"),
    ("diplomacy", "agreementcitation"),
    ("projects", "projectcitation"),
]
GRANTS = {
    "Viewers": ["view"],
    "Editors": ["view", "add", "change", "delete"],
    "Publishers": ["view", "add", "change", "delete"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(
                Permission.objects.get(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename=f"{action}_{model}",
                )
                for action in actions
                for app_label, model in CITATIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("diplomacy", "0007_public_digest_printable_text"),
        ("projects", "0018_public_digest_printable_text_staffprofile_to_kruz"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
