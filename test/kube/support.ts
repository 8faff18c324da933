/** Shared set-up for the Kubernetes adapter tests: a client against the fake, a recording sleep, captured logs. */
import { Writable } from 'node:stream';
import { createKubeClient, type KubeClient, type KubeClientDeps } from '../../src/kube/client.ts';
import type { KubeConnectionOptions } from '../../src/kube/options.ts';
import type { CollectOptions } from '../../src/kube/collect.ts';
import { createLogger, type Logger } from '../../src/log/logger.ts';
import type { FakeKubeApi } from '../fakes/kube-api.ts';

export interface CapturedLog {
  readonly log: Logger;
  readonly lines: () => Array<{ level: number; msg: string } & Record<string, unknown>>;
}

export function captureLog(): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level: 'debug', structured: true, destination });
  return {
    log,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { level: number; msg: string }),
  };
}

export interface RecordingSleep {
  readonly sleep: NonNullable<KubeClientDeps['sleep']>;
  readonly delays: number[];
}

export function recordingSleep(): RecordingSleep {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

export function explicitConnection(fake: FakeKubeApi, overrides: Partial<KubeConnectionOptions> = {}): KubeConnectionOptions {
  return {
    path: '',
    context: '',
    cluster: 'fake-cluster',
    clusterCert: fake.caData,
    server: fake.url,
    user: { type: 'token', clientCert: '', privateKey: '', token: fake.token },
    ...overrides,
  };
}

export function clientFor(fake: FakeKubeApi, deps: Partial<KubeClientDeps> = {}, conn: Partial<KubeConnectionOptions> = {}): Promise<KubeClient> {
  return createKubeClient(explicitConnection(fake, conn), {
    log: captureLog().log,
    env: {},
    homeDir: '/nonexistent-home',
    sleep: recordingSleep().sleep,
    random: () => 0.5,
    ...deps,
  });
}

const ALL_METADATA = { includeAnnotations: [], includeLabels: [], disable: false };

export function collectOptions(overrides: Partial<CollectOptions> = {}): CollectOptions {
  return {
    request: { requestTimeoutMs: 5_000, batchSize: 10, workerPoolSize: 4 },
    isNamespaceSelected: () => true,
    includeNames: [],
    ignoreEmpty: false,
    metadata: { nodes: ALL_METADATA, namespaces: ALL_METADATA, pods: ALL_METADATA },
    log: captureLog().log,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Requests the fake saw for one path. */
export function requestsTo(fake: FakeKubeApi, path: string): FakeKubeApi['requests'] {
  return fake.requests.filter((r) => r.path === path);
}
