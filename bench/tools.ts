/**
 * The three commands the benchmark compares, all run as child processes against the same simulated
 * API server: kai (the built CLI), the floor (bench/floor.ts) and `kubectl get pods -A -o json`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SimServer } from './sim-server.ts';

export const TOOLS = ['floor', 'kai', 'kubectl'] as const;
export type ToolName = (typeof TOOLS)[number];

export const REPO_ROOT = resolve(import.meta.dirname, '..');

/** A command line for measureCommand. */
export interface ToolCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly captureStdout: boolean;
}

/** A private HOME with a kubeconfig and CA file for one simulated server. */
export interface BenchWorkspace {
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly caPath: string;
  remove(): void;
}

export function createWorkspace(sim: SimServer): BenchWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'kai-bench-'));
  const caPath = join(dir, 'ca.pem');
  const kubeconfigPath = join(dir, 'kubeconfig.yaml');
  writeFileSync(caPath, sim.caPem);
  const ca = sim.caPem === '' ? '' : `\n    certificate-authority-data: ${Buffer.from(sim.caPem).toString('base64')}`;
  writeFileSync(kubeconfigPath, [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: sim',
    '  cluster:',
    `    server: ${sim.url}${ca}`,
    'contexts:',
    '- name: sim',
    '  context: {cluster: sim, user: bench}',
    'current-context: sim',
    'users:',
    '- name: bench',
    `  user: {token: ${sim.token}}`,
    '',
  ].join('\n'), { mode: 0o600 });
  return { dir, kubeconfigPath, caPath, remove: () => { rmSync(dir, { recursive: true, force: true }); } };
}

/** Only what the tools need: nothing from the caller's kubeconfig, kai config or proxies leaks in. */
function baseEnv(ws: BenchWorkspace): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: ws.dir, KUBECONFIG: ws.kubeconfigPath, LANG: 'C.UTF-8' };
}

export interface ToolArgs {
  readonly ws: BenchWorkspace;
  /** The CLI to run (a snapshotKaiBuild copy). */
  readonly kaiBin: string;
  readonly sim: SimServer;
  /** Extra kai flags, e.g. `--request-batch-size 500`. */
  readonly kaiArgs: readonly string[];
  /** Extra node flags for kai, e.g. `--cpu-prof`. */
  readonly nodeArgs: readonly string[];
}

export function toolCommand(tool: ToolName, args: ToolArgs): ToolCommand {
  const env = baseEnv(args.ws);
  switch (tool) {
    case 'kai':
      return {
        command: process.execPath,
        args: [...args.nodeArgs, args.kaiBin, '-o', 'json', '-q', '--kubeconfig', args.ws.kubeconfigPath, ...args.kaiArgs],
        env: { ...env, KAI_CHECK_FOR_APP_UPDATE: 'false' },
        captureStdout: true,
      };
    case 'floor':
      return {
        command: process.execPath,
        args: [join(REPO_ROOT, 'bench/floor.ts'), '500'],
        env: { ...env, KAI_BENCH_URL: args.sim.url, KAI_BENCH_TOKEN: args.sim.token, NODE_EXTRA_CA_CERTS: args.ws.caPath },
        captureStdout: true,
      };
    case 'kubectl':
      // Its output (the whole pod list, 600 MB at 150k pods) goes to /dev/null: only the fetch counts.
      return { command: 'kubectl', args: ['get', 'pods', '-A', '-o', 'json', '--kubeconfig', args.ws.kubeconfigPath], env, captureStdout: false };
  }
}

/** kubectl's version line, or undefined when it is not installed (`apt-get install kubectl`). */
export function findKubectl(): string | undefined {
  const result = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error !== undefined || result.status !== 0) return undefined;
  return result.stdout.split('\n')[0]?.replace(/^Client Version:\s*/, '').trim();
}

export interface KaiSnapshot {
  /** bin/kai.js of the copy, or undefined when kai is not built. */
  readonly bin: string | undefined;
  remove(): void;
}

/**
 * A private copy of the built CLI (bin/, dist/, package.json; node_modules linked): other people
 * rebuild dist/ while a long benchmark runs, and a half-written bundle must not be what is measured.
 */
export function snapshotKaiBuild(): KaiSnapshot {
  if (!existsSync(join(REPO_ROOT, 'dist/kai.mjs'))) return { bin: undefined, remove: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'kai-bench-build-'));
  cpSync(join(REPO_ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(REPO_ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { bin: join(dir, 'bin/kai.js'), remove: () => { rmSync(dir, { recursive: true, force: true }); } };
}
