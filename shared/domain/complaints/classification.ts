// Which category a complaint belongs to. In order of trust:
//   1. the category the customer or the member of staff chose (they know what they meant);
//   2. the CFPB's product / issue names, when the complaint comes with them (a controlled vocabulary);
//   3. keywords in the description, English and Chinese, weighed per category;
//   4. otherwise the fallback, SERVICE_QUALITY (see FALLBACK_CATEGORY for why).
// Every answer carries its evidence and a confidence in [0, 1] so that a handler can see why a complaint
// landed in their queue and the analytics can measure how often the classifier had to guess.
import { type ComplaintCategory, COMPLAINT_CATEGORIES } from './categories';
import { categoryFromCfpbNames, type CfpbComplaintNames } from './cfpb-taxonomy';
import { isNegatedAt, normaliseText, termPositions } from './keyword-matching';

export interface ClassificationInput {
  readonly category?: ComplaintCategory;
  readonly cfpb?: CfpbComplaintNames;
  readonly description?: string;
}

export type ClassificationMethod = 'EXPLICIT' | 'CFPB_TAXONOMY' | 'KEYWORDS' | 'FALLBACK';

export interface Classification {
  readonly category: ComplaintCategory;
  readonly method: ClassificationMethod;
  /** What decided: the chosen category, the CFPB name, or the keywords found in the description. */
  readonly evidence: readonly string[];
  /** 1 for a category chosen by a person; lower the more the classifier inferred. */
  readonly confidence: number;
  /** Confidence below REVIEW_BELOW: a handler is asked to confirm the category. */
  readonly needsReview: boolean;
  readonly reason: string;
}

/** Below this confidence an answer is flagged for a handler to confirm (about where keyword answers start to be wrong). */
export const REVIEW_BELOW = 0.5;

/**
 * A complaint nothing recognises goes to the service-quality team (BRANCH_SERVICE): it is the team that
 * handles general dissatisfaction, it is not a regulatory queue (a guess must not raise a regulatory
 * alarm), and confidence 0 marks the complaint for a handler to reclassify.
 */
export const FALLBACK_CATEGORY: ComplaintCategory = 'SERVICE_QUALITY';

interface WeightedTerm {
  readonly term: string;
  /** 3: the term alone names the category; 2: a strong hint; 1: a hint that needs company. */
  readonly weight: 1 | 2 | 3;
}

const terms = (weight: 1 | 2 | 3, ...list: string[]): WeightedTerm[] => list.map((term) => ({ term, weight }));

