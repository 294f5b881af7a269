"""The staff dashboard on the admin index (templates/admin/kruz_index.html)."""

from django import template

from projects.dashboard import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_dashboard(context):
    """The day's work, for staff who may see projects; None for the others."""
    if context["request"].user.has_perm("projects.view_project"):
        return dashboard()
    return None
