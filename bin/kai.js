#!/usr/bin/env node
// Cache compiled code between runs (Node >= 22.1), then run the bundled CLI (see scripts/bundle.mjs).
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/kai.mjs');
