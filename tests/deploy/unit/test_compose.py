"""docker-compose.yml (against the Compose specification's schema from ../shared/compose) and the
Dockerfile: every service there with an environment its settings accept, the file store shared,
renderer_mailer mailing to the development SMTP sink, the RIDE's fonts in the image."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest

from tests.deploy.unit.deployment import (
    COMPOSE_SPEC, DEV_ONLY, FILE_STORE_READERS, FILE_STORE_WRITERS, ROOT, compose, interpolate, load_settings,
    services, services_with_migrations, shared_file,
)

pytestmark = pytest.mark.unit

DOT_ENV = {"SECRETS_KEY": "a-test-secrets-key-of-some-length"}  # what .env must set (.env.example)


def _app_services() -> dict[str, dict]:
    """Long-running compose services by the SERVICE they run (not the one-shot migrate and demo)."""
    found = {}
    for name, service in compose()["services"].items():
        if "SERVICE" in (service.get("environment") or {}) and service.get("restart") != "no":
            found[service["environment"]["SERVICE"]] = service | {"name": name}
    return found


def _environment(service: dict) -> dict[str, str]:
    return {k: interpolate(v, DOT_ENV) for k, v in service["environment"].items()}


def _mounts(service: dict) -> dict[str, tuple[str, bool]]:
    """target -> (named volume, read-only)."""
    mounts = {}
    for spec in service.get("volumes", []):
        source, target, *mode = spec.split(":")
        mounts[target] = (source, mode == ["ro"])
    return mounts


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_compose_file_follows_the_compose_specification():
    schema = json.loads(shared_file(COMPOSE_SPEC).read_text())
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
              for e in jsonschema.Draft7Validator(schema).iter_errors(compose())]
    assert not errors


def test_every_service_runs_in_compose():
    # the services and, as development stand-ins, the SRI simulator and the SMTP sink
    assert set(_app_services()) == services()
    assert DEV_ONLY <= services()


def test_every_service_accepts_its_environment(monkeypatch):
    for service, definition in _app_services().items():
        if service != "smtp_sink":  # no settings class: argparse defaults from SMTP_SINK_*
            with monkeypatch.context() as patch:
                settings = load_settings(service, _environment(definition), patch)
                assert (settings.http_host, settings.http_port) == ("0.0.0.0", 8080), service


def test_migrate_runs_every_service_migrations():
    loop = compose()["services"]["migrate"]["entrypoint"][-1]
    listed = set(loop.split(" in ", 1)[1].split(";", 1)[0].split())
    assert services_with_migrations() <= listed <= services() - DEV_ONLY


def test_file_store_volume_is_shared():
    store_dir = re.search(r"FILE_STORE_DIR=(\S+)", _dockerfile()).group(1)
    for service, definition in _app_services().items():
        mounts = _mounts(definition)
        if service in FILE_STORE_WRITERS | FILE_STORE_READERS:
            assert mounts.get(store_dir) == ("files", service not in FILE_STORE_WRITERS), service
        else:
            assert store_dir not in mounts, f"{service} does not use the file store"
    assert "files" in compose()["volumes"]


def test_renderer_mailer_mails_to_the_smtp_sink():
    apps = _app_services()
    mailer, sink = _environment(apps["renderer_mailer"]), _environment(apps["smtp_sink"])
    assert mailer["SMTP_HOST"] == apps["smtp_sink"]["name"]
    assert mailer["SMTP_PORT"] == sink["SMTP_SINK_PORT"]
    assert mailer["SMTP_SECURITY"] == "none"  # the sink offers no STARTTLS
    assert sink["SMTP_SINK_HOST"] == "0.0.0.0"  # reachable from the other containers
    source, read_only = _mounts(apps["smtp_sink"])[sink["SMTP_SINK_DIR"]]
    assert source in compose()["volumes"] and not read_only
    # no HTTP port to probe: its health check speaks SMTP to its own port
    assert sink["SMTP_SINK_PORT"] in " ".join(apps["smtp_sink"]["healthcheck"]["test"])


def test_image_directories_of_named_volumes_belong_to_the_app_user():
    """A new named volume takes the owner of the image's directory: the service (uid 10001)
    must be able to write to the ones it writes."""
    created = re.search(r"mkdir -p ([^&]+)&& chown app ([^\n\\]+)", _dockerfile())
    owned = set(created.group(1).split()) & set(created.group(2).split())
    for service, definition in _app_services().items():
        for target, (_, read_only) in _mounts(definition).items():
            assert read_only or target in owned, f"{service}: {target} is not created for the app user"


def test_image_has_the_ride_fonts_and_libraries():
    infra = (ROOT / "scripts" / "infra.sh").read_text()
    fonts = set(re.search(r"RIDE_FONTS=\(([^)]*)\)", infra).group(1).split())
    apt = re.search(r"apt-get install[^\n]*\n((?:.*\\\n)*)", _dockerfile()).group(1)
    packages = set(apt.replace("\\", " ").split()) - {"&&"}
    assert fonts and fonts <= packages
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "xmlsec1"} <= packages
