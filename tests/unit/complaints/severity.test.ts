import { describe, expect, it } from 'vitest';
import {
  assessSeverity,
  DEFAULT_SEVERITY_CONFIG,
  type SeverityInput,
  type SeverityTrigger,
} from '../../../shared/domain/complaints/severity';

// A complaint with no trigger at all: a STANDARD customer, a fees complaint, nothing alarming said.
const calm: SeverityInput = {
  category: 'FEES_AND_CHARGES',
  description: 'I was charged a fee I did not expect.',
  segment: 'STANDARD',
  receivedAt: '2025-06-10T09:00:00Z',
};

const triggersOf = (input: Partial<SeverityInput>, config = DEFAULT_SEVERITY_CONFIG): SeverityTrigger[] =>
  assessSeverity({ ...calm, ...input }, config).reasons.map((r) => r.trigger);

describe('severity triggers', () => {
  it('finds nothing in a calm complaint: LOW, score 0', () => {
    expect(assessSeverity(calm)).toEqual({ severity: 'LOW', score: 0, reasons: [] });
  });

  it('disputed amount: above the threshold, not at it', () => {
    const threshold = DEFAULT_SEVERITY_CONFIG.disputedAmountThresholdMinor;
    expect(triggersOf({ disputedAmountReportingMinor: threshold })).toEqual([]);
    expect(triggersOf({ disputedAmountReportingMinor: threshold + 1 })).toEqual(['DISPUTED_AMOUNT_ABOVE_THRESHOLD']);
    expect(triggersOf({ disputedAmountReportingMinor: 20_000 }, { ...DEFAULT_SEVERITY_CONFIG, disputedAmountThresholdMinor: 10_000 })).toEqual([
      'DISPUTED_AMOUNT_ABOVE_THRESHOLD',
    ]);
  });

  it('fraud: flagged, implied by the category, or said in English or Chinese', () => {
    expect(triggersOf({ suspectedFraud: true })).toEqual(['FRAUD']);
    expect(triggersOf({ category: 'UNAUTHORISED_TRANSACTION' })).toEqual(['FRAUD']);
    expect(triggersOf({ description: 'This was a scam' })).toEqual(['FRAUD']);
    const chinese = assessSeverity({ ...calm, description: '我被电信诈骗了' });
    expect(chinese.reasons[0]).toMatchObject({ trigger: 'FRAUD', evidence: ['诈骗'] });
  });

  it('vulnerable customer', () => {
    expect(triggersOf({ vulnerableCustomer: true })).toEqual(['VULNERABLE_CUSTOMER']);
    expect(triggersOf({ vulnerableCustomer: false })).toEqual([]);
  });

  it('repeat complaint: another complaint within 30 days makes two', () => {
    expect(triggersOf({ previousComplaintTimes: ['2025-05-20T09:00:00Z'] })).toEqual(['REPEAT_COMPLAINT']);
    expect(triggersOf({ previousComplaintTimes: ['2025-05-11T09:00:00Z'] })).toEqual(['REPEAT_COMPLAINT']); // exactly 30 days
    expect(triggersOf({ previousComplaintTimes: ['2025-05-11T08:59:59Z'] })).toEqual([]); // 30 days and a second
    expect(triggersOf({ previousComplaintTimes: ['2025-06-11T09:00:00Z'] })).toEqual([]); // later than this one
    const threeNeeded = { ...DEFAULT_SEVERITY_CONFIG, repeatComplaintCount: 3 };
    expect(triggersOf({ previousComplaintTimes: ['2025-06-01T00:00:00Z'] }, threeNeeded)).toEqual([]);
    expect(triggersOf({ previousComplaintTimes: ['2025-06-01T00:00:00Z', '2025-06-05T00:00:00Z'] }, threeNeeded)).toEqual(['REPEAT_COMPLAINT']);
  });

  it.each([
    ['I will take this to the Financial Ombudsman', 'MENTIONS_REGULATOR'],
    ['I am reporting you to the FCA', 'MENTIONS_REGULATOR'],
    ['I have filed with the CFPB', 'MENTIONS_REGULATOR'],
    ['我要向银保监投诉', 'MENTIONS_REGULATOR'],
    ['已经打了12378热线', 'MENTIONS_REGULATOR'],
    ['我会向国家金融监督管理总局反映', 'MENTIONS_REGULATOR'],
    ['I have spoken to a journalist', 'MENTIONS_MEDIA'],
    ['I will go to the press', 'MENTIONS_MEDIA'],
    ['我要找媒体曝光', 'MENTIONS_MEDIA'],
    ['已经联系了记者', 'MENTIONS_MEDIA'],
    ['My solicitor will write to you', 'MENTIONS_LAWYER'],
    ['I will sue the bank', 'MENTIONS_LAWYER'],
    ['我已经请了律师', 'MENTIONS_LAWYER'],
    ['我要起诉你们', 'MENTIONS_LAWYER'],
  ] as const)('%s → %s', (description, trigger) => {
    expect(triggersOf({ description })).toEqual([trigger]);
  });

  it('does not mistake ordinary words for a regulator, the media or a lawyer', () => {
    for (const description of [
      'I have an issue with my statement',
      'I had to press the button twice',
      'I pursued this for weeks, the staff were courteous',
      '这是我的个人行为',
      'focal point of the problem',
    ]) {
      expect(triggersOf({ description }), description).toEqual([]);
    }
  });

  it('MVC customer', () => {
    expect(triggersOf({ segment: 'MVC' })).toEqual(['MVC_CUSTOMER']);
    expect(triggersOf({ segment: 'MGC' })).toEqual([]);
  });

  it('regulatory category (privacy, conduct)', () => {
    expect(triggersOf({ category: 'PRIVACY_AND_DATA' })).toEqual(['REGULATORY_CATEGORY']);
    expect(triggersOf({ category: 'MIS_SELLING' })).toEqual(['REGULATORY_CATEGORY']);
  });

  it('keeps each trigger as a reason with its weight and detail', () => {
    const result = assessSeverity({ ...calm, segment: 'MVC', vulnerableCustomer: true, description: '我要找律师起诉' });
    expect(result.reasons.map((r) => r.trigger)).toEqual(['VULNERABLE_CUSTOMER', 'MENTIONS_LAWYER', 'MVC_CUSTOMER']);
    expect(result.reasons.find((r) => r.trigger === 'MENTIONS_LAWYER')?.evidence).toEqual(['律师', '起诉']);
    expect(result.score).toBe(result.reasons.reduce((sum, r) => sum + r.weight, 0));
    for (const r of result.reasons) expect(r.detail.length).toBeGreaterThan(0);
  });
});

describe('severity levels', () => {
  it('a vulnerable customer alone is MEDIUM', () => {
    expect(assessSeverity({ ...calm, vulnerableCustomer: true }).severity).toBe('MEDIUM');
  });

  it('fraud alone, or a regulator, the media or a lawyer alone, is HIGH', () => {
    expect(assessSeverity({ ...calm, category: 'UNAUTHORISED_TRANSACTION' }).severity).toBe('HIGH');
    expect(assessSeverity({ ...calm, description: 'I will contact the BBC' }).severity).toBe('HIGH');
  });

  it('fraud above the amount threshold, or two escalating mentions, is CRITICAL', () => {
    expect(
      assessSeverity({ ...calm, category: 'UNAUTHORISED_TRANSACTION', disputedAmountReportingMinor: 10_000_000 }).severity,
    ).toBe('CRITICAL');
    expect(assessSeverity({ ...calm, description: '我要找律师，还要找媒体曝光' }).severity).toBe('CRITICAL');
  });

  it('adding a trigger never lowers the score', () => {
    const base = assessSeverity(calm).score;
    const more = assessSeverity({ ...calm, vulnerableCustomer: true, segment: 'MVC' }).score;
    expect(more).toBeGreaterThan(base);
  });
});
