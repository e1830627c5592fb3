# Local run and tests, no Docker. Every target works on a fresh Debian/Ubuntu machine:
# missing servers are apt-installed and the venv is created on first use.
# Overridable from the environment: RUN_DIR VENV PG_PORT AMQP_PORT EPMD_PORT DIST_PORT
# GATEWAY_PORT SIDE_PORT_BASE SMTP_SINK_PORT LOG_LEVEL PYTEST_ARGS (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
RUN_DIR ?= $(CURDIR)/.run
export RUN_DIR

.PHONY: help up down restart test test-unit test-integration test-e2e chaos bench migrate venv infra logs status clean ride-samples dlq

help:
	@echo "make up                 start everything (servers, migrations, demo data, services)"
	@echo "make down               stop the services and the servers (data kept)"
	@echo "make restart            restart the services only (servers keep running)"
	@echo "make test               all tests (unit + integration + e2e)"
	@echo "make test-unit | test-integration | test-e2e"
	@echo "make chaos              the chaos suite, 1,000 invoices (CHAOS_INVOICES, CHAOS_SEED)"
	@echo "make bench              the benchmark suite after make up, one table (also in $(RUN_DIR)/bench/); ARGS=--quick"
	@echo "make migrate            apply every service's migrations"
	@echo "make venv               create/refresh .venv (pip install -e .[test])"
	@echo "make status | logs      what runs, and its logs (SVC=gateway for one)"
	@echo "make ride-samples       RIDE samples (PDF + first-page PNG) of each template in $(RUN_DIR)/samples"
	@echo "make dlq ARGS=list      dead letters: list [QUEUE], show QUEUE ID, replay QUEUE ID...|--all (README: Operations)"
	@echo "make clean              stop everything and delete $(RUN_DIR)"

up:
	@scripts/up.sh

down:
	@scripts/down.sh

restart:
	@scripts/down.sh --services-only
	@scripts/up.sh

test:
	@scripts/test.sh all

test-unit:
	@scripts/test.sh unit

test-integration:
	@scripts/test.sh integration

test-e2e:
	@scripts/test.sh e2e

chaos:
	@scripts/test.sh chaos

bench:
	@scripts/bench.sh $(ARGS)

venv:
	@scripts/venv.sh

infra:
	@scripts/infra.sh start

migrate: venv infra
	@scripts/migrate.sh

status:
	@scripts/status.sh

logs:
	@if [ -n "$(SVC)" ]; then tail -n 50 -F "$(RUN_DIR)/logs/$(SVC).log"; \
	else tail -n 10 -F $$(ls "$(RUN_DIR)"/logs/*.log 2>/dev/null || echo "$(RUN_DIR)/logs/gateway.log"); fi

ride-samples: venv
	@"$${VENV:-$(CURDIR)/.venv}/bin/python" scripts/ride_samples.py

dlq: venv
	@"$${VENV:-$(CURDIR)/.venv}/bin/python" scripts/dlq.py $(or $(ARGS),list)

clean:
	@scripts/clean.sh
