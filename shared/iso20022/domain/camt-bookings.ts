// A camt document, streamed, as what each of its entries and balances becomes: events, a rejection
// (with the entry's position and a reason naming fields), or nothing (pending entries, balance types
// that are not events). The one path both ways in (files, single messages) and the benchmark take.
import { readCamt, type BlockContext, type EntryPosition } from './camt-reader';
import type { CamtMessage } from './camt-message';
import { mapBalance, mapEntry, type CamtEvent } from './camt-mapping';
import type { CamtSettings } from './camt-settings';

/** Where an item is, as staff read it: "Stmt[1]/Ntry[12] (line 340)". */
export type ItemPosition = { ordinal: number; path: string };

export type BookingOutcome =
  | { kind: 'message'; message: CamtMessage; messageId: string | undefined }
  | { kind: 'events'; position: ItemPosition; events: CamtEvent[] }
  | { kind: 'rejected'; position: ItemPosition; reason: string }
  | { kind: 'skipped'; position: ItemPosition; why: string };

const entryPath = (message: CamtMessage, p: EntryPosition): ItemPosition => ({
  ordinal: p.ordinal,
  path: `${message.block}[${p.block}]/Ntry[${p.entry}] (line ${p.line})`,
});

/**
 * Items are numbered in one sequence (balances and entries, in document order), so that a file read
 * in several invocations can resume after the last item it finished (`resumeAfter`).
 */
export async function* camtBookings(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  settings: CamtSettings,
  options: { resumeAfter?: number; map?: boolean } = {},
): AsyncGenerator<BookingOutcome> {
  let message: CamtMessage | undefined;
  let ordinal = 0;
  const resumeAfter = options.resumeAfter ?? 0;
  for await (const item of readCamt(chunks)) {
    if (item.kind === 'message') {
      message = item.message;
      yield item;
      continue;
    }
    ordinal += 1;
    if (ordinal <= resumeAfter) continue;
    const position =
      item.kind === 'entry'
        ? { ...entryPath(message!, item.position), ordinal }
        : { ordinal, path: `${message!.block}[${(item.block as BlockContext).index}]/Bal[${item.ordinal}]` };
    if (options.map === false) {
      yield { kind: 'skipped', position, why: 'not mapped' };
      continue;
    }
    const verdict = item.kind === 'entry' ? mapEntry(item.entry, item.block, settings) : mapBalance(item.balance, item.block, settings);
    if (verdict.outcome === 'mapped') yield { kind: 'events', position, events: verdict.events };
    else if (verdict.outcome === 'rejected') yield { kind: 'rejected', position, reason: verdict.reason };
    else yield { kind: 'skipped', position, why: verdict.why };
  }
}
