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

  it('does not put field values into the reason (they may be personal data)', () => {
    const detail = { ...exampleDetails.CustomerOnboarded, profile: { ...(exampleDetails.CustomerOnboarded.profile as object), email: 'not-an-email-li.wei' } };
    const result = parse(envelope('CustomerOnboarded', detail));
    expect(!result.ok && result.reason).toContain('detail.profile.email');
    expect(!result.ok && result.reason).not.toContain('li.wei');
  });
});
