// EXTENSION POINT — complaints filed through the API. Not built yet.
//
// Complaints do not travel on the core-banking bus: customers file them through the API, as the mobile
// app and staff do. When complaint intake exists, implement ComplaintFiling (e.g. in
// local/simulator/api-complaint-filing.ts) and pass it to `simulate({ ..., complaints })`. `simulate`
// calls it once the core-banking stream is on the bus, so that the customers it complains for exist.
//
// What an implementation has to work with:
// - `customers`: the run's roster (persona, region, arrival day). Costly customers and those whose loans
//   fall behind complain more; MVC customers' complaints exercise priority routing.
// - `seed`: derive a generator with `Random.from(seed, 'complaints')` so the filing stays deterministic.
// - `apiUrl`: the API's base URL (the local stack writes it to .local/endpoints.json as `api`).
// - The stream itself carries hints: ChannelInteraction events with topic 'COMPLAINT'.
import type { SimulatedCustomer } from './customer-simulation';

export type ComplaintFilingContext = {
  customers: readonly SimulatedCustomer[];
  seed: string;
  start: string;
  days: number;
  /** Base URL of the CRM API, when the target exposes one. */
  apiUrl?: string;
};

export interface ComplaintFiling {
  /** Files the run's complaints; resolves to how many were accepted. */
  fileComplaints(context: ComplaintFilingContext): Promise<{ filed: number }>;
}
