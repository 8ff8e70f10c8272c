// What `npm start` prints once the stack is seeded: where the API is and how to call it, what the
// customer records hold, the segment distribution and the complaint queues (once those capabilities
// have stored anything), and what sits in dead-letter queues. Each part is a section provider: a
// capability with something to show adds its provider to `summarySections`.
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localTokens } from '../apigateway';
import type { RunningLocalStack } from './local-stack';
import { constructPath } from './template';
import { TOKENS_FILE, writeTokensFile } from './tokens-file';
import { COMPLAINT_QUEUES } from '../../shared/domain/complaints/categories';

export type SummaryContext = { stack: RunningLocalStack; dynamoDb: DynamoDBClient };
export type SummarySection = { title: string; lines: string[] };
export type SummaryProvider = (context: SummaryContext, found: RecordCounts) => Promise<SummarySection | undefined>;

/** Items of the customer-records table by kind (the part of the sort key before '#'), current segment
 * assignments by segment, and a customer to show. */
export type RecordCounts = { table?: string; byKind: Record<string, number>; bySegment: Record<string, number>; exampleCustomerId?: string };

const KIND_LABELS: [kind: string, label: string][] = [
  ['PROFILE', 'customers'],
  ['ACCOUNT', 'accounts'],
  ['TL', 'timeline entries'],
  ['BAL', 'daily balances'],
  ['LOAN', 'loan status changes'],
];

const number = (n: number) => n.toLocaleString('en-US');

/** One pass over the customer-records table (the one keyed PK/SK), counting item kinds. */
export async function countRecords({ stack, dynamoDb }: SummaryContext): Promise<RecordCounts> {
  const table = stack.tables.find((t) => t.input.KeySchema?.some((k) => k.AttributeName === 'PK'))?.input.TableName;
  const byKind: Record<string, number> = {};
  const bySegment: Record<string, number> = {};
  if (!table) return { byKind, bySegment };
  let exampleCustomerId: string | undefined;
  // A parallel scan: DynamoDB Local answers segments concurrently, which halves the wait on 40k items.
  const segments = 4;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, never> | undefined;
      do {
        const page = await dynamoDb.send(
          new ScanCommand({
            TableName: table,
            // SEGMENT is a reserved word; the current assignment (SK SEGMENT) carries its segment here.
            ProjectionExpression: 'PK, SK, #segment',
            ExpressionAttributeNames: { '#segment': 'segment' },
            ExclusiveStartKey: start,
            Segment: segment,
            TotalSegments: segments,
          }),
        );
        for (const item of page.Items ?? []) {
          const sk = item.SK?.S ?? '';
          const kind = sk.split('#')[0]!;
          byKind[kind] = (byKind[kind] ?? 0) + 1;
          const assigned = item.segment?.S;
          if (sk === 'SEGMENT' && assigned) bySegment[assigned] = (bySegment[assigned] ?? 0) + 1;
          if (kind === 'PROFILE' && (!exampleCustomerId || item.PK!.S! < `CUSTOMER#${exampleCustomerId}`)) exampleCustomerId = item.PK?.S?.replace(/^CUSTOMER#/, '');
        }
        start = page.LastEvaluatedKey as typeof start;
      } while (start);
    }),
  );
  return { table, byKind, bySegment, exampleCustomerId };
}

/** A break-glass reason, percent-encoded as the header carries it (docs/data-protection.md). */
const DEMO_REASON = 'local%20demonstration%20of%20the%20stack';

const apiSection: SummaryProvider = async ({ stack }, counts) => {
  if (!stack.api) return { title: 'REST API', lines: ['The stack declares no REST API yet.'] };
  const base = stack.api.url;
  const customerId = counts.exampleCustomerId ?? 'C-000001';
  const localTokenMinter = localTokens();
  // A few ready-to-run reads; every route is in the OpenAPI document.
  const routes = stack.api.routes.filter((r) => r.method !== 'ANY' && r.method !== 'OPTIONS');
  const has = (method: string, path: string) => routes.some((r) => r.method === method && r.resourcePath === path);
  const curl = (token: string, path: string, breakGlass = false) =>
    `  curl -s -H "Authorization: Bearer $${token}"${breakGlass ? ` -H 'X-Break-Glass-Reason: ${DEMO_REASON}'` : ''} '${base}${path}'`;
  const customerReads = routes
    .filter((r) => r.method === 'GET' && r.resourcePath.startsWith('/customers/{customerId}') && !/\{(?!customerId\})/.test(r.resourcePath))
    .slice(0, 3)
    // The local relationship manager has no portfolio: need-to-know lets it in with a stated reason.
    .map((r) => curl('TOKEN', r.resourcePath.replace('{customerId}', customerId), true));
  // The tokens go to a file the user sources: 800-character lines would bury the summary.
  const tokens: Record<string, string> = { TOKEN: localTokenMinter.mint({ groups: ['relationship-manager'] }) };
  if (has('GET', '/me')) tokens.CUSTOMER_TOKEN = localTokenMinter.mint({ groups: ['customer'], customerId });
  if (has('GET', '/queues/{queue}/complaints')) {
    tokens.HANDLER_TOKEN = localTokenMinter.mint({ groups: ['complaint-handler'], claims: { 'custom:complaintQueues': COMPLAINT_QUEUES.join(',') } });
  }
  writeTokensFile(tokens);
  return {
    title: `REST API ${base}`,
    lines: [
      `${routes.length} routes${has('GET', '/openapi.json') ? `, described at ${base}/openapi.json` : ''}.`,
      `source ${TOKENS_FILE}   # TOKEN (relationship manager)${tokens.CUSTOMER_TOKEN ? `, CUSTOMER_TOKEN (${customerId})` : ''}${tokens.HANDLER_TOKEN ? ', HANDLER_TOKEN (complaint handler)' : ''}; valid 1 h, \`npm run token\` mints others`,
      ...customerReads,
      ...(has('GET', '/segments/{segment}/customers') ? [`${curl('TOKEN', '/segments/MVC/customers?limit=5', true)}   # every branch`] : []),
      ...(has('GET', '/me') ? [curl('CUSTOMER_TOKEN', '/me')] : []),
      ...(has('GET', '/queues/{queue}/complaints') ? [curl('HANDLER_TOKEN', '/queues/DISPUTES/complaints')] : []),
    ],
  };
};

