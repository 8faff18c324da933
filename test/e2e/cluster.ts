/**
 * Starts a real etcd and kube-apiserver on free loopback ports for the end-to-end suite, and stops
 * them again leaving nothing behind. The binaries come from scripts/e2e/install.sh (etcd from
 * Debian's etcd-server, kube-apiserver built from Debian's kubernetes source package and cached
 * outside the repository). There is no scheduler, controller-manager or kubelet: objects are
 * created and their status set through the API only.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';

export const INSTALL_HINT = 'run `bash scripts/e2e/install.sh` (as root on Debian bookworm) first';

export interface ClusterBinaries {
  readonly apiserver: string;
  readonly etcd: string;
}

/** The identities in the token file. `restricted` and `noNodes` get their RBAC from seed.ts. */
export const E2E_USERS = {
  admin: { name: 'kai-e2e-admin', groups: ['system:masters'] },
  restricted: { name: 'kai-e2e-restricted', groups: [] },
  noNodes: { name: 'kai-e2e-no-nodes', groups: [] },
} as const;
export type E2eUser = keyof typeof E2E_USERS;

/** Kubeconfig context names, one per identity. */
export const E2E_CONTEXTS: Readonly<Record<E2eUser, string>> = {
  admin: 'admin',
  restricted: 'restricted',
  noNodes: 'no-nodes',
};

export const E2E_CLUSTER_NAME = 'kai-e2e';

/** What the tests need to reach the cluster. Serializable, so globalSetup can hand it to tests. */
export interface ClusterInfo {
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly server: string;
  readonly caPath: string;
  readonly auditLogPath: string;
  readonly tokens: Readonly<Record<E2eUser, string>>;
  readonly pids: readonly number[];
}

export interface RunningCluster extends ClusterInfo {
  readonly adminToken: string;
  readonly restrictedToken: string;
  stop(): Promise<void>;
}

export interface StartClusterOptions {
  /** Progress lines (never secrets). Default: silent. */
  readonly log?: (line: string) => void;
  readonly readyTimeoutMs?: number;
}

function cacheRoot(): string {
  const explicit = process.env['KAI_E2E_CACHE'];
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = process.env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'kai-e2e');
}

function findApiserver(): string {
  const explicit = process.env['KAI_E2E_KUBE_APISERVER'];
  if (explicit !== undefined && explicit !== '') {
    if (!existsSync(explicit)) throw new Error(`KAI_E2E_KUBE_APISERVER=${explicit} does not exist; ${INSTALL_HINT}`);
    return explicit;
  }
  const root = cacheRoot();
  const candidates = existsSync(root)
    ? readdirSync(root)
        .map((version) => join(root, version))
        .filter((dir) => existsSync(join(dir, '.complete')) && existsSync(join(dir, 'kube-apiserver')))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    : [];
  const newest = candidates[0];
  if (newest === undefined) {
    throw new Error(`no cached kube-apiserver under ${root}/<version>/ (e2e prerequisites missing); ${INSTALL_HINT}`);
  }
  return join(newest, 'kube-apiserver');
}

function findEtcd(): string {
  const explicit = process.env['KAI_E2E_ETCD'];
  const candidates = [explicit, '/usr/bin/etcd', '/usr/local/bin/etcd'].filter((p): p is string => p !== undefined && p !== '');
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`etcd not found (looked at ${candidates.join(', ')}); ${INSTALL_HINT}`);
  return found;
}

