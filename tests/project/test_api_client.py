"""A client generated from the schema by openapi-python-client, as an integrating newsroom
would generate it: every module imports, and it reads the export and a problem detail from the
running app. Generated at test time from the current schema, so it cannot go stale."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from annotations.roles import Role
from tests.factories import UserFactory, VerifiedClaimFactory
from tests.openapi_contract import METHODS, openapi_document

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "corroborate_client"


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory) -> Path:
    """The client package, generated into a temporary directory importable for the module."""
    root = tmp_path_factory.mktemp("generated")
    schema = root / "openapi.json"
    schema.write_text(json.dumps(openapi_document()))
    config = root / "config.yml"
    config.write_text("post_hooks: []\n")  # no formatting of the generated code: only speed
    package = root / PACKAGE
    generated = subprocess.run(
        [
            GENERATOR,
            "generate",
            "--path",
            schema,
            "--output-path",
            package,
            "--meta",
            "none",
            "--config",
            config,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    # The generator warns about every part of the schema it cannot turn into code.
    assert "Warning" not in generated.stdout + generated.stderr, generated.stdout
    sys.path.insert(0, str(root))
    yield package
    sys.path.remove(str(root))
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def _module_names(package: Path) -> list[str]:
    return sorted(
        ".".join((PACKAGE, *path.relative_to(package).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for path in package.rglob("*.py")
    )


def test_every_module_of_the_generated_client_imports(generated_client):
    names = _module_names(generated_client)
    for name in names:
        importlib.import_module(name)
    endpoint_modules = [name for name in names if name.count(".") == 3 and ".api." in name]
    operations = [
        method
        for item in openapi_document()["paths"].values()
        for method in item
        if method in METHODS
    ]
    assert len(endpoint_modules) == len(operations)


@pytest.fixture
def token(transactional_db) -> str:
    user = UserFactory(roles=(Role.REVIEWER,), password=None)
    return Token.objects.create(user=user).key


def test_the_generated_client_lists_the_export_in_json(generated_client, live_server, token):
    claim = VerifiedClaimFactory()
    client_module = importlib.import_module(PACKAGE)
    export = importlib.import_module(f"{PACKAGE}.api.api.api_v1_export_claims_retrieve")
    formats = importlib.import_module(f"{PACKAGE}.models.api_v1_export_claims_retrieve_format")
    client = client_module.AuthenticatedClient(
        base_url=live_server.url, token=token, prefix="Token", raise_on_unexpected_status=True
    )

    page = export.sync(client=client, format_=formats.ApiV1ExportClaimsRetrieveFormat.JSON)

    assert type(page).__name__ == "ExportPage"
    assert [result.id for result in page.results] == [claim.pk]
    assert page.results[0].verdict.value.value == "true"
    assert page.count == 1


def test_the_generated_client_reads_a_problem_detail(generated_client, live_server, token):
    client_module = importlib.import_module(PACKAGE)
    claims = importlib.import_module(f"{PACKAGE}.api.api.api_v1_claims_retrieve")
    client = client_module.AuthenticatedClient(
        base_url=live_server.url, token=token, prefix="Token", raise_on_unexpected_status=True
    )

    problem = claims.sync(id=987654, client=client)

    assert type(problem).__name__ == "Problem"
    assert problem.status == 404
    assert "987654" in problem.detail
