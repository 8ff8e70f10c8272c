// A small STOMP 1.2 client over TCP for the local ActiveMQ: enough for the MQ event source emulation,
// the simulator and the tests (CONNECT, SEND with a binary body, SUBSCRIBE with client-individual
// acknowledgement, ACK, NACK, receipts). Debian's ActiveMQ ships the OpenWire, STOMP and MQTT
// transports but not AMQP; STOMP gives per-message ack and nack against the real broker.
// Bodies are bytes: a SEND with content-length makes ActiveMQ store a JMS BytesMessage, as Fineract's
// JMS producer does, and a MESSAGE frame carries content-length for such a message.
import { connect, type Socket } from 'node:net';

export type StompFrame = { command: string; headers: Record<string, string>; body: Buffer };

const NUL = 0;
const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/:/g, '\\c');
const unescape = (v: string) => v.replace(/\\(.)/g, (_, c: string) => ({ '\\': '\\', r: '\r', n: '\n', c: ':' })[c] ?? c);

export function encodeFrame(command: string, headers: Record<string, string | number | undefined>, body: Buffer = Buffer.alloc(0)): Buffer {
  const lines = [command];
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) lines.push(`${escape(k)}:${escape(String(v))}`);
  if (body.length > 0 || command === 'SEND') lines.push(`content-length:${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\n')}\n\n`, 'utf8'), body, Buffer.from([NUL])]);
}

/** Splits a byte stream into frames; keeps what is incomplete for the next chunk. */
export class FrameParser {
  private buffer = Buffer.alloc(0);
  push(chunk: Buffer): StompFrame[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const frames: StompFrame[] = [];
    for (;;) {
      // Heart-beats and the EOLs between frames.
      let start = 0;
      while (start < this.buffer.length && (this.buffer[start] === 0x0a || this.buffer[start] === 0x0d)) start++;
      if (start > 0) this.buffer = this.buffer.subarray(start);
      const headerEnd = this.buffer.indexOf('\n\n');
      if (headerEnd < 0) return frames;
      const [command = '', ...lines] = this.buffer.subarray(0, headerEnd).toString('utf8').replace(/\r/g, '').split('\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        const key = unescape(line.slice(0, i));
        // STOMP 1.2: the first of repeated headers counts.
        if (!(key in headers)) headers[key] = command === 'CONNECTED' ? line.slice(i + 1) : unescape(line.slice(i + 1));
      }
      const bodyStart = headerEnd + 2;
      let bodyEnd: number;
      if (headers['content-length'] !== undefined) {
        bodyEnd = bodyStart + Number(headers['content-length']);
        if (this.buffer.length < bodyEnd + 1) return frames;
      } else {
        bodyEnd = this.buffer.indexOf(NUL, bodyStart);
        if (bodyEnd < 0) return frames;
      }
      frames.push({ command, headers, body: Buffer.from(this.buffer.subarray(bodyStart, bodyEnd)) });
      this.buffer = this.buffer.subarray(bodyEnd + 1);
    }
  }
}

export type StompConnection = {
  send: (destination: string, body: Buffer, headers?: Record<string, string | number>) => Promise<void>;
  subscribe: (destination: string, onMessage: (frame: StompFrame) => void, headers?: Record<string, string | number>) => Promise<string>;
  unsubscribe: (id: string) => Promise<void>;
  ack: (frame: StompFrame) => Promise<void>;
  nack: (frame: StompFrame) => Promise<void>;
  close: () => Promise<void>;
  /** Fires once when the broker goes away or the connection fails. */
  closed: Promise<Error | undefined>;
};

export async function stompConnect(options: { host: string; port: number; login?: string; passcode?: string }): Promise<StompConnection> {
  const socket: Socket = connect({ host: options.host, port: options.port });
  socket.setNoDelay(true);
  const parser = new FrameParser();
  const receipts = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  const subscriptions = new Map<string, (frame: StompFrame) => void>();
  let nextId = 0;
  let connected: { resolve: () => void; reject: (e: Error) => void } | undefined;
  let resolveClosed!: (e: Error | undefined) => void;
  const closed = new Promise<Error | undefined>((r) => (resolveClosed = r));
  const fail = (error: Error) => {
    connected?.reject(error);
    for (const r of receipts.values()) r.reject(error);
    receipts.clear();
    resolveClosed(error);
  };

  socket.on('data', (chunk) => {
    for (const frame of parser.push(chunk)) {
      if (frame.command === 'CONNECTED') connected?.resolve();
      else if (frame.command === 'MESSAGE') subscriptions.get(frame.headers.subscription ?? '')?.(frame);
      else if (frame.command === 'RECEIPT') {
        const id = frame.headers['receipt-id'] ?? '';
        receipts.get(id)?.resolve();
        receipts.delete(id);
      } else if (frame.command === 'ERROR') fail(new Error(`STOMP error: ${frame.headers.message ?? 'unknown'}`));
    }
  });
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('connection to the broker closed')));

  await new Promise<void>((resolve, reject) => {
    connected = { resolve, reject };
    socket.once('connect', () =>
      socket.write(encodeFrame('CONNECT', { 'accept-version': '1.2', host: 'localhost', 'heart-beat': '0,0', login: options.login, passcode: options.passcode })),
    );
  });
  connected = undefined;

  /** Writes a frame and waits for the broker's receipt: the broker has done it when this resolves. */
  const withReceipt = (command: string, headers: Record<string, string | number | undefined>, body?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const receipt = `r-${nextId++}`;
      receipts.set(receipt, { resolve, reject });
      socket.write(encodeFrame(command, { ...headers, receipt }, body));
    });

  return {
    send: (destination, body, headers = {}) => withReceipt('SEND', { destination, persistent: 'true', ...headers }, body),
    subscribe: async (destination, onMessage, headers = {}) => {
      const id = `s-${nextId++}`;
      subscriptions.set(id, onMessage);
      await withReceipt('SUBSCRIBE', { id, destination, ack: 'client-individual', ...headers });
      return id;
    },
    unsubscribe: async (id) => {
      await withReceipt('UNSUBSCRIBE', { id });
      subscriptions.delete(id);
    },
    ack: (frame) => withReceipt('ACK', { id: frame.headers.ack }),
    nack: (frame) => withReceipt('NACK', { id: frame.headers.ack }),
    close: async () => {
      if (!socket.destroyed) await withReceipt('DISCONNECT', {}).catch(() => undefined);
      socket.destroy();
    },
    closed,
  };
}
