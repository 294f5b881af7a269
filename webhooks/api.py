"""The webhook subscriptions endpoint: a token holder with the webhook permissions
manages their own subscriptions (docs/readme/webhooks.md)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.filters import StrictQueryParameters
from api.routers import router
from api.views import AtomicWritesOnly
from webhooks.models import Subscription
from webhooks.serializers import SubscriptionSerializer, SubscriptionWithSecretSerializer


class SubscriptionPermissions(permissions.DjangoModelPermissions):
    """Signed in, and the model permission for each method: view to read, add to
    subscribe, change to edit or make a new secret, delete to unsubscribe."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if getattr(view, "action", None) == "rotate_secret":  # a change, though a POST
            needed = self.get_required_permissions("PATCH", Subscription)
            return request.user.is_authenticated and request.user.has_perms(needed)
        return super().has_permission(request, view)


@extend_schema_view(
    create=extend_schema(
        responses={201: SubscriptionWithSecretSerializer},
        description="Subscribe a URL. The answer holds the signing `secret`; it is not "
        "shown again (make a new one with rotate-secret).",
    ),
)
class SubscriptionViewSet(AtomicWritesOnly, viewsets.ModelViewSet):
    """Webhook subscriptions: KRUZ POSTs a signed JSON event to `url` whenever a record of
    one of `record_types` is published, changed, unpublished or deleted (as chosen in
    `event_kinds`). Drafts never trigger one."""

    serializer_class = SubscriptionSerializer
    permission_classes = [SubscriptionPermissions]
    filter_backends = [StrictQueryParameters]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    queryset = Subscription.objects.none()  # for the permission's model; see get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, with no user
            return Subscription.objects.none()
        return Subscription.objects.filter(owner=self.request.user).select_related("owner")

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        answer = SubscriptionWithSecretSerializer(serializer.instance)
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: SubscriptionWithSecretSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """Replace the signing secret; the answer holds the new one. Requests signed with
        the old secret stop at once."""
        subscription = self.get_object()
        subscription.rotate_secret()
        return Response(SubscriptionWithSecretSerializer(subscription).data)


router.register("webhooks", SubscriptionViewSet, basename="webhook")
