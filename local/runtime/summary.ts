// What `npm start` prints once the stack is seeded: where the API is and how to call it, what the
// customer records hold, and what sits in dead-letter queues. Each part is a section provider; a
// capability that has something to show adds its provider to `summarySections`.
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localTokens } from '../apigateway';
import type { RunningLocalStack } from './local-stack';
import { constructPath } from './template';

export type SummaryContext = { stack: RunningLocalStack; dynamoDb: DynamoDBClient };
export type SummarySection = { title: string; lines: string[] };
export type SummaryProvider = (context: SummaryContext, found: RecordCounts) => Promise<SummarySection | undefined>;

/** Items of the customer-records table by kind (the part of the sort key before '#'), and a customer to show. */
export type RecordCounts = { table?: string; byKind: Record<string, number>; exampleCustomerId?: string };

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
  if (!table) return { byKind };
  let exampleCustomerId: string | undefined;
  // A parallel scan: DynamoDB Local answers segments concurrently, which halves the wait on 40k items.
  const segments = 4;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, never> | undefined;
      do {
        const page = await dynamoDb.send(
          new ScanCommand({ TableName: table, ProjectionExpression: 'PK, SK', ExclusiveStartKey: start, Segment: segment, TotalSegments: segments }),
        );
        for (const item of page.Items ?? []) {
          const kind = (item.SK?.S ?? '').split('#')[0]!;
          byKind[kind] = (byKind[kind] ?? 0) + 1;
          if (kind === 'PROFILE' && (!exampleCustomerId || item.PK!.S! < `CUSTOMER#${exampleCustomerId}`)) exampleCustomerId = item.PK?.S?.replace(/^CUSTOMER#/, '');
        }
        start = page.LastEvaluatedKey as typeof start;
      } while (start);
    }),
  );
  return { table, byKind, exampleCustomerId };
}

const apiSection: SummaryProvider = async ({ stack }, counts) => {
  if (!stack.api) return { title: 'REST API', lines: ['The stack declares no REST API yet.'] };
  const customerId = counts.exampleCustomerId ?? 'C-000001';
  const tokens = localTokens();
  const staff = tokens.mint({ groups: ['relationship-manager'] });
  const customer = tokens.mint({ groups: ['customer'], customerId });
  const base = stack.api.url;
  // Catch-all (ANY) and CORS (OPTIONS) methods are plumbing; /me answers customers, not staff.
  const routes = stack.api.routes.filter((r) => r.method !== 'ANY' && r.method !== 'OPTIONS');
  const examples = routes
    .filter((r) => r.method === 'GET' && r.resourcePath !== '/me')
    .map((r) => `curl -s -H "Authorization: Bearer $TOKEN" ${base}${r.resourcePath.replace('{customerId}', customerId)}`);
  return {
    title: `REST API ${base}`,
    lines: [
      `Routes: ${routes.map((r) => `${r.method} ${r.resourcePath}`).join(', ')}`,
      'A relationship manager (valid 1 h; `npm run token -- --role <role> [--customer <id>]` mints others):',
      `  export TOKEN=${staff}`,
      ...examples.map((e) => `  ${e}`),
      `The customer ${customerId} themself:`,
      `  export CUSTOMER_TOKEN=${customer}`,
      ...(routes.some((r) => r.resourcePath === '/me') ? [`  curl -s -H "Authorization: Bearer $CUSTOMER_TOKEN" ${base}/me`] : []),
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

// Hook: the segmentation capability adds here the distribution of customers over MVC, MGC, STANDARD
// and BZ once segment assignments are stored; it returns undefined (and prints nothing) until then.
const segmentSection: SummaryProvider = async () => undefined;

// Hook: the complaint capability adds here the open complaints per queue (DISPUTES, ACCOUNTS, ...)
// once complaints are stored; it returns undefined (and prints nothing) until then.
const complaintQueuesSection: SummaryProvider = async () => undefined;

export const summarySections: SummaryProvider[] = [apiSection, recordsSection, segmentSection, complaintQueuesSection, deadLetterSection];

export async function buildSummary(context: SummaryContext): Promise<SummarySection[]> {
  const counts = await countRecords(context);
  const sections = await Promise.all(summarySections.map((provide) => provide(context, counts)));
  return sections.filter((s): s is SummarySection => s !== undefined);
}

export const formatSummary = (sections: SummarySection[]) => sections.map((s) => [`▸ ${s.title}`, ...s.lines.map((l) => `  ${l}`)].join('\n')).join('\n\n');
