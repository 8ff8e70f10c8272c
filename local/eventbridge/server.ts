// The local EventBridge endpoint: AWS JSON 1.1 over HTTP, as the AWS SDK and CLI speak it
// (POST /, X-Amz-Target: AWSEvents.<Action>). Point the SDK at it with AWS_ENDPOINT_URL_EVENTBRIDGE.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { runOperation } from './api-operations';
import { AwsError } from './aws-error';
import type { EventBuses } from './event-buses';

export type EventBridgeServerOptions = { buses: EventBuses; port?: number; host?: string };
export type RunningEventBridge = { url: string; stop: () => Promise<void> };

// EventBridge refuses bodies over its request limit before parsing them; 2 MB leaves room for JSON.
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export async function startEventBridgeServer({ buses, port = 0, host = '127.0.0.1' }: EventBridgeServerOptions): Promise<RunningEventBridge> {
  const server = createServer((req, res) => void handle(buses, req, res));
  // Keep-alive sockets would otherwise hold close() until they time out.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AwsError('RequestEntityTooLarge', 'Request is too large.', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: unknown, errorType?: string) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

async function handle(buses: EventBuses, req: IncomingMessage, res: ServerResponse) {
  try {
    if (req.method !== 'POST') throw new AwsError('UnknownOperationException', 'Only POST is supported', 404);
    const text = await readBody(req);
    let input: Record<string, unknown>;
    try {
      input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
    }
    const output = await runOperation(buses, req.headers['x-amz-target'] as string | undefined, input);
    reply(res, 200, output ?? {});
  } catch (error) {
    if (error instanceof AwsError) reply(res, error.status, { __type: error.code, message: error.message }, error.code);
    else reply(res, 500, { __type: 'InternalException', message: (error as Error).message }, 'InternalException');
  }
}