export const CATEGORY_KEYWORDS: Readonly<Record<ComplaintCategory, readonly WeightedTerm[]>> = {
  UNAUTHORISED_TRANSACTION: [
    ...terms(3, 'unauthori*', 'fraud', 'fraudulent', 'scam', 'scammed', 'skimm*', 'phishing', 'cloned',
      "didn't make this", 'did not make this', "didn't authori*", 'did not authori*', "don't recogni*",
      'do not recogni*', 'not recogni*', 'chargeback', 'identity theft', 'was not me', "wasn't me", 'not authori*',
      'i did not make', "i didn't make", 'i never made', 'without my permission', 'without my authori*',
      '盗刷', '未授权', '未经授权', '非本人', '不是本人', '冒用', '诈骗', '被骗', '钓鱼', '盗用', '被盗',
      '不是我操作', '不是我本人', '不是我做的', '不是我刷的', '我没有操作', '我从未操作', '本人没有', '本人并未', '不是我消费'),
    ...terms(2, 'stolen', 'never made', 'never authori*', 'scammer', '不明扣款', '莫名扣款', '异常交易', '拒付'),
    ...terms(1, 'disputed', 'dispute'),
  ],
  FEES_AND_CHARGES: [
    ...terms(3, 'fee', 'fees', 'overdraft', 'annual fee', 'maintenance fee', 'service charge', 'penalty',
      '手续费', '年费', '管理费', '乱收费', '扣费', '收费', '服务费', '滞纳金', '违约金', '小额账户'),
    ...terms(2, 'overcharged', 'charges', 'commission', 'refund the fee', '费用', '多扣', '透支',
      'checking account', 'savings account', 'bank account', 'close my account', 'closing the account', 'closing my account',
      'deposit', 'deposited', 'my funds', 'frozen', 'froze', 'hold on my'),
    ...terms(3, 'closed my account', 'account closed', 'account was closed', 'closed the account', 'account was frozen',
      '冻结', '销户', '账户管理'),
    ...terms(1, 'charge', 'charged', 'interest', '利息'),
  ],
  DIGITAL_ACCESS: [
    ...terms(3, 'mobile banking', 'online banking', 'internet banking', 'mobile app', 'banking app',
      'log in', 'locked out', 'verification code', 'otp', 'two-factor', 'face id', 'fingerprint login',
      '手机银行', '网上银行', '网银', '登录', '登陆', '验证码', '闪退', '人脸识别', '无法登录'),
    ...terms(2, 'app', 'website', 'crash', 'crashes', 'crashed', 'password', 'error message', 'biometric',
      '客户端', '系统故障', '页面', '密码'),
  ],
  ATM_AND_CASH: [
    ...terms(3, 'atm', 'atms', 'cash machine', 'cashpoint', 'swallowed my card', 'retained my card',
      'cash withdrawal', 'counterfeit', '取款机', '自动柜员机', '吞卡', '存款机', '假币', 'ATM机'),
    ...terms(2, 'cash', 'dispensed', 'withdraw cash', 'debit card', 'card declined', 'card was declined',
      '现金', '取款', '取现', '存款', '银行卡', '借记卡'),
    ...terms(1, 'card', 'credit card', '信用卡'),
  ],
  TRANSFERS_AND_PAYMENTS: [
    ...terms(3, 'transfer', 'transfers', 'wire', 'remittance', 'swift', 'cnaps', 'sepa', 'iban',
      'faster payment', 'standing order', 'direct debit', 'beneficiary', 'not arrived', 'never arrived',
      '转账', '汇款', '跨行', '未到账', '没到账', '到账', '退汇', '收款人', '大额支付', '二代支付'),
    ...terms(2, 'payment', 'payments', 'delayed', 'delay', 'sent money', 'recipient', 'routing number',
      '支付', '付款', '延迟', '汇率'),
  ],
  LENDING_AND_CREDIT: [
    ...terms(3, 'loan', 'loans', 'mortgage', 'credit report', 'credit reports', 'credit score', 'credit file', 'credit reference',
      'credit bureau', 'credit bureaus', 'consumer report', 'reporting agency', 'reporting agencies', 'equifax', 'experian',
      'transunion', 'trans union', 'fcra', 'fair credit reporting act', '1681*', 'inquiry', 'inquiries', 'hard inquiry',
      'tradeline', 'tradelines', 'reinvestigat*', 'collection account', 'charge off', 'charged off', 'late payment', 'late payments',
      'my report', 'my file', 'consumer file', 'credit history', 'bureau', 'bureaus', 'credit profile', 'derogatory',
      'timely payments', 'on-time payments', 'loan modification', 'modification', 'debt', 'debts', 'creditor', 'creditors',
      'repossession', 'foreclosure', 'arrears', 'debt collector', 'debt collection', 'early repayment',
      '贷款', '房贷', '按揭', '征信', '信用报告', '催收', '逾期', '提前还款', '车贷', '消费贷', '经营贷'),
    ...terms(2, 'repayment', 'repayments', 'interest rate', 'credit limit', 'lender', 'borrow*', 'collector', 'inaccurate', 'not mine',
      'remove these', 'remove this', 'removed from', 'delete these', 'deleted from', 'verify the account', 'furnisher',
      '还款', '利率', '额度', '借款'),
  ],
  SERVICE_QUALITY: [
    ...terms(3, 'rude', 'attitude', 'impolite', 'unhelpful', 'disrespectful', 'queue', 'queued',
      'waiting time', 'wait time', 'waited', 'on hold', 'hung up', 'customer service',
      '态度', '排队', '不耐烦', '服务差', '服务态度', '等了', '等待时间', '推诿', '敷衍', '不理睬'),
    ...terms(2, 'staff', 'teller', 'branch', 'waiting', 'ignored', 'complaint handling', 'customer service',
      '柜员', '网点', '大堂经理', '工作人员', '柜台', '服务'),
    ...terms(1, 'manager', 'service', 'representative'),
  ],
  PRIVACY_AND_DATA: [
    ...terms(3, 'personal data', 'personal information', 'privacy', 'data breach', 'data protection', 'gdpr', 'permissible purpose',
      'without my written consent', 'without my written authori*', 'pulled my credit', 'accessed my',
      'leaked', 'leak', 'shared my', 'sold my', 'without my consent', 'subject access',
      '个人信息', '隐私', '泄露', '泄漏', '信息安全', '个人资料', '骚扰电话'),
    ...terms(2, 'marketing calls', 'spam', 'confidential', 'my details', '营销电话', '骚扰', '短信轰炸'),
  ],
  MIS_SELLING: [
    ...terms(3, 'mis-sold', 'mis-selling', 'misled', 'misleading', 'mis-represented', 'guaranteed return',
      'guaranteed returns', 'unsuitable', 'not suitable', 'risk assessment', 'pressured into', 'ppi',
      'bundled', 'tied selling', 'wealth management',
      '误导', '误导销售', '理财', '夸大收益', '保本', '搭售', '捆绑', '强制购买', '风险评估', '飞单', '代销'),
    ...terms(2, 'investment', 'investments', 'insurance', 'policy', 'annuity', 'structured product',
      'high risk', 'losses', '保险', '基金', '收益', '亏损', '风险等级', '销售'),
    ...terms(1, 'fund', 'funds'),
  ],
};