const recordsSection: SummaryProvider = async (_context, counts) => {
  if (!counts.table) return undefined;
  const known = new Set(KIND_LABELS.map(([kind]) => kind));
  const others = Object.entries(counts.byKind).filter(([kind]) => !known.has(kind));
  return {
    title: `Customer records (${counts.table})`,
    lines: [
      KIND_LABELS.map(([kind, label]) => `${label} ${number(counts.byKind[kind] ?? 0)}`).join(' · '),
      ...(others.length ? [others.map(([kind, n]) => `${kind} ${number(n)}`).join(' · ')] : []),
    ],
  };
};

const deadLetterSection: SummaryProvider = async ({ stack }) => {
  const depths = await stack.queueDepths();
  const lines = stack.deadLetterQueues.map((dlq) => {
    const depth = depths.find((d) => d.queue === dlq)!.depth;
    const key = constructPath({ logicalId: dlq.logicalId, resource: stack.stack.template.Resources![dlq.logicalId]! });
    return `${key}: ${number(depth.visible + depth.inFlight)} message(s)`;
  });
  if (lines.length === 0) return undefined;
  return { title: 'Dead-letter queues (each message carries its rejection reason; redrive once fixed)', lines };
};

// Customers per value segment, from the current assignments (SK SEGMENT) segmentation keeps. Nothing
// is printed while no customer has been segmented (segmentation runs on the table's stream).
const segmentSection: SummaryProvider = async (_context, counts) => {
  const total = Object.values(counts.bySegment).reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const order = ['MVC', 'MGC', 'STANDARD', 'BZ'];
  const rank = (segment: string) => (order.includes(segment) ? order.indexOf(segment) : order.length);
  const segments = Object.keys(counts.bySegment).sort((a, b) => rank(a) - rank(b));
  return {
    title: `Segments (${number(total)} customers assigned)`,
    lines: [segments.map((s) => `${s} ${number(counts.bySegment[s]!)} (${((100 * counts.bySegment[s]!) / total).toFixed(1)}%)`).join(' · ')],
  };
};

// Complaints per queue and status, from the complaint items (SK COMPLAINT, routed ones carry
// queueStatus = <queue>#<status>) of any table other than the customer records.
const complaintQueuesSection: SummaryProvider = async ({ stack, dynamoDb }, counts) => {
  const byQueue = new Map<string, Map<string, number>>();
  let complaints = 0;
  for (const table of stack.tables.map((t) => t.input.TableName!).filter((t) => t !== counts.table)) {
    let start: Record<string, never> | undefined;
    do {
      const page = await dynamoDb.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: 'SK = :complaint',
          ExpressionAttributeValues: { ':complaint': { S: 'COMPLAINT' } },
          ProjectionExpression: 'queueStatus',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        complaints++;
        const [queue = 'NOT ROUTED', status = 'RECEIVED'] = (item.queueStatus?.S ?? '').split('#').filter(Boolean);
        const statuses = byQueue.get(queue) ?? new Map<string, number>();
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        byQueue.set(queue, statuses);
      }
      start = page.LastEvaluatedKey as typeof start;
    } while (start);
  }
  if (complaints === 0) return undefined;
  return {
    title: `Complaint queues (${number(complaints)} complaints)`,
    lines: [...byQueue.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([queue, statuses]) => `${queue.padEnd(16)} ${[...statuses.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => `${status.toLowerCase()} ${number(n)}`).join(' · ')}`),
  };
};

export const summarySections: SummaryProvider[] = [apiSection, recordsSection, segmentSection, complaintQueuesSection, deadLetterSection];

export async function buildSummary(context: SummaryContext): Promise<SummarySection[]> {
  const counts = await countRecords(context);
  const sections = await Promise.all(summarySections.map((provide) => provide(context, counts)));
  return sections.filter((s): s is SummarySection => s !== undefined);
}

export const formatSummary = (sections: SummarySection[]) => sections.map((s) => [`▸ ${s.title}`, ...s.lines.map((l) => `  ${l}`)].join('\n')).join('\n\n');
