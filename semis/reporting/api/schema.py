"""The OpenAPI 3 schema of the API (drf-spectacular) and a page that reads it for people.

No Swagger UI: it would load its scripts from a CDN, and Semis serves nothing from the network.
"""

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView

from semis.core.access import access, access_rule
from semis.reporting.api.base import ApiViewMixin

METHODS = ("get", "post", "put", "patch", "delete")


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
            "parameters": [p for p in operation.get("parameters", []) if p["in"] == "query"],
        }
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]
    context = {"operations": operations, "info": schema["info"]}
    return render(request, "reporting/api_documentation.html", context)
