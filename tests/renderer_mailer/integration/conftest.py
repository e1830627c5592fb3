"""The real renderer_mailer (one process for every module here: mail, logos, webhooks) on a
database and vhost of its own, pointed at an SMTP sink of the test process; a bus to publish
commands and collect `renderer.#` events; RPC and SQL access."""
from __future__ import annotations

import itertools
import random

import pytest

from services.smtp_sink.server import SmtpSink
from shared.contracts.renderer import RenderAndMail
from shared.db.pool import create_pool
from tests.harness import drop_env, eventually, isolated_env, rpc_caller
from tests.renderer_mailer.commands import authorized_xml
from tests.sequencing.integration.bus import Bus, consumed

QUEUE = "renderer_mailer.render_and_mail"
MAX_ATTEMPTS = 5
WEBHOOK_DISABLE_AFTER = 2
_documents = itertools.count(random.randint(1, 9_000) * 10_000)


@pytest.fixture(scope="session")
async def mail_env(infra):
    name, env = await isolated_env(infra, "mail")
    yield env
    await drop_env(infra, name)


@pytest.fixture(scope="session")
def sink(tmp_path_factory):
    with SmtpSink(tmp_path_factory.mktemp("sink")) as s:
        yield s


@pytest.fixture(scope="session")
def mailer(mail_env, sink, start_service, tmp_path_factory):
    files = tmp_path_factory.mktemp("mail-files")
    svc = start_service("renderer_mailer", **mail_env, FILE_STORE_DIR=str(files), SMTP_HOST="127.0.0.1",
                        SMTP_PORT=str(sink.port), SMTP_SECURITY="none", SMTP_TIMEOUT_SECONDS="5",
                        MAIL_FROM="facturas@example.com", MAIL_RETRY_DELAYS="0.2,0.5",
                        MAIL_MAX_ATTEMPTS=str(MAX_ATTEMPTS), WEBHOOK_RETRY_DELAYS="0.2,0.4",
                        WEBHOOK_DISABLE_AFTER=str(WEBHOOK_DISABLE_AFTER), WEBHOOK_TIMEOUT_SECONDS="3")
    svc.files = files
    yield svc
    svc.stop()  # before mail_env's database and vhost go away


@pytest.fixture(scope="session")
async def bus(mail_env, mailer):
    bus = await Bus(mail_env["AMQP_URL"], ("renderer.#",)).start()
    yield bus
    await bus.close()


@pytest.fixture(scope="session")
async def mail_call(mail_env, mailer):
    async with rpc_caller(mail_env["AMQP_URL"], "renderer_mailer", "tests-mail") as call:
        yield call


@pytest.fixture(scope="session")
async def mail_db(mail_env, mailer):
    pool = await create_pool(mail_env["DATABASE_URL"], "renderer_mailer", max_size=2)
    yield pool
    await pool.close()


@pytest.fixture
def company() -> int:
    return random.randint(10**6, 2**31 - 1)


def next_document() -> int:
    return next(_documents)


def store_xml(mailer, cmd: RenderAndMail) -> str:
    """What sri_submitter would have stored: the authorized XML at the command's xml_path."""
    path = mailer.files / cmd.authorization.xml_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(authorized_xml(cmd))
    return path.read_text()


def handled(mailer) -> float:
    """Commands the service has handled (first time or duplicate) since it started."""
    return sum(consumed([mailer], QUEUE, outcome) for outcome in ("ok", "duplicate"))


async def publish_all(bus, mailer, company: int, items) -> None:
    """Publish (contract, envelope-or-None) pairs and wait until the service handled them all."""
    before = handled(mailer)
    for contract, env in items:
        await bus.publish(contract, company_id=company, env=env)
    await eventually(lambda: handled(mailer) >= before + len(items), timeout=20)


def mails_of(sink, cmd: RenderAndMail):
    return [m for m in sink.parsed() if cmd.display_number in m["Subject"] and f"c{cmd.company_id}-" in
            " ".join(p.get_filename() or "" for p in m.iter_attachments())]


async def deliveries(mail_db, cmd: RenderAndMail):
    async with mail_db.acquire() as conn:
        return await conn.fetch("SELECT * FROM mail_deliveries WHERE company_id = $1 AND document_id = $2 "
                                "ORDER BY id", cmd.company_id, cmd.document_id)
