from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from annotations.roles import user_roles
from annotations.selectors.review import review_counts as review_counts_for


def review_counts(request: HttpRequest) -> dict[str, object]:
    """`review_counts` for the navigation: {"waiting", "mine", "changes"}, for signed-in users
    with a role. Lazy: the one query runs only when a template reads a count."""
    user = request.user
    if not user_roles(user):
        return {}
    return {"review_counts": SimpleLazyObject(lambda: review_counts_for(user=user))}
