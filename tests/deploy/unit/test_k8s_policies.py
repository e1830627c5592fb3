"""deploy/k8s rendered (kustomize.py), what a platform team asks of it: who scales each Deployment
(the gateway's HPA, one KEDA ScaledObject per worker on the queues its code declares), disruption
budgets, NetworkPolicies (default deny; only the gateway takes outside traffic; each pod reaches only
DNS, PostgreSQL, RabbitMQ and what it calls), requests and limits (prod: sized from the measured
memory) and the "restricted" Pod Security Standard."""
from __future__ import annotations

import re

import pytest

from tests.deploy.unit.deployment import DEV_ONLY, code_queues, container_of
from tests.deploy.unit.kustomize import TARGETS, Rendered, render, selects

pytestmark = pytest.mark.unit
each_target = pytest.mark.parametrize("target", TARGETS)

MEASURED_RSS_MIB = 120  # every service process under load stays below it (README, make bench)
RENDER_CHILD_MIB = 96   # one RIDE render process of renderer_mailer (RENDER_PROCESSES of them)
PRIVATE = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"}
DNS = {("UDP", 53), ("TCP", 53)}
KUBE_DNS = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}
DATA = {("TCP", 5432), ("TCP", 5672), ("TCP", 5671)}  # PostgreSQL, RabbitMQ (amqp, amqps)
# What a service calls besides PostgreSQL and RabbitMQ: the SRI (HTTPS); the mail server (SMTP)
# and the webhook receivers (HTTPS: renderer_mailer is the only sender of webhooks).
CALLS = {"sri_submitter": {("TCP", 443)}, "renderer_mailer": {("TCP", 25), ("TCP", 465), ("TCP", 587), ("TCP", 443)}}
DEV_CALLS = {"sri_submitter": {("TCP", 8080)}, "renderer_mailer": {("TCP", 2525)}}  # the stand-ins


def _mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", quantity).groups()
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "M": 1e6 / 2**20, "G": 1e9 / 2**20, "": 1 / 2**20}
    return float(number) * units[unit]


def _millicores(quantity: str) -> float:
    return float(quantity[:-1]) if quantity.endswith("m") else float(quantity) * 1000


def _labels(workload: dict) -> dict[str, str]:
    return workload["spec"]["template"]["metadata"]["labels"]


def _selecting(built: Rendered, labels: dict[str, str], policy_type: str) -> list[dict]:
    return [p for p in built.objects("NetworkPolicy").values()
            if policy_type in p["spec"]["policyTypes"] and selects(p["spec"]["podSelector"], labels)]


def _selected_deployments(built: Rendered, policy: dict) -> set[str]:
    return {n for n, d in built.objects("Deployment").items() if selects(policy["spec"]["podSelector"], _labels(d))}


def _egress(built: Rendered, labels: dict[str, str]) -> dict[tuple[str, int], list[list[dict]]]:
    """(protocol, port) -> the `to` of every rule that opens it for pods with these labels."""
    opened: dict[tuple[str, int], list[list[dict]]] = {}
    for policy in _selecting(built, labels, "Egress"):
        for rule in policy["spec"].get("egress", []):
            assert rule.get("ports"), f"{policy['metadata']['name']}: an egress rule without ports opens every port"
            for port in rule["ports"]:
                opened.setdefault((port.get("protocol", "TCP"), port["port"]), []).append(rule.get("to", []))
    return opened


def _workers(built: Rendered) -> dict[str, dict]:
    return {s: d for s, d in built.deployments_by_service().items()
            if _labels(d).get("app.kubernetes.io/component") == "worker"}


# ---- network policies --------------------------------------------------------------------------

