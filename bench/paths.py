"""Every measured path, its goal, and how to reach it at a given size."""

import base64
from urllib.parse import urlencode

from projects.models import Project

DETAIL_SLUG = "bench-500"  # a project with the usual rows: 1-4 funders, 2-5 milestones
SEARCH = "Khiva"  # ten projects at every size (bench.dataset.RARE_PLACE)
FILTER = "region=UZ-TK&status=2"


def cursor_to_last_page(page_size):
    """A cursor walk's last page, as DRF's CursorPagination encodes the position: the
    slug of the record just before it (api.pagination.CursorWalk)."""
    slugs = Project.objects.published().order_by("-slug").values_list("slug", flat=True)
    position = slugs[page_size]  # the walk continues after this one
    token = base64.b64encode(urlencode({"p": position}).encode("ascii")).decode("ascii")
    return urlencode({"cursor": token, "page_size": page_size})


def last_page_number(page_size, count):
    return max(1, -(-count // page_size))


def measured_paths(count_cap):
    """(name, path, goal ratio to floor or None, options) for each path, at this size."""
    published = Project.objects.published().count()
    deepest_numbered = last_page_number(20, min(published, count_cap))
    return [
        ("API list, page 20", "/api/v1/projects/?page_size=20", 2.5, {}),
        ("API list, page 100", "/api/v1/projects/?page_size=100", 1.6, {}),
        ("API list, page 1000", "/api/v1/projects/?page_size=1000", 1.25, {}),
        ("API detail", f"/api/v1/projects/{DETAIL_SLUG}/", 3.0, {}),
        # No SQL at all: what the request cycle alone costs (middleware, DRF's dispatch,
        # the throttle's two cache round trips); its floor answers "[]".
        ("API root (no SQL)", "/api/v1/", None, {}),
        ("API filtered list", f"/api/v1/projects/?{FILTER}&page_size=20", None, {}),
        ("API search (full text)", f"/api/v1/projects/?q={SEARCH}&page_size=20", None, {}),
        ("API deepest page (cursor)", f"/api/v1/projects/?{cursor_to_last_page(20)}", None, {}),
        (
            "API deepest numbered page",
            f"/api/v1/projects/?page_size=20&page={deepest_numbered}",
            None,
            {},
        ),
        ("API 304 revalidation", "/api/v1/projects/?page_size=20", None, {"revalidate": True}),
        ("public list page", "/en/projects/", 5.0, {}),
        ("public detail page", f"/en/projects/{DETAIL_SLUG}/", 5.0, {}),
        ("admin project changelist", "/admin/projects/project/", 5.0, {"staff": True}),
    ]


# Paths whose time must not grow with the record: 100k ÷ 1k ≤ 1.2.
SCALE_FREE = {
    "API list, page 20",
    "API list, page 100",
    "API list, page 1000",
    "API deepest page (cursor)",
    "API search (full text)",
    "admin project changelist",
}

# Served by gunicorn under wrk, next to the floor served the same way.
THROUGHPUT = ["API list, page 20", "API detail", "public detail page"]
