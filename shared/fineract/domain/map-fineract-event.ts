// One decoded Fineract event → contract events, by its dataschema; the event type picks among the
// business events that share a schema. Every result is checked against the event contract here, so a
// payload that maps to something the contract refuses is dead-lettered with the field, not published.
import * as z from 'zod/mini';
import { coreBankingEvents, type CoreBankingEvent } from '../../contracts/events';
import { describeIssues, fieldIssues } from '../../contracts/validation-issues';
import type { DecodedEvent } from '../adapters/fineract-wire';
import { mapClientEvent } from './client-events';
import { fineractIds, FineractMappingError } from './fineract-ids';
import { instantOf } from './fineract-values';
import { mapDelinquencyEvent, mapLoanAccountEvent, mapLoanAdjustmentEvent, mapLoanTransactionEvent } from './loan-events';
import { ignored, type AccountScopedEvent, type MappingInput, type MappingOutcome } from './mapped-events';
import { mapSavingsAccountEvent, mapSavingsTransactionEvent } from './savings-events';

const NS = 'org.apache.fineract.avro.';

/** The dataschemas the layer maps, and who maps them. */
export const MAPPERS: Record<string, (input: MappingInput) => MappingOutcome> = {
  [`${NS}client.v1.ClientDataV1`]: mapClientEvent,
  [`${NS}savings.v1.SavingsAccountDataV1`]: mapSavingsAccountEvent,
  [`${NS}savings.v1.SavingsAccountTransactionDataV1`]: mapSavingsTransactionEvent,
  [`${NS}loan.v1.LoanAccountDataV1`]: mapLoanAccountEvent,
  [`${NS}loan.v1.LoanTransactionDataV1`]: mapLoanTransactionEvent,
  [`${NS}loan.v1.LoanTransactionAdjustmentDataV1`]: mapLoanAdjustmentEvent,
  [`${NS}loan.v1.LoanAccountDelinquencyRangeDataV1`]: mapDelinquencyEvent,
};

// Account-scoped details are checked with a stand-in customer: the directory supplies the real one.
const STAND_IN_CUSTOMER = 'fineract:check:client:1';

function contractIssues(detailType: CoreBankingEvent['detailType'], detail: object): string | undefined {
  const parsed = z.safeParse(coreBankingEvents[detailType] as z.ZodMiniType, detail);
  return parsed.success ? undefined : `${detailType} ${describeIssues(fieldIssues(parsed.error, 'detail'))}`;
}

/** The event type as it may appear in a reason: a Java class name, or a placeholder. */
const typeForReason = (type: string) => (/^[A-Za-z0-9]{1,80}$/.test(type) ? type : '(event type)');

export function mapFineractEvent(event: DecodedEvent): MappingOutcome {
  if (event.kind === 'notDecoded') return ignored('FineractEventsWithoutRecords');
  const mapper = MAPPERS[event.dataschema];
  if (!mapper) return ignored('FineractEventsWithoutRecords');
  try {
    if (!Number.isSafeInteger(event.sequence) || event.sequence <= 0) throw new FineractMappingError('envelope field id is not a positive event id');
    const outcome = mapper({ event, ids: fineractIds(event.tenantId), occurredAt: instantOf(event.createdAt) });
    if (outcome.kind !== 'mapped') return outcome;
    for (const e of outcome.customerEvents) {
      const issues = contractIssues(e.detailType, e.detail);
      if (issues) return { kind: 'rejected', reason: `${typeForReason(event.type)}: ${issues}` };
    }
    for (const e of outcome.accountEvents as AccountScopedEvent[]) {
      const issues = contractIssues(e.detailType, { ...e.detail, customerId: STAND_IN_CUSTOMER });
      if (issues) return { kind: 'rejected', reason: `${typeForReason(event.type)}: ${issues}` };
    }
    return outcome;
  } catch (error) {
    if (error instanceof FineractMappingError) return { kind: 'rejected', reason: `${typeForReason(event.type)}: ${error.message}` };
    throw error;
  }
}
