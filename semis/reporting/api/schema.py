"""The OpenAPI 3 schema of the API (drf-spectacular) and a page that reads it for people.

No Swagger UI: it would load its scripts from a CDN, and Semis serves nothing from the network.
"""

import re

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView

from semis.core.access import access, access_rule
from semis.reporting.api.base import ApiViewMixin

METHODS = ("get", "post", "put", "patch", "delete")
# drf-spectacular appends "* `value` - label" lines to the description of a parameter with choices.
TYPES = {"string": _("texte"), "integer": _("nombre entier"), "boolean": _("true ou false")}
CHOICE_LINE = re.compile(r"^\* `(?P<value>[^`]*)` - (?P<label>.*)$", re.MULTILINE)


def _parameter(parameter: dict) -> dict:
    description = parameter.get("description", "")
    return {
        "name": parameter["name"],
        "description": description.split("\n\n")[0],
        "choices": [match.groupdict() for match in CHOICE_LINE.finditer(description)],
        "values": parameter["schema"].get("enum", []),
        "type": TYPES.get(parameter["schema"].get("type"), parameter["schema"].get("type", "")),
    }


class SchemaView(ApiViewMixin, SpectacularAPIView):
    """The schema describes the API, not its data: anyone may read it (YAML, or JSON with ?format=json)."""

    access_rule = access_rule(public=True)


@access(public=True)
def documentation(request):
    """Each operation of the schema with its description and query parameters."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "description": operation.get("description", ""),
            "parameters": [_parameter(p) for p in operation.get("parameters", []) if p["in"] == "query"],
        }
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]
    context = {"operations": operations, "info": schema["info"]}
    return render(request, "reporting/api_documentation.html", context)
