"""Lookups the ORM lacks."""

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Func
from django.db.models.lookups import In


class AnyOf(In):
    """`IN (…)` for a long list of values, e.g. a page's thousand ids:
    `filter(AnyOf(F("project_id"), ids))`. PostgreSQL gets the list as one array
    parameter (`= ANY(%s)`): binding and parsing a thousand placeholders, and the ORM
    preparing each value, cost more than the query itself. Elsewhere it is `IN`."""

    def as_postgresql(self, compiler, connection):
        values = [value for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


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
