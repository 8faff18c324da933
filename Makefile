# Thin wrappers over the npm scripts, so `make test` and `npm test` are the same thing.
VERSION := $(shell node -p "require('./package.json').version")
IMAGE ?= localhost/kai:$(VERSION)

.PHONY: build unit test lint run e2e bench chart-test image docs

build:
	npm run build

unit:
	npm run unit

test:
	npm test

lint:
	npm run lint

run: build
	node bin/kai.js --input examples/pods.json -o table

# End-to-end suite against a real kube-apiserver + etcd (first run builds the apiserver: minutes).
e2e: build
	bash scripts/e2e/install.sh
	npm run test:e2e

bench:
	npm run bench

# The chart's checks without helm: schema (Ajv), config through kai's loader, templates, image.
chart-test:
	npx vitest run test/chart
	@if command -v helm >/dev/null 2>&1; then helm lint charts/kai && helm template kai charts/kai >/dev/null; \
	else echo "helm not installed: skipped helm lint/template (test/chart ran)"; fi

image:
	docker build --build-arg VERSION=$(VERSION) --build-arg REVISION=$$(git rev-parse HEAD 2>/dev/null || echo unknown) -t $(IMAGE) .

# Regenerates the README config table and config.example.yaml from the schema.
docs:
	node scripts/gen-docs.ts
