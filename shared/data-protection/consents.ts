// The customer's consent as the API shows it: every purpose × channel, NOT_GIVEN where no decision was
// ever recorded. Pure.
import { MARKETING_CHANNELS, MARKETING_PURPOSES } from '../contracts/events/consent';
import type { ConsentView } from '../contracts/api/data-protection';
import type { StoredConsent } from '../domain/marketing-consent';

export function consentViews(stored: readonly StoredConsent[]): ConsentView[] {
  const byKey = new Map(stored.map((c) => [`${c.purpose}#${c.channel}`, c]));
  return MARKETING_PURPOSES.flatMap((purpose) =>
    MARKETING_CHANNELS.map((channel): ConsentView => {
      const c = byKey.get(`${purpose}#${channel}`);
      return c
        ? { purpose, channel, state: c.state, changedAt: c.changedAt, source: c.source }
        : { purpose, channel, state: 'NOT_GIVEN', changedAt: null, source: null };
    }),
  );
}
