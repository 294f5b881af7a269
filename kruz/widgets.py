"""Form widgets for the public filter forms."""

from django import forms
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


class YearInput(forms.TextInput):
    """A year, typed as four digits. Not a number input: a refused value ("soon") is
    written back into the field beside its error, so the reader sees what was refused, and
    a number input's value must be a number (the Nu checker refuses the page)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "pattern": "[0-9]{4}", **(attrs or {})})
