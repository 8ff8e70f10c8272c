// How serious a complaint is, from the triggers MISSION.md lists: a disputed amount above a threshold,
// fraud, a vulnerable customer, a repeat complaint (two or more within 30 days), a mention of a regulator,
// the media or a lawyer (English and Chinese), and an MVC customer. Each trigger found adds its weight to
// a score, and is kept as a reason; the score maps to a level. Weights and bands are configuration.
import { DAY_MS } from './business-calendar';
import { CATEGORY_DEFINITIONS, type ComplaintCategory } from './categories';
import { findTerms } from './keyword-matching';
import type { Segment } from './promised-service';

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_TRIGGERS = [
  'DISPUTED_AMOUNT_ABOVE_THRESHOLD',
  'FRAUD',
  'VULNERABLE_CUSTOMER',
  'REPEAT_COMPLAINT',
  'MENTIONS_REGULATOR',
  'MENTIONS_MEDIA',
  'MENTIONS_LAWYER',
  'MVC_CUSTOMER',
  'REGULATORY_CATEGORY',
] as const;
export type SeverityTrigger = (typeof SEVERITY_TRIGGERS)[number];

export interface SeverityReason {
  readonly trigger: SeverityTrigger;
  readonly weight: number;
  readonly detail: string;
  /** Words found in the description, for the triggers found that way. */
  readonly evidence?: readonly string[];
}

export interface SeverityAssessment {
  readonly severity: Severity;
  readonly score: number;
  readonly reasons: readonly SeverityReason[];
}

export interface SeverityInput {
  readonly category: ComplaintCategory;
  readonly description: string;
  readonly segment: Segment;
  readonly receivedAt: string;
  /** The disputed amount converted to the reporting currency, in minor units. */
  readonly disputedAmountReportingMinor?: number;
  /** Set by staff or an upstream fraud system. */
  readonly suspectedFraud?: boolean;
  readonly vulnerableCustomer?: boolean;
  /** When the customer's earlier complaints were received (ISO instants); this one excluded. */
  readonly previousComplaintTimes?: readonly string[];
}

export interface SeverityConfig {
  /** Above this disputed amount (reporting currency, minor units) the amount is a trigger. */
  readonly disputedAmountThresholdMinor: number;
  /** Complaints (this one included) within the window that make a repeat complaint. */
  readonly repeatComplaintCount: number;
  readonly repeatWindowDays: number;
  readonly weights: Readonly<Record<SeverityTrigger, number>>;
  /** Lowest score for each level above LOW. */
  readonly bands: { readonly MEDIUM: number; readonly HIGH: number; readonly CRITICAL: number };
  readonly fraudTerms: readonly string[];
  readonly regulatorTerms: readonly string[];
  readonly mediaTerms: readonly string[];
  readonly lawyerTerms: readonly string[];
}

// A mention of a regulator, the media or a lawyer on its own makes a complaint HIGH (it is about to leave
// the bank's hands); so does fraud (money lost, MISSION.md: "high severity"). Two such triggers together,
// or fraud above the amount threshold, make it CRITICAL.
export const DEFAULT_SEVERITY_CONFIG: SeverityConfig = {
  disputedAmountThresholdMinor: 5_000_000, // 50,000.00 in the reporting currency
  repeatComplaintCount: 2,
  repeatWindowDays: 30,
  weights: {
    DISPUTED_AMOUNT_ABOVE_THRESHOLD: 2,
    FRAUD: 3,
    VULNERABLE_CUSTOMER: 2,
    REPEAT_COMPLAINT: 1,
    MENTIONS_REGULATOR: 3,
    MENTIONS_MEDIA: 3,
    MENTIONS_LAWYER: 3,
    MVC_CUSTOMER: 1,
    REGULATORY_CATEGORY: 1,
  },
  bands: { MEDIUM: 1, HIGH: 3, CRITICAL: 5 },
  fraudTerms: [
    'fraud', 'fraudulent', 'scam', 'scammed', 'scammer', 'phishing', 'skimm*', 'cloned', 'identity theft', 'unauthori*',
    '盗刷', '诈骗', '被骗', '欺诈', '冒用', '盗用', '钓鱼', '未授权', '未经授权',
  ],
  regulatorTerms: [
    'regulator', 'cbirc', 'cbrc', 'nfra', 'pboc', "people's bank of china", 'fca', 'financial conduct authority',
    'financial ombudsman', 'ombudsman', 'fos', 'cfpb', 'consumer financial protection bureau', 'occ', 'fdic',
    // Not 人行 (short for the PBOC): it is also inside 个人行为, "personal conduct".
    '银保监', '银监会', '保监会', '金融监管总局', '国家金融监督管理总局', '金融监管局', '人民银行', '监管部门',
    '监管机构', '12378', '12363', '消保委', '消费者协会', '12315',
  ],
  mediaTerms: [
    // "the press", not "press": customers "press the button" far more often than they call the press.
    'media', 'the press', 'journalist', 'journalists', 'reporter', 'newspaper', 'television', 'tv', 'social media',
    'go public', 'twitter', 'weibo', 'bbc',
    '媒体', '记者', '曝光', '报社', '电视台', '微博', '抖音', '小红书', '新闻', '网上公开',
  ],
  lawyerTerms: [
    'lawyer', 'lawyers', 'solicitor', 'solicitors', 'attorney', 'legal action', 'lawsuit', 'sue', 'suing', 'sued',
    'court', 'small claims', 'litigation',
    '律师', '起诉', '诉讼', '法院', '律师函', '法律途径', '打官司', '仲裁',
  ],
};

