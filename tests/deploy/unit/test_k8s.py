"""deploy/k8s: every object valid for its schema (core kinds: kubernetes-validate; KEDA kinds:
KEDA's CRDs from ../shared/k8s/keda-crds), every reference resolved, and the environment each
Deployment gets accepted by its service's settings."""
from __future__ import annotations

import copy
import shutil
import subprocess

import jsonschema
import kubernetes_validate
import pytest
import yaml

from tests.deploy.unit.deployment import (
    DEV_ONLY, FILE_STORE_READERS, FILE_STORE_WRITERS, K8S_DIR, KEDA_CRDS, container_env, container_of,
    k8s_documents, k8s_objects, known_env_names, load_settings, services, services_with_migrations, shared_file,
)

pytestmark = pytest.mark.unit


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


def _deployments_by_service() -> dict[str, dict]:
    return {container_env(container_of(d))["SERVICE"]: d for d in k8s_objects("Deployment").values()}


def _environment(deployment: dict) -> dict[str, str]:
    """What envFrom and env give the container (ConfigMaps and Secrets of the kustomization)."""
    container, env = container_of(deployment), {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env |= k8s_objects("ConfigMap")[source["configMapRef"]["name"]]["data"]
        else:
            env |= k8s_objects("Secret")[source["secretRef"]["name"]]["stringData"]
    return env | container_env(container)


def test_kustomization_lists_every_manifest_once():
    resources = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())["resources"]
    assert len(resources) == len(set(resources))
    assert set(resources) == {p.name for p in K8S_DIR.glob("*.yaml")} - {"kustomization.yaml"}


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not installed")
def test_kubectl_kustomize_builds():
    built = subprocess.run(["kubectl", "kustomize", str(K8S_DIR)], capture_output=True, text=True, timeout=60)
    assert built.returncode == 0, built.stderr
    assert len([d for d in yaml.safe_load_all(built.stdout) if d]) == len(k8s_documents())


def test_core_objects_are_valid():
    version = kubernetes_validate.latest_version()
    for name, doc in k8s_documents():
        if not doc["apiVersion"].startswith("keda.sh/"):
            try:
                kubernetes_validate.validate(copy.deepcopy(doc), version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                pytest.fail(f"{name}: {doc['kind']} {doc['metadata']['name']}: {exc.message} at {list(exc.path)}")


def test_keda_objects_are_valid():
    schemas = _keda_schemas()
    keda = [(name, doc) for name, doc in k8s_documents() if doc["apiVersion"].startswith("keda.sh/")]
    assert {doc["kind"] for _, doc in keda} == {"ScaledObject", "TriggerAuthentication"}
    for name, doc in keda:
        schema = schemas[(doc["apiVersion"], doc["kind"])]
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
                  for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]
        assert not errors, f"{name}: {doc['kind']} {doc['metadata']['name']}: {errors}"


def test_every_namespaced_object_is_in_the_namespace():
    namespace = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())["namespace"]
    for name, doc in k8s_documents():
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == namespace, name


def test_every_service_has_a_deployment_and_a_scaled_object():
    deployments = _deployments_by_service()
    assert set(deployments) == services() - DEV_ONLY
    scaled = {s["spec"]["scaleTargetRef"]["name"] for s in k8s_objects("ScaledObject").values()}
    assert scaled <= {d["metadata"]["name"] for d in deployments.values()}
    assert scaled == {d["metadata"]["name"] for s, d in deployments.items() if s != "gateway"}


