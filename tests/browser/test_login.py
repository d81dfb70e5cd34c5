from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD


def test_editor_signs_in_and_sees_their_role(page, sign_in, editor):
    sign_in(editor)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator(".site-header .role-badge--editor")).to_have_text("editor")


def test_signing_out_returns_to_the_login_page(page, sign_in, editor):
    sign_in(editor)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_locked_out_person_signs_in_after_the_browsers_short_check(page, editor, settings):
    settings.SIGNIN_PROOF_OF_WORK_BITS = 12
    page.goto("/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill(editor.username)
        page.get_by_label("Password").fill("wrong-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value(editor.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_the_password_page_changes_the_password_in_the_sites_layout(page, sign_in, editor):
    sign_in(editor)
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    page.get_by_label("Old password").fill(TEST_PASSWORD)
    page.get_by_label("New password", exact=True).fill("tide-tables-at-dawn-41")
    page.get_by_label("New password confirmation").fill("tide-tables-at-dawn-41")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()
    editor.refresh_from_db()
    assert editor.check_password("tide-tables-at-dawn-41")
