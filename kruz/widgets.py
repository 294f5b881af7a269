"""Form widgets written in Python where Django's widget templates cost too much: the
public filter forms' long selects, and the inputs the admin's project list repeats on
every row. Each writes the same HTML as the template it replaces, escaped alike."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A <select> whose options are written in Python rather than through one template
    render each: the project filters offer ~800 options (funders, sectors), which cost
    over 100 ms a page through Django's option template. Same HTML, escaped alike."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) == chosen else "", label)
                for option, label in self.choices
            ),
        )
        return format_html("<select{}>\n{}\n</select>", flatatt(final_attrs), options)


class QuickInputMixin:
    """An <input> written in Python rather than through two template renders (input.html
    and attrs.html): ~0.3 ms each, and the project list has two on each of its rows."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], name, shown, flatatt(widget["attrs"])
        )


class QuickHiddenInput(QuickInputMixin, forms.HiddenInput):
    pass


class QuickAdminDateInput(QuickInputMixin, AdminDateWidget):
    """The admin's date input (its calendar and "Today" come from its script)."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html('<p class="date">{}</p>', super().render(name, value, attrs, renderer))


def offer(form, name, options):
    """Let the form's `name` field offer only `options` ([(value, label)], in the order
    shown), and the value the reader chose if it is not among them. Only the widget's
    choices change: the field still accepts any valid value (a link to a region with no
    project yet lists none rather than failing)."""
    field = form.fields[name]
    chosen = form.data.getlist(name) if hasattr(form.data, "getlist") else []
    offered = {str(value) for value, _label in options}
    kept = [
        (value, unused_label(field, value)) for value in chosen if value and value not in offered
    ]
    blank = [("", field.empty_label)] if getattr(field, "empty_label", None) is not None else []
    field.widget.choices = [*blank, *options, *kept]


def labelled_counts(counts, labels, *, sort=True):
    """[(value, "label (count)")] for each value some record has, from {value: count} and
    {value: label}; sorted by label in the active language (a plain sort of the
    translated labels, which puts Hangul, Cyrillic and Latin in their alphabets' order),
    or kept in the order of `labels` (a status's life cycle)."""
    options = [
        (value, str(label), counts[value]) for value, label in labels.items() if counts.get(value)
    ]
    if sort:
        options.sort(key=lambda option: option[1].casefold())
    return [(value, f"{label} ({count})") for value, label, count in options]


def unused_label(field, value):
    """The label of a chosen value no record has ("Andijan (0)"), or the value itself when
    it is not a valid one (the field's error says so)."""
    try:
        choice = field.to_python(value) if isinstance(field, forms.ModelChoiceField) else None
    except ValidationError:
        return value
    if choice is not None:
        name = choice.localized("name") if hasattr(choice, "localized") else str(choice)
    else:
        name = {str(option): label for option, label in field.choices}.get(value)
        if name is None:
            return value
    return f"{name} (0)"


class YearInput(forms.TextInput):
    """A year, typed as four digits. Not a number input: a refused value ("soon") is
    written back into the field beside its error, so the reader sees what was refused, and
    a number input's value must be a number (the Nu checker refuses the page)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "pattern": "[0-9]{4}", **(attrs or {})})
