"""The API's JSON parser: a request body is one JSON object (field → value). An array or a bare
value at the top level is refused with a 400 in Chinese before any view reads `request.data.get`;
so is JSON nested deeper than Python's decoder can follow (a RecursionError otherwise ends in a 500).
A body over its size limit never gets here: see oa.core.bodylimit."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONObjectParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("请求内容嵌套层数过多，无法处理。请求内容应为 JSON 对象（如 {\"字段\": \"值\"}）。") from None
        if not isinstance(data, dict):
            raise ParseError("请求内容应为 JSON 对象（如 {\"字段\": \"值\"}），不能是数组或单个值。")
        return data
