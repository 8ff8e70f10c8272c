// The load-in-progress flag, as the stream re-evaluation consults it: while a load is writing its
// ranges, re-evaluating each customer one stream batch at a time would fan out over the whole base and
// be done again by the load's own assessment (use-cases/assess-customers.ts). Read at most once per
// `ttlMs` per container, so a busy stream costs one GetItem every few seconds, not one per batch.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LoadStore } from './load-store';

export const LOAD_FLAG_TTL_MS = 10_000;

export class LoadInProgress {
  private cached: { active: boolean; at: number } | undefined;
  private readonly store: LoadStore;

  constructor(client: DynamoDBClient, tableName: string, private readonly ttlMs = LOAD_FLAG_TTL_MS, private readonly clock = () => Date.now()) {
    this.store = new LoadStore(client, tableName);
  }

  async active(): Promise<boolean> {
    const now = this.clock();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.active;
    const active = (await this.store.activeLoads()).length > 0;
    this.cached = { active, at: now };
    return active;
  }
}
