"""The API's documentation pages, served from the project under the strict CSP."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI whose start-up script is a separate file, so no inline script is needed."""


# Redoc writes its styles into <style> elements at run time: this page alone allows that.
@method_decorator(csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]}), "dispatch")
class RedocView(SpectacularRedocView):
    pass
