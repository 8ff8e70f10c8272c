// A payment hub's single camt messages (one camt.054 per booking) from SQS: the same reader and
// mapping as files. A message that is not camt, or of an unknown version, is dead-lettered with its reason.
import { SQSClient } from '@aws-sdk/client-sqs';
import { RejectedEventsQueue } from '../../shared/adapters/rejected-events';
import { camtRuntime } from '../../shared/iso20022/adapters/camt-runtime';
import { ingestCamtMessage } from '../../shared/iso20022/use-cases/ingest-camt-message';
import { requiredEnv } from '../../shared/runtime/env';
import { tracer } from '../../shared/runtime/observability';
import { sqsHandler } from '../../shared/runtime/sqs-handler';

const runtime = camtRuntime();
const rejected = new RejectedEventsQueue(tracer.captureAWSv3Client(new SQSClient({})), requiredEnv('REJECTED_EVENTS_QUEUE_URL'), 'camt-messages');

export const handler = sqsHandler(async (record) => {
  const outcome = await ingestCamtMessage(runtime, record.body, record.messageId);
  if (outcome.kind === 'rejected') return { reject: outcome.reason, metric: 'CamtMessagesRejected' };
  // Only a redrive (camt-files) runs a message again; a first reading is never superseded.
  if (outcome.kind === 'superseded') return { metric: 'CamtMessagesSuperseded' };
  return [
    { metric: 'CamtEventsPublished', count: outcome.published },
    { metric: 'CamtEntriesParked', count: outcome.parked },
    { metric: 'CamtEntriesRejected', count: outcome.rejected },
  ];
}, rejected);
