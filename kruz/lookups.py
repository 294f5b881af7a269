"""Lookups the ORM lacks."""

from django.core.exceptions import EmptyResultSet
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
