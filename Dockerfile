# Curvature in a container: `docker build -t curvature .` then see compose.yaml or
# docs/self-hosting.md. (Not built on the development machine, which has no Docker.)
#
# Stage 1 installs every dependency (better-sqlite3 compiles here, so the build tools stay
# in this stage), generates the Prisma clients (postinstall) and builds the Next.js app.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 BETTER_AUTH_TELEMETRY=0 CHECKPOINT_DISABLE=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The manifest and schemas first, so the slow install is cached while only sources change.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY prisma-pg ./prisma-pg
COPY scripts/postinstall.mjs ./scripts/postinstall.mjs
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Stage 2: the same Debian and Node (the compiled better-sqlite3 must match), without
# compilers. The app's files belong to root and are read-only for the server, which runs
# as the unprivileged `node` user and writes only to /app/data and /app/.next (its cache).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    BETTER_AUTH_TELEMETRY=0 \
    CHECKPOINT_DISABLE=1 \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATABASE_URL=file:/app/data/curvature.db
COPY --from=build /app /app
RUN mkdir -p /app/data \
 && chown -R node:node /app/data /app/.next
USER node
# The SQLite database (and its backups/) lives here; with PostgreSQL it stays empty.
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# start:prod without npm in between, so SIGTERM reaches the server. It needs AUTH_SECRET
# and BASE_URL, applies pending migrations, syncs content/ and serves the build above.
CMD ["node", "node_modules/tsx/dist/cli.mjs", "scripts/start.ts", "--production"]
