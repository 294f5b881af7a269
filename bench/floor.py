"""The floor of a path: the same SQL Django ran for it, executed directly with psycopg
on its own connection and encoded with orjson, or aggregated by PostgreSQL's json_agg.
Nothing of Django is imported here, so gunicorn can serve it alone (bench.floor_wsgi)."""

import hashlib

import orjson
import psycopg


class Floor:
    """The least any implementation must do: run the same SQL and encode the rows."""

    def __init__(self, dsn, options=""):
        # `options`: the session settings KRUZ's own connections use (random_page_cost),
        # so that the planner chooses the same plans for the floor. No prepared statements:
        # Django binds parameters on the client and prepares nothing, so neither does the
        # floor (psycopg would prepare a statement after its fifth run).
        self.connection = psycopg.connect(
            dsn, autocommit=True, options=options, prepare_threshold=None
        )

    def orjson_body(self, statements):
        results = []
        for sql in statements:
            cursor = self.connection.execute(sql)
            names = [column.name for column in cursor.description or ()]
            results.append([dict(zip(names, row, strict=True)) for row in cursor.fetchall()])
        return orjson.dumps(results, default=str)

    def json_agg_body(self, statements):
        parts = []
        for sql in statements:
            # The statements are those KRUZ itself ran for the measured request, replayed.
            cursor = self.connection.execute(
                f"SELECT coalesce(json_agg(q), '[]')::text FROM ({sql}) q"  # nosec B608
            )
            parts.append(cursor.fetchone()[0])
        return ("[" + ",".join(parts) + "]").encode()

    def application(self, statements, encode="orjson", not_modified=False):
        """A minimal WSGI application answering with the floor's body."""
        body_of = self.orjson_body if encode == "orjson" else self.json_agg_body

        def floor_application(environ, start_response):
            body = body_of(statements)
            if not_modified:
                # A revalidation still reads and hashes; it only sends nothing back.
                hashlib.md5(body, usedforsecurity=False).hexdigest()
                start_response("304 Not Modified", [])
                return [b""]
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]

        return floor_application
