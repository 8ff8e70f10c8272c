// `npm run bench`: every benchmark in turn (or those named: `npm run bench -- ingest`). Each starts
// what it needs, measures against a baseline in the same run, prints a table and stops what it started.
const benches: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  ingest: () => import('./ingest'),
  bundles: () => import('./bundles'),
  api: () => import('./api'),
  segmentation: () => import('./segmentation'),
  complaints: () => import('./complaints'),
  'local-stack': () => import('./local-stack'),
  s3: () => import('./s3'),
  iso20022: () => import('./iso20022'),
  'event-cost': () => import('./event-cost'),
  'first-run': () => import('./first-run'),
  'dynamodb-jvm': () => import('./dynamodb-jvm'),
  'initial-load': () => import('./initial-load'),
  fineract: () => import('./fineract'),
};

// Names pick benchmarks; anything else (--runs 3) is left for the benchmarks to read.
const only = process.argv.slice(2).filter((a) => a in benches);
for (const [name, load] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  const { default: bench } = await load();
  await bench();
}
export {};
