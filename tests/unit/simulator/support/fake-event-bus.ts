// A tiny EventBridge stand-in on loopback that speaks PutEvents as the SDK does (JSON 1.1 protocol,
// X-Amz-Target: AWSEvents.PutEvents) and answers each entry as the test's policy says.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedEntry = {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Time?: number;
};

export type ReceivedRequest = { target?: string; contentType?: string; entries: ReceivedEntry[] };

/** What to answer for an entry: accept it, or fail it with an error code. */
export type EntryAnswer = { accept: true } | { accept: false; errorCode: string; errorMessage?: string };

export type FakeEventBusOptions = {
  /** `seen` counts how many times this entry's eventId has arrived, this time included. */
  answer?: (entry: ReceivedEntry, seen: number) => EntryAnswer;
  /** Answer the whole request with an error instead (e.g. a missing bus). */
  rejectRequest?: (entries: ReceivedEntry[]) => { status: number; type: string; message: string } | undefined;
  delayMs?: number;
};

export type FakeEventBus = {
  endpoint: string;
  requests: ReceivedRequest[];
  /** eventId → how many times it arrived. */
  seen: Map<string, number>;
  /** Entries accepted, in the order accepted. */
  accepted: ReceivedEntry[];
  maxInFlight: number;
  close: () => Promise<void>;
};

const eventIdOf = (entry: ReceivedEntry) => (JSON.parse(entry.Detail ?? '{}') as { eventId?: string }).eventId ?? '';

export async function startFakeEventBus(options: FakeEventBusOptions = {}): Promise<FakeEventBus> {
  const bus: Omit<FakeEventBus, 'endpoint' | 'close'> = { requests: [], seen: new Map(), accepted: [], maxInFlight: 0 };
  let inFlight = 0;

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = req.headers['x-amz-target'] as string | undefined;
    const contentType = req.headers['content-type'];
    if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
      return reply(res, 400, { __type: 'UnknownOperationException', message: `unexpected ${req.method} ${target}` });
    }
    const entries = ((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: ReceivedEntry[] }).Entries ?? []);
    bus.requests.push({ target, contentType, entries });
    inFlight += 1;
    bus.maxInFlight = Math.max(bus.maxInFlight, inFlight);
    try {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const rejected = options.rejectRequest?.(entries);
      if (rejected) return reply(res, rejected.status, { __type: rejected.type, message: rejected.message });
      let failed = 0;
      const results = entries.map((entry) => {
        const id = eventIdOf(entry);
        const seen = (bus.seen.get(id) ?? 0) + 1;
        bus.seen.set(id, seen);
        const answer = options.answer?.(entry, seen) ?? { accept: true };
        if (answer.accept) {
          bus.accepted.push(entry);
          return { EventId: `fake-${bus.accepted.length}` };
        }
        failed += 1;
        return { ErrorCode: answer.errorCode, ErrorMessage: answer.errorMessage ?? answer.errorCode };
      });
      reply(res, 200, { FailedEntryCount: failed, Entries: results });
    } finally {
      inFlight -= 1;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => reply(res, 500, { __type: 'InternalException', message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests: bus.requests,
    seen: bus.seen,
    accepted: bus.accepted,
    get maxInFlight() {
      return bus.maxInFlight;
    },
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { eventIdOf };
