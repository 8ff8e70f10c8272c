import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '../../../shared/domain/complaints/categories';
import {
  CFPB_ISSUE_CATEGORIES,
  CFPB_PRODUCT_CATEGORIES,
  categoryFromCfpbNames,
} from '../../../shared/domain/complaints/cfpb-taxonomy';
import { classifyComplaint, FALLBACK_CATEGORY } from '../../../shared/domain/complaints/classification';
import { findTerms } from '../../../shared/domain/complaints/keyword-matching';

describe('classification of English descriptions', () => {
  const cases: Array<[string, ComplaintCategory]> = [
    ['Someone made unauthorised purchases on my card, I did not make this payment', 'UNAUTHORISED_TRANSACTION'],
    ['You charged me a monthly maintenance fee I was never told about', 'FEES_AND_CHARGES'],
    ["I can't log in to the mobile app since the update, it crashes every time", 'DIGITAL_ACCESS'],
    ['The ATM swallowed my card and did not dispense the cash', 'ATM_AND_CASH'],
    ['My SWIFT transfer to Hong Kong has still not arrived after five days', 'TRANSFERS_AND_PAYMENTS'],
    ['My mortgage repayment was late by one day and my credit report now shows arrears', 'LENDING_AND_CREDIT'],
    ['The teller was rude and I waited in the queue for two hours', 'SERVICE_QUALITY'],
    ['You shared my personal data with another company without my consent', 'PRIVACY_AND_DATA'],
    ['I was mis-sold an investment with guaranteed returns that lost half its value', 'MIS_SELLING'],
  ];
  it.each(cases)('%s → %s', (description, expected) => {
    const result = classifyComplaint({ description });
    expect(result.category).toBe(expected);
    expect(result.method).toBe('KEYWORDS');
    expect(result.evidence.length).toBeGreaterThan(0);
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(0.85);
  });
});

describe('classification of Chinese descriptions', () => {
  const cases: Array<[string, ComplaintCategory, string]> = [
    ['我的信用卡被盗刷了三笔，都不是本人操作', 'UNAUTHORISED_TRANSACTION', '盗刷'],
    ['为什么扣我年费和小额账户管理费？这是乱收费', 'FEES_AND_CHARGES', '年费'],
    ['手机银行一直无法登录，也收不到验证码', 'DIGITAL_ACCESS', '验证码'],
    ['ATM机吞卡了，取款也没有出钞', 'ATM_AND_CASH', '吞卡'],
    ['跨行转账两天了还没到账', 'TRANSFERS_AND_PAYMENTS', '转账'],
    ['房贷提前还款被收违约金，征信也出了问题', 'LENDING_AND_CREDIT', '征信'],
    ['柜员服务态度很差，排队等了一个小时', 'SERVICE_QUALITY', '排队'],
    ['我的个人信息被泄露，天天接到骚扰电话', 'PRIVACY_AND_DATA', '个人信息'],
    ['客户经理误导销售理财产品，说是保本的，结果亏损了', 'MIS_SELLING', '理财'],
    ['汇款到国外的钱被退汇了', 'TRANSFERS_AND_PAYMENTS', '汇款'],
    ['贷款利率和合同不一致', 'LENDING_AND_CREDIT', '贷款'],
  ];
  it.each(cases)('%s → %s', (description, expected, keyword) => {
    const result = classifyComplaint({ description });
    expect(result.category).toBe(expected);
    expect(result.evidence).toContain(keyword);
  });

  it('reads full-width Latin letters as ASCII (ＡＴＭ typed on a Chinese keyboard)', () => {
    expect(classifyComplaint({ description: 'ＡＴＭ没有出钞' }).category).toBe('ATM_AND_CASH');
  });

  it('classifies a description mixing both languages', () => {
    const result = classifyComplaint({ description: 'My card was 盗刷 at a shop abroad, fraud!' });
    expect(result.category).toBe('UNAUTHORISED_TRANSACTION');
    expect(result.evidence).toEqual(expect.arrayContaining(['fraud', '盗刷']));
  });
});

