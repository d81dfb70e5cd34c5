from django.urls import reverse

from project.routes import path_with_id


def test_path_with_id_fills_the_id_into_the_route_reversed_once():
    assert path_with_id("article-detail")(7) == reverse("article-detail", args=[7])
