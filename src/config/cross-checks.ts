/**
 * Rules that involve more than one key, or the files a key names. They run on values that passed
 * their own kind checks; none of them echoes a secret.
 */
import { open, readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { ConfigProblem } from '../errors.ts';
import { describeValue } from './describe.ts';
import { describeFsError } from './files.ts';

export interface CheckInput {
  readonly values: ReadonlyMap<string, unknown>;
  readonly cwd: string;
}

const text = (values: ReadonlyMap<string, unknown>, path: string): string => {
  const value = values.get(path);
  return typeof value === 'string' ? value : '';
};

function checkAnchoreCredentials(values: ReadonlyMap<string, unknown>): ConfigProblem[] {
  if (text(values, 'anchore.url') === '') return [];
  return [
    ...(text(values, 'anchore.user') === '' ? [{ path: 'anchore.user', message: 'required when anchore.url is set; set it in the config file or KAI_ANCHORE_USER' }] : []),
    ...(text(values, 'anchore.password') === '' ? [{ path: 'anchore.password', message: 'required when anchore.url is set; set KAI_ANCHORE_PASSWORD (or anchore.password in the config file)' }] : []),
  ];
}

function checkKubeUser(values: ReadonlyMap<string, unknown>): ConfigProblem[] {
  const required = (path: string, type: string): ConfigProblem[] =>
    text(values, path) === '' ? [{ path, message: `required when kubeconfig.user.type is ${type}` }] : [];
  switch (text(values, 'kubeconfig.user.type')) {
    case 'token':
      return required('kubeconfig.user.token', 'token');
    case 'private_key':
      return [...required('kubeconfig.user.client-cert', 'private_key'), ...required('kubeconfig.user.private-key', 'private_key')];
    default:
      return [];
  }
}

const BASE64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

/** Values the Go agent base64-decodes: a PEM block of `label` must be inside. */
function checkBase64Pem(values: ReadonlyMap<string, unknown>, at: { path: string; label: RegExp; what: string }): ConfigProblem[] {
  const value = text(values, at.path);
  if (value === '') return [];
  const decoded = BASE64.test(value) ? Buffer.from(value, 'base64').toString('latin1') : '';
  if (at.label.test(decoded)) return [];
  return [{ path: at.path, message: `expected base64-encoded PEM ${at.what} (as in a kubeconfig's *-data fields); encode it with "base64 -w0 FILE"` }];
}

function checkRegistryOverride(values: ReadonlyMap<string, unknown>): ConfigProblem[] {
  const value = text(values, 'missing-registry-override');
  if (value === '' || !/:\/\/|\s/.test(value)) return [];
  return [{ path: 'missing-registry-override', message: `expected a registry host such as "registry.example.com:5000" (no scheme, no spaces), got ${describeValue(value)}` }];
}

async function readable(path: string, cwd: string): Promise<{ text: string } | { reason: string }> {
  try {
    return { text: await readFile(isAbsolute(path) ? path : resolve(cwd, path), 'latin1') };
  } catch (error: unknown) {
    return { reason: describeFsError(error) };
  }
}

async function checkFile(input: CheckInput, at: { path: string; skip: readonly string[]; pem?: boolean }): Promise<ConfigProblem[]> {
  const file = text(input.values, at.path);
  if (file === '' || at.skip.includes(file)) return [];
  const read = await readable(file, input.cwd);
  if ('reason' in read) return [{ path: at.path, message: `cannot read ${JSON.stringify(file)}: ${read.reason}; fix the path or the file's permissions` }];
  if (at.pem === true && !read.text.includes('-----BEGIN CERTIFICATE-----')) {
    return [{ path: at.path, message: `${JSON.stringify(file)} is not a PEM certificate bundle (no "-----BEGIN CERTIFICATE-----" line)` }];
  }
  return [];
}

/** `log.file` must be writable before the run starts: a lost log, or a crash mid-run, is worse. */
async function checkWritable(input: CheckInput, path: string): Promise<ConfigProblem[]> {
  const file = text(input.values, path);
  if (file === '') return [];
  try {
    // Opening for append creates the file, which the run would do anyway.
    const handle = await open(isAbsolute(file) ? file : resolve(input.cwd, file), 'a');
    await handle.close();
    return [];
  } catch (error: unknown) {
    return [{ path, message: `cannot write ${JSON.stringify(file)}: ${describeFsError(error)}; fix the path or create the directory` }];
  }
}

export async function crossCheck(input: CheckInput): Promise<ConfigProblem[]> {
  const { values } = input;
  const files = await Promise.all([
    checkWritable(input, 'log.file'),
    checkFile(input, { path: 'kubeconfig.path', skip: ['use-in-cluster'] }),
    checkFile(input, { path: 'input', skip: ['-'] }),
    checkFile(input, { path: 'anchore.http.ca-cert', skip: [], pem: true }),
  ]);
  return [
    ...checkAnchoreCredentials(values),
    ...checkKubeUser(values),
    ...checkBase64Pem(values, { path: 'kubeconfig.cluster-cert', label: /-----BEGIN CERTIFICATE-----/, what: 'CA certificate bundle' }),
    ...checkBase64Pem(values, { path: 'kubeconfig.user.client-cert', label: /-----BEGIN CERTIFICATE-----/, what: 'client certificate' }),
    ...checkBase64Pem(values, { path: 'kubeconfig.user.private-key', label: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'private key' }),
    ...checkRegistryOverride(values),
    ...files.flat(),
  ];
}
