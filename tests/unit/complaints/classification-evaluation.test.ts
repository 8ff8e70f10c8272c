// The classifier on real complaints: 350 CFPB narratives (text only) and 24 Chinese complaints
// (tests/fixtures/complaints-evaluation/). A floor under the accuracy measured when the rules were
// written, so that a change that reads real complaints worse fails here.
import { describe, expect, it } from 'vitest';
import narratives from '../../fixtures/complaints-evaluation/cfpb-narratives.json';
import chinese from '../../fixtures/complaints-evaluation/chinese-complaints.json';
import taxonomy from '../../fixtures/complaints-evaluation/cfpb-taxonomy-names.json';
import { categoryFromCfpbNames, CFPB_GENERIC_SUB_ISSUES } from '../../../shared/domain/complaints/cfpb-taxonomy';
import { cfpbCase, evaluate, type CfpbNarrative, type EvaluationCase } from '../../../shared/domain/complaints/classification-evaluation';
import { classifyComplaint } from '../../../shared/domain/complaints/classification';

const cfpbCases = (narratives as CfpbNarrative[]).map(cfpbCase).filter((c): c is EvaluationCase => c !== undefined);

describe('accuracy on real complaints, text alone', () => {
  it('maps every narrative of the set to a category from its own CFPB names', () => {
    expect(cfpbCases).toHaveLength(narratives.length);
  });

  it('gets at least 75% of the CFPB narratives right', () => {
    const e = evaluate(cfpbCases);
    expect(e.accuracy).toBeGreaterThanOrEqual(0.75);
  });

  it('gets at least 90% of the Chinese complaints right', () => {
    expect(evaluate(chinese as EvaluationCase[]).accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('flags for a handler the answers most likely wrong: flagged ones are wrong far more often than the rest', () => {
    const e = evaluate(cfpbCases);
    const wrongWhenFlagged = e.flaggedWrong / e.flagged;
    const wrongOtherwise = (e.cases - e.correct - e.flaggedWrong) / (e.cases - e.flagged);
    expect(wrongWhenFlagged).toBeGreaterThan(2 * wrongOtherwise);
  });
});

describe('what the rules read', () => {
  const category = (text: string) => classifyComplaint({ description: text }).category;

  it('reads a denial before a term: "不是盗刷，是年费", "not fraud"', () => {
    expect(category('不是盗刷，是年费扣错了')).toBe('FEES_AND_CHARGES');
    expect(category('This is not fraud, I just want the annual fee refunded')).toBe('FEES_AND_CHARGES');
  });

  it('reads a colloquial denial of having acted as fraud', () => {
    expect(category('这笔交易根本不是我操作的')).toBe('UNAUTHORISED_TRANSACTION');
    expect(category('That purchase was not me, I was at home all day')).toBe('UNAUTHORISED_TRANSACTION');
  });

  it('breaks a tie by what the customer mentions first, not by list order, and flags it', () => {
    const feeFirst = classifyComplaint({ description: 'A fee, and then a transfer' });
    const transferFirst = classifyComplaint({ description: 'A transfer, and then a fee' });
    expect([feeFirst.category, transferFirst.category]).toEqual(['FEES_AND_CHARGES', 'TRANSFERS_AND_PAYMENTS']);
    expect(feeFirst.needsReview && transferFirst.needsReview).toBe(true);
  });

  it('does not take "privacy" in a quoted statute for a privacy complaint', () => {
    const text = 'Under 15 USC 1681 I have the right to privacy. These accounts on my credit report are inaccurate.';
    expect(category(text)).toBe('LENDING_AND_CREDIT');
    expect(category('The bank shared my personal information with a marketing company')).toBe('PRIVACY_AND_DATA');
  });

  it('keeps its evidence and confidence on every answer', () => {
    const a = classifyComplaint({ description: '手机银行登录不了，验证码收不到' });
    expect(a).toMatchObject({ category: 'DIGITAL_ACCESS', method: 'KEYWORDS' });
    expect(a.evidence.length).toBeGreaterThan(0);
    expect(a.confidence).toBeGreaterThan(0);
  });
});

describe('the CFPB taxonomy', () => {
  it('maps every product, sub-product, issue and sub-issue name of the current taxonomy', () => {
    const { P, SP, I, SI } = taxonomy as { P: string[]; SP: string[]; I: string[]; SI: string[] };
    for (const product of P) expect(categoryFromCfpbNames({ product }), product).toBeDefined();
    for (const subProduct of SP.filter(Boolean)) expect(categoryFromCfpbNames({ subProduct }), subProduct).toBeDefined();
    for (const pair of I) {
      const [product, issue] = pair.split(' | ');
      expect(categoryFromCfpbNames({ issue: issue! })?.level, issue).toBe('ISSUE');
      expect(categoryFromCfpbNames({ product: product!, issue: issue! })?.level, pair).toBe('ISSUE');
    }
    for (const pair of SI) {
      const [issue, subIssue] = pair.split(' | ');
      if (!subIssue || CFPB_GENERIC_SUB_ISSUES.includes(subIssue)) continue;
      expect(categoryFromCfpbNames({ subIssue })?.level, subIssue).toBe('SUB_ISSUE');
      expect(categoryFromCfpbNames({ issue: issue!, subIssue }), pair).toBeDefined();
    }
  });

  it('has the issues the first version lacked', () => {
    expect(categoryFromCfpbNames({ issue: "Problem with a credit reporting company's investigation into an existing problem" })?.category).toBe('LENDING_AND_CREDIT');
    expect(categoryFromCfpbNames({ subIssue: 'Card opened without my consent or knowledge' })?.category).toBe('UNAUTHORISED_TRANSACTION');
    expect(categoryFromCfpbNames({ subIssue: 'Account opened as a result of fraud' })?.category).toBe('UNAUTHORISED_TRANSACTION');
  });
});