/** The binaries, or a loud error telling how to get them. */
export function findBinaries(): ClusterBinaries {
  return { apiserver: findApiserver(), etcd: findEtcd() };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function token(): string {
  return randomBytes(24).toString('hex');
}

function writeTokenFile(path: string, tokens: Record<E2eUser, string>): void {
  const lines = (Object.keys(E2E_USERS) as E2eUser[]).map((user) => {
    const { name, groups } = E2E_USERS[user];
    const groupField = groups.length > 0 ? `,"${groups.join(',')}"` : '';
    return `${tokens[user]},${name},${name}${groupField}`;
  });
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/** Metadata-level audit of list/watch/get on the resources kai reads, for counting pages. */
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
    verbs: ["list", "watch", "get"]
    resources:
      - group: ""
        resources: ["pods", "namespaces", "nodes"]
  - level: None
`;

function tail(path: string, lines = 25): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * A detached `sh` that SIGKILLs `pid` and removes the temp dir once this Node process is gone, so
 * even a test runner killed with SIGKILL (a CI timeout) leaves nothing behind. stop() ends it first.
 */
function spawnWatchdog(pid: number, dir: string): ChildProcess {
  const script = 'while kill -0 "$0" 2>/dev/null && kill -0 "$1" 2>/dev/null; do sleep 1; done; '
    + 'if ! kill -0 "$0" 2>/dev/null; then kill -KILL "$1" 2>/dev/null; sleep 1; rm -rf "$2"; fi; exit 0';
  const watchdog = spawn('sh', ['-c', script, String(process.pid), String(pid), dir], { stdio: 'ignore', detached: true });
  watchdog.unref();
  return watchdog;
}

function launch(command: string, args: readonly string[], logPath: string): ChildProcess {
  const fd = openSync(logPath, 'a');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return child;
}

async function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface WaitOptions {
  readonly what: string;
  readonly child: ChildProcess;
  readonly logPath: string;
  readonly timeoutMs: number;
  readonly probe: () => Promise<boolean>;
}

async function waitFor(options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (options.child.exitCode !== null || options.child.signalCode !== null) {
      throw new Error(`${options.what} exited early (${String(options.child.exitCode ?? options.child.signalCode)}); log tail:\n${tail(options.logPath)}`);
    }
    if (await options.probe().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${options.what} not ready after ${String(options.timeoutMs)} ms; log tail:\n${tail(options.logPath)}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    resolve();
  }));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function kubeconfigYaml(info: { server: string; ca: string; tokens: Record<E2eUser, string> }): string {
  const ca = Buffer.from(info.ca).toString('base64');
  const users = (Object.keys(E2E_USERS) as E2eUser[]);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${E2E_CLUSTER_NAME}`,
    '    cluster:',
    `      server: ${info.server}`,
    `      certificate-authority-data: ${ca}`,
    'users:',
    ...users.flatMap((u) => [`  - name: ${E2E_USERS[u].name}`, '    user:', `      token: ${info.tokens[u]}`]),
    'contexts:',
    ...users.flatMap((u) => [
      `  - name: ${E2E_CONTEXTS[u]}`,
      '    context:',
      `      cluster: ${E2E_CLUSTER_NAME}`,
      `      user: ${E2E_USERS[u].name}`,
    ]),
    `current-context: ${E2E_CONTEXTS.admin}`,
    '',
  ].join('\n');
}

interface EtcdStart {
  readonly binary: string;
  readonly dir: string;
  readonly timeoutMs: number;
  /** called as soon as the process exists, so a failed start still gets cleaned up */
  readonly track: (child: ChildProcess) => void;
}

async function startEtcd(options: EtcdStart): Promise<string> {
  const { binary, dir, timeoutMs } = options;
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${String(clientPort)}`;
  const peer = `http://127.0.0.1:${String(peerPort)}`;
  const logPath = join(dir, 'etcd.log');
  const child = launch(binary, [
    '--name=kai-e2e', `--data-dir=${join(dir, 'etcd-data')}`,
    `--listen-client-urls=${url}`, `--advertise-client-urls=${url}`,
    `--listen-peer-urls=${peer}`, `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=kai-e2e=${peer}`, '--initial-cluster-state=new',
    '--logger=zap', '--log-level=warn', '--quota-backend-bytes=1073741824',
  ], logPath);
  options.track(child);
  await waitFor({
    what: 'etcd', child, logPath, timeoutMs,
    probe: async () => {
      const res = await fetch(`${url}/health`);
      const body = await res.text();
      return res.ok && body.includes('true');
    },
  });
  return url;
}

