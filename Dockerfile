# One image for every service; SERVICE picks which one runs: python -m services.$SERVICE
#   docker build -t einvoice --build-context sri=../shared/sri .
# The SRI's official XSDs are not part of the repository: the named build context `sri`
# (the team folder shared/sri, or any folder with an xsd/ subfolder) puts them in the image.
#   docker run -e SERVICE=documents -e DATABASE_URL=... -e AMQP_URL=... einvoice
FROM python:3.11-slim-bookworm

# WeasyPrint (RIDE PDF) needs Pango/HarfBuzz and the fonts of ride.css; xmlsec1 verifies XML signatures.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 xmlsec1 \
      fonts-dejavu-core fonts-liberation2 fonts-noto-core fonts-noto-color-emoji \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
COPY --from=sri xsd /opt/sri/xsd
RUN pip install . && useradd --system --uid 10001 app \
 && mkdir -p /data/files /data/mail && chown app /data/files /data/mail

ARG SERVICE=gateway
# Inside a container the service listens on every interface; stored XML/PDF go to /data/files.
ENV SERVICE=${SERVICE} HTTP_HOST=0.0.0.0 HTTP_PORT=8080 FILE_STORE_DIR=/data/files SRI_XSD_DIR=/opt/sri/xsd
USER app
EXPOSE 8080
# Arguments go to the service: `docker run -e SERVICE=documents IMAGE migrate` runs its migrations.
ENTRYPOINT ["sh", "-c", "exec python -m services.\"$SERVICE\" \"$@\"", "--"]
CMD []
