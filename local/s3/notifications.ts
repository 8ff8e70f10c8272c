// S3 event notifications to SQS, built as S3 builds them (event message structure version 2.1): one
// message per matching queue configuration, `{"Records":[…]}` with one record, the key URL-encoded, the
// ETag without quotes, versionId only for a versioned bucket, a sequencer that grows for each event.
// When notifications are configured S3 first sends each queue an `s3:TestEvent`, and so does this.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3EventRecord } from 'aws-lambda';
import { createHash, randomBytes } from 'node:crypto';
import type { ObjectInfo } from './folder-buckets';

export type QueueNotification = {
  /** The configuration's Id: `configurationId` in the records. */
  id: string;
  bucket: string;
  queueArn: string;
  /** s3:ObjectCreated:*, s3:ObjectCreated:Put, … */
  events: string[];
  prefix?: string;
  suffix?: string;
};

export type S3Happening = {
  bucket: string;
  object: ObjectInfo;
  /** ObjectCreated:Put, ObjectCreated:Copy (without the s3: of the configuration's event types). */
  eventName: string;
  eventTime: Date;
  principalId: string;
  sourceIPAddress: string;
  requestId: string;
  hostId: string;
};

export type S3TestEvent = { Service: 'Amazon S3'; Event: 's3:TestEvent'; Time: string; Bucket: string; RequestId: string; HostId: string };

/** Does a configuration's event type (s3:ObjectCreated:* or an exact one) cover this event? */
export function eventMatches(configured: string, eventName: string) {
  const type = configured.replace(/^s3:/, '');
  return type.endsWith(':*') ? eventName.startsWith(type.slice(0, -1)) : type === eventName;
}

export function configurationMatches(c: QueueNotification, bucket: string, key: string, eventName: string) {
  return (
    c.bucket === bucket &&
    c.events.some((e) => eventMatches(e, eventName)) &&
    (c.prefix === undefined || key.startsWith(c.prefix)) &&
    (c.suffix === undefined || key.endsWith(c.suffix))
  );
}

/**
 * The key as S3 writes it in an event: form-URL-encoded (a space becomes +, "red flower.jpg" is
 * "red+flower.jpg"), with / kept; letters, digits and - _ . * stay as they are, every other byte of
 * its UTF-8 is %XX.
 */
export function eventObjectKey(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.*/]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Sequencers: hexadecimal strings that grow with each event (compared after right-padding with
 * zeros, as S3 documents), 18 digits like S3's: milliseconds since the epoch and a counter.
 */
export class Sequencer {
  private last = 0n;
  next(at = Date.now()): string {
    let value = BigInt(at) << 16n;
    if (value <= this.last) value = this.last + 1n;
    this.last = value;
    return value.toString(16).toUpperCase().padStart(18, '0');
  }
}

/** The bucket owner's principal id: a stable id of S3's shape for the local account. */
export const ownerPrincipalId = (accountId: string) => `A${createHash('sha256').update(accountId).digest('hex').slice(0, 13).toUpperCase()}`;

export function s3EventRecord(
  happening: S3Happening,
  c: Pick<QueueNotification, 'id'>,
  { region, accountId, sequencer }: { region: string; accountId: string; sequencer: string },
): S3EventRecord {
  const { object } = happening;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: happening.eventTime.toISOString(),
    eventName: happening.eventName,
    userIdentity: { principalId: happening.principalId },
    requestParameters: { sourceIPAddress: happening.sourceIPAddress },
    responseElements: { 'x-amz-request-id': happening.requestId, 'x-amz-id-2': happening.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: c.id,
      bucket: { name: happening.bucket, ownerIdentity: { principalId: ownerPrincipalId(accountId) }, arn: `arn:aws:s3:::${happening.bucket}` },
      object: {
        key: eventObjectKey(object.key),
        size: object.size,
        eTag: object.etag.replace(/"/g, ''),
        ...(object.versionId ? { versionId: object.versionId } : {}),
        sequencer,
      },
    },
  };
}

export const s3TestEvent = (bucket: string, at = new Date()): S3TestEvent => ({
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: at.toISOString(),
  Bucket: bucket,
  RequestId: randomBytes(8).toString('hex').toUpperCase(),
  HostId: randomBytes(32).toString('base64'),
});

export type NotifierOptions = {
  sqs: SQSClient;
  configurations: QueueNotification[];
  /** Queue ARN → queue URL, for the queues of the stack. */
  queueUrl: (arn: string) => string | undefined;
  region: string;
  accountId: string;
  onWarning?: (message: string) => void;
};

/** Sends the notifications of a stack's buckets to their queues. */
export class S3Notifier {
  private readonly sequencer = new Sequencer();
  /** Messages sent, by queue ARN (tests and the summary read it). */
  readonly sent = new Map<string, number>();

  constructor(private readonly options: NotifierOptions) {
    for (const c of options.configurations) {
      if (!options.queueUrl(c.queueArn)) options.onWarning?.(`S3 notification ${c.id} of bucket ${c.bucket} names queue ${c.queueArn}, which is not in the stack: not delivered`);
    }
  }

  get configurations() {
    return this.options.configurations;
  }

  /** What S3 does when the configuration is applied: one s3:TestEvent to each destination queue. */
  async sendTestEvents() {
    const seen = new Set<string>();
    for (const c of this.options.configurations) {
      const id = `${c.bucket} ${c.queueArn}`;
      if (seen.has(id)) continue;
      seen.add(id);
      await this.send(c.queueArn, s3TestEvent(c.bucket));
    }
  }

  /** One message per configuration that matches the event, its bucket, event type and key filter. */
  async announce(happening: S3Happening): Promise<number> {
    const matching = this.options.configurations.filter((c) => configurationMatches(c, happening.bucket, happening.object.key, happening.eventName));
    if (matching.length === 0) return 0;
    // One sequencer per event, whichever queues it goes to.
    const sequencer = this.sequencer.next(happening.eventTime.getTime());
    for (const c of matching) {
      const record = s3EventRecord(happening, c, { region: this.options.region, accountId: this.options.accountId, sequencer });
      await this.send(c.queueArn, { Records: [record] });
    }
    return matching.length;
  }

  private async send(queueArn: string, body: unknown) {
    const url = this.options.queueUrl(queueArn);
    if (!url) return;
    await this.options.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(body) }));
    this.sent.set(queueArn, (this.sent.get(queueArn) ?? 0) + 1);
  }
}
