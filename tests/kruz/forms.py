"""Build the POST data an admin change form would send, from the page the admin
rendered: the main form and every inline formset, as the browser would submit them."""

from django import forms


def form_data(response, **changes):
    data = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        _add_form(data, inline.formset.management_form)
        for form in inline.formset.forms:
            _add_form(data, form)
    for key, value in changes.items():
        data[key] = value
    return {key: value for key, value in data.items() if value is not None}


def _add_form(data, form):
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        multiple = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
        if value is None and isinstance(field, multiple):
            continue  # a browser sends nothing for an empty multiple select
        data[bound.html_name] = _submitted(value)


def _submitted(value):
    if value is None:
        return ""
    if value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)
