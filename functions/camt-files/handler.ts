// S3 → SQS → here: each camt file is streamed from S3, checked, mapped and published; a file too large
// for one invocation sends itself the rest; a staff redrive reads a file or single message again.
// Thin: the rules are in shared/iso20022.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Readable } from 'node:stream';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { camtRuntime } from '../../shared/iso20022/adapters/camt-runtime';
import { parseQueueMessage } from '../../shared/iso20022/use-cases/camt-work';
import { ingestCamtFile, type CamtFileDeps } from '../../shared/iso20022/use-cases/ingest-camt-file';
import { redriveCamt } from '../../shared/iso20022/use-cases/redrive-camt-file';
import { requiredEnv } from '../../shared/runtime/env';
import { tracer } from '../../shared/runtime/observability';
import { sqsHandler } from '../../shared/runtime/sqs-handler';

const runtime = camtRuntime();
const s3 = tracer.captureAWSv3Client(new S3Client({}));
const sqs = tracer.captureAWSv3Client(new SQSClient({}));
const workQueueUrl = requiredEnv('WORK_QUEUE_URL');
const rejected = new RejectedEventsQueue(sqs, requiredEnv('REJECTED_EVENTS_QUEUE_URL'), 'camt-files');

const objects: CamtFileDeps['objects'] = {
  read: async (bucket, key, versionId) => {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    return out.Body as Readable;
  },
};

export const handler = sqsHandler(async (record, context) => {
  const message = parseQueueMessage(record.body);
  // S3 sends one when the notification is configured: nothing to read.
  if (message.kind === 'TEST_EVENT') return { metric: 'CamtTestEvents' };
  if (message.kind === 'INVALID') return { reject: message.reason, metric: 'CamtInvalidMessages' };
  const deps: CamtFileDeps = {
    ...runtime,
    objects,
    remainingMs: () => context.getRemainingTimeInMillis(),
    continueLater: async (work) => {
      await sqs.send(new SendMessageCommand({ QueueUrl: workQueueUrl, MessageBody: JSON.stringify(work) }));
    },
  };
  if (message.kind === 'REDRIVE') {
    const outcome = await redriveCamt(deps, message.redrive);
    return typeof outcome === 'string' ? { metric: `CamtRedrives_${outcome}` } : { reject: outcome.rejected, metric: 'CamtRedrivesRejected' };
  }
  const outcomes = [];
  for (const work of message.work) outcomes.push({ metric: `CamtFiles_${await ingestCamtFile(deps, work)}` });
  return outcomes.length > 0 ? outcomes : { metric: 'CamtNotificationsWithoutObjects' };
}, rejected);
