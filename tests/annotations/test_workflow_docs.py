from pathlib import Path

from annotations.workflow import mermaid_state_diagram

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_shows_the_workflow_as_the_code_defines_it():
    assert f"```mermaid\n{mermaid_state_diagram()}\n```" in README.read_text(encoding="utf-8")
