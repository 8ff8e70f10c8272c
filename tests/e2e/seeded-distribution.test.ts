// The default first run (`npm start`: 300 customers × 30 days, seed 1) ends with the same customers per
// segment as before re-evaluation was coalesced into larger stream batches (issue 16): coalescing makes
// the work cheaper, never the result different. The figures were recorded from the code before the
// change (commit 753ae48, `npm start -- --port 3106`, 2026-12-01): MVC 38 · MGC 15 · STANDARD 184 · BZ 63.
// Slow by nature (a whole simulated month through the stack): minutes on a quiet 2-core machine.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type RunningLocalStack } from '../../local/runtime/local-stack';
import { seedStack, type SeedOutcome } from '../../local/runtime/seed';
import { countRecords } from '../../local/runtime/summary';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const RECORDED_FOR_SEED_1 = { MVC: 38, MGC: 15, STANDARD: 184, BZ: 63 };
const MINUTES = 60_000;

// Opt-in (CRM_SLOW_E2E=1): a whole month through the stack. On the shared machine (load average 18–55)
// the month took 53 minutes before the change and was a quarter through after 30 minutes after it; a
// current before-run that did not drain printed STANDARD 185 · BZ 62 (docs/first-run.md). Run it on a
// quiet machine before trusting or changing the recorded figures (issue 16).
describe.skipIf(!process.env.CRM_SLOW_E2E)('seed 1', () => {
let stack: RunningLocalStack;
let seeded: SeedOutcome;

beforeAll(async () => {
  stack = await startLocalStack({ assemblyDir: '.local/cdk.out-e2e-seeded', apiPort: 0 });
  seeded = await seedStack(stack, { customers: 300, days: 30, seed: '1', drainTimeoutMs: 40 * MINUTES });
}, 45 * MINUTES);

afterAll(async () => {
  await stack?.stop();
});

it('assigns the seeded customers to the same segments as the code before coalescing did', async () => {
  expect(seeded.drained.idle).toBe(true);
  expect(seeded.scheduledRulesRun.length).toBeGreaterThan(0);
  const dynamoDb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.endpoints.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const counts = await countRecords({ stack, dynamoDb });
  dynamoDb.destroy();
  expect(counts.bySegment).toEqual(RECORDED_FOR_SEED_1);
});
});
