// The events of one stream batch's records in as few PutEvents as they fit, instead of one call per
// complaint. Every record of the batch joins before any can publish (the batch processor starts them all
// at once); a record's publish waits until each record that joined has published or finished, then all the
// waiting groups go out together. Each record still learns what became of its own events: one whose events
// failed throws, is a batch item failure and is retried, as when it published alone.
import type { ComplaintEvent, ComplaintEventSink } from './complaint-event-publisher';

type Waiting = { events: readonly ComplaintEvent[]; settle: (error: Error | undefined) => void };

export class ComplaintEventBatch {
  private joined = 0;
  private waiting: Waiting[] = [];

  constructor(private readonly sink: ComplaintEventSink) {}

  /** One record's sink; `leave` it when the record is done, published or not. */
  join(): ComplaintEventSink & { leave(): void } {
    this.joined++;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      this.joined--;
      this.flushIfAllArrived();
    };
    return {
      publish: (events) =>
        new Promise<void>((resolve, reject) => {
          this.waiting.push({ events, settle: (error) => (error ? reject(error) : resolve()) });
          // A second publish of one record (none today) goes out with the others, or at once.
          if (left) this.flushIfAllArrived();
          else leave();
        }),
      leave,
    };
  }

  private flushIfAllArrived() {
    if (this.joined > 0 || this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    void this.send(waiting.map((w) => w.events)).then(
      (outcomes) => waiting.forEach((w, i) => w.settle(outcomes[i])),
      (error: Error) => waiting.forEach((w) => w.settle(error)),
    );
  }

  private async send(groups: (readonly ComplaintEvent[])[]): Promise<(Error | undefined)[]> {
    if (this.sink.publishGroups) return this.sink.publishGroups(groups);
    return Promise.all(groups.map((g) => this.sink.publish(g).then(() => undefined, (error: Error) => error)));
  }
}
