from django import forms
from django.utils.translation import gettext_lazy as _

from kruz.models import EventKind
from webhooks.models import Subscription, record_type_choices


class SubscriptionForm(forms.ModelForm):
    """The record types and events as checkboxes (the model keeps them as JSON lists)."""

    record_types = forms.MultipleChoiceField(
        label=_("record types"), choices=record_type_choices, widget=forms.CheckboxSelectMultiple
    )
    event_kinds = forms.MultipleChoiceField(
        label=_("events"), choices=EventKind.choices, widget=forms.CheckboxSelectMultiple
    )

    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 80}),
        help_text=Subscription._meta.get_field("url").help_text,
    )

    class Meta:
        model = Subscription
        fields = ["url", "description", "owner", "record_types", "event_kinds"]
