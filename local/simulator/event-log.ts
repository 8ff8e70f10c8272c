// Turns a customer's simulated happenings into core-banking events: the common fields, a stable
// eventId, and the instant in the customer's own time zone.
import type { CoreBankingDetailType, CoreBankingEvent } from '../../shared/contracts/events';
import { type TimeZone, zonedInstant } from './calendar';

type DetailOf<K extends CoreBankingDetailType> = Extract<CoreBankingEvent, { detailType: K }>['detail'];
type CommonField = 'schemaVersion' | 'eventId' | 'occurredAt' | 'customerId';
export type FieldsOf<K extends CoreBankingDetailType> = Omit<DetailOf<K>, CommonField>;

/** An event with what orders the stream: its instant, then its customer, then the customer's own sequence. */
export type TimedEvent = { utcMs: number; customerNumber: number; seq: number; event: CoreBankingEvent };

export const byTime = (a: TimedEvent, b: TimedEvent) =>
  a.utcMs - b.utcMs || a.customerNumber - b.customerNumber || a.seq - b.seq;

export const customerIdOf = (customerNumber: number) => `C-${String(customerNumber).padStart(6, '0')}`;

export class CustomerEventLog {
  private seq = 0;
  private pending: TimedEvent[] = [];

  constructor(
    /** Names the run (seed and start): reruns with the same inputs resend the same ids, so redelivery is harmless. */
    private readonly runTag: string,
    private readonly customerNumber: number,
    readonly customerId: string,
    private readonly zone: TimeZone,
  ) {}

  emit<K extends CoreBankingDetailType>(detailType: K, day: number, secondOfDay: number, fields: FieldsOf<K>): void {
    const { iso, utcMs } = zonedInstant(this.zone, day, secondOfDay);
    const seq = ++this.seq;
    const detail = {
      schemaVersion: 1 as const,
      eventId: `sim-${this.runTag}-${String(this.customerNumber).padStart(6, '0')}-${String(seq).padStart(6, '0')}`,
      occurredAt: iso,
      customerId: this.customerId,
      ...fields,
    };
    this.pending.push({ utcMs, customerNumber: this.customerNumber, seq, event: { detailType, detail } as unknown as CoreBankingEvent });
  }

  /** The events emitted since the last call, in the order they were emitted. */
  drain(): TimedEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
