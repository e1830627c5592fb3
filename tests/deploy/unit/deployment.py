"""What the deployment tests read: the project's deployment files, the schemas they must follow
(the team folder ../shared: KEDA's CRDs and the Compose specification, read at run time, never
copied), the services' settings classes (the environment they give must validate) and the queues
the services declare. The rendered Kubernetes manifests: kustomize.py."""
from __future__ import annotations

import importlib
import os
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from shared.messaging.topology import rpc_queue

ROOT = Path(__file__).resolve().parents[3]
K8S_DIR = ROOT / "deploy" / "k8s"
SHARED = ROOT.parent / "shared"
KEDA_CRDS = SHARED / "k8s" / "keda-crds"
COMPOSE_SPEC = SHARED / "compose" / "compose-spec.json"

# Stand-ins for outside systems: in docker-compose.yml, never in the cluster.
DEV_ONLY = {"sri_simulator", "smtp_sink"}
# Services that use the shared file store, and whether they write to it.
FILE_STORE_WRITERS = {"sri_submitter", "renderer_mailer"}
FILE_STORE_READERS = {"gateway"}


def shared_file(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} not found: the team folder shared/ must sit beside the checkout")
    return path


def services() -> set[str]:
    """Every runnable service (python -m services.<name>), dev stand-ins included."""
    return {p.parent.name for p in (ROOT / "services").glob("*/__main__.py")}


def services_with_migrations() -> set[str]:
    return {p.parent.name for p in (ROOT / "services").glob("*/migrations") if p.is_dir()}


def code_queues(service: str) -> set[str]:
    """The queues a worker service declares in its code: `rpc.<name>` and its consumer queues."""
    spec = importlib.import_module(f"services.{service}.app").SPEC
    return {sub.queue.name for sub in spec.consumed()} | ({rpc_queue(spec.name)} if spec.rpc else set())


def container_of(deployment: dict) -> dict:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def container_env(container: dict) -> dict[str, str]:
    return {item["name"]: item["value"] for item in container.get("env", []) if "value" in item}


@cache
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


_VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def interpolate(value: object, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR:?message} and $$, with `env` as the .env file."""
    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.groups()
        if env.get(name):
            return env[name]
        if operator and operator.endswith("?"):
            raise AssertionError(f"${{{name}}} is required: {argument}")
        return argument if operator else ""
    return _VARIABLE.sub(substitute, str(value))


@cache
def settings_class(service: str) -> type[BaseSettings]:
    module = importlib.import_module(f"services.{service}.settings")
    (cls,) = [value for value in vars(module).values() if isinstance(value, type)
              and issubclass(value, BaseSettings) and value.__module__ == module.__name__]
    return cls


def env_names(cls: type[BaseSettings]) -> set[str]:
    """The environment variables a settings class reads (field names and their aliases)."""
    names = set()
    for name, field in cls.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {choice.upper() for choice in alias.choices if isinstance(choice, str)}
        else:
            names.add((alias if isinstance(alias, str) else name).upper())
    return names


def known_env_names() -> set[str]:
    names = {"SERVICE"}  # read by the image's entry point
    for service in services() - {"smtp_sink"}:  # the sink reads SMTP_SINK_* directly (argparse defaults)
        names |= env_names(settings_class(service))
    return names


def load_settings(service: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> BaseSettings:
    """The service's settings built from exactly `env` (as its process would see it)."""
    cls = settings_class(service)
    for name in {n for n in os.environ if n.upper() in env_names(cls) | set(env)}:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return cls()
