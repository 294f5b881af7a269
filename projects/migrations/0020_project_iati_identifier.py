"""Each project keeps the IATI identifier it is reported under. The published projects keep
the one the file has shown them under so far: the reporting organisation's reference and
their current slug."""

from django.conf import settings
from django.db import migrations, models


def keep_reported_identifiers(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    for project in Project.objects.filter(publication="published", iati_identifier=""):
        project.iati_identifier = f"{settings.IATI_REPORTING_ORG_REF}-{project.slug}"
        project.save(update_fields=["iati_identifier"])


class Migration(migrations.Migration):

    dependencies = [
        ('diplomacy', '0007_public_digest_printable_text'),
        ('projects', '0019_citation_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='project',
            name='projects_project_text_printable',
        ),
        migrations.AddField(
            model_name='historicalproject',
            name='iati_identifier',
            field=models.CharField(blank=True, editable=False, max_length=150, verbose_name='IATI activity identifier'),
        ),
        migrations.AddField(
            model_name='project',
            name='iati_identifier',
            field=models.CharField(blank=True, editable=False, max_length=150, verbose_name='IATI activity identifier'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.UniqueConstraint(condition=models.Q(('iati_identifier', ''), _negated=True), fields=('iati_identifier',), name='projects_project_iati_identifier_once'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('public_digest__regex', '[\x01-\x1f]'), _negated=True), models.Q(('editorial_note__regex', '[\x01-\x08\x0b\x0c\x0e-\x1f]'), _negated=True), models.Q(('slug__regex', '[\x01-\x1f]'), _negated=True), models.Q(('title__regex', '[\x01-\x1f]'), _negated=True), models.Q(('summary__regex', '[\x01-\x08\x0b\x0c\x0e-\x1f]'), _negated=True), models.Q(('description__regex', '[\x01-\x08\x0b\x0c\x0e-\x1f]'), _negated=True), models.Q(('location__regex', '[\x01-\x1f]'), _negated=True), models.Q(('iati_identifier__regex', '[\x01-\x1f]'), _negated=True), models.Q(('title_ko__regex', '[\x01-\x1f]'), _negated=True), models.Q(('title_uz__regex', '[\x01-\x1f]'), _negated=True), models.Q(('title_ru__regex', '[\x01-\x1f]'), _negated=True), models.Q(('summary_ko__regex', '[\x01-\x08\x0b\x0c\x0e-\x1f]'), _negated=True), models.Q(('summary_uz__regex', '[\x01-\x08\x0b\x0c\x0e-\x1f]'), _negated=True), models.Q(('summary_ru__regex', '[\x01-\x08\x0b\x0c\x0e-\x1f]'), _negated=True), models.Q(('description_ko__regex', '[\x01-\x08\x0b\x0c\x0e-\x1f]'), _negated=True), models.Q(('description_uz__regex', '[\x01-\x08\x0b\x0c\x0e-\x1f]'), _negated=True), models.Q(('description_ru__regex', '[\x01-\x08\x0b\x0c\x0e-\x1f]'), _negated=True), models.Q(('location_ko__regex', '[\x01-\x1f]'), _negated=True), models.Q(('location_uz__regex', '[\x01-\x1f]'), _negated=True), models.Q(('location_ru__regex', '[\x01-\x1f]'), _negated=True)), name='projects_project_text_printable', violation_error_message='Text may not contain control characters.'),
        ),
        migrations.RunPython(keep_reported_identifiers, migrations.RunPython.noop),
    ]