interface ApiserverFiles {
  readonly dir: string;
  readonly etcdUrl: string;
  readonly port: number;
}

function apiserverArgs(files: ApiserverFiles): string[] {
  const { dir } = files;
  return [
    `--etcd-servers=${files.etcdUrl}`,
    '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1',
    '--endpoint-reconciler-type=none',
    `--secure-port=${String(files.port)}`, '--insecure-port=0',
    `--cert-dir=${join(dir, 'certs')}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${join(dir, 'sa.key')}`,
    `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    '--service-cluster-ip-range=10.96.0.0/16',
    '--disable-admission-plugins=ServiceAccount',
    `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
    `--audit-log-path=${join(dir, 'audit.log')}`,
    '--audit-log-mode=blocking',
    '--v=1',
  ];
}

/**
 * Starts etcd and kube-apiserver, waits for /readyz, writes a kubeconfig with one context per
 * identity (admin, restricted, no-nodes). Throws (after cleaning up) if anything fails.
 */
export async function startCluster(options: StartClusterOptions = {}): Promise<RunningCluster> {
  const log = options.log ?? ((): void => undefined);
  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  const binaries = findBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'kai-e2e-'));
  const children: ChildProcess[] = [];
  const watchdogs: ChildProcess[] = [];
  const track = (child: ChildProcess): void => {
    children.push(child);
    if (child.pid !== undefined) watchdogs.push(spawnWatchdog(child.pid, dir));
  };
  const killAll = (): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const stop = async (): Promise<void> => {
    for (const w of watchdogs) w.kill('SIGKILL');
    for (const c of [...children].reverse()) await stopChild(c);
    process.removeListener('exit', killAll);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('openssl', ['genrsa', '-out', join(dir, 'sa.key'), '2048'], { stdio: 'pipe' });
    const tokens: Record<E2eUser, string> = { admin: token(), restricted: token(), noNodes: token() };
    writeTokenFile(join(dir, 'tokens.csv'), tokens);
    writeFileSync(join(dir, 'audit-policy.yaml'), AUDIT_POLICY);

    log(`starting etcd (${binaries.etcd})`);
    const etcdUrl = await startEtcd({ binary: binaries.etcd, dir, timeoutMs, track });

    const port = await freePort();
    const server = `https://127.0.0.1:${String(port)}`;
    log(`starting kube-apiserver (${binaries.apiserver}) on ${server}`);
    const logPath = join(dir, 'kube-apiserver.log');
    const apiserver = launch(binaries.apiserver, apiserverArgs({ dir, etcdUrl, port }), logPath);
    track(apiserver);
    const caPath = join(dir, 'certs', 'apiserver.crt');
    await waitFor({
      what: 'kube-apiserver', child: apiserver, logPath, timeoutMs,
      probe: async () => {
        if (!existsSync(caPath)) return false;
        const dispatcher = new Agent({ connect: { ca: readFileSync(caPath) } });
        try {
          const res = await fetch(`${server}/readyz`, { dispatcher, headers: { authorization: `Bearer ${tokens.admin}` } });
          await res.text();
          return res.status === 200;
        } finally {
          await dispatcher.close();
        }
      },
    });
    const kubeconfigPath = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfigPath, kubeconfigYaml({ server, ca: readFileSync(caPath, 'utf8'), tokens }), { mode: 0o600 });
    log(`cluster ready: KUBECONFIG=${kubeconfigPath}`);
    return {
      dir, kubeconfigPath, server, caPath,
      auditLogPath: join(dir, 'audit.log'),
      tokens, adminToken: tokens.admin, restrictedToken: tokens.restricted,
      pids: children.map((c) => c.pid).filter((pid): pid is number => pid !== undefined),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** True while a process with this PID exists (used to prove teardown left nothing behind). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
