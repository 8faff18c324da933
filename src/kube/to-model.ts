/**
 * Raw API JSON and saved pod lists → the small views of src/inventory/model.ts (see views.ts and
 * parse-pod-list.ts), plus the compiled metadata filters the views are built with.
 */
export { createInterner, toPodView, toNamespaceView, toNodeView, type Intern } from './views.ts';
export { parsePodList } from './parse-pod-list.ts';
export { compileMetadataFilter, KEEP_ALL_METADATA, KEEP_NO_METADATA, type CompiledMetadataFilter } from './metadata-filter.ts';
