// Business knowledge for complaint handlers (ICBC's 业务知识管理): short, practical articles suggested
// beside a complaint by its category. This is the default set the knowledge store is seeded with; admins
// edit it through the API later. Articles are guidance for staff, never shown to customers as they are.
import { type ComplaintCategory, COMPLAINT_CATEGORIES } from './categories';

export interface KnowledgeArticle {
  readonly id: string;
  readonly category: ComplaintCategory;
  readonly title: string;
  readonly titleZh?: string;
  readonly summary: string;
  readonly steps: readonly string[];
  readonly tags: readonly string[];
}

export const DEFAULT_KNOWLEDGE_ARTICLES: readonly KnowledgeArticle[] = [
  {
    id: 'KB-DSP-001',
    category: 'UNAUTHORISED_TRANSACTION',
    title: 'Card or account used without authorisation: first hour',
    titleZh: '银行卡盗刷：第一时间处理',
    summary: 'Stop further loss first, then establish the facts. Do not ask the customer to prove they did not make the payment before the card is blocked.',
    steps: [
      'Block the card or the channel used (card, mobile banking, online banking) and confirm the block to the customer.',
      'List the disputed transactions with time, amount, merchant or payee, and channel.',
      'Ask whether the card is still in the customer\'s possession and whether any code (OTP, password) was shared; note it, do not accuse.',
      'Open the dispute or chargeback within the scheme\'s time limit; in China advise the customer to report to the police (报警) for card fraud.',
      'Tell the customer the refund rules that apply and the date they will hear from us next.',
    ],
    tags: ['fraud', 'chargeback', 'card block', '盗刷'],
  },
  {
    id: 'KB-DSP-002',
    category: 'UNAUTHORISED_TRANSACTION',
    title: 'Authorised push-payment scams',
    titleZh: '电信网络诈骗转账',
    summary: 'The customer made the payment but was deceived. Treat it as fraud, not as a payment error: recall the funds and check reimbursement rules.',
    steps: [
      'Contact the receiving bank at once to freeze or recall the funds.',
      'Record how the customer was approached (call, message, website) and what they were told.',
      'Check whether reimbursement rules apply in the jurisdiction (e.g. UK APP reimbursement) and any vulnerability.',
      'Refer to the fraud team and, in China, to the anti-fraud centre (反诈中心) through the police report.',
    ],
    tags: ['scam', 'APP fraud', '诈骗'],
  },
  {
    id: 'KB-ACC-001',
    category: 'FEES_AND_CHARGES',
    title: 'Checking a disputed fee against the tariff',
    titleZh: '收费争议核查',
    summary: 'Most fee complaints are settled by showing the customer the tariff that applied on the day, or by refunding a fee charged in error.',
    steps: [
      'Find the fee\'s code and the tariff version in force on the charge date.',
      'Check that the customer was told of the fee (account terms, notice of change, on-screen disclosure).',
      'Refund at once if the fee was not in the tariff or was charged twice; record it as monetary relief.',
      'For small-balance account fees (小额账户管理费) check exemptions: one account per customer, social-security and payroll accounts.',
    ],
    tags: ['fee', 'tariff', 'refund', '手续费'],
  },
  {
    id: 'KB-ACC-002',
    category: 'FEES_AND_CHARGES',
    title: 'Overdraft and unexpected-interest complaints',
    summary: 'Explain how the charge was calculated; consider goodwill where the customer is in financial difficulty.',
    steps: [
      'Rebuild the calculation from the statement: balance, days overdrawn, rate.',
      'Check for signs of financial difficulty and offer a repayment plan rather than further charges.',
      'Refund charges that breach the product terms; record goodwill separately from error refunds.',
    ],
    tags: ['overdraft', 'interest', 'financial difficulty'],
  },
  {
    id: 'KB-DIG-001',
    category: 'DIGITAL_ACCESS',
    title: 'Customer locked out of mobile or online banking',
    titleZh: '手机银行无法登录',
    summary: 'Restore access safely: verify identity through a channel the customer already trusts, never by asking for the full password.',
    steps: [
      'Check the service status page for a known incident before troubleshooting the customer\'s device.',
      'Look up recent failed logins, device changes and blocks on the profile.',
      'Verify identity (ID check, registered phone) and reset or unblock; confirm by the registered channel.',
      'If the customer could not pay or transfer during an outage, record any loss for redress.',
    ],
    tags: ['login', 'app', 'password reset', '登录'],
  },
  {
    id: 'KB-DIG-002',
    category: 'DIGITAL_ACCESS',
    title: 'Verification codes (OTP) not arriving',
    titleZh: '收不到验证码',
    summary: 'Usually a phone number, SIM or operator filter issue; rule out SIM-swap fraud before changing the number.',
    steps: [
      'Confirm the registered number and when it was last changed.',
      'Ask whether the phone lost signal suddenly (possible SIM swap); if so, treat as suspected fraud.',
      'Offer an alternative factor (app-based token, branch visit) while the number is fixed.',
    ],
    tags: ['otp', 'sms', 'sim swap', '验证码'],
  },
  {
    id: 'KB-ATM-001',
    category: 'ATM_AND_CASH',
    title: 'ATM did not dispense cash but the account was debited',
    titleZh: 'ATM取款未出钞但已扣款',
    summary: 'Reconcile the ATM journal and cash count; most cases are reversed automatically within a few business days.',
    steps: [
      'Take the ATM id, time and amount; check whether an automatic reversal is already pending.',
      'Request the ATM journal and the next cash reconciliation; for another bank\'s ATM, raise it through the network (e.g. UnionPay 银联 dispute).',
      'Tell the customer when the reconciliation ends and refund as soon as it shows the surplus.',
    ],
    tags: ['atm', 'cash', 'reversal', '取款'],
  },
  {
    id: 'KB-ATM-002',
    category: 'ATM_AND_CASH',
    title: 'Card retained by an ATM',
    titleZh: 'ATM吞卡',
    summary: 'Block the card if the customer is unsure it is safe, and arrange collection or a replacement.',
    steps: [
      'Confirm the ATM location and time; check whether the machine logged the retention.',
      'Offer to block the card; arrange collection at the branch with ID, or a replacement card.',
    ],
    tags: ['card retained', '吞卡'],
  },
  {
    id: 'KB-PAY-001',
    category: 'TRANSFERS_AND_PAYMENTS',
    title: 'Transfer not received by the beneficiary',
    titleZh: '转账/汇款未到账',
    summary: 'Trace the payment through the network it used before promising a date.',
    steps: [
      'Find the payment reference and network: CNAPS (大额/小额支付), SWIFT (UETR), Faster Payments, ACH, SEPA.',
      'Check the status: rejected, returned (退汇), held for compliance screening, or credited at the receiving bank.',
      'For SWIFT, trace with the UETR through gpi; ask correspondents about deducted charges.',
      'Tell the customer where the money is now and the next update time; refund fees if the delay was ours.',
    ],
    tags: ['transfer', 'swift', 'cnaps', 'trace', '汇款'],
  },
  {
    id: 'KB-PAY-002',
    category: 'TRANSFERS_AND_PAYMENTS',
    title: 'Payment sent to the wrong account',
    titleZh: '转错账户',
    summary: 'The bank must help recover the money even when the customer made the mistake.',
    steps: [
      'Confirm the details entered against the intended beneficiary.',
      'Ask the receiving bank to contact its customer and return the funds; record each step and date.',
      'If the funds are not returned, explain the customer\'s remaining options in writing.',
    ],
    tags: ['misdirected payment', 'recall'],
  },
  {
    id: 'KB-LEN-001',
    category: 'LENDING_AND_CREDIT',
    title: 'Disputed credit report entry',
    titleZh: '征信异议处理',
    summary: 'Check our own reporting first; correct and notify the bureau when we reported wrongly.',
    steps: [
      'Compare the disputed entry with the loan or card record: dates, amounts, days past due.',
      'If we reported wrongly, submit the correction to the bureau (in China through the PBOC Credit Reference Center 征信中心 objection process) and confirm in writing.',
      'If the entry is right, explain why with the payment history.',
    ],
    tags: ['credit report', '征信', 'bureau'],
  },
  {
    id: 'KB-LEN-002',
    category: 'LENDING_AND_CREDIT',
    title: 'Customer struggling with repayments',
    titleZh: '还款困难',
    summary: 'Offer forbearance options before collections escalate; check for vulnerability.',
    steps: [
      'Understand the change in circumstances (income, health, family) and record any vulnerability.',
      'Review options: payment holiday, term extension, reduced payments, restructuring.',
      'Pause collection calls while the options are assessed; confirm the agreed plan in writing.',
    ],
    tags: ['arrears', 'forbearance', 'collections', '逾期'],
  },
  {
    id: 'KB-SVC-001',
    category: 'SERVICE_QUALITY',
    title: 'Complaints about staff attitude or waiting time',
    titleZh: '服务态度与排队等候投诉',
    summary: 'Listen, apologise for the experience, and fix the cause: these complaints repeat when the branch process stays the same.',
    steps: [
      'Get the branch, date, time and, if known, the member of staff; check the queue-system data for that time.',
      'Speak with the branch manager; the staff member\'s account is heard before any conclusion.',
      'Apologise to the customer and say what will change (staffing at peak hours, appointment booking).',
      'Record the root cause for the branch-service report.',
    ],
    tags: ['attitude', 'waiting', 'branch', '态度', '排队'],
  },
  {
    id: 'KB-SVC-002',
    category: 'SERVICE_QUALITY',
    title: 'Customer passed between departments without an answer',
    titleZh: '推诿扯皮投诉',
    summary: 'The first person the customer reached owns the complaint until someone named takes it over; the customer should never have to repeat the story.',
    steps: [
      'Read the contact history before calling the customer; do not ask for what the bank already holds.',
      'Name one owner and tell the customer who it is and how to reach them.',
      'If another team must act, hand over with the full history and confirm they accepted it.',
      'Fix the underlying request as well as apologising for the runaround.',
    ],
    tags: ['ownership', 'runaround', '推诿'],
  },
  {
    id: 'KB-PRV-001',
    category: 'PRIVACY_AND_DATA',
    title: 'Suspected disclosure of personal data',
    titleZh: '个人信息泄露投诉',
    summary: 'Regulatory: notify the data protection officer the same day; the bank may have a deadline to report a breach to the authority.',
    steps: [
      'Record what data, to whom, when and how it was disclosed, as the customer describes it.',
      'Notify the data protection officer at once; do not promise the customer an outcome before the assessment.',
      'Check the legal basis for any sharing (consent, contract, law): PIPL 个人信息保护法 in China, UK GDPR, GLBA in the US.',
      'If a breach is confirmed, follow the breach procedure, including notification duties.',
    ],
    tags: ['privacy', 'data breach', 'PIPL', 'GDPR', '个人信息'],
  },
  {
    id: 'KB-PRV-002',
    category: 'PRIVACY_AND_DATA',
    title: 'Unwanted marketing calls and messages',
    titleZh: '营销电话骚扰',
    summary: 'Stop the contact first, then check the consent record.',
    steps: [
      'Add the customer to the do-not-contact list for all marketing channels at once.',
      'Check the consent record and which campaign or third party contacted them.',
      'Confirm to the customer in writing that marketing contact has stopped.',
    ],
    tags: ['marketing', 'consent', '骚扰电话'],
  },
  {
    id: 'KB-CON-001',
    category: 'MIS_SELLING',
    title: 'Alleged mis-selling of a wealth or insurance product',
    titleZh: '理财/保险产品误导销售投诉',
    summary: 'Regulatory: reconstruct the sale from the record, not from memory; suitability and disclosure decide the outcome.',
    steps: [
      'Retrieve the sale file: risk assessment (风险评估) result and date, product risk level, signed disclosures, and the audio-video recording of the sale (双录) where required.',
      'Check suitability: product risk level against the customer\'s assessed risk tolerance and stated objectives.',
      'Check what was said about returns and capital protection (保本, guaranteed return claims).',
      'Refer to compliance; redress puts the customer back where they would have been without the sale.',
    ],
    tags: ['mis-selling', 'suitability', 'wealth', 'insurance', '误导销售', '理财'],
  },
  {
    id: 'KB-CON-002',
    category: 'MIS_SELLING',
    title: 'Insurance or product bundled with a loan',
    titleZh: '贷款搭售保险',
    summary: 'Tied selling is prohibited in many cases: check whether the customer could decline the add-on.',
    steps: [
      'Find whether the add-on was a condition of the loan and how the choice was presented.',
      'Check cancellation rights and the cooling-off period (犹豫期); refund the premium if the sale was tied.',
    ],
    tags: ['tied selling', 'bundling', '搭售'],
  },
];

/** The articles to suggest for a category, from the given set (the stored one, or the defaults). */
export const knowledgeArticlesFor = (
  category: ComplaintCategory,
  articles: readonly KnowledgeArticle[] = DEFAULT_KNOWLEDGE_ARTICLES,
): KnowledgeArticle[] => articles.filter((a) => a.category === category);

/** Categories with no article in the given set: a gap for the knowledge owners to fill. */
export const categoriesWithoutArticles = (articles: readonly KnowledgeArticle[] = DEFAULT_KNOWLEDGE_ARTICLES): ComplaintCategory[] =>
  COMPLAINT_CATEGORIES.filter((c) => !articles.some((a) => a.category === c));
