// Complaints filed through the API, as the mobile app and staff file them: a deterministic handful per
// run, in English for UK customers and Chinese for Chinese ones, over the local API with locally minted
// tokens (a customer's own token, or a complaint handler filing on the customer's behalf after a call).
// Costly customers complain more often; every filing carries an Idempotency-Key derived from the seed,
// so running the same simulation twice files nothing twice.
//
// What an implementation has to work with:
// - `customers`: the run's roster (persona, region, arrival day).
// - `seed`: `Random.from(seed, 'complaints')` keeps the filing deterministic.
// - `apiUrl`: the API's base URL (the local stack writes it to .local/endpoints.json as `api`).
import { localTokens, type LocalTokens } from '../apigateway/local-tokens';
import type { SimulatedCustomer } from './customer-simulation';
import { Random } from './random';

export type ComplaintFilingContext = {
  customers: readonly SimulatedCustomer[];
  seed: string;
  start: string;
  days: number;
  /** Base URL of the CRM API, when the target exposes one. */
  apiUrl?: string;
};

export interface ComplaintFiling {
  /** Files the run's complaints; resolves to how many were accepted. */
  fileComplaints(context: ComplaintFilingContext): Promise<{ filed: number }>;
}

type Template = { category?: string; channel: string; en: string; zh: string; disputed?: boolean };

/** What customers complain about, in their words: some name a category, most leave it to the classifier. */
const TEMPLATES: readonly Template[] = [
  { channel: 'MOBILE', en: 'There are two card payments I did not make, please block my card.', zh: '我的银行卡有两笔交易不是本人操作的，怀疑被盗刷，请冻结。', disputed: true },
  { channel: 'MOBILE', en: 'I was charged an overdraft fee although my salary arrived that morning.', zh: '工资当天已到账，却还被扣了透支手续费，请退还。' },
  { channel: 'ONLINE', en: 'I cannot log in to online banking, the verification code never arrives.', zh: '网上银行一直无法登录，验证码收不到。' },
  { channel: 'BRANCH', en: 'The ATM kept my card and did not dispense the cash.', zh: '取款机吞卡了，钱也没有取出来。', disputed: true },
  { channel: 'PHONE', en: 'My SWIFT transfer has not arrived after ten days.', zh: '跨行汇款十天了还没到账。', disputed: true },
  { channel: 'PHONE', en: 'The mortgage repayment was taken twice and my credit report shows arrears.', zh: '房贷扣了两次，征信上还显示逾期。' },
  { channel: 'BRANCH', en: 'I waited ninety minutes and the teller was rude to me.', zh: '排队等了一个半小时，柜员态度很差。' },
  { category: 'PRIVACY_AND_DATA', channel: 'EMAIL', en: 'I keep getting marketing calls; who shared my personal data?', zh: '总是接到营销电话，我的个人信息是谁泄露的？' },
  { channel: 'BRANCH', en: 'I was sold a wealth product as guaranteed, now it has lost money. I will contact the regulator.', zh: '理财经理说保本，现在亏损了，我要向金融监管总局投诉。', disputed: true },
];

/** How likely a customer of each persona files one complaint during the run. */
const COMPLAINT_CHANCE: Readonly<Record<string, number>> = { COSTLY: 0.5, ORDINARY: 0.15, YOUNG_GROWING: 0.2, WEALTHY: 0.25 };

export type ApiComplaintFilingOptions = {
  /** Most complaints filed in one run (default 12): a handful, not a load test. */
  max?: number;
  tokens?: LocalTokens;
  fetch?: typeof fetch;
};

export type PlannedComplaint = {
  customerId: string;
  filer: 'CUSTOMER' | 'STAFF';
  idempotencyKey: string;
  body: Record<string, unknown>;
};

/** The complaints a run files: pure, from the roster and the seed. */
export function planComplaints(context: Pick<ComplaintFilingContext, 'customers' | 'seed'>, max = 12): PlannedComplaint[] {
  const random = Random.from(context.seed, 'complaints');
  const planned: PlannedComplaint[] = [];
  for (const customer of context.customers) {
    if (planned.length >= max) break;
    if (!random.chance(COMPLAINT_CHANCE[customer.persona] ?? 0.1)) continue;
    const template = random.pick(TEMPLATES);
    const chinese = customer.region === 'CN';
    const filer = template.channel === 'PHONE' || template.channel === 'BRANCH' ? 'STAFF' : 'CUSTOMER';
    const currency = chinese ? 'CNY' : 'GBP';
    planned.push({
      customerId: customer.customerId,
      filer,
      idempotencyKey: `sim-${context.seed}-${customer.customerId}`.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 128),
      body: {
        description: chinese ? template.zh : template.en,
        channel: template.channel,
        ...(template.category ? { category: template.category } : {}),
        ...(template.disputed ? { disputedAmount: { minor: random.int(5_000, 8_000_000), currency } } : {}),
        contactPreference: { method: chinese ? 'SMS' : 'EMAIL', language: chinese ? 'zh' : 'en' },
        ...(filer === 'STAFF' ? { customerId: customer.customerId } : {}),
      },
    });
  }
  return planned;
}

/** Files the planned complaints through `POST /complaints` of the API at `apiUrl`. */
export function apiComplaintFiling(options: ApiComplaintFilingOptions = {}): ComplaintFiling {
  return {
    async fileComplaints(context) {
      if (!context.apiUrl) return { filed: 0 };
      const tokens = options.tokens ?? localTokens();
      const send = options.fetch ?? fetch;
      const handler = tokens.mint({ groups: ['complaint-handler'], subject: 'simulated-contact-centre' });
      let filed = 0;
      for (const p of planComplaints(context, options.max ?? 12)) {
        const token = p.filer === 'STAFF' ? handler : tokens.mint({ groups: ['customer'], customerId: p.customerId, subject: `simulated-${p.customerId}` });
        const res = await send(`${context.apiUrl.replace(/\/$/, '')}/complaints`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': p.idempotencyKey },
          body: JSON.stringify(p.body),
        });
        await res.arrayBuffer();
        if (res.status === 202) filed++;
      }
      return { filed };
    },
  };
}
