"""Bulk import: every .txt, .md, .html and .htm file under the given paths becomes an article.

Each file is imported on its own (one failing file never undoes the others). Files whose text
is already stored are skipped, so re-running an import is harmless. The command ends with a
summary and exits with status 1 when any file was refused, 0 otherwise.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from annotations.policies import check_upload_articles
from annotations.services.articles import (
    FILE_FORMATS,
    DuplicateArticle,
    article_content_from_file,
    article_upload,
)
from project.errors import DomainError


@dataclass
class ImportSummary:
    imported: list[tuple[Path, int]] = field(default_factory=list)
    duplicates: list[tuple[Path, int]] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def article_files(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to import, in a stable order, and the named paths that cannot be."""
    found: list[Path] = []
    unusable: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    candidate
                    for candidate in path.rglob("*")
                    if candidate.is_file() and candidate.suffix.lower() in FILE_FORMATS
                )
            )
        elif path.is_file():
            # A file named explicitly is tried whatever its type, so that a wrong one is reported.
            found.append(path)
        else:
            unusable.append((path, "No such file or folder."))
    return list(dict.fromkeys(found)), unusable


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .md, .html and .htm files (folders are searched "
        "recursively). Exits with status 1 if any file was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders to import.")
        parser.add_argument(
            "--user",
            dest="username",
            help="Who the articles are uploaded as (an editor or admin). "
            "Default: the only superuser, if there is exactly one.",
        )

    def handle(self, *args, paths: list[Path], username: str | None, **options) -> None:
        user = self._uploader(username)
        files, unusable = article_files(paths)
        summary = ImportSummary(refused=unusable)
        progress = tqdm(
            files, desc="Importing", unit="file", file=sys.stderr, disable=options["verbosity"] < 1
        )
        for path in progress:
            self._import(path, user=user, summary=summary)
        self._report(summary, list_imported=options["verbosity"] >= 2)
        if summary.refused:
            raise CommandError(f"{len(summary.refused)} file(s) refused.", returncode=1)

    def _uploader(self, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"There is no user “{username}”.")
        else:
            superusers = list(User.objects.filter(is_superuser=True)[:2])
            if len(superusers) != 1:
                raise CommandError("Name the uploader with --user USERNAME.")
            user = superusers[0]
        try:
            check_upload_articles(user=user)
        except DomainError as error:
            raise CommandError(f"{user.get_username()}: {error.message}") from error
        return user

    def _import(self, path: Path, *, user: User, summary: ImportSummary) -> None:
        try:
            with path.open("rb") as handle:
                content = article_content_from_file(file=File(handle, name=path.name))
            article = article_upload(user=user, content=content)
        except DuplicateArticle as duplicate:
            summary.duplicates.append((path, duplicate.article.pk))
        except DomainError as error:
            summary.refused.append((path, error.message))
        except OSError as error:
            summary.refused.append((path, f"Could not read the file: {error.strerror}."))
        else:
            summary.imported.append((path, article.pk))

    def _report(self, summary: ImportSummary, *, list_imported: bool) -> None:
        write = self.stdout.write
        write(
            self.style.SUCCESS(f"Imported {len(summary.imported)}")
            + f", skipped {len(summary.duplicates)} duplicate(s), "
            + (self.style.ERROR if summary.refused else str)(f"refused {len(summary.refused)}")
            + "."
        )
        for path, article_id in summary.imported if list_imported else ():
            write(f"  imported   {path} → article {article_id}")
        for path, article_id in summary.duplicates:
            write(f"  duplicate  {path} → already article {article_id}")
        for path, reason in summary.refused:
            write(f"  refused    {path}: {reason}")
