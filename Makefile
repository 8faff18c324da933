# Thin wrappers over the npm scripts, so `make test` and `npm test` are the same thing.
.PHONY: build unit test lint run e2e bench docs

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

e2e: build
	bash scripts/e2e/install.sh
	npm run test:e2e

docs:
	node scripts/gen-docs.ts
