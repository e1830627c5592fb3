"""deploy/k8s, as `kubectl kustomize` renders the base and every overlay: every object valid for its
schema (core kinds: kubernetes-validate --strict for Kubernetes 1.30; KEDA kinds: KEDA's CRDs from
../shared/k8s/keda-crds), every reference resolved, the environment each Deployment gets accepted
by its service's settings, the SRI endpoints and the mail server of each overlay, the migration Job
ordered before the Deployments. (Scaling, disruption budgets, network policies, resources and pod
security: test_k8s_policies.py.)"""
from __future__ import annotations

import copy
import re
from functools import cache
from urllib.parse import urlsplit

import jsonschema
import kubernetes_validate
import kubernetes_validate.utils
import pytest
import yaml

from services.sri_submitter.settings import SRI_HOSTS
from tests.deploy.unit.deployment import (
    DEV_ONLY, FILE_STORE_READERS, FILE_STORE_WRITERS, K8S_DIR, KEDA_CRDS, ROOT, container_of, known_env_names,
    load_settings, services, services_with_migrations, shared_file,
)
from tests.deploy.unit.kustomize import SECRETS_EXAMPLE, TARGETS, example_secrets, render

pytestmark = pytest.mark.unit
K8S_VERSION = "1.30.0"  # the oldest Kubernetes the manifests are for
each_target = pytest.mark.parametrize("target", TARGETS)


