"""Lookups the ORM lacks."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, Func


class AnyOfSubquery(Func):
    """`expression = ANY(ARRAY(subquery))`, PostgreSQL only: `filter(AnyOfSubquery("pk",
    matches.values("pk")))`. PostgreSQL runs the subquery once, before the rest of the
    query (an InitPlan), where it would fold `IN (subquery)` into the query and plan the
    two together."""

    output_field = BooleanField()

    def __init__(self, expression, queryset):
        super().__init__(expression, ArraySubquery(queryset))

    def as_sql(self, compiler, connection, **extra_context):
        (value, value_params), (array, array_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return f"({value} = ANY({array}))", (*value_params, *array_params)
