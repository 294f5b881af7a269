"""The three staff roles as groups. The matrix is frozen here, as of this migration;
tests/kruz/test_roles.py states the same matrix independently and checks it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Records the public may see: they carry the custom "publish" permission.
PUBLISHABLE = [
    ("diplomacy", "source"),
    ("diplomacy", "organization"),
    ("diplomacy", "official"),
    ("diplomacy", "engagement"),
    ("diplomacy", "agreement"),
    ("projects", "project"),
    ("projects", "statusreport"),
]
# Rows edited as part of their parent (inlines); published with it.
PARTS = [
    ("diplomacy", "position"),
    ("diplomacy", "engagementparticipant"),
    ("diplomacy", "agreementsignatory"),
    ("projects", "projectsector"),
    ("projects", "funding"),
    ("projects", "participatingorganization"),
    ("projects", "milestone"),
]
# IATI codelists, loaded by migrations; staff read them, administrators maintain them.
CODELISTS = [("diplomacy", "currency"), ("projects", "sector")]

ROLES = {
    "Viewers": {
        "view": PUBLISHABLE + PARTS + CODELISTS,
    },
    "Editors": {
        "view": PUBLISHABLE + PARTS + CODELISTS,
        "add": PUBLISHABLE + PARTS,
        "change": PUBLISHABLE + PARTS,
        "delete": PARTS,
    },
    "Publishers": {
        "view": PUBLISHABLE + PARTS + CODELISTS,
        "add": PUBLISHABLE + PARTS,
        "change": PUBLISHABLE + PARTS,
        "delete": PUBLISHABLE + PARTS,
        "publish": PUBLISHABLE,
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(
                content_type__app_label=app_label,
                content_type__model=model,
                codename=f"{action}_{model}",
            )
            for action, models in grants.items()
            for app_label, model in models
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("diplomacy", "0005_history_and_publish_permission"),
        ("projects", "0007_history_and_publish_permission"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
