"""The renderer_mailer service: the RIDE of each document (rendered once, stored), the mail
deliveries (one per request, retried with back-off), and their RPC methods."""
from pathlib import Path

from services.renderer_mailer.handlers import logos, renders, webhook_events, webhooks
from services.renderer_mailer.handlers.render_and_mail import render_and_mail
from services.renderer_mailer.process.mailing import mail_worker
from services.renderer_mailer.process.rendering import render_worker
from services.renderer_mailer.process.webhook_delivery import webhook_worker
from shared.runtime.runner import ServiceSpec

SPEC = ServiceSpec(
    name="renderer_mailer",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "renders.get": renders.get_render,
        "logo.put": logos.put_logo,
        "logo.get": logos.get_logo,
        **webhooks.RPC,  # webhooks.list / create / delete / deliveries / replay
    },
    subscriptions=[render_and_mail,  # queue renderer_mailer.render_and_mail
                   *webhook_events.SUBSCRIPTIONS],  # queues renderer_mailer.webhook_<event>
    background=[render_worker, mail_worker, webhook_worker],
)
