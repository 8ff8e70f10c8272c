// local-aws-sqs: an in-process SQS that speaks the SDK's JSON and query protocols, with redrive to DLQs.
import { createSqsServer } from 'local-aws-sqs';
import { freePort } from './free-port';

export type RunningSqs = { endpoint: string; stop: () => Promise<void> };

export async function startSqsLocal(options: { port?: number } = {}): Promise<RunningSqs> {
  const port = options.port ?? (await freePort());
  const server = await createSqsServer({
    port,
    hostname: '127.0.0.1',
    emulateQueueCreationLifecycle: false,
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
