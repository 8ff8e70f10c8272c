// The stack's S3 on this machine: each AWS::S3::Bucket of the template is a folder
// <bucketsDir>/<physical name>/, served by the local S3 endpoint, and the template's notification
// configurations send their events to the local queues — for objects put or copied through the
// endpoint, and for files that appear in a folder.
import type { SQSClient } from '@aws-sdk/client-sqs';
import { randomBytes } from 'node:crypto';
import { FolderBuckets } from '../s3/folder-buckets';
import { FolderWatcher } from '../s3/folder-watcher';
import { ownerPrincipalId, S3Notifier } from '../s3/notifications';
import { startS3Server } from '../s3/server';
import { bucketDefinitions, bucketNotifications, unvalidatedDestinations, type BucketDefinition } from './buckets';
import type { LocalResources } from './local-resources';
import type { QueueDefinition } from './queues';
import type { CfnTemplate } from './template';

export type LocalS3Options = {
  template: CfnTemplate;
  resources: LocalResources;
  queues: QueueDefinition[];
  sqs: SQSClient;
  region: string;
  accountId: string;
  host: string;
  port?: number;
  bucketsDir: string;
  settleMs?: number;
  onProgress: (message: string) => void;
};

export type LocalS3 = {
  url: string;
  bucketsDir: string;
  buckets: BucketDefinition[];
  store: FolderBuckets;
  notifier: S3Notifier;
  /** Files in the folders not yet settled (and so not yet announced). */
  readonly settling: number;
  /** Look at the folders now and announce what has settled (tests; the watcher does it on its own). */
  scan: () => Promise<void>;
  stop: () => Promise<void>;
};

/** Starts the local S3 when the template has buckets; undefined when it has none. */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3 | undefined> {
  const { template, resources, region, accountId, onProgress } = options;
  const buckets = bucketDefinitions(template, resources);
  if (buckets.length === 0) return undefined;
  const store = new FolderBuckets(options.bucketsDir, buckets);
  const notifications = bucketNotifications(template, resources);
  for (const skipped of notifications.notRun) onProgress(`Bucket ${skipped.bucket}: ${skipped.reason}`);
  for (const problem of unvalidatedDestinations(template, resources, notifications.queues, options.queues)) onProgress(problem);
  const queueUrls = new Map(options.queues.map((q) => [q.arn, q.url]));
  const notifier = new S3Notifier({
    sqs: options.sqs,
    configurations: notifications.queues,
    queueUrl: (arn) => queueUrls.get(arn),
    region,
    accountId,
    onWarning: onProgress,
  });
  const server = await startS3Server({
    store,
    region,
    host: options.host,
    port: options.port,
    onObjectCreated: async (event) => void (await notifier.announce(event)),
    onError: onProgress,
  });
  // S3 tests each destination when the configuration is applied, as a deploy does.
  await notifier.sendTestEvents();
  const watcher = new FolderWatcher({
    store,
    settleMs: options.settleMs,
    onError: onProgress,
    onAppeared: async (bucket, object) => {
      // A file copied into the folder: the bucket owner put it, from this machine.
      await notifier.announce({
        bucket,
        object,
        eventName: 'ObjectCreated:Put',
        eventTime: new Date(),
        principalId: `AWS:${ownerPrincipalId(accountId)}`,
        sourceIPAddress: '127.0.0.1',
        requestId: randomBytes(8).toString('hex').toUpperCase(),
        hostId: randomBytes(32).toString('base64'),
      });
    },
  });
  watcher.start();
  onProgress(`S3 at ${server.url}: ${buckets.length} bucket(s) as folders under ${options.bucketsDir}, ${notifications.queues.length} queue notification(s)`);
  return {
    url: server.url,
    bucketsDir: options.bucketsDir,
    buckets,
    store,
    notifier,
    get settling() {
      return watcher.pending;
    },
    scan: () => watcher.scan(),
    stop: async () => {
      await watcher.stop();
      await server.stop();
    },
  };
}
