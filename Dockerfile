# briefbot as a container: non-root, config and data as volumes, health on /healthz.
#   docker build -t briefbot .
#   docker run -d --env-file briefbot.env \
#       -v $PWD/briefbot.toml:/app/briefbot.toml:ro -v briefbot-data:/app/data briefbot
# Without a mounted /app/briefbot.toml it runs the bundled example (sample feeds, console).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY briefings ./briefings
COPY bot ./bot
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin briefbot \
    && mkdir -p /app/data && chown briefbot /app/data
WORKDIR /app
# The example config and its sample feeds; config lookup: ./briefbot.toml, else this.
COPY config/example.toml config/example.toml
COPY config/samples config/samples
USER briefbot
# [storage] path = "data/briefbot.sqlite3" (the default) lands in this volume.
VOLUME ["/app/data"]
# /healthz and /metrics when the config has [health] port = 9108.
EXPOSE 9108
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:9108/healthz', timeout=4).status != 200)"
STOPSIGNAL SIGTERM
ENTRYPOINT ["briefbot"]
CMD ["run"]
