import { describe, expect, it } from 'vitest';
import { exampleDetails } from '../../shared/contracts/events/examples';
import { parseCoreBankingEvent } from '../../shared/ingestion/parse-event';
import { envelope } from '../support/events';

const parse = (body: unknown) =>
  parseCoreBankingEvent(typeof body === 'string' ? body : JSON.stringify(body), 'core.banking');

describe('parseCoreBankingEvent', () => {
  it('accepts a valid event and tags it with its detail-type', () => {
    const result = parse(envelope('TransactionPosted', exampleDetails.TransactionPosted));
    expect(result).toMatchObject({ ok: true, event: { detailType: 'TransactionPosted', detail: { eventId: 'evt-0005' } } });
  });

  it.each(['core.banking', 'core.banking.iso20022', 'core.banking.fineract'])('accepts the source %s and says which it was', (source) => {
    const result = parse(envelope('TransactionPosted', exampleDetails.TransactionPosted, source));
    expect(result).toMatchObject({ ok: true, source });
  });

  it('applies contract defaults', () => {
    const { preferredLanguage: _, vulnerable: __, ...profile } = exampleDetails.CustomerOnboarded.profile as Record<string, unknown>;
    const result = parse(envelope('CustomerOnboarded', { ...exampleDetails.CustomerOnboarded, profile }));
    expect(result.ok && result.event.detailType === 'CustomerOnboarded' && result.event.detail.profile).toMatchObject({
      preferredLanguage: 'en',
      vulnerable: false,
    });
  });

  it.each([
    ['not JSON', '{"detail-type":', /body is not JSON/],
    ['not an EventBridge event', { foo: 1 }, /not an EventBridge event: detail-type/],
    ['another source', envelope('TransactionPosted', exampleDetails.TransactionPosted, 'core.cards'), /source 'core.cards' is not 'core.banking' or 'core.banking.<producer>'/],
    ['a source that only starts like it', envelope('TransactionPosted', exampleDetails.TransactionPosted, 'core.bankingx'), /source 'core.bankingx'/],
    ['an empty producer', envelope('TransactionPosted', exampleDetails.TransactionPosted, 'core.banking.'), /source 'core.banking.'/],
    ['a nested producer', envelope('TransactionPosted', exampleDetails.TransactionPosted, 'core.banking.a.b'), /source 'core.banking.a.b'/],
    ['an unknown detail-type', envelope('AccountFrozen', {}), /unknown detail-type 'AccountFrozen'/],
    [
      'a transfer without its network',
      envelope('TransactionPosted', { ...exampleDetails.TransactionPosted, network: undefined }),
      /TransactionPosted v1: detail.network: a TRANSFER names its network/,
    ],
    [
      'an instant without an offset',
      envelope('ChannelInteraction', { ...exampleDetails.ChannelInteraction, occurredAt: '2026-11-05 10:20' }),
      /detail.occurredAt/,
    ],
    [
      'a channel that does not exist',
      envelope('ChannelInteraction', { ...exampleDetails.ChannelInteraction, channel: 'FAX' }),
      /detail.channel/,
    ],
  ])('rejects %s with a reason naming what is wrong', (_, body, reason) => {
    const result = parse(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('holds occurredAt to the plausible window of the clock it is received by: from 1900, at most a day ahead', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const at = (occurredAt: string) =>
      parseCoreBankingEvent(JSON.stringify(envelope('ChannelInteraction', { ...exampleDetails.ChannelInteraction, occurredAt })), 'core.banking', now);
    expect(at('2026-12-02T12:00:00Z').ok).toBe(true);
    expect(at('1900-01-01T00:00:00Z').ok).toBe(true);
    for (const implausible of ['2026-12-02T12:00:01Z', '2126-12-01T12:00:00Z', '1899-12-31T23:59:59Z', '1970-01-01T07:59:59+08:00'.replace('1970', '1899')]) {
      const result = at(implausible);
      expect(result.ok, implausible).toBe(false);
      expect(!result.ok && result.reason).toBe(
        'ChannelInteraction v1: detail.occurredAt must lie between 1900-01-01T00:00:00Z and one day after it was received',
      );
    }
  });

  it('does not put field values into the reason (they may be personal data)', () => {
    const detail = { ...exampleDetails.CustomerOnboarded, profile: { ...(exampleDetails.CustomerOnboarded.profile as object), email: 'not-an-email-li.wei' } };
    const result = parse(envelope('CustomerOnboarded', detail));
    expect(!result.ok && result.reason).toContain('detail.profile.email');
    expect(!result.ok && result.reason).not.toContain('li.wei');
  });
});