describe('keyword matching', () => {
  it('matches English terms as whole words only', () => {
    expect(findTerms('thanks for the feedback', ['fee'])).toEqual([]);
    expect(findTerms('a fee, and more fees', ['fee', 'fees'])).toEqual(['fee', 'fees']);
    expect(findTerms('I have an issue', ['sue'])).toEqual([]);
  });

  it('treats a space or hyphen in a term as optional and a trailing * as a prefix', () => {
    expect(findTerms('cannot login', ['log in'])).toEqual(['log in']);
    expect(findTerms('cannot log-in', ['log in'])).toEqual(['log in']);
    expect(findTerms('an unauthorized debit', ['unauthori*'])).toEqual(['unauthori*']);
    expect(findTerms('an unauthorised debit', ['unauthori*'])).toEqual(['unauthori*']);
  });

  it('matches Chinese terms anywhere in the text', () => {
    expect(findTerms('信用卡被盗刷', ['盗刷', '转账'])).toEqual(['盗刷']);
  });
});

describe('fallback', () => {
  it('sends a complaint nothing recognises to the service-quality category with confidence 0', () => {
    for (const description of ['Hello, please call me back', '', '请回电话']) {
      const result = classifyComplaint({ description });
      expect(result).toMatchObject({ category: FALLBACK_CATEGORY, method: 'FALLBACK', confidence: 0, evidence: [] });
    }
    expect(FALLBACK_CATEGORY).toBe('SERVICE_QUALITY');
  });
});

describe('explicit category', () => {
  it('wins over CFPB names and the description', () => {
    const result = classifyComplaint({
      category: 'PRIVACY_AND_DATA',
      cfpb: { product: 'Mortgage' },
      description: 'ATM swallowed my card',
    });
    expect(result).toMatchObject({ category: 'PRIVACY_AND_DATA', method: 'EXPLICIT', confidence: 1 });
  });
});

