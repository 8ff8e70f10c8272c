// A staff redrive, as camt-files receives it from its queue: the file (or single message) is read again
// from the source its record names, as a new run. Entries already applied come out with the same
// eventIds and change nothing; those rejected before are mapped with the stage's current settings.
import type { RedriveWork } from './camt-work';
import { ingestCamtFile, type CamtFileDeps, type FileOutcome } from './ingest-camt-file';
import { ingestCamtMessage } from './ingest-camt-message';

export type RedriveOutcome = FileOutcome | { rejected: string };

export async function redriveCamt(deps: CamtFileDeps, { fileId, run }: RedriveWork): Promise<RedriveOutcome> {
  const record = await deps.store.get(fileId);
  if (!record) return { rejected: 'fileId: no processing record with this id' };
  if (record.run > run) return 'superseded';
  const { source } = record;
  if (source.kind === 'S3') {
    return ingestCamtFile(deps, { kind: 'CAMT_FILE', fileId, bucket: source.bucket, key: source.key, versionId: source.versionId, size: source.size, run, part: 0, resumeAfter: 0 });
  }
  const outcome = await ingestCamtMessage(deps, source.body, source.messageId, run);
  if (outcome.kind === 'rejected') return { rejected: outcome.reason };
  return outcome.kind === 'superseded' ? 'superseded' : 'done';
}
