// A metering proxy in front of DynamoDB Local: every request the stack sends (every function, every
// stage) passes through it, is asked for ReturnConsumedCapacity=TOTAL, and its answer is counted —
// requests per operation, read units, write units. Counting at the wire needs no code in the handlers
// and misses no client.
//
// Billing as AWS does it, where DynamoDB Local does not:
// - a transactional write (TransactWriteItems) costs twice the units of the same writes made plainly,
//   and a transactional read (TransactGetItems) twice the reads;
// - a refused conditional write still costs the write (DynamoDB Local returns no ConsumedCapacity with
//   the error): counted as one unit per item it named, the least it can cost.
// The body is rewritten before it is forwarded; DynamoDB Local does not check request signatures.
// Answers are forwarded byte for byte, so the SDK's CRC32 check of the response still holds.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { freePort } from '../local/services/free-port';

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export type OperationCount = { requests: number; readUnits: number; writeUnits: number; refused: number };

export type DynamoDbMeter = {
  endpoint: string;
  /** Totals since the start (or the last reset), per operation. */
  byOperation: () => Record<string, OperationCount>;
  /** Totals per caller: the app id in the SDK's User-Agent (the local runtime sets the function's name). */
  byCaller: () => Record<string, OperationCount>;
  totals: () => OperationCount;
  reset: () => void;
  stop: () => Promise<void>;
};

type Consumed = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Items a write request names: what a refused one costs at least. */
function itemsNamed(operation: string, body: Record<string, unknown>): number {
  if (operation === 'TransactWriteItems') return ((body.TransactItems as unknown[]) ?? []).length;
  if (operation === 'BatchWriteItem') return Object.values((body.RequestItems as Record<string, unknown[]>) ?? {}).reduce((n, r) => n + r.length, 0);
  return 1;
}

export async function startDynamoDbMeter(target: string): Promise<DynamoDbMeter> {
  const upstream = new URL(target);
  let counts: Record<string, OperationCount> = {};
  let callers: Record<string, OperationCount> = {};
  const zero = (): OperationCount => ({ requests: 0, readUnits: 0, writeUnits: 0, refused: 0 });
  const add = (to: OperationCount, c: OperationCount) => {
    to.requests += c.requests;
    to.readUnits += c.readUnits;
    to.writeUnits += c.writeUnits;
    to.refused += c.refused;
  };

  const server: Server = createServer(async (req, res) => {
    try {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
      const caller = /(?:^| )app\/([^ ]+?)(?:-PT(?:Env)?-[^ ]*)?(?: |$)/.exec(String(req.headers['user-agent'] ?? ''))?.[1] ?? 'other';
      let body = await readBody(req);
      let parsed: Record<string, unknown> = {};
      const metered = READS.has(operation) || WRITES.has(operation);
      if (metered && body.length > 0) {
        parsed = JSON.parse(body.toString('utf8'));
        parsed.ReturnConsumedCapacity = 'TOTAL';
        body = Buffer.from(JSON.stringify(parsed));
      }
      const headers = { ...req.headers, 'content-length': String(body.length), host: upstream.host };
      const forwarded = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, async (answer) => {
        const payload = await readBody(answer);
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        res.end(payload);
        const c = zero();
        c.requests = 1;
        const settle = () => {
          add((counts[operation] ??= zero()), c);
          add((callers[caller] ??= zero()), c);
        };
        if (!metered) return settle();
        const transactional = operation.startsWith('Transact') ? 2 : 1;
        if ((answer.statusCode ?? 500) >= 400) {
          // A refused conditional write or a cancelled transaction is billed; a refused read is not.
          if (WRITES.has(operation)) {
            c.refused += 1;
            c.writeUnits += itemsNamed(operation, parsed) * transactional;
          }
          return settle();
        }
        const consumed = JSON.parse(payload.toString('utf8') || '{}').ConsumedCapacity as Consumed | Consumed[] | undefined;
        const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, u) => sum + (u.CapacityUnits ?? 0), 0);
        if (READS.has(operation)) c.readUnits += units * transactional;
        else c.writeUnits += units * transactional;
        settle();
      });
      forwarded.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forwarded.end(body);
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  server.keepAliveTimeout = 60_000;
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const totals = () => {
    const t = zero();
    for (const c of Object.values(counts)) add(t, c);
    return t;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    byOperation: () => structuredClone(counts),
    byCaller: () => structuredClone(callers),
    totals,
    reset: () => {
      counts = {};
      callers = {};
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
