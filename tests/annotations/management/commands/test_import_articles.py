"""`manage.py import_articles`: bulk import from files and folders."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from annotations.models import Article
from annotations.roles import Role
from tests.factories import PasswordlessUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploader():
    return PasswordlessUserFactory(username="importer", roles=(Role.EDITOR,))


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "news" / "2025").mkdir(parents=True)
    (tmp_path / "news" / "lead.md").write_text("# Tram returns\n\nIn June.")
    (tmp_path / "news" / "2025" / "fares.html").write_text(
        "<title>Fares rise</title><p>By 5 percent.</p>"
    )
    (tmp_path / "news" / "2025" / "notes.TXT").write_text("Budget notes\n\nDraft figures.")
    (tmp_path / "news" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    return tmp_path / "news"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_articles", *args, stdout=out, stderr=StringIO(), verbosity=0)
    return out.getvalue()


def test_imports_every_article_file_in_a_folder_recursively(folder, uploader):
    output = run(str(folder), "--user", "importer")
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Budget notes",
        "Fares rise",
        "Tram returns",
    ]
    assert set(Article.objects.values_list("uploaded_by", flat=True)) == {uploader.pk}
    assert "Imported 3, skipped 0 duplicate(s), refused 0." in output


def test_running_it_again_skips_duplicates(folder, uploader):
    run(str(folder), "--user", "importer")
    output = run(str(folder), "--user", "importer")
    assert Article.objects.count() == 3
    assert "Imported 0, skipped 3 duplicate(s)" in output
    assert "lead.md → already article" in output


def test_refused_files_are_reported_with_the_reason_and_fail_the_command(tmp_path, uploader):
    good = tmp_path / "good.txt"
    good.write_text("A perfectly good article.")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"%PDF-1.4 binary")
    out = StringIO()
    with pytest.raises(CommandError, match="2 file") as failed:
        call_command(
            "import_articles",
            str(good),
            str(empty),
            str(binary),
            "--user=importer",
            stdout=out,
            verbosity=0,
        )
    assert failed.value.returncode == 1
    assert Article.objects.count() == 1
    report = out.getvalue()
    assert f"refused    {empty}: The file is empty." in report
    assert f"refused    {binary}: This looks like a binary file" in report


def test_a_missing_path_is_refused(tmp_path, uploader):
    with pytest.raises(CommandError):
        run(str(tmp_path / "nowhere"), "--user", "importer")


def test_a_named_file_of_another_type_is_refused(tmp_path, uploader):
    document = tmp_path / "minutes.docx"
    document.write_text("text")
    with pytest.raises(CommandError):
        run(str(document), "--user", "importer")
    assert not Article.objects.exists()


def test_the_uploader_must_be_allowed_to_upload(folder):
    PasswordlessUserFactory(username="bystander")
    with pytest.raises(CommandError, match="Only editors and admins may upload articles"):
        run(str(folder), "--user", "bystander")
    assert not Article.objects.exists()


def test_without_user_the_only_superuser_uploads(folder):
    superuser = PasswordlessUserFactory(username="root", is_superuser=True)
    run(str(folder))
    assert set(Article.objects.values_list("uploaded_by", flat=True)) == {superuser.pk}


def test_without_user_or_a_single_superuser_the_command_asks_for_one(folder):
    with pytest.raises(CommandError, match="--user"):
        run(str(folder))


def test_verbose_run_lists_each_imported_file(folder, uploader):
    out = StringIO()
    call_command("import_articles", str(folder), user="importer", stdout=out, verbosity=2)
    assert "lead.md → article" in out.getvalue()
