/**
 * A one-shot inventory parses hundreds of MB of JSON into garbage while the data it keeps stays
 * small (35-40 MB at 150k pods). V8 then lets the heap grow to several times the live size
 * between full collections, so peak RSS is set by garbage, not by data. Letting the heap grow by
 * at most the live size keeps it near the data. Measured at 150k pods / 10,000 namespaces (CLI,
 * -o json): peak RSS 300-325 MB -> 232-235 MB for +0.35 s of CPU (50%: 215 MB, +1 s; 20%: no
 * lower, +3 s).
 *
 * V8 reads this flag at every full collection, so setting it at run time takes effect (unlike
 * --max-old-space-size, which is fixed when the heap is created).
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 100;

/** Call once, before a one-shot collection; agent mode keeps V8's defaults. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${String(HEAP_GROWING_PERCENT)}`);
}
