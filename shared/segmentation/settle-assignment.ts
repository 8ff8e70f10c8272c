// Makes a computed assignment stick: chooses the relationship manager, writes the item (and, when the
// segment changed, its history and the managers' loads) under the item's version, and returns what is
// still to be published. Shared by re-evaluation (figures changed) and recalibration (threshold moved).
import type { SegmentAssignment } from '../domain/segmentation';
import {
  candidateManagers,
  keepsManager,
  serviceModelOf,
  type ManagerAssignment,
  type RelationshipManager,
} from '../domain/segmentation/relationship-managers';
import { AssignmentConflict, type SegmentStore } from '../adapters/segment-store';
import type { SegmentEventsPublisher } from '../adapters/segment-events';
import {
  assignmentDiffers,
  nextStoredAssignment,
  segmentChangedEvent,
  type SegmentChangeCause,
  type StoredAssignment,
} from './stored-assignment';

export type SettleInput = {
  customerId: string;
  before: StoredAssignment | undefined;
  assignment: SegmentAssignment;
  branchId: string;
  currency: string;
  cause: SegmentChangeCause;
  now: string;
  /** A manager who must not be kept (leaving): their customers get another. */
  excludeManagerId?: string;
};

export type SettleOutcome = { written: boolean; changed: boolean; stored: StoredAssignment };

/** Rosters read once per branch per batch. */
export class RosterCache {
  private readonly byBranch = new Map<string, Promise<RelationshipManager[]>>();
  constructor(private readonly store: SegmentStore) {}
  get(branchId: string) {
    let r = this.byBranch.get(branchId);
    if (!r) this.byBranch.set(branchId, (r = this.store.roster(branchId)));
    return r;
  }
  forget(branchId: string) {
    this.byBranch.delete(branchId);
  }
}

export async function settleAssignment(store: SegmentStore, rosters: RosterCache, input: SettleInput): Promise<SettleOutcome> {
  const { before, assignment } = input;
  const segment = assignment.segment;
  const build = (manager: ManagerAssignment) =>
    nextStoredAssignment(before, { customerId: input.customerId, assignment, branchId: input.branchId, currency: input.currency, manager, cause: input.cause, now: input.now });

  const write = async (next: StoredAssignment): Promise<SettleOutcome> => {
    if (!assignmentDiffers(before, next)) return { written: false, changed: false, stored: before! };
    await store.writeAssignment(before, next);
    return { written: true, changed: next.segmentVersion !== (before?.segmentVersion ?? 0), stored: next };
  };

  if (serviceModelOf(segment) !== 'NAMED') return write(build({ kind: serviceModelOf(segment) } as ManagerAssignment));

  const roster = (await rosters.get(input.branchId)).filter((m) => m.managerId !== input.excludeManagerId);
  if (before && keepsManager(before.manager, segment, input.branchId, roster)) return write(build(before.manager));

  for (const m of candidateManagers(roster, input.branchId)) {
    try {
      return await write(build({ kind: 'NAMED', managerId: m.managerId, branchId: m.branchId }));
    } catch (error) {
      if (!(error instanceof AssignmentConflict && error.reason === 'MANAGER_FULL')) throw error;
      m.load = m.capacity; // full since we read the roster: try the next one
    }
  }
  // Nobody in the branch has room: the team queue serves the customer until a manager frees up.
  return write(build({ kind: 'TEAM_QUEUE' }));
}

/** Publishes the changes not yet on the bus, then records them as published. */
export async function publishPending(store: SegmentStore, events: SegmentEventsPublisher, assignments: StoredAssignment[]): Promise<number> {
  const pending = assignments.filter((a) => a.segmentVersion > a.publishedVersion);
  if (pending.length === 0) return 0;
  // Marketing consumes these events: each carries the customer's consent as it is now (one Query each,
  // only for the few customers whose segment changed).
  const consents = await Promise.all(pending.map((a) => store.marketingConsents(a.customerId)));
  await events.publish(pending.map((a, i) => segmentChangedEvent(a, consents[i]!)));
  await Promise.all(pending.map((a) => store.markPublished(a.customerId, a.segmentVersion)));
  return pending.length;
}

/** Retries an evaluation that lost an optimistic-lock race: it re-reads and recomputes. */
export async function withFreshRetry<T>(attempt: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof AssignmentConflict && error.reason === 'STALE_VERSION') || i >= tries) throw error;
    }
  }
}
