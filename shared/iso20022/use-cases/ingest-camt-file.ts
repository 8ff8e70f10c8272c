// A camt file in S3 becomes events: checked whole first (well-formed, camt, a supported version), so a
// file that fails is rejected whole before anything is published; then read again and published in
// groups. A file too large for one invocation continues in the next: near its timeout the function
// saves its part's counts and sends itself the rest as a work message, as the recalibration workers do.
import type { CamtIngestionStore } from '../adapters/camt-ingestion-store';
import { camtBookings } from '../domain/camt-bookings';
import { FileRejected } from '../domain/camt-reader';
import type { CamtSettings } from '../domain/camt-settings';
import type { FileWork } from './camt-work';
import { publishBookings, type BookingSinks } from './publish-bookings';

export type CamtObjects = { read: (bucket: string, key: string, versionId?: string) => Promise<AsyncIterable<Uint8Array> | Iterable<Uint8Array>> };

export type CamtFileDeps = BookingSinks & {
  store: CamtIngestionStore;
  objects: CamtObjects;
  continueLater: (work: FileWork) => Promise<void>;
  settings: CamtSettings;
  now: () => Date;
  /** Milliseconds left in this invocation. */
  remainingMs: () => number;
  /** Stop starting new groups with less than this left (default 60 s: a group's publishing and the hand-over). */
  safetyMarginMs?: number;
};

export type FileOutcome = 'done' | 'continued' | 'rejected' | 'already-processed' | 'superseded';

export async function ingestCamtFile(deps: CamtFileDeps, work: FileWork): Promise<FileOutcome> {
  const { store } = deps;
  const record = await store.received(work.fileId, { kind: 'S3', bucket: work.bucket, key: work.key, versionId: work.versionId, size: work.size }, deps.now().toISOString());
  let run = work.run;
  if (work.part === 0) {
    // A repeated notification of a file already read is acknowledged; a redrive names its new run. A
    // notification delivered again while the first run is still PROCESSING is that run retried (its
    // invocation failed, or the notification came back from the DLQ): it goes on with run 1.
    run ??= record.run === 0 || (record.run === 1 && record.status === 'PROCESSING') ? 1 : undefined;
    if (run === undefined) return 'already-processed';
    if (!(await store.startRun(work.fileId, run))) {
      const now = await store.get(work.fileId);
      // The same run started before (a retried first part): go on with it; a later run: leave it.
      if (now?.run !== run) return 'superseded';
    }
    try {
      let message: { name: string; version: number } | undefined;
      for await (const o of camtBookings(await deps.objects.read(work.bucket, work.key, work.versionId), deps.settings, { map: false })) {
        if (o.kind === 'message') message = { name: o.message.name, version: o.message.version };
      }
      await store.identified(work.fileId, run, message!);
    } catch (e) {
      if (!(e instanceof FileRejected)) throw e;
      await store.finish(work.fileId, run, 'REJECTED', deps.now().toISOString(), e.reason);
      return 'rejected';
    }
  } else if (run === undefined || (await store.get(work.fileId))?.run !== run) {
    return 'superseded';
  }

  const rejectedBefore = new Set((await store.rejections(work.fileId)).filter((r) => r.run < run!).map((r) => r.ordinal));
  const margin = deps.safetyMarginMs ?? 60_000;
  const stream = await deps.objects.read(work.bucket, work.key, work.versionId);
  const result = await publishBookings(
    deps,
    camtBookings(stream, deps.settings, { resumeAfter: work.resumeAfter }),
    { fileId: work.fileId, run, reference: `s3://${work.bucket}/${work.key}`, rejectedBefore },
    () => deps.remainingMs() < margin,
  );
  await store.savePart(work.fileId, run, work.part, result.counts);
  if (result.stopped) {
    await deps.continueLater({ ...work, run, part: work.part + 1, resumeAfter: result.lastOrdinal ?? work.resumeAfter });
    return 'continued';
  }
  await store.finish(work.fileId, run, 'DONE', deps.now().toISOString());
  return 'done';
}
