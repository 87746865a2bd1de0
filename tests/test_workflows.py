"""The repository's automation: workflow, issue-form and pre-commit files are valid YAML and
call only ``neurokb`` commands, options and ``make`` targets that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

from neurokb.cli.app import app

REPO = Path(__file__).parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
YAML_FILES = [
    *WORKFLOWS,
    *sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")),
    REPO / ".pre-commit-hooks.yaml",
    REPO / ".pre-commit-config.yaml",
]
_COMMAND = re.compile(r"(?:^|[\s/;|&(])(neurokb|make|mkdocs)((?:\s+[^\s;|&)]+)*)")


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _run_lines() -> list[tuple[str, str]]:
    """Every shell line the workflows run and every pre-commit hook entry, with where it is."""
    out = []
    for path in WORKFLOWS:
        for job_name, job in _load(path)["jobs"].items():
            for step in job.get("steps", []):
                for line in str(step.get("run", "")).splitlines():
                    out.append((f"{path.name}:{job_name}", line))
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        data = _load(REPO / name)
        hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
        out.extend((f"{name}:{hook['id']}", hook["entry"]) for hook in hooks)
    return out


def _invocations(tool: str) -> list[tuple[str, list[str]]]:
    """``(where, arguments)`` for each call of ``tool`` (a line may continue with ``\\``)."""
    calls = []
    for where, line in _run_lines():
        for match in _COMMAND.finditer(line.rstrip("\\")):
            if match.group(1) == tool:
                calls.append((where, shlex.split(match.group(2))))
    return calls


def _makefile_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", text, re.M))


def _options(command: Any) -> set[str]:
    return {opt for param in command.params for opt in getattr(param, "opts", [])}


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_files_are_valid_yaml(path: Path) -> None:
    assert _load(path)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_have_triggers_and_steps(path: Path) -> None:
    data = _load(path)
    assert data.get("on", data.get(True)), "no trigger"  # YAML 1.1 reads the key `on` as True
    for job in data["jobs"].values():
        assert job["runs-on"] and job["steps"]
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step


def test_workflows_do_what_the_contributing_guide_says() -> None:
    pr = _load(REPO / ".github" / "workflows" / "pr.yml")
    assert "pull_request" in pr.get("on", pr.get(True))
    runs = "\n".join(str(s.get("run", "")) for s in pr["jobs"]["check"]["steps"])
    for needed in ("neurokb validate --format github", "neurokb fmt --check", "make test-only",
                   "mkdocs build --strict", "neurokb review", "GITHUB_STEP_SUMMARY"):  # fmt: skip
        assert needed in runs, needed
    comment = "\n".join(str(s.get("run", "")) for s in pr["jobs"]["comment"]["steps"])
    assert "gh pr comment" in comment
    pages = _load(REPO / ".github" / "workflows" / "pages.yml")
    uses = [s.get("uses", "") for job in pages["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert pages.get("on", pages.get(True))["push"]["branches"] == ["main"]


def test_every_neurokb_call_names_an_existing_command_and_options() -> None:
    root = typer.main.get_command(app)
    assert hasattr(root, "commands")
    calls = _invocations("neurokb")
    assert calls
    for where, args in calls:
        command: Any = root
        words = [a for a in args if not a.startswith("-")]
        while hasattr(command, "commands") and words:
            name = words.pop(0)
            assert name in command.commands, f"{where}: no command 'neurokb {name}'"
            command = command.commands[name]
        for option in (a.split("=")[0] for a in args if a.startswith("--")):
            assert option in _options(command), f"{where}: '{command.name}' has no {option}"


def test_every_make_call_names_an_existing_target() -> None:
    targets = _makefile_targets()
    calls = _invocations("make")
    assert calls
    for where, args in calls:
        for target in (a for a in args if not a.startswith("-")):
            assert target in targets, f"{where}: no make target '{target}'"


def test_mkdocs_calls_are_builds() -> None:
    for where, args in _invocations("mkdocs"):
        assert args[:1] == ["build"], f"{where}: unexpected mkdocs call {args}"


def test_pre_commit_hooks_match_entry_files() -> None:
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        data = _load(REPO / name)
        hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
        assert {hook["id"] for hook in hooks} == {"neurokb-fmt", "neurokb-validate"}
        for hook in hooks:
            pattern = re.compile(hook["files"])
            assert pattern.search("entries/papers/zenke2018superspike.yaml")
            assert pattern.search("entries/topics/memory.yaml")
            assert not pattern.search("neurokb/core/models.py")


def test_issue_forms_have_labelled_required_fields() -> None:
    for path in sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")):
        data = _load(path)
        if path.name == "config.yml":
            assert all(link["url"].startswith("https://") for link in data["contact_links"])
            continue
        assert data["name"] and data["description"]
        ids = [item["id"] for item in data["body"] if item["type"] != "markdown"]
        assert len(ids) == len(set(ids)), f"{path.name}: duplicate ids"
        assert any(item.get("validations", {}).get("required") for item in data["body"])


# -- CI that cannot be turned against the repository (issue 21, item 5) --------------------------
_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
_TAG_COMMENT = re.compile(r"^\s+# v\d+(\.\d+)*\b")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_full_commit_sha_with_the_tag_in_a_comment(path: Path) -> None:
    """A tag can be moved to other code; a commit SHA cannot."""
    found = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _USES.match(line)
        if not match:
            continue
        found += 1
        ref = match["ref"]
        assert ref.startswith("./") or _PINNED.match(ref), f"{path.name}:{number}: {ref} not pinned"
        assert _TAG_COMMENT.match(match["rest"]), f"{path.name}:{number}: no '# vX.Y.Z' comment"
    assert found


def _writes(permissions: Any) -> set[str]:
    if permissions in ("write-all", "read-all") or isinstance(permissions, str):
        return {"*"} if permissions == "write-all" else set()
    return {scope for scope, level in (permissions or {}).items() if level == "write"}


def test_pr_code_runs_with_a_read_only_token_and_the_comment_job_runs_no_pr_code() -> None:
    pr = _load(REPO / ".github" / "workflows" / "pr.yml")
    assert _writes(pr.get("permissions")) == set(), "workflow-wide write permission"
    for name, job in pr["jobs"].items():
        steps = job["steps"]
        runs_pr_code = any(
            str(step.get("uses", "")).startswith("actions/checkout@") for step in steps
        )
        assert "permissions" in job, f"{name}: permissions not set per job"
        if runs_pr_code:
            assert _writes(job["permissions"]) == set(), f"{name} runs PR code with write access"
            checkout = next(s for s in steps if "checkout@" in str(s.get("uses", "")))
            assert checkout.get("with", {}).get("persist-credentials") is False
        else:
            assert _writes(job["permissions"]) <= {"pull-requests"}, name
            commands = "\n".join(str(step.get("run", "")) for step in steps)
            for tool in ("make", "neurokb", "python", "pip", "mkdocs", "bash ", "sh ", "./"):
                assert tool not in commands, f"{name} runs '{tool}' next to a write token"
    comment = pr["jobs"]["comment"]
    assert comment["needs"] == "check"
    assert _writes(comment["permissions"]) == {"pull-requests"}
    # The review travels as an artifact: uploaded by the check job, downloaded by the comment job.
    uploads = [s for s in pr["jobs"]["check"]["steps"] if "upload-artifact@" in str(s.get("uses"))]
    downloads = [s for s in comment["steps"] if "download-artifact@" in str(s.get("uses"))]
    assert uploads and downloads
    assert uploads[0]["with"]["name"] == downloads[0]["with"]["name"] == "review"
    # The PR's title or branch name never reaches a shell line: only env variables do.
    for job in pr["jobs"].values():
        for step in job["steps"]:
            assert "github.event.pull_request" not in str(step.get("run", "")), step
            assert "github.head_ref" not in str(step.get("run", "")), step
