"""deploy/k8s rendered as `kubectl apply -k` would apply it: every target (the base and each overlay)
built with `kubectl kustomize`, and what the tests ask of the result (objects by kind, who selects
whom, the environment a container gets, which autoscaler owns a Deployment)."""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

import pytest
import yaml

from tests.deploy.unit.deployment import K8S_DIR, container_env, container_of

TARGETS = ("base", "overlays/dev", "overlays/prod")
# The Secrets an operator creates apart (never applied by an overlay): their names and keys.
SECRETS_EXAMPLE = K8S_DIR / "secrets.example.yaml"
MIN_KUSTOMIZE = (5, 0)  # `patches` with label selectors; Debian's kubernetes-client 1.20 is far older


def _kubectl() -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl not installed: the manifests are rendered with `kubectl kustomize` "
                    "(kubectl >= 1.27, Kustomize 5; the machine image has it at /usr/bin/kubectl)")
    return kubectl


@cache
def _kustomize_version() -> tuple[int, ...]:
    out = subprocess.run([_kubectl(), "version", "--client", "-o", "json"], capture_output=True, text=True,
                         timeout=30)
    version = json.loads(out.stdout or "{}").get("kustomizeVersion", "v0")
    return tuple(int(part) for part in version.lstrip("v").split(".")[:2] if part.isdigit())


@cache
def _build(target: str) -> tuple[dict, ...]:
    assert _kustomize_version() >= MIN_KUSTOMIZE, f"kubectl's Kustomize {_kustomize_version()} is too old"
    built = subprocess.run([_kubectl(), "kustomize", str(K8S_DIR / target)], capture_output=True, text=True,
                           timeout=60)
    assert built.returncode == 0, f"kubectl kustomize {target}: {built.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(built.stdout) if doc)


@cache
def example_secrets() -> dict[str, dict[str, str]]:
    return {doc["metadata"]["name"]: doc["stringData"] for doc in yaml.safe_load_all(SECRETS_EXAMPLE.read_text())}


def selects(selector: dict, labels: dict[str, str]) -> bool:
    """A Kubernetes label selector (matchLabels, matchExpressions) against a set of labels."""
    if any(labels.get(key) != value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        present = key in labels
        if (operator == "In" and not (present and labels[key] in values)) \
                or (operator == "NotIn" and present and labels[key] in values) \
                or (operator == "Exists" and not present) or (operator == "DoesNotExist" and present):
            return False
    return True


@dataclass(frozen=True)
class Rendered:
    target: str
    docs: tuple[dict, ...]

    def objects(self, kind: str) -> dict[str, dict]:
        return {doc["metadata"]["name"]: doc for doc in self.docs if doc["kind"] == kind}

    @property
    def namespace(self) -> str:
        return yaml.safe_load((K8S_DIR / self.target / "kustomization.yaml").read_text())["namespace"]

    def deployments_by_service(self) -> dict[str, dict]:
        """SERVICE (what the container runs) -> its Deployment."""
        return {container_env(container_of(d))["SERVICE"]: d for d in self.objects("Deployment").values()}

    def pod_templates(self) -> dict[str, dict]:
        """`Kind/name` -> pod template of every Deployment and Job."""
        return {f"{doc['kind']}/{doc['metadata']['name']}": doc["spec"]["template"]
                for doc in self.docs if doc["kind"] in ("Deployment", "Job")}

    def config(self, name: str = "einvoice-config") -> dict[str, str]:
        """The generated ConfigMap (its name carries a content hash: einvoice-config-<hash>)."""
        (config,) = [c for n, c in self.objects("ConfigMap").items() if n.rsplit("-", 1)[0] == name]
        return config["data"]

    def environment(self, container: dict) -> dict[str, str]:
        """What envFrom (ConfigMaps rendered here, Secrets created apart) and env give a container."""
        config_maps, env = self.objects("ConfigMap"), {}
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                env |= config_maps[source["configMapRef"]["name"]]["data"]
            else:
                env |= example_secrets()[source["secretRef"]["name"]]
        return env | container_env(container)

    def scalers_of(self, deployment: str) -> list[dict]:
        """The HorizontalPodAutoscalers and KEDA ScaledObjects that scale a Deployment."""
        found = []
        for kind in ("HorizontalPodAutoscaler", "ScaledObject"):
            for scaler in self.objects(kind).values():
                ref = scaler["spec"]["scaleTargetRef"]
                if ref["name"] == deployment and ref.get("kind", "Deployment") == "Deployment":
                    found.append(scaler)
        return found

    def min_replicas(self, deployment: dict) -> int:
        scalers = self.scalers_of(deployment["metadata"]["name"])
        if scalers:
            return min(s["spec"].get("minReplicas", s["spec"].get("minReplicaCount", 1)) for s in scalers)
        return deployment["spec"].get("replicas", 1)


def render(target: str) -> Rendered:
    return Rendered(target, _build(target))