def _closed(schema: object) -> object:
    """The schema with unknown fields forbidden: the API server prunes them silently (a typo such as
    `minReplicaCounts` would just vanish), so here they are errors."""
    if isinstance(schema, dict):
        schema = {key: _closed(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema \
                and not schema.get("x-kubernetes-preserve-unknown-fields"):
            schema["additionalProperties"] = False
    elif isinstance(schema, list):
        schema = [_closed(value) for value in schema]
    return schema


def _keda_schemas() -> dict[tuple[str, str], dict]:
    schemas = {}
    for path in sorted(shared_file(KEDA_CRDS).glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        for version in crd["spec"]["versions"]:
            key = (f"{crd['spec']['group']}/{version['name']}", crd["spec"]["names"]["kind"])
            schemas[key] = _closed(version["schema"]["openAPIV3Schema"])
    return schemas


def _loop(command: str) -> list[str]:
    """The services of `for s in a b c; do ...; done`."""
    return command.split(" in ", 1)[1].split(";", 1)[0].split()


@each_target
def test_every_file_of_a_kustomization_is_used_once(target):
    folder = K8S_DIR / target
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    used = [r for r in kustomization["resources"] if not r.startswith("..")]
    used += [p["path"] for p in kustomization.get("patches", []) if "path" in p]
    used += [e for g in kustomization.get("configMapGenerator", []) for e in g.get("envs", [])]
    assert len(used) == len(set(used))
    assert set(used) == {p.name for p in folder.iterdir() if p.is_file()} - {"kustomization.yaml"}


# kubernetes-validate reads its (large) schema files again for every object: read each once
_schema_contents = cache(kubernetes_validate.utils.schema_contents)


@each_target
def test_core_objects_are_valid(target, monkeypatch):
    monkeypatch.setattr(kubernetes_validate.utils, "schema_contents", _schema_contents)
    for doc in render(target).docs:
        if not doc["apiVersion"].startswith("keda.sh/"):
            try:
                kubernetes_validate.validate(copy.deepcopy(doc), K8S_VERSION, strict=True)
            except kubernetes_validate.ValidationError as exc:
                pytest.fail(f"{target}: {doc['kind']} {doc['metadata']['name']}: {exc.message} at {list(exc.path)}")


@each_target
def test_keda_objects_are_valid(target):
    schemas = _keda_schemas()
    keda = [doc for doc in render(target).docs if doc["apiVersion"].startswith("keda.sh/")]
    assert {doc["kind"] for doc in keda} == {"ScaledObject", "TriggerAuthentication"}
    for doc in keda:
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
                  for e in jsonschema.Draft7Validator(schemas[(doc["apiVersion"], doc["kind"])]).iter_errors(doc)]
        assert not errors, f"{target}: {doc['kind']} {doc['metadata']['name']}: {errors}"


@each_target
def test_every_namespaced_object_is_in_the_namespace(target):
    built = render(target)
    assert [n["metadata"]["name"] for n in built.objects("Namespace").values()] == [built.namespace]
    for doc in built.docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == built.namespace, f"{doc['kind']} {doc['metadata']['name']}"


@each_target
def test_every_service_has_a_deployment(target):
    deployments = set(render(target).deployments_by_service())
    stand_ins = DEV_ONLY if target == "overlays/dev" else set()  # the SRI simulator, the SMTP sink
    assert deployments == services() - DEV_ONLY | stand_ins


@each_target
def test_references_resolve(target):
    built = render(target)
    config_maps, claims, secrets = built.objects("ConfigMap"), built.objects("PersistentVolumeClaim"), example_secrets()
    for name, template in built.pod_templates().items():
        pod = template["spec"]
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for container in pod["containers"] + pod.get("initContainers", []):
            for source in container.get("envFrom", []):
                ref = source.get("configMapRef") or source["secretRef"]
                assert ref["name"] in (config_maps if "configMapRef" in source else secrets), name
            for item in container.get("env", []):
                if "valueFrom" in item:
                    ref = item["valueFrom"]["secretKeyRef"]
                    assert ref["key"] in secrets[ref["name"]], f"{name}: {item['name']}"
            for mount in container.get("volumeMounts", []):
                volume = volumes[mount["name"]]
                assert "emptyDir" in volume or volume["persistentVolumeClaim"]["claimName"] in claims, name
    for auth in built.objects("TriggerAuthentication").values():
        for ref in auth["spec"]["secretTargetRef"]:
            assert ref["key"] in secrets[ref["name"]]
    for scaled in built.objects("ScaledObject").values():
        for trigger in scaled["spec"]["triggers"]:
            if "authenticationRef" in trigger:
                assert trigger["authenticationRef"]["name"] in built.objects("TriggerAuthentication")


def test_readme_creates_every_secret_the_manifests_expect():
    readme = (ROOT / "README.md").read_text()
    for name, keys in example_secrets().items():
        command = re.search(rf"kubectl -n \S+ create secret generic {name}((?:[^\n]*\\\n)*[^\n]*)", readme)
        assert command, f"README: no `kubectl -n ... create secret generic {name}`"
        created = set(re.findall(r"--from-literal=(\w+)=", command.group(1)))
        assert created == set(keys) - {"SMTP_USERNAME", "SMTP_PASSWORD"} or created == set(keys), name
    assert "secrets.example.yaml" in readme and SECRETS_EXAMPLE.exists()


@each_target
def test_the_migration_job_migrates_every_service_before_the_deployments_start(target):
    built = render(target)
    (job,) = built.objects("Job").values()
    listed = _loop(container_of(job)["command"][-1])
    assert services_with_migrations() <= set(listed) <= services() - DEV_ONLY
    # last: the gateway declares no queue, so when its schema is migrated every queue is declared too
    assert listed[-1] == "gateway"
    dockerfile = (ROOT / "Dockerfile").read_text()
    workdir = re.search(r"^WORKDIR (\S+)", dockerfile, re.M).group(1)
    assert re.search(r"^COPY services \./services$", dockerfile, re.M)
    for service, deployment in built.deployments_by_service().items():
        init = deployment["spec"]["template"]["spec"].get("initContainers", [])
        if service in DEV_ONLY:  # no database
            assert not init
            continue
        (wait,) = init
        assert wait["command"][:4] == ["python", "-m", "shared.db.migrate", "--wait"], service
        assert float(wait["command"][4]) >= 60 and wait["command"][5] == f"{workdir}/services", service
        assert wait["image"] == container_of(deployment)["image"] == container_of(job)["image"], service


@each_target
def test_configuration_names_only_known_settings(target):
    """A misspelt variable (SMTP_SECURTY) would be ignored by every service: none may be there."""
    known = known_env_names()
    unknown = set(render(target).config()) - known
    assert not unknown, f"{target}: the ConfigMap sets variables no service reads: {unknown}"
    unknown = set(example_secrets()["einvoice-secrets"]) - known
    assert not unknown, f"einvoice-secrets has variables no service reads: {unknown}"


@each_target
def test_every_service_accepts_its_environment(target, monkeypatch):
    built = render(target)
    for service, deployment in built.deployments_by_service().items():
        if service == "smtp_sink":  # no settings class: argparse defaults from SMTP_SINK_*
            continue
        with monkeypatch.context() as patch:
            settings = load_settings(service, built.environment(container_of(deployment)), patch)
            assert (settings.http_host, settings.http_port) == ("0.0.0.0", 8080), f"{target}: {service}"


def test_prod_configures_both_sri_endpoint_pairs_on_the_sri(monkeypatch):
    built = render("overlays/prod")
    config = built.config()
    names = {f"SRI_{env}_{kind}_URL" for env in ("TEST", "PRODUCTION") for kind in ("RECEPTION", "AUTHORIZATION")}
    assert names <= set(config), "prod sets both pairs explicitly"
    settings = load_settings("sri_submitter", built.environment(container_of(
        built.deployments_by_service()["sri_submitter"])), monkeypatch)
    for environment, urls in settings.endpoints.items():
        assert {(urlsplit(u).scheme, urlsplit(u).hostname) for u in urls} == {("https", SRI_HOSTS[environment])}


def test_dev_sends_to_the_simulator_and_mails_to_the_sink(monkeypatch):
    built = render("overlays/dev")
    deployments, service_objects = built.deployments_by_service(), built.objects("Service")
    settings = load_settings("sri_submitter", built.environment(container_of(deployments["sri_submitter"])),
                             monkeypatch)

    def served_by(host: str, port: int) -> str:
        """The SERVICE of the pods behind the Service `host` on `port`."""
        service = service_objects[host]["spec"]
        assert port in {p["port"] for p in service["ports"]}
        (runs,) = [s for s, d in deployments.items() if all(
            d["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in service["selector"].items())]
        return runs
    for urls in settings.endpoints.values():
        for url in urls:
            assert served_by(urlsplit(url).hostname, urlsplit(url).port) == "sri_simulator", url
    config = built.config()
    sink = built.environment(container_of(deployments["smtp_sink"]))
    assert served_by(config["SMTP_HOST"], int(config["SMTP_PORT"])) == "smtp_sink"
    assert config["SMTP_PORT"] == sink["SMTP_SINK_PORT"] and sink["SMTP_SINK_HOST"] == "0.0.0.0"
    assert config["SMTP_SECURITY"] == "none"  # the sink offers no STARTTLS


@pytest.mark.parametrize("target", ("overlays/dev", "overlays/prod"))
def test_mail_settings(target):
    config, secret = render(target).config(), example_secrets()["einvoice-secrets"]
    assert {"SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "MAIL_FROM"} <= set(config)
    assert {"SMTP_USERNAME", "SMTP_PASSWORD", "SECRETS_KEY"} <= set(secret)
    assert not {"SMTP_USERNAME", "SMTP_PASSWORD"} & set(config), "credentials belong in the Secret"


@each_target
def test_file_store_is_one_shared_volume(target):
    built = render(target)
    (claim,) = built.objects("PersistentVolumeClaim").values()
    # pods on different nodes share it; the dev overlay is for a one-node cluster
    assert claim["spec"]["accessModes"] == (["ReadWriteOnce"] if target == "overlays/dev" else ["ReadWriteMany"])
    store_dir = built.config()["FILE_STORE_DIR"]
    for service, deployment in built.deployments_by_service().items():
        pod = deployment["spec"]["template"]["spec"]
        volumes = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in pod.get("volumes", [])
                   if "persistentVolumeClaim" in v}
        mounts = [m for m in container_of(deployment).get("volumeMounts", [])
                  if volumes.get(m["name"]) == claim["metadata"]["name"]]
        if service in FILE_STORE_WRITERS | FILE_STORE_READERS:
            (mount,) = mounts
            assert mount["mountPath"] == store_dir, service
            assert mount.get("readOnly", False) == (service not in FILE_STORE_WRITERS), service
        else:
            assert not mounts, f"{service} does not use the file store"