const CATEGORY_ORDER = COMPLAINT_CATEGORIES;

interface Score {
  readonly category: ComplaintCategory;
  readonly score: number;
  readonly evidence: string[];
  /** Where the category is first mentioned: on a tie, what the customer speaks of first wins. */
  readonly firstAt: number;
}

// A statute quoted in the text ("15 U.S.C. 1681 ... the consumer's right to privacy", "Section 604 of the
// FCRA"): words of its wording are not the customer's complaint, so privacy terms near it do not count.
const STATUTE = /(?:u\.?\s?s\.?\s?c|§|section\s+\d|fcra|fair credit reporting act|gramm|glba|1681|act\s+of\s+\d{4}|《[^》]*法》|法第)/g;
const NEAR_STATUTE = 160;

const statutePositions = (text: string) => [...text.matchAll(STATUTE)].map((m) => m.index ?? 0);
/** The privacy words a statute's own wording uses; the customer's own account of misuse is not discounted. */
const STATUTE_WORDING = new Set(['privacy', 'personal information', 'personal data', 'confidential', 'data protection', '隐私', '个人信息']);

// Identity theft and fraud told about a credit report ("remove this fraud inquiry from my report") are a
// credit-reporting dispute, the bureau's file and not a card or account transaction: fraud words count
// 0.4 when the complaint is about a credit report.
const CREDIT_REPORT_TERMS = new Set(['credit report', 'credit reports', 'credit bureau', 'credit bureaus', 'consumer report', 'reporting agency',
  'reporting agencies', 'equifax', 'experian', 'transunion', 'trans union', 'fcra', 'fair credit reporting act', 'inquiry', 'inquiries',
  'hard inquiry', 'tradeline', 'tradelines', 'my report', 'credit file', 'consumer file', 'bureau', 'bureaus', '征信', '信用报告']);

