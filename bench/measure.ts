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

/**
 * Sends `perSeries` calls of each series at `ratePerSecond` overall, round robin. Latency counts from each
 * call's scheduled start, so a slow answer cannot hide the queueing it causes (no coordinated omission).
 */
export async function atFixedRate<K extends string>(
  series: Record<K, (i: number) => Promise<void>>,
  perSeries: number,
  ratePerSecond: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(series) as K[];
  const interval = 1000 / ratePerSecond;
  const latencies = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 20;
  for (let tick = 0; tick < perSeries * names.length; tick++) {
    const due = start + tick * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const name = names[tick % names.length]!;
    inFlight.push(series[name](Math.floor(tick / names.length)).then(() => void latencies[name].push(performance.now() - due)));
  }
  await Promise.all(inFlight);
  return latencies;
}

/**
 * Drops what is written to stdout until the returned function restores it: the functions under test log a
 * line per request, as in Lambda, which would bury the figures.
 */
export function discardFunctionLogs(): () => void {
  const write = process.stdout.write;
  process.stdout.write = ((_chunk: unknown, ...rest: unknown[]) => {
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}
