from rest_framework import permissions

from kruz.permissions import can_publish


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
