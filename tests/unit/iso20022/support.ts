import { camtBookings, type BookingOutcome } from '../../../shared/iso20022/domain/camt-bookings';
import { CamtSettings } from '../../../shared/iso20022/domain/camt-settings';

export const settings = CamtSettings.parse({
  timeZone: 'Asia/Shanghai',
  defaultChannel: 'ONLINE',
  domesticNetwork: 'CNAPS',
  defaultProduct: 'CURRENT_ACCOUNT',
  accountIds: [
    { scheme: 'BBAN', accountIdPrefix: 'ACC-' },
    { scheme: 'IBAN', prefix: 'GB', accountIdPrefix: 'GB-' },
  ],
  proprietaryCodes: [{ code: 'WX-PAY', issuer: 'BANK', kind: 'CARD_PURCHASE', channel: 'MOBILE' }],
});

/** Reads a document in chunks of `chunkSize` characters (small, so that chunk boundaries fall inside elements). */
export async function outcomesOf(xml: string, chunkSize = 97, s = settings): Promise<BookingOutcome[]> {
  const chunks = function* () {
    const bytes = new TextEncoder().encode(xml);
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  };
  const out: BookingOutcome[] = [];
  for await (const o of camtBookings(chunks(), s)) out.push(o);
  return out;
}

export const eventsOf = (outcomes: BookingOutcome[]) => outcomes.flatMap((o) => (o.kind === 'events' ? o.events : []));
