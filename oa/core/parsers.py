"""The API's JSON parser: a request body is one JSON object (field → value). An array or a bare
value at the top level is refused with a 400 in Chinese before any view reads `request.data.get`."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONObjectParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError("请求内容应为 JSON 对象（如 {\"字段\": \"值\"}），不能是数组或单个值。")
        return data
