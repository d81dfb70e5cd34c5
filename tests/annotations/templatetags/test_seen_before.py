import pytest
from django.template import Context, Template
from django.test import RequestFactory

from annotations.models import ClaimLink
from annotations.selectors.pages import claim_page
from annotations.workflow import ClaimStatus
from tests.factories import claim_saying, editor_factory

pytestmark = pytest.mark.django_db

SENTENCE = "Unemployment in Scotland fell to 4.1% in the three months to March."


def test_the_section_is_formatted_from_the_page_without_queries(django_assert_num_queries):
    editor = editor_factory()
    claim = claim_saying(SENTENCE, created_by=editor)
    earlier = claim_saying(
        SENTENCE.replace("4.1%", "4.1 per cent"), ClaimStatus.VERIFIED, citations=2
    )
    similar = claim_saying(SENTENCE.replace("Scotland", "Wales"))
    ClaimLink.objects.create(claim=claim, same_as=earlier, created_by=editor)
    page = claim_page(user=editor, pk=claim.pk)
    request = RequestFactory().get(f"/claims/{claim.pk}/")
    request.user = editor
    template = Template("{% load seen_before %}{% seen_before page %}")
    with django_assert_num_queries(0):
        html = template.render(Context({"page": page, "request": request}))
    assert "Earlier verdict: <strong>True</strong>" in html
    assert similar.text in html
    assert f'Undo link<span class="visually-hidden"> to claim {earlier.pk}</span>' in html
