// Which category a complaint belongs to. In order of trust:
//   1. the category the customer or the member of staff chose (they know what they meant);
//   2. the CFPB's product / issue names, when the complaint comes with them (a controlled vocabulary);
//   3. keywords in the description, English and Chinese, weighed per category;
//   4. otherwise the fallback, SERVICE_QUALITY (see FALLBACK_CATEGORY for why).
// Every answer carries its evidence and a confidence in [0, 1] so that a handler can see why a complaint
// landed in their queue and the analytics can measure how often the classifier had to guess.
import { type ComplaintCategory, COMPLAINT_CATEGORIES } from './categories';
import { categoryFromCfpbNames, type CfpbComplaintNames } from './cfpb-taxonomy';
import { containsTerm, normaliseText } from './keyword-matching';

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
  readonly reason: string;
}

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
      'do not recogni*', 'not recogni*', 'chargeback', 'identity theft',
      '盗刷', '未授权', '未经授权', '非本人', '不是本人', '冒用', '诈骗', '被骗', '钓鱼', '盗用', '被盗'),
    ...terms(2, 'stolen', 'disputed', 'dispute', 'never made', 'never authori*', '不明扣款', '莫名扣款', '异常交易', '拒付'),
  ],
  FEES_AND_CHARGES: [
    ...terms(3, 'fee', 'fees', 'overdraft', 'annual fee', 'maintenance fee', 'service charge', 'penalty',
      '手续费', '年费', '管理费', '乱收费', '扣费', '收费', '服务费', '滞纳金', '违约金', '小额账户'),
    ...terms(2, 'overcharged', 'charges', 'commission', 'refund the fee', '费用', '多扣', '透支'),
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
    ...terms(3, 'loan', 'loans', 'mortgage', 'credit report', 'credit score', 'credit file', 'credit reference',
      'repossession', 'foreclosure', 'arrears', 'debt collector', 'debt collection', 'early repayment',
      '贷款', '房贷', '按揭', '征信', '信用报告', '催收', '逾期', '提前还款', '车贷', '消费贷', '经营贷'),
    ...terms(2, 'repayment', 'repayments', 'interest rate', 'credit limit', 'lender', 'borrow*', 'collector',
      '还款', '利率', '额度', '借款'),
  ],
  SERVICE_QUALITY: [
    ...terms(3, 'rude', 'attitude', 'impolite', 'unhelpful', 'disrespectful', 'queue', 'queued',
      'waiting time', 'wait time', 'waited', 'on hold', 'hung up', 'customer service',
      '态度', '排队', '不耐烦', '服务差', '服务态度', '等了', '等待时间', '推诿', '敷衍', '不理睬'),
    ...terms(2, 'staff', 'teller', 'branch', 'manager', 'waiting', 'service', 'ignored', 'complaint handling',
      '柜员', '网点', '大堂经理', '工作人员', '柜台', '服务'),
  ],
  PRIVACY_AND_DATA: [
    ...terms(3, 'personal data', 'personal information', 'privacy', 'data breach', 'data protection', 'gdpr',
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

// Ties are broken in the order of COMPLAINT_CATEGORIES, which puts loss of money first: when fraud and
// fees tie, the disputes team sees it first and can pass it on, not the other way round.
const CATEGORY_ORDER = COMPLAINT_CATEGORIES;

interface Score {
  readonly category: ComplaintCategory;
  readonly score: number;
  readonly evidence: string[];
}

const scoreDescription = (description: string): Score[] => {
  const text = normaliseText(description);
  return CATEGORY_ORDER.map((category) => {
    const found = CATEGORY_KEYWORDS[category].filter(({ term }) => containsTerm(text, term));
    // A term that is part of a longer term found for the same category ("fee" in "annual fee") is the
    // same mention, not a second one.
    const distinct = found.filter(
      (t) => !found.some((other) => other !== t && other.term.length > t.term.length && normaliseText(other.term).includes(normaliseText(t.term))),
    );
    return { category, score: distinct.reduce((sum, t) => sum + t.weight, 0), evidence: distinct.map((t) => t.term) };
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
  const winner = scores.reduce((best, s) => (s.score > best.score ? s : best));
  const runnersUp = scores.filter((s) => s !== winner && s.score > 0);
  return {
    category: winner.category,
    method: 'KEYWORDS',
    evidence: winner.evidence,
    confidence: keywordConfidence(winner, total),
    reason:
      `description mentions ${winner.evidence.join(', ')} (score ${winner.score})` +
      (runnersUp.length ? `; also ${runnersUp.map((s) => `${s.category} ${s.score}`).join(', ')}` : ''),
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
    reason: 'nothing recognised in the category, CFPB names or description: general service queue, to be reclassified by a handler',
  };
};
