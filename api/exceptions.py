"""Errors the model layer raises, answered as HTTP errors instead of 500s."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler, set_rollback

from kruz.records import VersionConflict


def handle_exception(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, VersionConflict):
        return conflict(
            _(
                "This record was changed by someone else since you read it. Read it again, "
                "reapply your change and send it with the new version."
            ),
            current_version=current_version(exc.instance),
        )
    if isinstance(exc, ProtectedError | RestrictedError):
        return conflict(_("Other records still refer to this one; remove those references first."))
    if isinstance(exc, IntegrityError):
        return conflict(_("The database refused this change: it breaks a rule of the record."))
    return exception_handler(exc, context)


def current_version(instance):
    stored = type(instance)._base_manager.filter(pk=instance.pk)
    return stored.values_list("version", flat=True).first()


def conflict(detail, **extra):
    set_rollback()
    return Response({"detail": detail, **extra}, status=status.HTTP_409_CONFLICT)