const scoreDescription = (description: string): Score[] => {
  const text = normaliseText(description);
  const statutes = statutePositions(text);
  const aboutCreditReport = [...CREDIT_REPORT_TERMS].some((t) => termPositions(text, t).length > 0);
  return CATEGORY_ORDER.map((category) => {
    const found: { term: string; weight: number; at: number }[] = [];
    for (const { term, weight } of CATEGORY_KEYWORDS[category]) {
      const counted = termPositions(text, term).filter(
        (at) => !isNegatedAt(text, at) && !(STATUTE_WORDING.has(term) && statutes.some((s) => Math.abs(s - at) <= NEAR_STATUTE)),
      );
      if (counted.length) found.push({ term, weight, at: counted[0]! });
    }
    // A term that is part of a longer term found for the same category ("fee" in "annual fee") is the
    // same mention, not a second one.
    const distinct = found.filter(
      (t) => !found.some((other) => other !== t && other.term.length > t.term.length && normaliseText(other.term).includes(normaliseText(t.term))),
    );
    return {
      category,
      score: distinct.reduce((sum, t) => sum + t.weight, 0) * (category === 'UNAUTHORISED_TRANSACTION' && aboutCreditReport ? 0.4 : 1),
      evidence: distinct.map((t) => t.term),
      firstAt: distinct.reduce((first, t) => Math.min(first, t.at), Number.POSITIVE_INFINITY),
    };
  });
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Confidence from keywords: how much of the evidence points at the winner (share), damped when the
 * evidence is thin (a single weak hint). Capped below the CFPB taxonomy's, which is a controlled vocabulary.
 */
const keywordConfidence = (winner: Score, total: number) => {
  const share = winner.score / total;
  const strength = Math.min(1, winner.score / 6);
  return round2(Math.min(0.85, 0.85 * share * (0.5 + 0.5 * strength)));
};

export const classifyDescription = (description: string): Classification | undefined => {
  const scores = scoreDescription(description);
  const total = scores.reduce((sum, s) => sum + s.score, 0);
  if (total === 0) return undefined;
  // Highest score wins; a tie goes to the category the customer mentions first, never to list order,
  // and is flagged for a handler.
  const winner = scores.reduce((best, s) => (s.score > best.score || (s.score === best.score && s.firstAt < best.firstAt) ? s : best));
  const tied = scores.some((s) => s !== winner && s.score === winner.score);
  const runnersUp = scores.filter((s) => s !== winner && s.score > 0);
  const confidence = keywordConfidence(winner, total);
  return {
    category: winner.category,
    method: 'KEYWORDS',
    evidence: winner.evidence,
    confidence,
    needsReview: tied || confidence < REVIEW_BELOW,
    reason:
      `description mentions ${winner.evidence.join(', ')} (score ${winner.score})` +
      (runnersUp.length ? `; also ${runnersUp.map((s) => `${s.category} ${s.score}`).join(', ')}` : '') +
      (tied ? '; a tie, decided by what is mentioned first' : ''),
  };
};

const CFPB_CONFIDENCE = { SUB_ISSUE: 0.95, ISSUE: 0.9, SUB_PRODUCT: 0.75, PRODUCT: 0.6 } as const;

export const classifyComplaint = (input: ClassificationInput): Classification => {
  if (input.category) {
    return {
      category: input.category,
      method: 'EXPLICIT',
      evidence: [input.category],
      confidence: 1,
      needsReview: false,
      reason: 'category chosen when the complaint was made',
    };
  }
  if (input.cfpb) {
    const match = categoryFromCfpbNames(input.cfpb);
    if (match) {
      return {
        category: match.category,
        method: 'CFPB_TAXONOMY',
        evidence: [match.name],
        confidence: CFPB_CONFIDENCE[match.level],
        needsReview: CFPB_CONFIDENCE[match.level] < REVIEW_BELOW,
        reason: `CFPB ${match.level.toLowerCase().replace('_', '-')} "${match.name}"`,
      };
    }
  }
  const fromText = input.description ? classifyDescription(input.description) : undefined;
  if (fromText) return fromText;
  return {
    category: FALLBACK_CATEGORY,
    method: 'FALLBACK',
    evidence: [],
    confidence: 0,
    needsReview: true,
    reason: 'nothing recognised in the category, CFPB names or description: general service queue, to be reclassified by a handler',
  };
};
