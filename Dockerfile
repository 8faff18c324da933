# syntax=docker/dockerfile:1
# kai container image: `make image` (or `docker build -t localhost/kai:0.1.0 .`).
# Two stages: compile TypeScript with the dev dependencies, then ship only dist/, bin/ and the
# production dependencies on the same Node.js 22 base.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the `prepare` script builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.mjs ./scripts/
COPY src ./src
# tsc type-checks, then esbuild bundles dist/kai.mjs (what bin/kai.js loads) and build-info.json;
# there is no .git in the build context, so the commit for `kai version` comes in as REVISION.
ARG REVISION=unknown
RUN KAI_SOURCE_COMMIT="${REVISION}" npm run build

FROM ${NODE_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="kai" \
      org.opencontainers.image.description="Kubernetes image-inventory agent for Anchore Enterprise" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
# A named account for the numeric user, so tools that look the user up find it; no home, no shell.
RUN groupadd --system --gid 10001 kai \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin kai
COPY package.json package-lock.json ./
# Production dependencies only (pino loads its transports from node_modules at run time);
# --ignore-scripts because `prepare` would run the build, whose tools are dev dependencies.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
# A sample pod list: `docker run --rm localhost/kai:0.1.0 --input /app/examples/pods.json -o table`.
COPY examples ./examples
# Numeric, so Kubernetes can verify runAsNonRoot without reading /etc/passwd. The Helm chart runs
# with the same uid and a read-only root filesystem: nothing below writes to disk.
USER 10001:10001
# The health server (/healthz, /readyz, /metrics) in periodic mode, as the chart configures it.
EXPOSE 8080
# Exec form, no shell: node is PID 1 and receives SIGTERM itself; kai's handlers drain and exit.
ENTRYPOINT ["node", "/app/bin/kai.js"]
