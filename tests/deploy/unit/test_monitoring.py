"""deploy/monitoring: the alert rules pass `promtool check rules` and their own `promtool test rules`,
the local scrape config passes `promtool check config`, the Kubernetes one names every service, and
the dashboard and the rules use only metrics the code defines (and the dashboard shows all of them).

promtool comes with Debian's `prometheus` package, which `make test` installs (scripts/infra.sh)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache

import pytest
import yaml

from tests.deploy.unit.deployment import ROOT, services

pytestmark = pytest.mark.unit
MONITORING = ROOT / "deploy" / "monitoring"
DASHBOARD = MONITORING / "grafana-dashboard.json"
# PromQL words that are not metric names (functions are told by the "(" after them)
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
            "offset", "inf", "nan"}
PROMETHEUS_OWN = {"up"}


def promtool(*args: str) -> subprocess.CompletedProcess:
    tool = shutil.which("promtool")
    if tool is None:
        pytest.fail("promtool not found: install Debian's prometheus package (scripts/infra.sh install)")
    return subprocess.run([tool, *args], cwd=MONITORING, capture_output=True, text=True, timeout=60)


def test_alert_rules_pass_promtool_check():
    result = promtool("check", "rules", "alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_alert_rules_fire_as_their_unit_tests_say():
    result = promtool("test", "rules", "alerts_test.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_local_scrape_config_passes_promtool_check():
    result = promtool("check", "config", "prometheus-local.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def relabel(rules: list[dict], meta: dict[str, str]) -> dict[str, str]:
    """Prometheus' `replace` relabeling (the default action) of the rules that set a label."""
    labels = dict(meta)
    for rule in rules:
        if rule.get("action", "replace") != "replace":
            continue
        value = rule.get("separator", ";").join(labels.get(s, "") for s in rule["source_labels"])
        match = re.fullmatch(rule.get("regex", "(.*)"), value)
        if match:
            template = re.sub(r"\$\{?(\d+)\}?", r"\\\1", rule.get("replacement", "$1"))
            labels[rule["target_label"]] = match.expand(template)
    return labels


def deployment_names() -> set[str]:
    """app.kubernetes.io/name of every Deployment's pods under deploy/k8s (base, overlays, stand-ins)."""
    names = set()
    for path in (ROOT / "deploy" / "k8s").rglob("*.yaml"):
        for doc in yaml.safe_load_all(path.read_text()):
            if isinstance(doc, dict) and doc.get("kind") == "Deployment":
                labels = doc.get("spec", {}).get("template", {}).get("metadata", {}).get("labels", {})
                names |= {labels["app.kubernetes.io/name"]} if "app.kubernetes.io/name" in labels else set()
    return names


def test_kubernetes_scrape_config_labels_every_deployment_with_its_service():
    config = yaml.safe_load((MONITORING / "prometheus-k8s.yml").read_text())
    (job,) = config["scrape_configs"]
    assert job["job_name"] == "einvoice" and config["rule_files"] == ["alerts.yml"]
    names = deployment_names()
    assert names, "no Deployment found under deploy/k8s"
    labelled = {name: relabel(job["relabel_configs"], {"__meta_kubernetes_pod_label_app_kubernetes_io_name": name})
                for name in names}
    assert {name: labels.get("service") for name, labels in labelled.items()} == {
        name: name.replace("-", "_") for name in names}
    assert {labels["service"] for labels in labelled.values()} <= services()


@cache
def defined_metrics() -> dict[str, set[str]]:
    """Metric family -> the series names it exposes, for every metric of shared/observability/metrics.py."""
    import shared.observability.metrics as metrics
    from prometheus_client.metrics import MetricWrapperBase

    suffixes = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count", "_created"),
                "gauge": ("",)}
    return {m._name: {m._name + s for s in suffixes[m._type]}
            for m in vars(metrics).values() if isinstance(m, MetricWrapperBase)}


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression (or a Grafana label_values query) reads."""
    expr = re.sub(r"label_values\((.*),\s*\w+\s*\)", r"\1", expr)
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # strings (label values, templates)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", expr)  # label matchers, ranges
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)  # label lists
    expr = re.sub(r"\$\{?\w+\}?", " ", expr)  # Grafana variables
    return {name for name, call in re.findall(r"(?<![\w.])([A-Za-z_:][\w:]*)(\s*\()?", expr)
            if not call and name.lower() not in KEYWORDS}


def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text())


def dashboard_exprs() -> list[str]:
    board = dashboard()
    exprs = [t["expr"] for p in board["panels"] for t in p.get("targets", [])]
    exprs += [v["definition"] for v in board["templating"]["list"] if v["type"] == "query"]
    return exprs


def rule_exprs() -> list[str]:
    groups = yaml.safe_load((MONITORING / "alerts.yml").read_text())["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def test_metric_names_are_read_from_promql():
    expr = ('sum by (le, route) (rate(http_request_seconds_bucket{job="einvoice", route=~"/a/{id}"}[$__rate_interval])) '
            '/ on (route) group_left max(up) > 0.5e3 and 0 < min by (company_id) (x_total offset 5m) < 30 * 86400')
    assert metric_names(expr) == {"http_request_seconds_bucket", "up", "x_total"}
    assert metric_names('label_values(queue_messages{service=~"$service"}, queue)') == {"queue_messages"}


@pytest.mark.parametrize("source", ["dashboard", "alert rules"])
def test_monitoring_reads_only_metrics_the_code_defines(source):
    exprs = dashboard_exprs() if source == "dashboard" else rule_exprs()
    known = set().union(*defined_metrics().values()) | PROMETHEUS_OWN
    used = set().union(*(metric_names(e) for e in exprs))
    assert used and used - known == set()


def test_the_dashboard_shows_every_metric_the_code_defines():
    used = set().union(*(metric_names(e) for e in dashboard_exprs()))
    assert {family for family, series in defined_metrics().items() if not series & used} == set()


def test_the_dashboard_takes_its_datasource_from_a_variable():
    board = dashboard()
    (variable,) = [v for v in board["templating"]["list"] if v["type"] == "datasource"]
    assert variable["name"] == "datasource" and variable["query"] == "prometheus"
    wanted = {"type": "prometheus", "uid": "${datasource}"}
    panels = [p for p in board["panels"] if p["type"] != "row"]
    assert all(p["datasource"] == wanted and all(t["datasource"] == wanted for t in p["targets"]) for p in panels)
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids)) and all(p["gridPos"]["x"] + p["gridPos"]["w"] <= 24 for p in board["panels"])
