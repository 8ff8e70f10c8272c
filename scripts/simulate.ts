// npm run simulate -- --customers N --days D --seed S [--start 2026-10-01] [--target local|aws] [--bus NAME] [--dry-run]
//
// Generates a deterministic core-banking stream and puts it on the local stack's bus (default: run
// `npm start` first), or on a deployed bus with --target aws and the usual AWS credentials.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { CalendarDate } from '../shared/contracts/primitives';
import { apiComplaintFiling } from '../local/simulator/complaint-filing';
import { DEFAULT_START, LocalStackNotRunningError, type SimulateOptions, type SimulationSummary, simulate } from '../local/simulator';

export { simulate, type SimulateOptions, type SimulationSummary } from '../local/simulator';

const USAGE = `Usage: npm run simulate -- [options]

  --customers N        customers to simulate (default 300)
  --days D             days to simulate (default 30)
  --seed S             seed: same seed, same stream (default 1)
  --start YYYY-MM-DD   first simulated day (default ${DEFAULT_START})
  --target local|aws   local: the stack started by \`npm start\` (default); aws: a deployed bus
  --bus NAME           event bus (required with --target aws)
  --region REGION      AWS region for --target aws (default: from the AWS configuration)
  --concurrency C      PutEvents requests in flight (default 4)
  --via bus|fineract|camt
                       how the bank reaches the layer (local only): bus (default, contract events);
                       fineract (Fineract 1.10.1 MessageV1 to the stack's ActiveMQ, docs/fineract.md);
                       camt (bookings and balances as camt.054 per account and day and a camt.053 per
                       account in the bucket folder; customers and accounts over the bus)
  --dry-run            count the events per detail-type, send nothing
  --export FOLDER      write the stream as initial-load export files instead (customers.csv, events-*.jsonl,
                       manifest.json; docs/initial-load.md), then \`npm run load -- FOLDER\`
  --gzip               with --export: gzip the events files
  --help               this text`;

const CliOptions = z.object({
  customers: z.coerce.number().int().positive().default(300),
  days: z.coerce.number().int().positive().default(30),
  seed: z.string().min(1).default('1'),
  start: z._default(CalendarDate, DEFAULT_START),
  target: z.enum(['local', 'aws']).default('local'),
  bus: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().positive().max(64).optional(),
  dryRun: z.boolean().default(false),
  via: z.enum(['bus', 'fineract', 'camt']).default('bus'),
});

export class UsageError extends Error {}

/** The CLI's options, validated; 'help' when help was asked for. */
export function parseCliOptions(argv: string[]): SimulateOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        customers: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        target: { type: 'string' },
        bus: { type: 'string' },
        region: { type: 'string' },
        concurrency: { type: 'string' },
        via: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const parsed = CliOptions.safeParse({ ...values, dryRun: values['dry-run'] });
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  if (parsed.data.target === 'aws' && !parsed.data.bus && !parsed.data.dryRun) throw new UsageError('--target aws needs --bus NAME');
  if (parsed.data.target === 'aws' && parsed.data.via !== 'bus') throw new UsageError('--via fineract and --via camt go to the local stack only');
  return parsed.data;
}

const n = (x: number) => x.toLocaleString('en-GB');

