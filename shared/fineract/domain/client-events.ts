// Fineract clients (ClientDataV1) → CustomerOnboarded / CustomerProfileUpdated, the whole profile each
// time (state-carried), at the version of Fineract's external-event id.
import { INCOME_BANDS, type CustomerProfile } from '../../contracts/events';
import { ignored, mapped, type MappingInput, type MappingOutcome } from './mapped-events';
import { FineractMappingError } from './fineract-ids';
import { dateOf, isDate, numberOf, type Payload } from './fineract-values';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

/**
 * Fineract has no income band. A bank that keeps one puts it in the client classification code values
 * (LOW, MIDDLE, HIGH, VERY_HIGH); a client without one is MIDDLE until the bank's data says otherwise.
 */
export const DEFAULT_INCOME_BAND = 'MIDDLE';

function incomeBand(classification: unknown): CustomerProfile['incomeBand'] {
  const name = (classification as { name?: string } | null)?.name?.trim().toUpperCase().replace(/[\s-]+/g, '_');
  return (INCOME_BANDS as readonly string[]).includes(name ?? '') ? (name as CustomerProfile['incomeBand']) : DEFAULT_INCOME_BAND;
}

export function mapClientEvent({ event, ids, occurredAt }: MappingInput): MappingOutcome {
  const c = event.payload as Payload & { timeline?: Payload | null };
  if (c.isStaff === true) return ignored('FineractStaffClientsIgnored');
  const clientId = numberOf(c.id, 'ClientDataV1.id');
  const names = [c.firstname, c.middlename, c.lastname].filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  const fullName = [c.displayName, c.fullname, names.join(' ')].find((n): n is string => typeof n === 'string' && n.trim() !== '')?.trim().slice(0, 200);
  if (!fullName) throw new FineractMappingError('ClientDataV1 has no displayName, fullname or firstname/lastname');
  const timeline = c.timeline ?? {};
  const customerSince = [c.activationDate, timeline.activatedOnDate, timeline.submittedOnDate].find(isDate) ?? dateOf(event.businessDate, 'envelope field businessDate');
  const profile: CustomerProfile = {
    version: event.sequence,
    fullName,
    ...(isDate(c.dateOfBirth) ? { dateOfBirth: c.dateOfBirth } : {}),
    // Contacts that do not fit the contract are left out rather than failing the whole profile.
    ...(typeof c.emailAddress === 'string' && EMAIL.test(c.emailAddress) && c.emailAddress.length <= 254 ? { email: c.emailAddress } : {}),
    ...(typeof c.mobileNo === 'string' && PHONE.test(c.mobileNo) ? { phone: c.mobileNo } : {}),
    preferredLanguage: 'en',
    homeBranchId: ids.office(numberOf(c.officeId, 'ClientDataV1.officeId')),
    incomeBand: incomeBand(c.clientClassification),
    customerSince,
    vulnerable: false,
  };
  const detail = { schemaVersion: 1 as const, eventId: ids.event(event.key), occurredAt, customerId: ids.customer(clientId), profile };
  return mapped([
    event.type === 'ClientCreateBusinessEvent' ? { detailType: 'CustomerOnboarded', detail } : { detailType: 'CustomerProfileUpdated', detail },
  ]);
}
