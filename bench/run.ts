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
  'initial-load': () => import('./initial-load'),
};

const only = process.argv.slice(2);
for (const [name, load] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  const { default: bench } = await load();
  await bench();
}
export {};
