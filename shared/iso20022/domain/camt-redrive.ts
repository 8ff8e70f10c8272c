// When staff may redrive a camt file: after it finished with something rejected (the whole file, or
// entries), so that a mapping fix can be applied to it. A run under way is left to finish (or to its
// queue's DLQ, which the runbook redrives): two runs at once would only race for the same counts.
export type RedriveDecision = { kind: 'redrive'; run: number } | { kind: 'refused'; detail: string };

export function redriveDecision(record: { status: 'RECEIVED' | 'PROCESSING' | 'DONE' | 'REJECTED'; run: number }, rejectedEntries: number): RedriveDecision {
  if (record.status === 'RECEIVED' || record.status === 'PROCESSING') {
    return { kind: 'refused', detail: 'A run of this file is under way (or waits in the file queue or its dead-letter queue): redrive it when it has finished.' };
  }
  if (record.status === 'DONE' && rejectedEntries === 0) return { kind: 'refused', detail: 'Nothing of this file was rejected: there is nothing to redrive.' };
  return { kind: 'redrive', run: record.run + 1 };
}
