"""Amounts of money: a positive Decimal, never without its ISO 4217 currency."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def amount_field(verbose_name):
    """An amount of money, unknown (null) where the sources give none."""
    return models.DecimalField(
        verbose_name,
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )


def money_constraints(prefix, amount, currency):
    """An amount is positive and never without its currency (nor a currency without one)."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{amount}__isnull": True}) | Q(**{f"{amount}__gt": 0}),
            name=f"{prefix}_{amount}_positive",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{amount}__isnull": True, f"{currency}__isnull": True})
            | Q(**{f"{amount}__isnull": False, f"{currency}__isnull": False}),
            name=f"{prefix}_{amount}_has_currency",
        ),
    ]


def clean_money(instance, amount, currency):
    """Field-level errors for an amount and its currency; the constraints make them true."""
    errors = {}
    value = getattr(instance, amount)
    if value is not None and value <= 0:
        errors[amount] = _("Enter an amount greater than zero.")
    if value is not None and not getattr(instance, f"{currency}_id"):
        errors[currency] = _("Give the currency of the amount.")
    if value is None and getattr(instance, f"{currency}_id"):
        errors[amount] = _("Give the amount, or leave the currency empty.")
    return errors