export const levelForScore = (score: number, bands: SeverityConfig['bands']): Severity =>
  score >= bands.CRITICAL ? 'CRITICAL' : score >= bands.HIGH ? 'HIGH' : score >= bands.MEDIUM ? 'MEDIUM' : 'LOW';

/** Earlier complaints received within the window before `receivedAt` (a later timestamp is not earlier). */
export const recentComplaintCount = (receivedAt: string, previous: readonly string[], windowDays: number): number => {
  const now = Date.parse(receivedAt);
  const from = now - windowDays * DAY_MS;
  return previous.map(Date.parse).filter((t) => t >= from && t <= now).length;
};

export const assessSeverity = (input: SeverityInput, config: SeverityConfig = DEFAULT_SEVERITY_CONFIG): SeverityAssessment => {
  const reasons: SeverityReason[] = [];
  const add = (trigger: SeverityTrigger, detail: string, evidence?: readonly string[]) =>
    reasons.push({ trigger, weight: config.weights[trigger], detail, ...(evidence ? { evidence } : {}) });

  const amount = input.disputedAmountReportingMinor;
  if (amount !== undefined && amount > config.disputedAmountThresholdMinor) {
    add('DISPUTED_AMOUNT_ABOVE_THRESHOLD', `disputed ${amount} minor units > threshold ${config.disputedAmountThresholdMinor}`);
  }

  const fraudWords = findTerms(input.description, config.fraudTerms);
  const fraudCategory = CATEGORY_DEFINITIONS[input.category].financialLoss;
  if (input.suspectedFraud || fraudCategory || fraudWords.length) {
    const why = [
      input.suspectedFraud ? 'flagged as suspected fraud' : undefined,
      fraudCategory ? `category ${input.category}` : undefined,
      fraudWords.length ? `description mentions ${fraudWords.join(', ')}` : undefined,
    ].filter(Boolean);
    add('FRAUD', why.join('; '), fraudWords.length ? fraudWords : undefined);
  }

  if (input.vulnerableCustomer) add('VULNERABLE_CUSTOMER', 'customer flagged as vulnerable');

  const recent = recentComplaintCount(input.receivedAt, input.previousComplaintTimes ?? [], config.repeatWindowDays);
  if (recent + 1 >= config.repeatComplaintCount) {
    add('REPEAT_COMPLAINT', `${recent + 1} complaints within ${config.repeatWindowDays} days, this one included`);
  }

  const mentions: Array<[SeverityTrigger, readonly string[], string]> = [
    ['MENTIONS_REGULATOR', config.regulatorTerms, 'a regulator'],
    ['MENTIONS_MEDIA', config.mediaTerms, 'the media'],
    ['MENTIONS_LAWYER', config.lawyerTerms, 'a lawyer or legal action'],
  ];
  for (const [trigger, terms, what] of mentions) {
    const found = findTerms(input.description, terms);
    if (found.length) add(trigger, `mentions ${what}: ${found.join(', ')}`, found);
  }

  if (input.segment === 'MVC') add('MVC_CUSTOMER', 'most valuable customer');

  if (CATEGORY_DEFINITIONS[input.category].regulatory) {
    add('REGULATORY_CATEGORY', `${input.category} is a regulatory category`);
  }

  const score = reasons.reduce((sum, r) => sum + r.weight, 0);
  return { severity: levelForScore(score, config.bands), score, reasons };
};
