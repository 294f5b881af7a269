"""The API reads JSON request bodies only, bounded in size and nesting depth before they
are parsed: an oversized body is a 413, a body nested deeper than any record needs a 400,
never a RecursionError (500) inside the JSON decoder."""

import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, renderers, status
from rest_framework.parsers import BaseParser, get_encoding
from rest_framework.settings import api_settings
from rest_framework.utils import json

# A record's body is an object of fields, some of them lists: three levels. Thirty-two
# leaves room for any client's formatting and refuses what only an attack sends.
MAX_DEPTH = 32

# Strings, whose brackets are text, not structure; and runs of brackets, once objects'
# braces are read as brackets (only the depth matters here).
STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
BRACKET_RUNS = re.compile(r"[\[\]]+")
BRACES_AS_BRACKETS = str.maketrans("{}", "[]")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class BoundedJSONParser(BaseParser):
    """JSON as DRF's JSONParser reads it (NaN and Infinity refused), after two checks: the
    body is at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes (Django's own limit for form bodies),
    judged by Content-Length and by what is read, and it nests arrays and objects at most
    MAX_DEPTH deep. Not a JSONParser subclass: DRF hands those the whole body read by
    Django, whose own size check answers an HTML 400 instead of this JSON 413."""

    media_type = "application/json"
    renderer_class = renderers.JSONRenderer
    strict = api_settings.STRICT_JSON

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        body = read_bounded(stream, parser_context.get("request"))
        try:
            text = body.decode(get_encoding(parser_context))
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(_("The body is not valid UTF-8 text.")) from error
        if nests_deeper_than(text, MAX_DEPTH):
            raise exceptions.ParseError(
                _("The JSON body nests arrays and objects more than %d levels deep.") % MAX_DEPTH
            )
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as error:
            raise exceptions.ParseError(_("JSON parse error - %s") % error) from error


def read_bounded(stream, request):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    too_large = RequestTooLarge(_("The body is larger than %d bytes; send less at a time.") % limit)
    declared = request.META.get("CONTENT_LENGTH") if request is not None else None
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = stream.read(limit + 1) if stream is not None else b""
    if len(body) > limit:
        raise too_large
    return body


def nests_deeper_than(text, limit):
    """Whether the JSON text nests arrays and objects more than `limit` levels deep. Each
    pass removes the innermost empty pairs, so a document `limit` deep is gone after
    `limit` passes; str.replace keeps each pass fast on a body of megabytes. Unmatched
    brackets are left for the decoder to refuse, unless more than `limit` of them open
    (the decoder would recurse that deep before noticing)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    structure = STRING.sub("", text).translate(BRACES_AS_BRACKETS)
    brackets = "".join(BRACKET_RUNS.findall(structure))
    for _pass in range(limit):
        inner_removed = brackets.replace("[]", "")
        if inner_removed == brackets:
            break
        brackets = inner_removed
    return "[]" in brackets or brackets.count("[") > limit