export function formatSummary(s: SimulationSummary): string {
  const lines = [
    `Core-banking simulation: ${n(s.customers)} customers × ${n(s.days)} days from ${s.start}, seed ${s.seed}`,
    `Personas: ${Object.entries(s.personas).map(([p, c]) => `${p} ${n(c)}`).join(' · ')}`,
    'Events by detail-type:',
    ...Object.entries(s.countsByDetailType).map(([t, c]) => `  ${t.padEnd(24)}${n(c).padStart(10)}`),
    `  ${'total'.padEnd(24)}${n(s.events).padStart(10)}`,
  ];
  const d = s.delivery;
  if (s.fineract) {
    const f = s.fineract;
    lines.push(`Sent ${n(f.messages)} Fineract messages (from ${n(f.events)} events) to ActiveMQ in ${f.seconds.toFixed(1)} s.`);
    const left = Object.entries(f.notExpressible).map(([t, c]) => `${t} ${n(c)}`).join(' · ');
    if (left) lines.push(`  not sent (Fineract has no event for them): ${left}`);
  } else if (!d) lines.push('Dry run: nothing sent.');
  else {
    const rate = d.seconds > 0 ? Math.round(d.sent / d.seconds) : d.sent;
    lines.push(
      `Sent ${n(d.sent)} events to bus "${d.busName}"${d.endpoint ? ` at ${d.endpoint}` : ''} in ${d.seconds.toFixed(1)} s ` +
        `(${n(rate)} events/s, ${n(d.requests)} PutEvents requests, ${n(d.retries)} entries retried); ${n(d.failed)} failed.`,
    );
    for (const f of d.failures.slice(0, 5)) lines.push(`  failed: ${f.detailType} ${f.eventId}: ${f.errorCode} ${f.errorMessage ?? ''}`);
  }
  if (s.camt)
    lines.push(`Wrote ${n(s.camt.notifications)} camt.054 notifications and ${n(s.camt.statements)} camt.053 statements (${n(s.camt.entries)} bookings, ${n(s.camt.balances)} closing balances) to ${s.camt.folder}.`);
  if (s.complaints) lines.push(`Complaints filed through the API: ${n(s.complaints.filed)}`);
  return lines.join('\n');
}

/** Takes --export FOLDER and --gzip out of the arguments (the export writes files and sends nothing). */
function exportRequest(argv: string[]): { argv: string[]; folder?: string; gzip: boolean } {
  const rest = [...argv];
  const at = rest.indexOf('--export');
  const folder = at >= 0 ? rest.splice(at, 2)[1] : undefined;
  const gz = rest.indexOf('--gzip');
  if (gz >= 0) rest.splice(gz, 1);
  return { argv: rest, ...(folder ? { folder } : {}), gzip: gz >= 0 };
}

export async function main(rawArgv: string[]): Promise<number> {
  let options: SimulateOptions | 'help';
  const exporting = exportRequest(rawArgv);
  const argv = exporting.argv;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (exporting.folder) {
    const { writeExportFiles } = await import('../local/simulator/export-files');
    const { generateCoreBankingStream } = await import('../local/simulator/core-banking-stream');
    const written = await writeExportFiles(generateCoreBankingStream(options), { folder: exporting.folder, gzip: exporting.gzip, eventFiles: Math.max(1, Math.ceil(options.customers / 25_000)) });
    console.log(`Wrote ${n(written.customers)} customers and ${n(written.events)} events to ${exporting.folder} (${written.files.join(', ')}, manifest.json).\nLoad them into the running stack: npm run load -- ${exporting.folder}`);
    return 0;
  }
  let lastReported = 0;
  const progress = process.stderr.isTTY
    ? (p: { sent: number; failed: number }) => {
        if (p.sent + p.failed - lastReported < 5_000) return;
        lastReported = p.sent + p.failed;
        process.stderr.write(`\r  sent ${n(p.sent)} events…`);
      }
    : undefined;
  try {
    // Locally, a handful of complaints are filed through the API as customers and staff would.
    const complaints = options.target === 'local' && !options.dryRun ? apiComplaintFiling() : undefined;
    const summary = await simulate({ ...options, onProgress: progress, ...(complaints ? { complaints } : {}) });
    if (progress && lastReported > 0) process.stderr.write('\n');
    console.log(formatSummary(summary));
    return summary.delivery && summary.delivery.failed > 0 ? 1 : 0;
  } catch (error) {
    if (progress && lastReported > 0) process.stderr.write('\n');
    console.error(error instanceof LocalStackNotRunningError ? error.message : `Simulation failed: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
