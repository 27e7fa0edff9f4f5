"""The served OpenAPI document is valid OpenAPI 3.1."""
import json
import urllib.request

from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

from conftest import BASE


def test_openapi_document_is_valid_3_1():
    with urllib.request.urlopen(BASE + "/openapi.json") as r:
        doc = json.load(r)
    assert doc["openapi"].startswith("3.1")
    validate(doc, cls=OpenAPIV31SpecValidator)
