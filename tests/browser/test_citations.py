import re

from playwright.sync_api import expect

from sources.models import Citation
from tests.factories import ClaimFactory, other_article


def test_an_editor_adds_evidence_on_the_claim_page(page, sign_in, editor):
    claim = ClaimFactory()
    sign_in(editor)
    page.goto(f"/claims/{claim.pk}/")
    evidence = page.locator(f"#evidence-{claim.pk}")
    evidence.get_by_role("link", name="Add evidence").click()

    evidence.get_by_role("radio", name=re.compile("^Conflicts")).check()
    evidence.get_by_label("Cited URL").fill("https://data.port-stats.example/2023/volumes")
    evidence.get_by_label("Title").fill("Port volumes 2023")
    evidence.get_by_role("button", name="Add evidence").click()

    item = evidence.locator(".citation")
    expect(item).to_have_count(1)
    expect(item.locator(".stance")).to_contain_text("Conflicts")
    expect(item.get_by_role("link", name=re.compile("Port volumes 2023"))).to_have_attribute(
        "rel", "noopener noreferrer nofollow"
    )
    expect(evidence.locator(".evidence-summary")).to_contain_text("1 conflicting")
    assert Citation.objects.get().source.domain == "data.port-stats.example"


def test_an_editor_cites_a_selected_passage_of_another_article(page, sign_in, editor):
    claim = ClaimFactory()
    cited = other_article(title="Dock report")
    sign_in(editor)
    page.goto(f"/sources/cite/claim/{claim.pk}/?article={cited.pk}")

    # Select "Dock workers", the first 12 characters of the first paragraph.
    page.evaluate(
        """() => {
            const text = document.querySelector("[data-picker-text] [data-offset='0']").firstChild;
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, 12);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    expect(page.locator("[data-picker-quote]")).to_have_text("Dock workers")
    expect(page.locator("input[name=cited_end]")).to_have_value("12")

    page.get_by_role("radio", name=re.compile("^Corroborates")).check()
    page.get_by_role("button", name="Cite this passage").click()
    page.wait_for_url(re.compile(rf"/claims/{claim.pk}/"))
    expect(page.locator(f"#evidence-{claim.pk} .citation")).to_contain_text("Dock report")
    assert Citation.objects.get().cited_exact == "Dock workers"
