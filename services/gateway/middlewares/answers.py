"""The answer check (ANSWER_CHECK=true, on in the tests): every JSON success answer is validated
against its model in shared.contracts.answers before it leaves.

A key the model does not declare, a missing key or a value of another type turns the answer
into a 500 and logs what differs, so a view and its published schema cannot drift apart
while the e2e, security and schemathesis runs go through the gateway. Off in production:
the models describe the views, they are not on the hot path.
"""
from __future__ import annotations

import logging

from aiohttp import web
from pydantic import ValidationError

from services.gateway.appkeys import ROUTE_KEY
from services.gateway.errors import INTERNAL, error_response
from shared.contracts.answers.table import ANSWERS

log = logging.getLogger("services.gateway.answers")


def _problems(error: ValidationError) -> list[str]:
    return [f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in error.errors()[:20]]


@web.middleware
async def answer_check(request: web.Request, handler) -> web.StreamResponse:
    response = await handler(request)
    key = request.app[ROUTE_KEY].get(request.match_info.route)
    model = ANSWERS.get(key) if key else None
    if (model is None or not 200 <= response.status < 300 or response.content_type != "application/json"
            or not isinstance(response, web.Response) or response.body is None):
        return response
    try:
        model.model_validate_json(response.body)
    except ValidationError as e:
        problems = _problems(e)
        log.error("answer does not match its model", extra={"fields": {
            "key": key, "model": model.__name__, "problems": problems}})
        return error_response(500, {"message": INTERNAL, "errors": {"answer": problems}})
    return response