describe('classification of CFPB product and issue names', () => {
  const cases: Array<[{ product?: string; subProduct?: string; issue?: string; subIssue?: string }, ComplaintCategory, string]> = [
    [{ product: 'Checking or savings account', issue: 'Managing an account' }, 'FEES_AND_CHARGES', 'ISSUE'],
    [
      { product: 'Checking or savings account', issue: 'Managing an account', subIssue: 'Problem using a debit or ATM card' },
      'ATM_AND_CASH',
      'SUB_ISSUE',
    ],
    [{ product: 'Credit card', issue: 'Problem with a purchase shown on your statement' }, 'UNAUTHORISED_TRANSACTION', 'ISSUE'],
    [{ product: 'Credit card or prepaid card', issue: 'Fees or interest' }, 'FEES_AND_CHARGES', 'ISSUE'],
    [{ product: 'Money transfer, virtual currency, or money service' }, 'TRANSFERS_AND_PAYMENTS', 'PRODUCT'],
    [{ product: 'Money transfer, virtual currency, or money service', issue: 'Money was not available when promised' }, 'TRANSFERS_AND_PAYMENTS', 'ISSUE'],
    [{ product: 'Money transfer, virtual currency, or money service', issue: 'Fraud or scam' }, 'UNAUTHORISED_TRANSACTION', 'ISSUE'],
    [
      { product: 'Money transfer, virtual currency, or money service', subProduct: 'Mobile or digital wallet', issue: 'Something new' },
      'DIGITAL_ACCESS',
      'SUB_PRODUCT',
    ],
    [{ product: 'Mortgage', issue: 'Trouble during payment process' }, 'LENDING_AND_CREDIT', 'ISSUE'],
    [{ product: 'Credit reporting or other personal consumer reports', issue: 'Incorrect information on your report' }, 'LENDING_AND_CREDIT', 'ISSUE'],
    [{ product: 'Debt collection', issue: 'Threatened to contact someone or share information improperly' }, 'PRIVACY_AND_DATA', 'ISSUE'],
    [{ product: 'Credit card', issue: 'Advertising and marketing, including promotional offers' }, 'MIS_SELLING', 'ISSUE'],
    [{ product: 'Checking or savings account', issue: 'Problem with a lender or other company charging your account' }, 'UNAUTHORISED_TRANSACTION', 'ISSUE'],
    [{ product: 'Prepaid card', issue: 'Trouble using the card' }, 'ATM_AND_CASH', 'ISSUE'],
    [{ product: 'Bank account or service' }, 'FEES_AND_CHARGES', 'PRODUCT'],
  ];
  it.each(cases)('%o → %s', (names, expected, level) => {
    const result = classifyComplaint({ cfpb: names, description: 'the app crashed' });
    expect(result.category).toBe(expected);
    expect(result.method).toBe('CFPB_TAXONOMY');
    expect(categoryFromCfpbNames(names)?.level).toBe(level);
  });

  it('reads the same issue differently under credit reporting and under a card', () => {
    const issue = "Problem with a company's investigation into an existing problem";
    expect(categoryFromCfpbNames({ product: 'Credit card', issue })?.category).toBe('UNAUTHORISED_TRANSACTION');
    expect(
      categoryFromCfpbNames({ product: 'Credit reporting, credit repair services, or other personal consumer reports', issue })?.category,
    ).toBe('LENDING_AND_CREDIT');
  });

  it('ignores case, spacing and curly apostrophes in the names', () => {
    expect(categoryFromCfpbNames({ issue: '  PROBLEM WITH A COMPANY’S INVESTIGATION INTO AN EXISTING PROBLEM ' })?.category).toBe(
      'UNAUTHORISED_TRANSACTION',
    );
  });

  it('trusts a sub-issue over an issue, an issue over a product, and a product least', () => {
    const subIssue = classifyComplaint({ cfpb: { product: 'Checking or savings account', issue: 'Managing an account', subIssue: 'Problem accessing account' } });
    const issue = classifyComplaint({ cfpb: { product: 'Checking or savings account', issue: 'Managing an account' } });
    const product = classifyComplaint({ cfpb: { product: 'Checking or savings account' } });
    expect(subIssue.category).toBe('DIGITAL_ACCESS');
    expect(subIssue.confidence).toBeGreaterThan(issue.confidence);
    expect(issue.confidence).toBeGreaterThan(product.confidence);
  });

  it('falls through to the description when no CFPB name is known', () => {
    const result = classifyComplaint({ cfpb: { product: 'Other financial service', issue: 'Something else' }, description: '转账没到账' });
    expect(result).toMatchObject({ category: 'TRANSFERS_AND_PAYMENTS', method: 'KEYWORDS' });
  });

  it('maps every CFPB name it lists onto one of the nine categories', () => {
    for (const category of [...Object.values(CFPB_ISSUE_CATEGORIES), ...Object.values(CFPB_PRODUCT_CATEGORIES)]) {
      expect(COMPLAINT_CATEGORIES).toContain(category);
    }
    // Each of the nine categories is reachable from some CFPB issue.
    expect(new Set(Object.values(CFPB_ISSUE_CATEGORIES))).toEqual(new Set(COMPLAINT_CATEGORIES));
  });
});

describe('classification on any input', () => {
  it('always answers a known category, evidence and a confidence in [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.option(fc.constantFrom(...COMPLAINT_CATEGORIES), { nil: undefined }), (description, category) => {
        const result = classifyComplaint({ category, description });
        expect(COMPLAINT_CATEGORIES).toContain(result.category);
        expect(result.confidence).toBeGreaterThanOrEqual(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
        if (result.method === 'KEYWORDS') expect(result.evidence.length).toBeGreaterThan(0);
        if (category) expect(result.category).toBe(category);
      }),
    );
  });
});