def test_references_resolve():
    config_maps, secrets, claims = k8s_objects("ConfigMap"), k8s_objects("Secret"), k8s_objects("PersistentVolumeClaim")
    auths = k8s_objects("TriggerAuthentication")
    pods = [d["spec"]["template"]["spec"] for d in k8s_objects("Deployment").values()]
    pods += [j["spec"]["template"]["spec"] for j in k8s_objects("Job").values()]
    for pod in pods:
        for source in pod["containers"][0].get("envFrom", []):
            ref = source.get("configMapRef") or source["secretRef"]
            assert ref["name"] in (config_maps if "configMapRef" in source else secrets)
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for mount in pod["containers"][0].get("volumeMounts", []):
            assert volumes[mount["name"]]["persistentVolumeClaim"]["claimName"] in claims
    for scaled in k8s_objects("ScaledObject").values():
        for trigger in scaled["spec"]["triggers"]:
            if "authenticationRef" in trigger:
                assert trigger["authenticationRef"]["name"] in auths
    for auth in auths.values():
        for ref in auth["spec"]["secretTargetRef"]:
            assert ref["key"] in secrets[ref["name"]]["stringData"]


def test_the_migration_job_migrates_every_service():
    (job,) = k8s_objects("Job").values()
    loop = container_of(job)["command"][-1]
    listed = set(loop.split(" in ", 1)[1].split(";", 1)[0].split())
    assert services_with_migrations() <= listed <= services() - DEV_ONLY


def test_configuration_names_only_known_settings():
    """A misspelt variable (SMTP_SECURTY) would be ignored by every service: none may be there."""
    known = known_env_names()
    for name, doc in k8s_documents():
        if doc["kind"] == "ConfigMap" or (doc["kind"] == "Secret" and doc["metadata"]["name"] == "einvoice-secrets"):
            unknown = set(doc.get("data") or doc.get("stringData")) - known
            assert not unknown, f"{name}: {doc['metadata']['name']} sets variables no service reads: {unknown}"


def test_every_service_accepts_its_environment(monkeypatch):
    for service, deployment in _deployments_by_service().items():
        with monkeypatch.context() as patch:
            load_settings(service, _environment(deployment), patch)


def test_mail_settings():
    config = k8s_objects("ConfigMap")["einvoice-config"]["data"]
    secret = k8s_objects("Secret")["einvoice-secrets"]["stringData"]
    assert {"SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "MAIL_FROM"} <= set(config)
    assert {"SMTP_USERNAME", "SMTP_PASSWORD", "SECRETS_KEY"} <= set(secret)
    assert not {"SMTP_USERNAME", "SMTP_PASSWORD"} & set(config), "credentials belong in the Secret"


def test_file_store_is_one_shared_read_write_many_volume():
    (claim,) = k8s_objects("PersistentVolumeClaim").values()
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    store_dir = k8s_objects("ConfigMap")["einvoice-config"]["data"]["FILE_STORE_DIR"]
    for service, deployment in _deployments_by_service().items():
        pod = deployment["spec"]["template"]["spec"]
        volumes = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in pod.get("volumes", [])}
        mounts = [m for m in container_of(deployment).get("volumeMounts", [])
                  if volumes.get(m["name"]) == claim["metadata"]["name"]]
        if service in FILE_STORE_WRITERS | FILE_STORE_READERS:
            (mount,) = mounts
            assert mount["mountPath"] == store_dir, service
            assert mount.get("readOnly", False) == (service not in FILE_STORE_WRITERS), service
        else:
            assert not mounts, f"{service} does not use the file store"


def test_renderer_mailer_has_room_to_render_and_always_runs():
    deployment = _deployments_by_service()["renderer_mailer"]
    resources = container_of(deployment)["resources"]
    others = [container_of(d)["resources"]["requests"] for s, d in _deployments_by_service().items()
              if s != "renderer_mailer"]

    def millicores(cpu: str) -> int:
        return int(cpu[:-1]) if cpu.endswith("m") else int(float(cpu) * 1000)
    assert all(millicores(resources["requests"]["cpu"]) > millicores(r["cpu"]) for r in others)
    assert millicores(resources["limits"]["cpu"]) >= 1000 and "memory" in resources["limits"]
    (scaled,) = [s for s in k8s_objects("ScaledObject").values()
                 if s["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]]
    # its due renders, mails and webhook deliveries are database rows no queue trigger sees
    assert scaled["spec"]["minReplicaCount"] >= 1
