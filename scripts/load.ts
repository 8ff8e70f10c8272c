// npm run load -- <folder or manifest> [--load-id ID] [--endpoints .local/endpoints.json]
//
// Loads export files into the stack that `npm start` runs: uploads the folder's files (or the files a
// manifest names) into the load bucket through the local S3 endpoint, starts a load with
// POST /admin/loads (as an admin, with a local token), prints a progress bar from GET /admin/loads/{id}
// and exits when the load has completed — 0, or 1 if it failed (with the reason) or could not be started
// or followed.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { localTokens } from '../local/apigateway/local-tokens';
import { ENDPOINTS_FILE } from '../local/runtime/endpoints-file';
import type { LocalEndpoints } from '../local/runtime/local-stack';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/services/dynamodb-local';
import { LoadManifest } from '../shared/initial-load/domain/manifest';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const USAGE = 'Usage: npm run load -- <folder or manifest.json> [--load-id ID] [--endpoints .local/endpoints.json]';
const fail = (message: string, code = 1): never => {
  console.error(message);
  process.exit(code);
};

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'load-id': { type: 'string' }, endpoints: { type: 'string', default: ENDPOINTS_FILE }, help: { type: 'boolean' } } });
if (values.help || positionals.length !== 1) fail(USAGE, values.help ? 0 : 2);
const target = positionals[0]!;
if (!existsSync(target)) fail(`${target}: no such file or folder`);
if (!existsSync(values.endpoints!)) fail(`No running stack: ${values.endpoints} is missing. Start one with \`npm start\` first.`);
const endpoints = JSON.parse(readFileSync(values.endpoints!, 'utf8')) as LocalEndpoints;
const bucket = Object.entries(endpoints.buckets ?? {}).find(([path]) => path.includes('InitialLoad'))?.[1];
if (!endpoints.s3 || !endpoints.api || !bucket) fail('The running stack has no load bucket or no API: restart it with `npm start` from this branch.');

const isExport = (name: string) => /\.(jsonl|ndjson|csv)(\.gz)?$/i.test(name);
const walk = async (dir: string): Promise<string[]> =>
  (await Promise.all((await readdir(dir, { withFileTypes: true })).map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])))).flat();

// What to upload: the manifest and the files it names (a folder without a manifest gets one of its exports).
const folder = statSync(target).isDirectory() ? target : dirname(target);
const manifestPath = statSync(target).isDirectory() ? join(folder, 'manifest.json') : target;
let manifestText: string;
if (existsSync(manifestPath)) manifestText = readFileSync(manifestPath, 'utf8');
else manifestText = JSON.stringify({ files: (await walk(folder)).filter(isExport).map((f) => ({ key: relative(folder, f).split('\\').join('/') })) });
const manifest = LoadManifest.safeParse(JSON.parse(manifestText));
if (!manifest.success) fail(`${manifestPath}: not a load manifest (${manifest.error.issues.map((i) => i.path.join('.')).join(', ')})`);

const prefix = `exports/${basename(folder)}-${new Date().toISOString().replace(/[:.]/g, '-')}/`;
const s3 = new S3Client({ endpoint: endpoints.s3, region: endpoints.region ?? LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
let uploaded = 0;
for (const f of manifest.data!.files) {
  const path = join(folder, f.key);
  if (!existsSync(path)) fail(`${path}: named by the manifest but not there`);
  const size = statSync(path).size;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + f.key, Body: createReadStream(path), ContentLength: size }));
  uploaded += size;
}
await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}manifest.json`, Body: manifestText, ContentType: 'application/json' }));
console.log(`Uploaded ${manifest.data!.files.length} file(s), ${(uploaded / 1e6).toFixed(1)} MB, to s3://${bucket}/${prefix}`);

const token = localTokens().mint({ groups: ['admin'], ttlSeconds: 6 * 3600 });
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${endpoints.api!.replace(/\/$/, '')}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, any>;
  if (res.status >= 300) fail(`${method} ${path}: ${res.status} ${json.title ?? ''} ${json.detail ?? ''} ${JSON.stringify(json.errors ?? '')}`);
  return json;
};

const started = await call('POST', '/admin/loads', { manifestKey: `${prefix}manifest.json`, ...(values['load-id'] ? { loadId: values['load-id'] } : {}) });
console.log(`Load ${started.loadId}: ${started.ranges.total} range(s) queued`);
const bar = (done: number, total: number, width = 30) => {
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
};
for (;;) {
  const p = await call('GET', `/admin/loads/${started.loadId}`);
  const eta = p.estimatedSecondsLeft === null ? '?' : `${p.estimatedSecondsLeft}s`;
  process.stdout.write(
    `\r${bar(p.bytes.done, p.bytes.total)} ${p.state.padEnd(9)} files ${p.files.done}/${p.files.total}  lines ${p.lines.done.toLocaleString('en-GB')}  rejected ${p.lines.rejected}  ${p.linesPerSecond}/s  left ${eta}   `,
  );
  if (p.state === 'COMPLETED') {
    console.log(`\nCompleted. Recalibration ${p.recalibrationRunId}: GET /admin/segmentation-recalibrations/${p.recalibrationRunId}`);
    if (p.lines.rejected) console.log(`${p.lines.rejected} line(s) rejected: s3://${bucket}/${p.rejectedLinesReport}`);
    break;
  }
  if (p.state === 'FAILED') {
    console.error(`\nFailed: ${p.failure?.reason ?? 'no reason recorded'}`);
    if (p.rejectedLinesReport) console.error(`Rejected lines so far: s3://${bucket}/${p.rejectedLinesReport}`);
    console.error(`Fix the cause (the files are under s3://${bucket}/${prefix}), then resume it: POST /admin/loads {"manifestKey": "${prefix}manifest.json", "loadId": "${started.loadId}"}`);
    s3.destroy();
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 1000));
}
s3.destroy();
