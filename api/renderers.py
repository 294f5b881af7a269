"""JSON rendered by orjson: the same compact UTF-8 JSON as DRF's JSONRenderer, several
times faster on large pages (it encodes dates, datetimes and UUIDs natively)."""

import decimal

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

OPTIONS = orjson.OPT_NON_STR_KEYS


def encode_default(value):
    """What orjson leaves to us: Decimals as strings (DRF's COERCE_DECIMAL_TO_STRING),
    lazy translations and the rest as DRF's own encoder would."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    return JSONEncoder().default(value)


def encode(data):
    """Compact UTF-8 JSON; `data` may hold orjson.Fragment (JSON already encoded)."""
    return orjson.dumps(data, default=encode_default, option=OPTIONS)


class ORJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            # A person asked for indented JSON (the browsable API, indent=…): the rare
            # slow path keeps DRF's exact formatting, of plain data (no fragments).
            plain = orjson.loads(encode(data))
            return super().render(plain, accepted_media_type, renderer_context)
        return encode(data)
