# sisterbot: the Telegram bot by default (`sisterbot run telegram`).
#
#   docker build -t sisterbot .
#   docker run -d --name sisterbot -e TELEGRAM_BOT_TOKEN=... -v sisterbot-data:/data sisterbot
#
# The SQLite database lives on the /data volume; set SISTERBOT_DATABASE_URL to a
# postgresql:// URL for production (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PTB_TIMEDELTA=1 \
    SISTERBOT_DATABASE_URL=sqlite:////data/sisterbot.db \
    SISTERBOT_KNOWLEDGE_DIR=/app/knowledge \
    SISTERBOT_HTTP_HOST=0.0.0.0 \
    SISTERBOT_HTTP_PORT=8080

RUN groupadd --system --gid 10001 sisterbot \
    && useradd --system --uid 10001 --gid sisterbot --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin sisterbot \
    && mkdir -p /app /data \
    && chown sisterbot:sisterbot /data

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir bot && touch bot/__init__.py \
    && pip install . \
    && pip uninstall --yes sisterbot \
    && rm -rf bot build

COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install --no-deps . && rm -rf build

USER sisterbot
VOLUME ["/data"]
EXPOSE 8080

# /healthz is served in polling and in webhook mode.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('SISTERBOT_HTTP_PORT', '8080'); sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4).status == 200 else 1)"]

ENTRYPOINT ["sisterbot"]
CMD ["run", "telegram"]
