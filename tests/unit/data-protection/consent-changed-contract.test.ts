// CustomerMarketingConsentChanged: the committed JSON Schema is what the zod contract generates; the
// announcement is the decision in force (not the request), with every permitted pair, and a stable id.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render, SCHEMA_DIR } from '../../../scripts/generate-schemas';
import { consentChangedJsonSchema, exampleConsentChanged, exampleConsentChangedEvent } from '../../../shared/contracts/events/consent-changed';
import { consentAnnouncement } from '../../../shared/data-protection/consent-announcement';
import type { StoredConsent } from '../../../shared/domain/marketing-consent';

const file = (suffix: string) => readFileSync(`${SCHEMA_DIR}/CustomerMarketingConsentChanged.v1.${suffix}.json`, 'utf8');

const stored = (purpose: StoredConsent['purpose'], channel: StoredConsent['channel'], state: StoredConsent['state'], changedAt: string, source: StoredConsent['source'] = 'CUSTOMER_API'): StoredConsent => ({
  purpose,
  channel,
  state,
  changedAt,
  source,
  consentOrder: `${changedAt}#req-${purpose}-${channel}`,
});

describe('CustomerMarketingConsentChanged JSON Schema', () => {
  it('is up to date with the zod contract (npm run schemas)', () => {
    expect(file('schema')).toBe(render(consentChangedJsonSchema()));
    expect(file('example')).toBe(render(exampleConsentChangedEvent()));
  });

  it('accepts the example and an announcement, and refuses one without its permitted list', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(consentChangedJsonSchema());
    expect(validate(exampleConsentChanged)).toBe(true);
    expect(validate(consentAnnouncement('C-1', { purpose: 'SURVEYS', channel: 'POST' }, [stored('SURVEYS', 'POST', 'GRANTED', '2026-12-01T09:00:00.000Z')]))).toBe(true);
    const { marketing: _m, ...withoutMarketing } = exampleConsentChanged;
    expect(validate(withoutMarketing)).toBe(false);
  });
});

describe('consentAnnouncement', () => {
  const all = [
    stored('SURVEYS', 'SMS', 'GRANTED', '2026-12-01T09:00:00.000Z'),
    stored('PRODUCT_OFFERS', 'EMAIL', 'WITHDRAWN', '2026-12-01T10:00:00.000Z'),
    stored('PARTNER_OFFERS', 'PUSH', 'GRANTED', '2026-11-01T10:00:00.000Z', 'CORE_BANKING'),
  ];

  it("states the pair's decision in force with the time it was made and every pair still permitted, sorted", () => {
    expect(consentAnnouncement('C-1', { purpose: 'PRODUCT_OFFERS', channel: 'EMAIL' }, all)).toEqual({
      schemaVersion: 1,
      eventId: 'C-1#PRODUCT_OFFERS#EMAIL#2026-12-01T10:00:00.000Z#req-PRODUCT_OFFERS-EMAIL',
      occurredAt: '2026-12-01T10:00:00.000Z',
      customerId: 'C-1',
      purpose: 'PRODUCT_OFFERS',
      channel: 'EMAIL',
      state: 'WITHDRAWN',
      marketing: { permitted: [{ purpose: 'PARTNER_OFFERS', channel: 'PUSH' }, { purpose: 'SURVEYS', channel: 'SMS' }] },
    });
  });

  it('announces a seal that won as WITHDRAWN with the same id each time', () => {
    const sealed: StoredConsent = { ...stored('SURVEYS', 'SMS', 'WITHDRAWN', '2026-12-01T11:00:00.000Z', 'ERASURE'), consentOrder: '~ERASED' };
    const once = consentAnnouncement('C-1', { purpose: 'SURVEYS', channel: 'SMS' }, [sealed]);
    expect(once).toMatchObject({ state: 'WITHDRAWN', eventId: 'C-1#SURVEYS#SMS#~ERASED', marketing: { permitted: [] } });
    expect(consentAnnouncement('C-1', { purpose: 'SURVEYS', channel: 'SMS' }, [sealed]).eventId).toBe(once.eventId);
  });

  it('refuses to announce a pair the store holds no decision for', () => {
    expect(() => consentAnnouncement('C-1', { purpose: 'SURVEYS', channel: 'POST' }, all)).toThrow(/SURVEYS × POST/);
  });
});
