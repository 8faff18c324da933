/**
 * Runs the fake API server in its own process (so it does not share a CPU with the client being
 * measured): `node test/fakes/serve-kube-api.ts --namespaces 100 --pods 10000 --nodes 20 --latency 20`.
 * Prints one JSON line `{"url":…,"token":…,"pods":…}` on stdout when ready; stops on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { startFakeKubeApi } from './kube-api.ts';

const { values } = parseArgs({
  options: {
    namespaces: { type: 'string', default: '10' },
    pods: { type: 'string', default: '1000' },
    nodes: { type: 'string', default: '10' },
    latency: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
  },
});
const namespaces = Number(values.namespaces);
const pods = Number(values.pods);
const fake = await startFakeKubeApi({ latencyMs: Number(values.latency), seed: Number(values.seed) });
for (let n = 0; n < Number(values.nodes); n += 1) fake.state.addNode(`node-${String(n).padStart(4, '0')}`);
for (let i = 0; i < namespaces; i += 1) {
  // Spread the pods evenly; the first namespaces take the remainder.
  const podCount = Math.floor(pods / namespaces) + (i < pods % namespaces ? 1 : 0);
  fake.state.addNamespace(`ns-${String(i).padStart(5, '0')}`, { podCount });
}
console.log(JSON.stringify({ url: fake.url, token: fake.token, pods: fake.state.podCount }));
const stop = (): void => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
