// Small measuring tools shared by the benchmarks. Figures on a shared 2-core machine are noisy, so
// every benchmark compares against a baseline measured in the same run and reports the ratio.

export const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
export const median = (values: number[]) => percentile(values, 50);

/** Run `task(i)` for i in [0, count) with at most `concurrency` in flight; returns elapsed ms. */
export async function runWithConcurrency(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return performance.now() - started;
}

export type Row = { measure: string; value: string; baseline?: string; ratio?: string; target?: string };

export function printTable(title: string, rows: Row[]) {
  const headers: (keyof Row)[] = ['measure', 'value', 'baseline', 'ratio', 'target'];
  const width = (h: keyof Row) => Math.max(h.length, ...rows.map((r) => (r[h] ?? '').length));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(headers.map((h) => h.padEnd(width(h)))));
  console.log(line(headers.map((h) => '-'.repeat(width(h)))));
  for (const r of rows) console.log(line(headers.map((h) => (r[h] ?? '').padEnd(width(h)))));
}

export const fmt = (n: number, digits = 1) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