@each_target
def test_the_namespace_denies_all_traffic_by_default(target):
    default = [p["spec"] for p in render(target).objects("NetworkPolicy").values() if p["spec"]["podSelector"] == {}
               and set(p["spec"]["policyTypes"]) == {"Ingress", "Egress"}]
    assert default == [{"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}]


@each_target
def test_every_pod_has_a_network_policy_of_its_own(target):
    built = render(target)
    for name, template in built.pod_templates().items():
        assert any(p["spec"]["podSelector"] and selects(p["spec"]["podSelector"], template["metadata"]["labels"])
                   for p in built.objects("NetworkPolicy").values()), name


@each_target
def test_only_the_gateway_takes_traffic_from_outside_the_namespace(target):
    built, outside = render(target), set()
    for policy in built.objects("NetworkPolicy").values():
        selected = _selected_deployments(built, policy)
        for rule in policy["spec"].get("ingress", []):
            assert rule.get("from") and rule.get("ports"), f"{policy['metadata']['name']}: open to everything"
            for peer in rule["from"]:
                namespace = peer.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
                if "ipBlock" in peer or (namespace and namespace != "monitoring"):
                    outside |= selected
                elif namespace == "monitoring":  # Prometheus: the metrics port only
                    assert [p["port"] for p in rule["ports"]] == ["http"], policy["metadata"]["name"]
                else:  # same namespace: services talk through RabbitMQ, only the dev stand-ins take calls
                    assert all(_labels(built.objects("Deployment")[d])["app.kubernetes.io/component"] == "stand-in"
                               for d in selected), policy["metadata"]["name"]
    assert outside == {"gateway"}


@each_target
def test_prometheus_scrapes_every_service(target):
    built = render(target)
    for service, deployment in built.deployments_by_service().items():
        if service in DEV_ONLY:
            continue
        (port,) = [p["containerPort"] for p in container_of(deployment)["ports"] if p["name"] == "http"]
        assert deployment["spec"]["template"]["metadata"]["annotations"]["prometheus.io/port"] == str(port)
        assert any(peer.get("namespaceSelector", {}).get("matchLabels") == {"kubernetes.io/metadata.name": "monitoring"}
                   for p in _selecting(built, _labels(deployment), "Ingress")
                   for rule in p["spec"].get("ingress", []) for peer in rule["from"]), service


@each_target
def test_each_pod_reaches_only_dns_postgres_rabbitmq_and_what_it_calls(target):
    built = render(target)
    expected = {f"Job/{name}": DNS | DATA for name in built.objects("Job")}
    for service, deployment in built.deployments_by_service().items():
        calls = CALLS.get(service, set()) | (DEV_CALLS.get(service, set()) if target == "overlays/dev" else set())
        data = set() if service in DEV_ONLY else DATA
        expected[f"Deployment/{deployment['metadata']['name']}"] = DNS | calls | data
    for name, template in built.pod_templates().items():
        opened = _egress(built, template["metadata"]["labels"])
        assert set(opened) == expected[name], name
        for port in DNS:
            assert opened[port] == [[KUBE_DNS]], name
        for to in opened.get(("TCP", 443), []):  # the internet: never the cluster or the private network
            assert to and all(PRIVATE <= set(peer["ipBlock"]["except"]) for peer in to), name


# ---- scaling -------------------------------------------------------------------------------------

@each_target
def test_the_gateway_scales_with_a_cpu_hpa(target):
    built = render(target)
    gateway = built.deployments_by_service()["gateway"]
    (hpa,) = built.scalers_of(gateway["metadata"]["name"])
    assert hpa["kind"] == "HorizontalPodAutoscaler" and hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "gateway"}
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    assert "cpu" in container_of(gateway)["resources"]["requests"]  # utilization is of the request


@each_target
def test_every_worker_scales_on_the_queues_its_code_declares(target):
    built = render(target)
    workers = _workers(built)
    assert set(workers) == set(built.deployments_by_service()) - DEV_ONLY - {"gateway"}
    declared = {service: code_queues(service) for service in workers}
    assert set(built.objects("ScaledObject")) <= set(built.objects("Deployment"))
    for service, deployment in workers.items():
        (scaled,) = built.scalers_of(deployment["metadata"]["name"])
        assert scaled["kind"] == "ScaledObject", service
        matched = set()
        for trigger in scaled["spec"]["triggers"]:
            if trigger["type"] != "rabbitmq":
                continue
            meta = trigger["metadata"]
            pattern = meta["queueName"] if meta.get("useRegex") == "true" else re.escape(meta["queueName"]) + "$"
            hits = {q for queues in declared.values() for q in queues if re.match(pattern, q)}
            assert hits and hits <= declared[service], f"{service}: {meta['queueName']} matches {hits or 'nothing'}"
            assert not any(re.match(pattern, f"{q}{tail}") for q in hits for tail in (".dlq", ".retry.1000")), service
            matched |= hits
        assert matched == declared[service], f"{service}: no trigger for {declared[service] - matched}"


@each_target
def test_autoscaled_deployments_leave_the_replica_count_to_their_autoscaler(target):
    """A replicas in the manifest would reset the autoscaler's count at every `kubectl apply`."""
    built = render(target)
    for name, deployment in built.objects("Deployment").items():
        scalers = built.scalers_of(name)
        assert len(scalers) <= 1, f"{name}: two autoscalers"
        assert bool(scalers) != ("replicas" in deployment["spec"]), name


@each_target
def test_renderer_mailer_has_room_to_render_and_always_runs(target):
    built = render(target)
    deployments = built.deployments_by_service()
    resources = container_of(deployments["renderer_mailer"])["resources"]
    others = [container_of(d)["resources"]["requests"]["cpu"] for s, d in deployments.items()
              if s not in DEV_ONLY | {"renderer_mailer"}]
    assert all(_millicores(resources["requests"]["cpu"]) > _millicores(cpu) for cpu in others)
    assert _millicores(resources["limits"]["cpu"]) >= 1000 and "memory" in resources["limits"]
    # its due renders, mails and webhook deliveries are database rows no queue trigger sees
    assert built.min_replicas(deployments["renderer_mailer"]) >= 1


# ---- disruption budgets ------------------------------------------------------------------------

def _allowed_disruptions(budget: dict, replicas: int) -> int:
    spec = budget["spec"]
    return spec["maxUnavailable"] if "maxUnavailable" in spec else replicas - spec["minAvailable"]


@each_target
def test_no_disruption_budget_blocks_a_node_drain(target):
    built = render(target)
    for budget in built.objects("PodDisruptionBudget").values():
        targets = [d for d in built.objects("Deployment").values() if selects(budget["spec"]["selector"], _labels(d))]
        assert len(targets) == 1, budget["metadata"]["name"]
        assert _allowed_disruptions(budget, built.min_replicas(targets[0])) >= 1, budget["metadata"]["name"]


def test_prod_runs_two_pods_of_everything_behind_a_disruption_budget():
    built = render("overlays/prod")
    for name, deployment in built.objects("Deployment").items():
        budgets = [b for b in built.objects("PodDisruptionBudget").values()
                   if selects(b["spec"]["selector"], _labels(deployment))]
        assert len(budgets) == 1, f"{name}: {len(budgets)} PodDisruptionBudgets"
        replicas = built.min_replicas(deployment)
        assert replicas >= 2, name
        assert 1 <= _allowed_disruptions(budgets[0], replicas) < replicas, f"{name}: a drain must leave one running"


# ---- resources and pod security ------------------------------------------------------------------

def _containers(built: Rendered):
    for name, template in built.pod_templates().items():
        for container in template["spec"]["containers"] + template["spec"].get("initContainers", []):
            yield f"{name}/{container['name']}", container


@each_target
def test_every_container_has_requests_and_a_memory_limit(target):
    for name, container in _containers(render(target)):
        requests, limits = container["resources"]["requests"], container["resources"]["limits"]
        assert {"cpu", "memory"} <= set(requests) and "memory" in limits, name
        assert _mebibytes(limits["memory"]) >= _mebibytes(requests["memory"]), name


def test_prod_resources_follow_the_measured_memory():
    built = render("overlays/prod")
    for name, container in _containers(built):
        requests, limits = container["resources"]["requests"], container["resources"]["limits"]
        assert {"cpu", "memory"} <= set(requests) & set(limits), name
        assert _millicores(limits["cpu"]) >= _millicores(requests["cpu"]), name
    render_processes = int(built.config()["RENDER_PROCESSES"])
    for service, deployment in built.deployments_by_service().items():
        resources = container_of(deployment)["resources"]
        need = MEASURED_RSS_MIB + (render_processes * RENDER_CHILD_MIB if service == "renderer_mailer" else 0)
        assert _mebibytes(resources["requests"]["memory"]) >= need, service
        assert _mebibytes(resources["limits"]["memory"]) >= 2 * _mebibytes(resources["requests"]["memory"]), service


@each_target
def test_pods_meet_the_restricted_pod_security_standard(target):
    built = render(target)
    (namespace,) = built.objects("Namespace").values()
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for name, template in built.pod_templates().items():
        pod = template["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] > 0, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert all(set(v) & {"persistentVolumeClaim", "emptyDir", "configMap", "secret"}
                   for v in pod.get("volumes", [])), name
    for name, container in _containers(built):
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False and context["capabilities"] == {"drop": ["ALL"]}, name
        assert not context.get("privileged"), name


@each_target
def test_the_ingress_example_serves_the_gateway_over_tls(target):
    built = render(target)
    (ingress,) = built.objects("Ingress").values()
    service = built.objects("Service")["gateway"]
    assert selects({"matchLabels": service["spec"]["selector"]}, _labels(built.deployments_by_service()["gateway"]))
    hosts = set()
    for rule in ingress["spec"]["rules"]:
        hosts.add(rule["host"])
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == "gateway"
            assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    assert hosts <= {h for tls in ingress["spec"]["tls"] for h in tls["hosts"]}
