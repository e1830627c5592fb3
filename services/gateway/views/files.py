"""A document's files (API.md): its XML and its RIDE PDF.

- `GET /documents/{id}/xml[?variant=authorized|signed]`: RPC `submissions.xml` (sri_submitter,
  which checks `variant`); the XML as `application/xml; charset=utf-8`, an attachment named as
  the service says: `<access key>.xml` (the SRI's `autorizacion` document, what buyers import)
  or `<access key>-firmado.xml` (the signed comprobante).
- `GET /documents/{id}/pdf[?download=1]`: RPC `renders.get` (renderer_mailer) says where the RIDE
  is; the file is streamed from the shared file store (FILE_STORE_DIR, written by renderer_mailer)
  as `application/pdf`, inline, or as an attachment with `download=1`. FileResponse adds ETag
  and Last-Modified and answers conditional and range requests.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from aiohttp import web

from services.gateway.appkeys import REQUEST_ID, SETTINGS
from services.gateway.domain import payload
from services.gateway.errors import json_response
from services.gateway.views.common import identity, principal
from services.gateway.views.forward import call
from shared.contracts.rpc import NotFound, RpcReply, RpcRequest
from shared.rpc.params import query_choice
from shared.storage import LocalFileStore

DOWNLOAD = {"0": "inline", "false": "inline", "1": "attachment", "true": "attachment"}
PDF_MISSING = "El archivo PDF del comprobante no se encuentra en el almacenamiento."


@dataclass(frozen=True)
class Target:
    """Where forward.call sends the RPC (what it reads of a routes.Forward)."""

    service: str
    timeout: float | None = None


def disposition(kind: str, file_name: str) -> str:
    """`inline|attachment; filename="..."`, plus RFC 6266 `filename*` when the name is not plain ASCII."""
    plain = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in file_name)
    extended = f"; filename*=UTF-8''{quote(file_name, safe='')}" if plain != file_name else ""
    return f'{kind}; filename="{plain}"{extended}'


def rpc_request(request: web.Request, method: str) -> RpcRequest:
    return RpcRequest(method=method, identity=identity(principal(request), request.get(REQUEST_ID)),
                      path_params=dict(request.match_info), query=payload.check_query(request.query))


async def get_document_xml(request: web.Request) -> web.StreamResponse:
    reply = await call(request, Target("sri_submitter"), rpc_request(request, "submissions.xml"))
    if reply.status != 200:
        return json_response(reply.body, status=reply.status)
    return web.Response(body=reply.body["xml"].encode(), content_type="application/xml", charset="utf-8",
                        headers={"Content-Disposition": disposition("attachment", reply.body["file_name"])})


async def get_document_pdf(request: web.Request) -> web.StreamResponse:
    req = rpc_request(request, "renders.get")
    kind = query_choice(req, "download", DOWNLOAD, default="inline")
    reply: RpcReply = await call(request, Target("renderer_mailer"), req)
    if reply.status != 200:
        return json_response(reply.body, status=reply.status)
    rendered = reply.body["data"]
    try:
        path = LocalFileStore(request.app[SETTINGS].file_store_dir).local_path(rendered.get("pdf_path") or "")
    except ValueError:
        raise NotFound(PDF_MISSING) from None
    if not path.is_file():
        raise NotFound(PDF_MISSING)
    return web.FileResponse(path, headers={"Content-Type": "application/pdf",
                                           "Content-Disposition": disposition(kind, rendered["file_name"])})
