// Relationship managers against DynamoDB Local: MVC customers get the least loaded manager with room in
// their branch (the load rises in the same transaction, never past capacity); when a manager leaves,
// their customers move to another with room or to the team queue; a customer leaving MVC frees the load;
// a manager joining gives their room to the MVC customers waiting in the team queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentConfigStore } from '../../../shared/adapters/segment-config';
import { SegmentIndexStore } from '../../../shared/adapters/segment-index-store';
import { SegmentRoster } from '../../../shared/adapters/segment-roster';
import { SegmentStore } from '../../../shared/adapters/segment-store';
import { assignSegment, mvcThreshold } from '../../../shared/domain/segmentation';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import { handleWork } from '../../../shared/segmentation/recalibration';
import { RosterCache, settleAssignment } from '../../../shared/segmentation/settle-assignment';
import { assessedOn, createSegmentationTable, dynamoDb, startPutEventsRecorder } from './segmentation-support';

const rules = DEFAULT_SEGMENT_PARAMETERS.segmentation;
const BRANCH = 'BR-X';
const client = dynamoDb();
let store: SegmentStore;
let tableName: string;
let recorder: Awaited<ReturnType<typeof startPutEventsRecorder>>;

const settle = async (customerId: string, trailing: number) =>
  settleAssignment(store, new RosterCache(store), {
    customerId,
    before: await store.assignment(customerId),
    assignment: assignSegment(assessedOn(trailing), rules, mvcThreshold(rules.mvc, null)),
    branchId: BRANCH,
    currency: 'CNY',
    cause: 'FIGURES_CHANGED',
    now: new Date().toISOString(),
  });

const published: unknown[] = [];
const workDeps = () => ({
  store,
  index: new SegmentIndexStore(client, tableName),
  config: new SegmentConfigStore(client, tableName, DEFAULT_SEGMENT_PARAMETERS),
  queue: { send: async () => undefined },
  events: { publish: async (events: unknown[]) => void published.push(...events) },
  now: () => new Date(),
  remainingMs: () => 300_000,
});

const loads = async () => Object.fromEntries((await store.roster(BRANCH)).map((m) => [m.managerId, m.load]));
const managerOf = async (customerId: string) => (await store.assignment(customerId))!.manager;

beforeAll(async () => {
  ({ tableName } = await createSegmentationTable(client));
  store = new SegmentStore(client, tableName);
  recorder = await startPutEventsRecorder();
  const roster = new SegmentRoster(client, tableName);
  await roster.put(BRANCH, 'RM-A', { name: 'A', capacity: 2 });
  await roster.put(BRANCH, 'RM-B', { name: 'B', capacity: 2 });
});
afterAll(() => recorder?.stop());

describe('relationship managers', () => {
  it('spreads MVC customers over the least loaded managers with room', async () => {
    for (const c of ['C-1', 'C-2', 'C-3']) await settle(c, 5_000_000);
    expect(await loads()).toEqual({ 'RM-A': 2, 'RM-B': 1 });
    expect((await managerOf('C-1')).kind).toBe('NAMED');
  });

  it('never fills a manager past capacity, even when customers are assigned at once', async () => {
    await Promise.all(['C-4', 'C-5', 'C-6'].map((c) => settle(c, 5_000_000)));
    const l = await loads();
    expect(l['RM-A']).toBeLessThanOrEqual(2);
    expect(l['RM-B']).toBeLessThanOrEqual(2);
    const kinds = await Promise.all(['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6'].map(managerOf));
    expect(kinds.filter((m) => m.kind === 'NAMED')).toHaveLength(4);
    expect(kinds.filter((m) => m.kind === 'TEAM_QUEUE')).toHaveLength(2);
  });

  it("frees a manager's place when a customer leaves MVC", async () => {
    const named = (await Promise.all(['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6'].map(async (c) => [c, await managerOf(c)] as const))).find(
      ([, m]) => m.kind === 'NAMED' && m.managerId === 'RM-B',
    )!;
    await settle(named[0], 50_000); // now STANDARD
    expect(await managerOf(named[0])).toEqual({ kind: 'TEAM_QUEUE' });
    expect((await loads())['RM-B']).toBe(1);
  });

  it("moves a departing manager's customers to a manager with room, or to the team queue", async () => {
    await new SegmentRoster(client, tableName).leave(BRANCH, 'RM-A');
    await handleWork(workDeps(), { kind: 'MANAGER_LEFT', managerId: 'RM-A', branchId: BRANCH });
    const managers = await Promise.all(['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6'].map(managerOf));
    expect(managers.some((m) => m.kind === 'NAMED' && m.managerId === 'RM-A')).toBe(false);
    expect(await loads()).toEqual({ 'RM-A': 0, 'RM-B': 2 });
  });

  it("gives a new manager's room to the MVC customers waiting in the team queue, most valuable first", async () => {
    // The branch is full: these three wait in the team queue with the two that did already.
    for (const [c, trailing] of [['C-7', 9_000_000], ['C-8', 3_000_000], ['C-9', 7_000_000]] as const) await settle(c, trailing);
    expect((await Promise.all(['C-7', 'C-8', 'C-9'].map(managerOf))).map((m) => m.kind)).toEqual(['TEAM_QUEUE', 'TEAM_QUEUE', 'TEAM_QUEUE']);
    const versions = await Promise.all(['C-7', 'C-9'].map(async (c) => (await store.assignment(c))!.segmentVersion));

    await new SegmentRoster(client, tableName).put(BRANCH, 'RM-C', { name: 'C', capacity: 2 });
    await handleWork(workDeps(), { kind: 'MANAGER_AVAILABLE', branchId: BRANCH });

    expect(await managerOf('C-7')).toEqual({ kind: 'NAMED', managerId: 'RM-C', branchId: BRANCH });
    expect(await managerOf('C-9')).toEqual({ kind: 'NAMED', managerId: 'RM-C', branchId: BRANCH });
    expect(await managerOf('C-8')).toEqual({ kind: 'TEAM_QUEUE' });
    expect((await loads())['RM-C']).toBe(2);
    // A manager is not a segment: no new segment version, nothing published.
    expect(await Promise.all(['C-7', 'C-9'].map(async (c) => (await store.assignment(c))!.segmentVersion))).toEqual(versions);
    expect(published).toEqual([]);

    // Delivered twice, the message changes nothing more.
    await handleWork(workDeps(), { kind: 'MANAGER_AVAILABLE', branchId: BRANCH });
    expect(await loads()).toEqual({ 'RM-A': 0, 'RM-B': 2, 'RM-C': 2 });
  });
});
