from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from annotations.roles import user_roles
from annotations.selectors.review import NAV_QUEUES
from annotations.selectors.review import review_counts as review_counts_for


def review_counts(request: HttpRequest) -> dict[str, object]:
    """`review_counts` for the navigation: {"waiting", "mine"}, for signed-in users with a role.
    Lazy: the one query runs only when a template reads a count. An editor's claims sent back
    are counted on the queue tabs only: on every page, that count read every claim sent back
    (20,000 of them at ten times the benchmark's data)."""
    user = request.user
    if not user_roles(user):
        return {}
    return {
        "review_counts": SimpleLazyObject(lambda: review_counts_for(user=user, queues=NAV_QUEUES))
    }
