// A single camt.054 (or any camt message) pushed by a payment hub as one SQS message: the same reader
// and mapping as files. A message rejected whole goes to the queue's dead-letter queue with its reason
// (sqsHandler); one with rejected entries gets a processing record, holding the message, so staff can
// list the rejections and redrive it after a mapping fix like a file.
import type { CamtIngestionStore } from '../adapters/camt-ingestion-store';
import { camtBookings } from '../domain/camt-bookings';
import { FileRejected } from '../domain/camt-reader';
import type { CamtSettings } from '../domain/camt-settings';
import { publishBookings, type BookingSinks } from './publish-bookings';

export type CamtMessageDeps = BookingSinks & { store: CamtIngestionStore; settings: CamtSettings; now: () => Date };

export type MessageOutcome =
  | { kind: 'published'; published: number; parked: number; rejected: number }
  | { kind: 'rejected'; reason: string }
  /** A redrive whose run a later one has replaced. */
  | { kind: 'superseded' };

export const messageFileId = (messageId: string) => `m-${messageId.replace(/[^A-Za-z0-9-]/g, '')}`;

/** Run 1 is the message as it arrives; a later run is a staff redrive of the message its record holds. */
export async function ingestCamtMessage(deps: CamtMessageDeps, body: string, messageId: string, run = 1): Promise<MessageOutcome> {
  const fileId = messageFileId(messageId);
  try {
    // Checked whole before anything is published, as a file is.
    for await (const _ of camtBookings([body], deps.settings, { map: false }));
  } catch (e) {
    if (e instanceof FileRejected) return { kind: 'rejected', reason: e.reason };
    throw e;
  }
  const redrive = run > 1;
  // The same run retried goes on with it; a later run started: this one has nothing left to do.
  if (redrive && !(await deps.store.startRun(fileId, run)) && (await deps.store.get(fileId))?.run !== run) return { kind: 'superseded' };
  const rejectedBefore = new Set(redrive ? (await deps.store.rejections(fileId)).filter((r) => r.run < run).map((r) => r.ordinal) : []);
  const result = await publishBookings(deps, camtBookings([body], deps.settings), { fileId, run, reference: `sqs://${messageId}`, rejectedBefore }, () => false);
  if (result.counts.rejected > 0 || redrive) {
    await deps.store.received(fileId, { kind: 'MESSAGE', messageId, body }, deps.now().toISOString());
    if (!redrive) await deps.store.startRun(fileId, 1);
    await deps.store.savePart(fileId, run, 0, result.counts);
    await deps.store.finish(fileId, run, 'DONE', deps.now().toISOString());
  }
  return { kind: 'published', published: result.counts.published, parked: result.counts.parked, rejected: result.counts.rejected };
}
