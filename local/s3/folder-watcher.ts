// Files that appear in a bucket folder (copied in by hand, or written by another program) become
// objects, announced as ObjectCreated:Put. A file is announced once it has *settled*: the same size and
// modification time for `settleMs`, so one still being written is not announced half-written. Names
// starting with '.' are never objects: write to `.name.part` and rename it to be announced at once.
// Objects stored through the endpoint carry a sidecar that marks them announced, so they are not
// announced a second time here.
import type { Stats } from 'node:fs';
import type { FolderBuckets, ObjectInfo } from './folder-buckets';

export type FolderWatcherOptions = {
  store: FolderBuckets;
  /** How long a file must stay unchanged before it is announced (default 1000 ms). */
  settleMs?: number;
  /** How often the folders are looked at (default 250 ms). */
  intervalMs?: number;
  onAppeared: (bucket: string, object: ObjectInfo) => Promise<void>;
  onError?: (message: string) => void;
};

type Seen = { size: number; mtimeMs: number; since: number };

export class FolderWatcher {
  private readonly candidates = new Map<string, Seen>();
  /** bucket/key → "size:mtime" of files known to be announced (saves reading their sidecars again). */
  private readonly announced = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private stopped = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: FolderWatcherOptions) {}

  start() {
    const tick = () => {
      if (this.stopped) return;
      this.scanning = this.scan()
        .catch((error) => this.options.onError?.(`local S3: scanning the bucket folders failed: ${(error as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 250);
        });
    };
    tick();
  }

  /** Files waiting to settle before they are announced. */
  get pending() {
    return this.candidates.size;
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.scanning;
  }

  /** One look at every bucket folder; announces what has settled since the last look. One at a time. */
  scan(): Promise<void> {
    const run = this.queue.then(() => this.scanOnce(Date.now()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async scanOnce(now: number) {
    const { store } = this.options;
    const settleMs = this.options.settleMs ?? 1000;
    const present = new Set<string>();
    for (const bucket of store.names) {
      for (const { key, stats } of await store.list(bucket)) {
        const id = `${bucket}/${key}`;
        present.add(id);
        const version = `${stats.size}:${stats.mtimeMs}`;
        if (this.announced.get(id) === version) continue;
        if (store.isWriting(bucket, key)) continue;
        if (await store.isAnnounced(bucket, key, stats)) {
          this.announced.set(id, version);
          this.candidates.delete(id);
          continue;
        }
        const seen = this.candidates.get(id);
        if (!seen || changed(seen, stats)) {
          this.candidates.set(id, { size: stats.size, mtimeMs: stats.mtimeMs, since: now });
          continue;
        }
        if (now - seen.since < settleMs) continue;
        const object = await store.markAnnounced(bucket, key);
        this.candidates.delete(id);
        if (!object) continue;
        this.announced.set(id, `${object.size}:${object.lastModified.getTime()}`);
        await this.options.onAppeared(bucket, object);
      }
    }
    for (const id of [...this.candidates.keys(), ...this.announced.keys()]) {
      if (!present.has(id)) {
        this.candidates.delete(id);
        this.announced.delete(id);
      }
    }
  }
}

const changed = (seen: Seen, stats: Stats) => seen.size !== stats.size || seen.mtimeMs !== stats.mtimeMs;
