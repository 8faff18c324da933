/**
 * Is kai's `-o json` output right? The expected report is computed from what the simulated cluster
 * generated, by the simple path: every pod's JSON → toPodView → the pure image rules and report
 * builder with default settings. The fast path (pagination, concurrency, streaming) must give the
 * same `results`, namespace by namespace and image by image.
 */
import { isDeepStrictEqual } from 'node:util';
import { defaultConfig } from '../src/config/build.ts';
import { toImageRuleOptions } from '../src/config/slices.ts';
import { extractImages } from '../src/inventory/containers.ts';
import { buildImagesByNamespace } from '../src/inventory/images-report.ts';
import type { PodView } from '../src/inventory/model.ts';
import type { NamespaceImages } from '../src/inventory/report-types.ts';
import { toPodView } from '../src/kube/views.ts';
import type { SimCluster } from './sim-cluster.ts';

export interface OutputCheck {
  readonly isCorrect: boolean;
  /** What differs, or a one-line summary of what matched. */
  readonly detail: string;
  readonly namespaces: number;
  /** Image entries over all namespaces (an image counts once per namespace). */
  readonly imageEntries: number;
  readonly distinctTags: number;
}

/** The `results` of the images-by-namespace report for the cluster as it is now. */
export function expectedResults(cluster: SimCluster): NamespaceImages[] {
  const variantViews = cluster.templates.map((t) => toPodView(t.raw));
  const changed = new Map(cluster.changedPods().map((p) => [`${p.nsIndex}/${p.podIndex}`, toPodView(p.raw)]));
  const pods: PodView[] = [];
  cluster.namespaceNames.forEach((namespace, nsIndex) => {
    const seen = new Set<number>();
    for (let podIndex = 0; podIndex < cluster.podCount(nsIndex); podIndex += 1) {
      const override = changed.get(`${nsIndex}/${podIndex}`);
      if (override !== undefined) {
        pods.push(override);
        continue;
      }
      // Pods of one variant give the same images: one view per (namespace, variant) is enough.
      const variant = cluster.variantOf(nsIndex, podIndex);
      const view = variantViews[variant];
      if (seen.has(variant) || view === undefined) continue;
      seen.add(variant);
      pods.push({ ...view, namespace });
    }
  });
  const records = extractImages(pods, toImageRuleOptions(defaultConfig()));
  const snapshot = { clusterName: 'sim', serverVersion: null, namespaces: [], nodes: [], pods };
  return [...buildImagesByNamespace({ snapshot, records, timestamp: '', namespaces: cluster.namespaceNames }).results];
}

function summarize(results: readonly NamespaceImages[]): Pick<OutputCheck, 'namespaces' | 'imageEntries' | 'distinctTags'> {
  const tags = new Set<string>();
  let imageEntries = 0;
  for (const ns of results) {
    imageEntries += ns.images.length;
    for (const image of ns.images) tags.add(image.tag);
  }
  return { namespaces: results.length, imageEntries, distinctTags: tags.size };
}

function firstDifference(actual: readonly NamespaceImages[], expected: readonly NamespaceImages[]): string {
  if (actual.length !== expected.length) return `${actual.length} namespaces in the output, ${expected.length} expected`;
  const index = expected.findIndex((ns, i) => !isDeepStrictEqual(ns, actual[i]));
  const want = expected[index];
  const got = actual[index];
  return `namespace #${index} differs: expected ${JSON.stringify(want).slice(0, 300)}, got ${JSON.stringify(got).slice(0, 300)}`;
}

function parseResults(stdout: string): NamespaceImages[] | string {
  try {
    const report = JSON.parse(stdout) as { results?: unknown };
    return Array.isArray(report.results) ? (report.results as NamespaceImages[]) : 'the output has no "results" array';
  } catch (error) {
    return `the output is not JSON (${(error as Error).message.slice(0, 120)}; ${stdout.length} bytes)`;
  }
}

/** Compares kai's stdout with the expected report of `cluster`. */
export function checkKaiOutput(stdout: string, expected: readonly NamespaceImages[]): OutputCheck {
  const parsed = parseResults(stdout);
  if (typeof parsed === 'string') return { isCorrect: false, detail: parsed, namespaces: 0, imageEntries: 0, distinctTags: 0 };
  const counts = summarize(parsed);
  if (isDeepStrictEqual(parsed, expected)) {
    return { isCorrect: true, detail: `${counts.namespaces} namespaces, ${counts.imageEntries} image entries, ${counts.distinctTags} distinct tags: as generated`, ...counts };
  }
  return { isCorrect: false, detail: firstDifference(parsed, expected), ...counts };
}
