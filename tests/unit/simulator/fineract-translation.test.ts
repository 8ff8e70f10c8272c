// The simulated bank through Fineract's vocabulary: every message the translation writes decodes under
// Fineract 1.10.1's schemas and maps to valid contract events (none rejected), and what the simulator's
// customers did comes back as the same number of customers, accounts and postings, with their amounts.
import { describe, expect, it } from 'vitest';
import { generateCoreBankingStream } from '../../../local/simulator/core-banking-stream';
import { decimalText, FineractTranslation } from '../../../local/simulator/fineract-translation';
import { decodeFineractMessage } from '../../../shared/fineract/adapters/fineract-wire';
import { mapFineractEvent } from '../../../shared/fineract/domain/map-fineract-event';

describe('the simulator as a Fineract installation', () => {
  it('writes messages that decode and map, keeping customers, accounts, postings and amounts', () => {
    const translation = new FineractTranslation('sim');
    const sent: Record<string, number> = {};
    const back: Record<string, number> = {};
    let sentVolume = 0;
    let backVolume = 0;
    for (const event of generateCoreBankingStream({ customers: 12, days: 20, seed: 'fineract' })) {
      const messages = translation.messages(event);
      if (messages.length === 0) continue;
      sent[event.detailType] = (sent[event.detailType] ?? 0) + 1;
      if (event.detailType === 'TransactionPosted') sentVolume += event.detail.amount.minor;
      for (const bytes of messages) {
        const decoded = decodeFineractMessage(bytes);
        expect(decoded.ok).toBe(true);
        for (const e of (decoded as { events: Parameters<typeof mapFineractEvent>[0][] }).events) {
          const outcome = mapFineractEvent(e);
          expect(outcome.kind, JSON.stringify(outcome)).toBe('mapped');
          if (outcome.kind !== 'mapped') continue;
          for (const c of [...outcome.customerEvents, ...outcome.accountEvents]) {
            back[c.detailType] = (back[c.detailType] ?? 0) + 1;
            if (c.detailType === 'TransactionPosted') backVolume += (c.detail as { amount: { minor: number } }).amount.minor;
          }
        }
      }
    }
    expect(sent.CustomerOnboarded).toBe(12);
    expect(back.CustomerOnboarded).toBe(sent.CustomerOnboarded);
    expect(back.AccountOpened).toBe(sent.AccountOpened);
    expect(back.TransactionPosted).toBe(sent.TransactionPosted);
    expect(backVolume).toBe(sentVolume);
    expect(sent.TransactionPosted).toBeGreaterThan(50);
    // Channel interactions have no Fineract event: counted, not sent.
    expect(translation.notExpressible.ChannelInteraction).toBeGreaterThan(0);
  });

  it('writes minor units as Fineract decimals', () => {
    expect([decimalText(0), decimalText(5), decimalText(125050), decimalText(-1999)]).toEqual(['0.00', '0.05', '1250.50', '-19.99']);
  });
});
