// The core-banking simulator: a deterministic event stream, a sender to EventBridge, and a run of both.
export type { ComplaintFiling, ComplaintFilingContext } from './complaint-filing';
export {
  countByDetailType,
  DEFAULT_START,
  type DetailTypeCounts,
  generateCoreBankingStream,
  simulatedCustomers,
  type StreamOptions,
} from './core-banking-stream';
export type { SimulatedCustomer } from './customer-simulation';
export { PERSONA_TRAITS, PERSONAS, type Persona } from './personas';
export { entrySize, MAX_ENTRIES_PER_REQUEST, MAX_REQUEST_BYTES, type SendOptions, type SendResult, sendToBus } from './send-to-bus';
export {
  LOCAL_ENDPOINTS_FILE,
  LocalStackNotRunningError,
  readLocalEndpoints,
  type SimulateOptions,
  type SimulationSummary,
  simulate,
} from './simulate';
