// The complaints table: one table of its own (complaints are not customer records: they have their own
// lifecycle, their own access pattern by queue and due time, and must not add index writes to the
// customer-records hot path).
//
//   PK                                  SK                 what
//   COMPLAINT#<id>                      COMPLAINT          the complaint: lifecycle state, version, intake
//   COMPLAINT#<id>                      HISTORY#<version>  one per accepted change (receipt, transition,
//                                                          escalation), written in the same transaction
//   IDEMPOTENCY#<caller>#<key>          IDEMPOTENCY        an Idempotency-Key: request digest → complaint id
//   KNOWLEDGE                           ARTICLE#<id>       a knowledge article (its category an attribute)
//   KNOWLEDGE                           SEEDED             the default articles were written once
//   CALENDAR#<jurisdiction>             YEAR#<yyyy>        a holiday year an admin stored (replaces the
//                                                          shipped official year, or adds one)
//   FIGURES#<yyyy-mm>                   <yyyy-mm-dd>#<n>   the analytics counters of the complaints received
//                                                          that day whose id hashes to shard n of
//                                                          FIGURE_SHARDS (complaint-figures.ts): kept by
//                                                          the complaint's own writes, in their transaction
//
// A complaint and its history share a partition, so the history is one Query. Every change is a Put of the
// whole complaint conditioned on the version it was read at (optimistic locking: the loser of a race
// fails the condition and gets 409), in one transaction with the history item of the new version, whose
// key cannot exist yet: the history can neither miss a change nor record one twice.
//
// Global secondary indexes, all on complaint items only (history, idempotency and knowledge items carry
// none of their attributes) and all projecting everything, since each read shows whole complaints:
//   byCustomer   customerKey  CUSTOMER#<customerId>   receivedKey <receivedAt>#<id>
//                a customer's complaints, newest first; the router's repeat-complaint count reads its
//                last 30 days.
//   byQueue      queueStatus  <queue>#<status>        dueKey <next due>#<id>
//                a queue's complaints in one status, most urgent first; sparse: routed complaints only.
//                "Next due" is the deadline of the act owed next (acknowledgement until acknowledged,
//                then resolution). A queue view over several statuses reads one partition per status
//                and merges them on dueKey, which is also the page cursor. One more partition,
//                UNROUTED#RECEIVED by receivedKey, holds the complaints not routed yet: what the outbox
//                sweep reads (complaint-outbox.ts); it is empty but for the last seconds' intake.
//   openByDue    openShard    OPEN#<0..3>             breachKey <earliest unescalated unmet due>#<id>
//                what the breach scan reads: open complaints with a deadline still able to breach, by
//                the time it breaches. Sparse: a complaint leaves it once closed, withdrawn, or once
//                every deadline it can still miss has been escalated, so the scan never rereads breaches
//                it already escalated. Four shards spread the writes of one busy index key.
// (A fourth, byMonth, held every complaint by month of receipt for analytics that read them all; the
// analytics read the FIGURES items now, and nothing reads complaints by month: removed, which saves
// every complaint write an index copy of the whole item.)
import type { Complaint } from '../domain/complaints/complaint';
import { isOpen } from '../domain/complaints/complaint';

export const complaintPk = (complaintId: string) => `COMPLAINT#${complaintId}`;
export const COMPLAINT_SK = 'COMPLAINT';
export const HISTORY_PREFIX = 'HISTORY#';
export const historySk = (version: number) => `${HISTORY_PREFIX}${String(version).padStart(8, '0')}`;
export const idempotencyPk = (callerScope: string, key: string) => `IDEMPOTENCY#${callerScope}#${key}`;
export const IDEMPOTENCY_SK = 'IDEMPOTENCY';
export const KNOWLEDGE_PK = 'KNOWLEDGE';
export const ARTICLE_PREFIX = 'ARTICLE#';
export const articleSk = (articleId: string) => `${ARTICLE_PREFIX}${articleId}`;
export const KNOWLEDGE_SEEDED_SK = 'SEEDED';
export const calendarPk = (jurisdiction: string) => `CALENDAR#${jurisdiction}`;
export const CALENDAR_YEAR_PREFIX = 'YEAR#';
export const calendarYearSk = (year: number) => `${CALENDAR_YEAR_PREFIX}${year}`;

export const INDEXES = {
  byCustomer: { name: 'byCustomer', pk: 'customerKey', sk: 'receivedKey' },
  byQueue: { name: 'byQueue', pk: 'queueStatus', sk: 'dueKey' },
  openByDue: { name: 'openByDue', pk: 'openShard', sk: 'breachKey' },
} as const;

export const OPEN_SHARDS = 4;

export const customerKey = (customerId: string) => `CUSTOMER#${customerId}`;
export const queueStatusKey = (queue: string, status: string) => `${queue}#${status}`;
/** The byQueue partition of complaints stored and not routed yet (no queue is named UNROUTED). */
export const UNROUTED_PARTITION = 'UNROUTED#RECEIVED';
const shardOf = (complaintId: string, shards: number) => {
  let h = 0;
  for (const ch of complaintId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % shards;
};
export const openShardOf = (complaintId: string) => `OPEN#${shardOf(complaintId, OPEN_SHARDS)}`;

/**
 * A day's figures are spread over this many items, so that complaints of one day changing at the same
 * moment rarely touch the same item (two transactions on one item: one is cancelled and retried); a
 * month of them is one partition, so a year is at most 13 Queries.
 */
export const FIGURE_SHARDS = 8;
export const FIGURES_PREFIX = 'FIGURES#';
export const figuresKey = (c: Complaint) => ({ PK: `${FIGURES_PREFIX}${c.receivedAt.slice(0, 7)}`, SK: `${c.receivedAt.slice(0, 10)}#${shardOf(c.id, FIGURE_SHARDS)}` });

/** The deadline of the act the bank owes next: acknowledging, then resolving. */
export const nextDueAt = (c: Complaint): string | undefined => {
  const owesAcknowledgement = c.status === 'RECEIVED' || c.status === 'ROUTED';
  return (owesAcknowledgement ? c.deadlines?.ACKNOWLEDGEMENT : c.deadlines?.RESOLUTION)?.dueAt;
};

/** When this open complaint next breaches a deadline not escalated yet; undefined when nothing can. */
export const nextBreachAt = (c: Complaint): string | undefined => {
  if (!isOpen(c.status) || !c.deadlines) return undefined;
  const watched = (['ACKNOWLEDGEMENT', 'RESOLUTION'] as const).filter((kind) => {
    const met = kind === 'ACKNOWLEDGEMENT' ? c.acknowledgedAt : c.resolvedAt;
    return met === undefined && !c.escalatedDeadlines.includes(kind);
  });
  const dues = watched.map((kind) => c.deadlines![kind].dueAt).sort();
  return dues[0];
};

/** The index attributes a complaint item carries in its current state (absent ones leave the index). */
export const indexAttributes = (c: Complaint): Record<string, string> => {
  const receivedKey = `${c.receivedAt}#${c.id}`;
  const due = nextDueAt(c);
  const breach = nextBreachAt(c);
  return {
    customerKey: customerKey(c.customerId),
    receivedKey,
    ...(c.queue && due ? { queueStatus: queueStatusKey(c.queue, c.status), dueKey: `${due}#${c.id}` } : {}),
    ...(c.status === 'RECEIVED' ? { queueStatus: UNROUTED_PARTITION, dueKey: receivedKey } : {}),
    ...(breach ? { openShard: openShardOf(c.id), breachKey: `${breach}#${c.id}` } : {}),
  };
};
