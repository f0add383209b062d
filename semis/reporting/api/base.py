"""What every API view shares: its access rule, scoping, pagination, filters and ordering.

An API view states who may call it with the same rule as a page (`access_rule`, semis.core.access),
so the authorization-matrix test walks it and SecondFactorMiddleware asks for the second factor
first. Its rows come from `Model.objects.visible_to(request.user)` in `get_queryset`, as a page's do.
"""

from django.contrib.auth.decorators import login_not_required
from rest_framework import serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission

from semis.core.access import ALL_ROLES, AccessRule, access_rule


class FollowsAccessRule(BasePermission):
    """The view's access rule; DRF answers 403 "not authenticated" to anonymous callers of private views."""

    def has_permission(self, request, view):
        return view.access_rule.allows(request.user)


class Ordering(OrderingFilter):
    """DRF's `ordering` parameter, with the primary key last so that pages never overlap."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        return [*ordering, "pk"] if not {"pk", "-pk"} & set(ordering) else ordering

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["enum"] = [f"{sign}{name}" for name in view.ordering_fields for sign in ("", "-")]
        return parameters


class ApiViewMixin:
    access_rule: AccessRule = access_rule(ALL_ROLES)
    permission_classes = [FollowsAccessRule]
    filter_backends = [Ordering]

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        # The rule is read by the matrix test and by SecondFactorMiddleware; anonymous callers get DRF's
        # 403 rather than the sign-in page (LoginRequiredMiddleware), which a script cannot follow.
        view.semis_access = cls.access_rule
        view.semis_api = True
        return login_not_required(view)


class QueryFilters(serializers.Serializer):
    """The filters of a list, read from the query string: a bad value answers 400 with a French message
    at its parameter. Subclasses declare fields (all optional) and `filter(queryset, values)`."""

    def filter(self, queryset, values: dict):
        raise NotImplementedError


def choice(choices, help_text) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, required=False, help_text=help_text)


class ReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """A scoped list and detail; `filters` validates and applies the list's query-string filters."""

    filters: type[QueryFilters] | None = None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and self.filters is not None:
            # Partial: a parameter left out is no filter (not a false boolean, as an HTML form would mean).
            params = self.filters(data=self.request.query_params, partial=True, context=self.get_serializer_context())
            params.is_valid(raise_exception=True)
            queryset = params.filter(queryset, params.validated_data)
        return queryset
