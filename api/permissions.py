from rest_framework import permissions


class ModelPermissionsOrReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; a write needs the matching model permission (add, change, delete),
    and a write to a published record also the publish permission, as in the admin: only
    Publishers change what the public sees."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().has_permission(request, view)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS or not getattr(obj, "is_published", False):
            return True
        return can_publish(request.user, type(obj))


def can_see_drafts(user, model):
    """Staff integrations with the view permission read drafts too; everyone else reads
    published records only."""
    return user.is_authenticated and user.has_perm(
        f"{model._meta.app_label}.view_{model._meta.model_name}"
    )


def can_publish(user, model):
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")
