// Relationship managers (客户经理制): MVC customers get a named manager from their home branch, the
// least loaded one with room; MGC customers are served by the growth desk pool; everyone else by the
// team queue. Pure: the adapter makes the choice stick with a conditional update (load < capacity).
import type { Segment } from '../segment-parameters';

export type RelationshipManager = {
  managerId: string;
  branchId: string;
  name: string;
  capacity: number;
  load: number;
  /** false once the manager has left: keeps the record for history, takes no new customers. */
  active: boolean;
};

export type ManagerAssignment =
  | { kind: 'NAMED'; managerId: string; branchId: string }
  | { kind: 'GROWTH_DESK_POOL' }
  | { kind: 'TEAM_QUEUE' };

/** Managers with room, least loaded first; ties by the lower load ratio, then by id so replicas agree. */
export function candidateManagers(roster: readonly RelationshipManager[], branchId: string): RelationshipManager[] {
  return roster
    .filter((m) => m.active && m.branchId === branchId && m.load < m.capacity)
    .sort((a, b) => a.load - b.load || a.load / a.capacity - b.load / b.capacity || (a.managerId < b.managerId ? -1 : 1));
}

/** What a segment is served by, before a named manager is chosen. */
export function serviceModelOf(segment: Segment): ManagerAssignment['kind'] {
  return segment === 'MVC' ? 'NAMED' : segment === 'MGC' ? 'GROWTH_DESK_POOL' : 'TEAM_QUEUE';
}

/**
 * Whether a customer keeps their manager: an MVC customer keeps a named manager who is still active in
 * their home branch (a new assignment would churn relationships for nothing).
 */
export function keepsManager(current: ManagerAssignment | undefined, segment: Segment, branchId: string, roster: readonly RelationshipManager[]): boolean {
  if (segment !== 'MVC' || current?.kind !== 'NAMED') return false;
  const m = roster.find((x) => x.managerId === current.managerId);
  return m !== undefined && m.active && m.branchId === branchId && current.branchId === branchId;
}
