"""Text that every output can carry. C0 control characters (U+0000–U+001F) break XML (the
IATI file), spreadsheets and some readers, so they are refused where text comes in — the
admin, the API and imports, each with a field-level message — and the database refuses
them too. Long text may keep tabs and line breaks; one-line text may not."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ONE_LINE_FORBIDDEN = "[\x01-\x1f]"
LONG_TEXT_FORBIDDEN = "[\x01-\x08\x0b\x0c\x0e-\x1f]"
_ONE_LINE = re.compile("[\x00-\x1f]")
_LONG_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

MESSAGE = _(
    "Remove the control character (U+%(code)04X) from this text: it cannot be shown, "
    "exported or sent."
)
NEWLINE_MESSAGE = _("Keep this text on one line: remove tabs and line breaks.")


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def forbidden_character(value, long_text):
    """The first character this kind of text may not hold, or None."""
    if not isinstance(value, str):
        return None
    found = (_LONG_TEXT if long_text else _ONE_LINE).search(value)
    return found.group() if found else None


def text_error(value, long_text):
    character = forbidden_character(value, long_text)
    if character is None:
        return None
    if character in "\t\n\r":
        return NEWLINE_MESSAGE
    return MESSAGE % {"code": ord(character)}


class PrintableTextMixin:
    """Model mixin: field-level errors for control characters in any text field (run by
    full_clean(), so by the admin, the API and imports alike)."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.message_dict
        for field in text_fields(type(self)):
            if field.name in errors or (exclude and field.name in exclude):
                continue
            message = text_error(getattr(self, field.attname), isinstance(field, models.TextField))
            if message:
                errors[field.name] = [message]
        if errors:
            raise ValidationError(errors)


def printable_text_constraint(model):
    """The database's own refusal of control characters in every text column of `model`."""
    condition = Q()
    for field in text_fields(model):
        pattern = LONG_TEXT_FORBIDDEN if isinstance(field, models.TextField) else ONE_LINE_FORBIDDEN
        condition &= ~Q(**{f"{field.name}__regex": pattern})
    return models.CheckConstraint(
        condition=condition,
        name=f"{model._meta.db_table}_text_printable",
        violation_error_message=_("Text may not contain control characters."),
    )


def guard_text(*models_):
    """Add printable_text_constraint() to each model; called under the models, once their
    fields (translations included) are all known."""
    for model in models_:
        if text_fields(model):
            model._meta.constraints = [*model._meta.constraints, printable_text_constraint(model)]
