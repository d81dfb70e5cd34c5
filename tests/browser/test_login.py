from playwright.sync_api import expect


def test_editor_signs_in_and_sees_their_role(page, sign_in, editor):
    sign_in(editor)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator(".site-header .role-badge--editor")).to_have_text("editor")


def test_signing_out_returns_to_the_login_page(page, sign_in, editor):
    sign_in(editor)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
