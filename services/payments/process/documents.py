"""The one call payments makes to documents: why a document it has no receivable for cannot be collected."""
from __future__ import annotations

from shared.contracts.rpc import Identity, RpcRequest, ServiceError
from shared.messaging.rpc import RpcTimeout, RpcUnavailable
from services.payments.domain.unknown import unknown_document_error

TIMEOUT_SECONDS = 5.0


async def why_unknown(rpc, caller: Identity | None, document_id: int) -> ServiceError:
    request = RpcRequest(method="documents.get", identity=caller, path_params={"id": str(document_id)})
    try:
        reply = await rpc.call("documents", request, timeout=TIMEOUT_SECONDS)
    except (RpcTimeout, RpcUnavailable):
        return unknown_document_error(None, None)
    return unknown_document_error(reply.status, reply.body)
