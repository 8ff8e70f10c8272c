// npm run drop -- <file> [--bucket <name or construct path part>] [--key <key>]
//
// Puts a file into a bucket of the stack that `npm start` runs (found in .local/endpoints.json); the
// bucket's notification announces it, once, as S3 would.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DropError, dropFile } from '../local/s3/drop-file';
import { ENDPOINTS_FILE } from '../local/runtime/endpoints-file';
import type { LocalEndpoints } from '../local/runtime/local-stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const USAGE = `Usage: npm run drop -- <file> [--bucket <name or construct path part>] [--key <key>]
  --bucket B     the bucket: its name, construct path or a part of it (default: the bucket with notifications)
  --key K        the object key (default: the file's name, under the notification's prefix)
  --endpoints F  the running stack's endpoints file (default ${ENDPOINTS_FILE})`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { bucket: { type: 'string' }, key: { type: 'string' }, endpoints: { type: 'string', default: ENDPOINTS_FILE }, help: { type: 'boolean', default: false } },
});
if (values.help || positionals.length !== 1) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

let endpoints: LocalEndpoints;
try {
  endpoints = JSON.parse(readFileSync(values.endpoints!, 'utf8')) as LocalEndpoints;
} catch {
  console.error(`No running stack: ${values.endpoints} is missing. Start one with \`npm start\` first.`);
  process.exit(1);
}

try {
  const dropped = await dropFile(endpoints, { file: positionals[0]!, bucket: values.bucket, key: values.key });
  console.log(`Put ${positionals[0]} as s3://${dropped.bucket}/${dropped.key} (${dropped.size.toLocaleString('en-US')} bytes, ETag ${dropped.etag}${dropped.versionId ? `, version ${dropped.versionId}` : ''})`);
  console.log(dropped.notifiedQueues.length ? `Announced to ${dropped.notifiedQueues.join(', ')}` : 'No notification configuration of that bucket takes this key: nothing was announced.');
} catch (error) {
  const message = error instanceof DropError ? error.message : `the local S3 refused it: ${(error as Error).name}: ${(error as Error).message}`;
  console.error(`npm run drop failed: ${message}`);
  process.exit(1);
}
