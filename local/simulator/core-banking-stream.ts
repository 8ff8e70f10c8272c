// The simulated core-banking stream: every customer's days merged into one stream in time order.
import type { CoreBankingDetailType, CoreBankingEvent } from '../../shared/contracts/events';
import { CalendarDate } from '../../shared/contracts/primitives';
import { dayNumber, startOfLocalDay } from './calendar';
import { CustomerSimulation, type RunContext, type SimulatedCustomer } from './customer-simulation';
import { byTime, type TimedEvent } from './event-log';
import { seedDigest } from './random';
import { REGIONS } from './regions';

export const DEFAULT_START = '2026-10-01';

export type StreamOptions = {
  customers: number;
  days: number;
  seed: string | number;
  /** First simulated day (ISO date), in each customer's local time. */
  start?: string;
};

function runContext(options: StreamOptions): { run: RunContext; customers: number; days: number } {
  const { customers, days } = options;
  if (!Number.isInteger(customers) || customers < 1) throw new Error(`customers must be a positive integer, not ${customers}`);
  if (!Number.isInteger(days) || days < 1) throw new Error(`days must be a positive integer, not ${days}`);
  const start = options.start ?? DEFAULT_START;
  if (!CalendarDate.safeParse(start).success) throw new Error(`start must be an ISO date (YYYY-MM-DD), not ${start}`);
  const seed = String(options.seed);
  // The run tag names seed and start in every eventId: runs that differ in either never share an id.
  const runTag = seedDigest(seed, start).toString(16).padStart(8, '0');
  return { run: { seed, runTag, startDay: dayNumber(start) }, customers, days };
}

function simulations(options: StreamOptions) {
  const { run, customers, days } = runContext(options);
  const sims = Array.from({ length: customers }, (_, i) => new CustomerSimulation(run, i + 1, days - 1));
  return { run, days, sims };
}

/**
 * A deterministic stream of core-banking events for `customers` customers over `days` days, in time
 * order (ties: customer, then the customer's own order). Same options, same stream, byte for byte.
 * A customer's events do not depend on the run's size, so a longer or larger run with the same seed and
 * start repeats the smaller run's events with the same eventIds.
 */
export function* generateCoreBankingStream(options: StreamOptions): Generator<CoreBankingEvent, void, undefined> {
  const { run, days, sims } = simulations(options);
  const zones = Object.values(REGIONS).map((r) => r.timeZone);
  let pending: TimedEvent[] = [];
  for (let offset = 0; offset < days; offset++) {
    for (const sim of sims) for (const e of sim.simulateDay(offset)) pending.push(e);
    pending.sort(byTime);
    // Nothing of a later local day can occur before the next day starts in the easternmost zone.
    const nextDay = run.startDay + offset + 1;
    const safeUntil = offset + 1 < days ? Math.min(...zones.map((z) => startOfLocalDay(z, nextDay))) : Infinity;
    let cut = 0;
    while (cut < pending.length && pending[cut]!.utcMs < safeUntil) cut++;
    for (let i = 0; i < cut; i++) yield pending[i]!.event;
    pending = pending.slice(cut);
  }
}

/** Who the run's customers are (persona, region, arrival), without generating their events. */
export function simulatedCustomers(options: StreamOptions): SimulatedCustomer[] {
  return simulations(options).sims.map((s) => s.customer);
}

export type DetailTypeCounts = Record<CoreBankingDetailType, number>;

export function countByDetailType(events: Iterable<CoreBankingEvent>): DetailTypeCounts {
  const counts: DetailTypeCounts = {
    CustomerOnboarded: 0,
    CustomerProfileUpdated: 0,
    AccountOpened: 0,
    AccountClosed: 0,
    TransactionPosted: 0,
    BalanceSnapshot: 0,
    LoanStatusChanged: 0,
    ChannelInteraction: 0,
    MarketingConsentChanged: 0,
  };
  for (const e of events) counts[e.detailType] += 1;
  return counts;
}
