// The CFPB's consumer complaint taxonomy (product, sub-product, issue, sub-issue, as in its Consumer
// Complaint Database and complaint form) mapped onto our categories. Customers and partners who already
// speak the CFPB's words may send them instead of, or besides, a description.
//
// Names are the CFPB's own, both the current ones (form of April 2017, products renamed in 2023: "Credit
// card" and "Prepaid card" split, "Credit reporting or other personal consumer reports") and the older
// ones still found in the database ("Bank account or service", "Credit card or prepaid card", ...).
//
// The issue says more than the product ("Checking or savings account" covers fees, ATMs, fraud and
// access problems alike), so the most specific name that we know wins: sub-issue, then issue (some issues
// mean different things under different products), then sub-product, then product.
import type { ComplaintCategory } from './categories';

/** How a CFPB-style complaint describes itself; any field may be missing. */
export interface CfpbComplaintNames {
  readonly product?: string;
  readonly subProduct?: string;
  readonly issue?: string;
  readonly subIssue?: string;
}

const UNAUTHORISED: ComplaintCategory = 'UNAUTHORISED_TRANSACTION';
const FEES: ComplaintCategory = 'FEES_AND_CHARGES';
const DIGITAL: ComplaintCategory = 'DIGITAL_ACCESS';
const ATM: ComplaintCategory = 'ATM_AND_CASH';
const PAYMENTS: ComplaintCategory = 'TRANSFERS_AND_PAYMENTS';
const LENDING: ComplaintCategory = 'LENDING_AND_CREDIT';
const SERVICE: ComplaintCategory = 'SERVICE_QUALITY';
const PRIVACY: ComplaintCategory = 'PRIVACY_AND_DATA';
const CONDUCT: ComplaintCategory = 'MIS_SELLING';

const CREDIT_REPORTING_PRODUCTS = [
  'Credit reporting or other personal consumer reports',
  'Credit reporting, credit repair services, or other personal consumer reports',
  'Credit reporting',
];

export const CFPB_PRODUCT_CATEGORIES: Readonly<Record<string, ComplaintCategory>> = {
  'Checking or savings account': FEES,
  'Bank account or service': FEES,
  // A card complaint whose issue we cannot place goes to the cards team.
  'Credit card': ATM,
  'Credit card or prepaid card': ATM,
  'Prepaid card': ATM,
  'Money transfer, virtual currency, or money service': PAYMENTS,
  'Money transfers': PAYMENTS,
  'Virtual currency': PAYMENTS,
  Mortgage: LENDING,
  'Vehicle loan or lease': LENDING,
  'Student loan': LENDING,
  'Payday loan, title loan, personal loan, or advance loan': LENDING,
  'Payday loan, title loan, or personal loan': LENDING,
  'Payday loan': LENDING,
  'Consumer Loan': LENDING,
  'Debt collection': LENDING,
  'Debt or credit management': LENDING,
  ...Object.fromEntries(CREDIT_REPORTING_PRODUCTS.map((p) => [p, LENDING])),
};

export const CFPB_SUB_PRODUCT_CATEGORIES: Readonly<Record<string, ComplaintCategory>> = {
  'Mobile or digital wallet': DIGITAL,
  'Domestic (US) money transfer': PAYMENTS,
  'International money transfer': PAYMENTS,
  'Checking account': FEES,
  'Savings account': FEES,
  'Other banking product or service': FEES,
  'General-purpose credit card or charge card': ATM,
  'Store credit card': ATM,
  'General-purpose prepaid card': ATM,
  'Government benefit card': ATM,
  'Virtual currency': PAYMENTS,
  ...Object.fromEntries(
    [
      'Credit reporting', 'Other personal consumer report', 'Credit repair services', 'Debt settlement',
      'Medical debt', 'Credit card debt', 'Payday loan debt', 'Auto debt', 'Other debt', 'Mortgage debt', 'Private student loan debt', 'I do not know',
      'Conventional home mortgage', 'FHA mortgage', 'VA mortgage', 'USDA mortgage', 'Other mortgage', 'Other type of mortgage',
      'Conventional adjustable mortgage (ARM)', 'Home equity loan or line of credit (HELOC)',
      'Installment loan', 'Loan', 'Lease', 'Title loan', 'Payday loan', 'Personal line of credit',
      'Federal student loan servicing', 'Private student loan', 'Non-federal student loan',
    ].map((name) => [name, LENDING]),
  ),
};

export const CFPB_ISSUE_CATEGORIES: Readonly<Record<string, ComplaintCategory>> = {
  // Money taken without the customer's consent, or a charge they dispute.
  'Problem with a purchase shown on your statement': UNAUTHORISED,
  'Unauthorized transactions or other transaction problem': UNAUTHORISED,
  'Fraud or scam': UNAUTHORISED,
  'Problem with a purchase or transfer': UNAUTHORISED,
  'Unauthorized withdrawals or charges': UNAUTHORISED,
  'Problem with a lender or other company charging your account': UNAUTHORISED,
  "Can't stop withdrawals from your bank account": UNAUTHORISED,
  "Received a loan you didn't apply for": UNAUTHORISED,
  'Billing disputes': UNAUTHORISED,
  'Identity theft / Fraud / Embezzlement': UNAUTHORISED,
  // Under card and account products this is the bank's own dispute investigation (see the product
  // overrides below for credit reporting, where it is the bureau's).
  "Problem with a company's investigation into an existing problem": UNAUTHORISED,

  // Fees, interest and the servicing of deposit and card accounts.
  'Fees or interest': FEES,
  "Charged fees or interest you didn't expect": FEES,
  'Unexpected or other fees': FEES,
  'Charged upfront or unexpected fees': FEES,
  'Problem caused by your funds being low': FEES,
  'Problems caused by my funds being low': FEES,
  'Problem with overdraft': FEES,
  'Overdraft, savings, or rewards features': FEES,
  'Managing an account': FEES,
  'Opening an account': FEES,
  'Closing an account': FEES,
  'Closing your account': FEES,
  'Account opening, closing, or management': FEES,
  'Deposits and withdrawals': FEES,
  'Other features, terms, or problems': FEES,
  'APR or interest rate': FEES,
  'Late fee': FEES,
  'Other fee': FEES,

  // Digital wallets and access.
  'Managing, opening, or closing your mobile wallet account': DIGITAL,
  'Trouble accessing funds in your mobile or digital wallet': DIGITAL,

  // Cards that do not work, ATMs.
  'Trouble using your card': ATM,
  'Trouble using the card': ATM,
  'Problem getting a card or closing an account': ATM,
  'Using a debit or ATM card': ATM,

  // Money that moves late, wrongly or not at all.
  'Money was not available when promised': PAYMENTS,
  'Other transaction problem': PAYMENTS,
  'Wrong amount charged or received': PAYMENTS,
  'Incorrect exchange rate': PAYMENTS,
  'Lost or stolen money order': PAYMENTS,
  'Lost or stolen check': PAYMENTS,
  'Problem adding money': PAYMENTS,
  'Problem when making payments': PAYMENTS,
  'Money was taken from your bank account on the wrong day or for the wrong amount': PAYMENTS,
  'Making/receiving payments, sending money': PAYMENTS,

  // Credit decisions, servicing, arrears, collections and credit reports.
  'Getting a credit card': LENDING,
  'Struggling to pay your bill': LENDING,
  'Incorrect information on your report': LENDING,
  'Unable to get your credit report or credit score': LENDING,
  'Problem with fraud alerts or security freezes': LENDING,
  'Credit monitoring or identity theft protection services': LENDING,
  'Identity theft protection or other monitoring services': LENDING,
  "Problem with a company's investigation into an existing issue": LENDING,
  'Applying for a mortgage or refinancing an existing mortgage': LENDING,
  'Closing on a mortgage': LENDING,
  'Struggling to pay mortgage': LENDING,
  'Trouble during payment process': LENDING,
  'Getting a loan or lease': LENDING,
  'Managing the loan or lease': LENDING,
  'Problems at the end of the loan or lease': LENDING,
  'Repossession': LENDING,
  'Vehicle was repossessed or sold the vehicle': LENDING,
  'Struggling to pay your loan': LENDING,
  'Struggling to repay your loan': LENDING,
  'Dealing with your lender or servicer': LENDING,
  'Getting a loan': LENDING,
  'Getting the loan': LENDING,
  'Getting a line of credit': LENDING,
  "Loan payment wasn't credited to your account": LENDING,
  'Problem with the payoff process at the end of the loan': LENDING,
  'Problems receiving the advance': LENDING,
  'Attempts to collect debt not owed': LENDING,
  'Communication tactics': LENDING,
  'Written notification about debt': LENDING,
  'Took or threatened to take negative or legal action': LENDING,
  'Electronic communications': LENDING,
  'False statements or representation': LENDING,

  // Older issue names still found in the database.
  'Settlement process and costs': LENDING,
  'Collection practices': LENDING,
  'Problems when you are unable to pay': LENDING,
  'Loan servicing, payments, escrow account': LENDING,
  'Loan modification,collection,foreclosure': LENDING,
  "Was approved for a loan, but didn't receive the money": LENDING,
  'Billing statement': FEES,
  'Transaction issue': PAYMENTS,
  'Other': SERVICE,
  // The credit bureau's own investigation of a dispute: a credit-reporting complaint.
  "Problem with a credit reporting company's investigation into an existing problem": LENDING,

  // Service.
  'Problem with customer service': SERVICE,
  'Other service problem': SERVICE,
  "Can't contact lender or servicer": SERVICE,

  // Personal data used or shared without a right to.
  'Improper use of your report': PRIVACY,
  'Threatened to contact someone or share information improperly': PRIVACY,
  'Improper contact or sharing of info': PRIVACY,

  // Selling and disclosure: what the customer was told and sold.
  'Advertising and marketing, including promotional offers': CONDUCT,
  'Advertising and marketing': CONDUCT,
  'Advertising': CONDUCT,
  'Advertising, marketing or disclosures': CONDUCT,
  'Confusing or misleading advertising or marketing': CONDUCT,
  'Confusing or missing disclosures': CONDUCT,
  'Problem with additional add-on products or services': CONDUCT,
  "Didn't provide services promised": CONDUCT,
};

/** Issues that mean something else under particular products. */
const ISSUE_OVERRIDES_BY_PRODUCT: ReadonlyArray<{ products: readonly string[]; issue: string; category: ComplaintCategory }> = [
  {
    products: CREDIT_REPORTING_PRODUCTS,
    issue: "Problem with a company's investigation into an existing problem",
    category: LENDING,
  },
  { products: ['Mortgage', 'Vehicle loan or lease', 'Student loan'], issue: 'Problem when making payments', category: LENDING },
  // Inquiries on a credit report the customer does not recognise are a credit-reporting dispute; a report
  // actually used or shared without a right to is a privacy matter (its sub-issues below say which).
  { products: CREDIT_REPORTING_PRODUCTS, issue: 'Improper use of your report', category: LENDING },
];

export const CFPB_SUB_ISSUE_CATEGORIES: Readonly<Record<string, ComplaintCategory>> = {
  'Problem using a debit or ATM card': ATM,
  'Problem accessing account': DIGITAL,
  'Fee problem': FEES,
  'Banking errors': FEES,
  'Funds not handled or disbursed as instructed': PAYMENTS,
  'Transaction was not authorized': UNAUTHORISED,
  'Card was charged for something you did not purchase with the card': UNAUTHORISED,
  'Problem with customer service': SERVICE,

  // Money taken, accounts or cards opened, in the customer's name without the customer.
  'Card opened as result of identity theft or fraud': UNAUTHORISED,
  'Card opened without my consent or knowledge': UNAUTHORISED,
  'Account opened as a result of fraud': UNAUTHORISED,
  'Charged for a purchase or transfer you did not make with the card': UNAUTHORISED,
  'Debt was result of identity theft': UNAUTHORISED,
  'Fraudulent loan': UNAUTHORISED,
  'Sent card you never applied for': UNAUTHORISED,
  "Card company isn't resolving a dispute about a purchase or transfer": UNAUTHORISED,
  "Credit card company isn't resolving a dispute about a purchase on your statement": UNAUTHORISED,
  'Overcharged for something you did purchase with the card': UNAUTHORISED,
  'Billing dispute for services': UNAUTHORISED,

  // A report given out without a right to. "Used your report improperly" under a credit-reporting product is
  // the bureau's handling of the file (permissible purpose, inquiries), worked by the credit-reporting team:
  // those narratives quote the FCRA's "right to privacy" and are credit-reporting disputes (see the override).
  'Reporting company used your report improperly': LENDING,
  'Report provided to employer without your written authorization': PRIVACY,

  // Credit reports, credit decisions, loans and collections.
  'Information belongs to someone else': LENDING,
  "Credit inquiries on your report that you don't recognize": LENDING,
  'Their investigation did not fix an error on your report': LENDING,
  'Was not notified of investigation status or results': LENDING,
  'Problem with personal statement of dispute': LENDING,
  'Information is missing that should be on the report': LENDING,
  'Account information incorrect': LENDING,
  'Investigation took more than 30 days': LENDING,
  'Personal information incorrect': LENDING,
  'Account status incorrect': LENDING,
  'Old information reappears or never goes away': LENDING,
  'Public record information inaccurate': LENDING,
  'Difficulty submitting a dispute or getting information about a dispute over the phone': LENDING,
  'Problem getting your free annual credit report': LENDING,
  'Other problem getting your report or credit score': LENDING,
  'Problem canceling credit monitoring or identify theft protection service': LENDING,
  'Credit denial': LENDING,
  'Application denied': LENDING,
  'Delay in processing application': LENDING,
  'Trying to communicate with the company to fix an issue with the application process': LENDING,
  'Received bad information about your loan': LENDING,
  'Trouble with how payments are being handled': LENDING,
  'Problem during payment process': LENDING,
  'Problem with paying off the loan': LENDING,
  'Unable to receive car title or other problem after the loan is paid off': LENDING,
  'Problem while selling or giving up the vehicle': LENDING,
  'Loan balance remaining after the vehicle is repossessed and sold': LENDING,
  'Lender trying to repossess or disable the vehicle': LENDING,
  'Denied request to lower payments': LENDING,
  "Can't get other flexible options for repaying your loan": LENDING,
  "Credit card company won't work with you while you're going through financial hardship": LENDING,
  "Credit card company won't increase or decrease your credit limit": LENDING,
  'Keep getting calls about your loan': LENDING,
  'Private mortgage insurance (PMI)': LENDING,
  'Debt was paid': LENDING,
  'Debt is not yours': LENDING,
  'Debt was already discharged in bankruptcy and is no longer owed': LENDING,
  'Attempted to collect wrong amount': LENDING,
  "Didn't receive enough information to verify debt": LENDING,
  "Didn't receive notice of right to dispute": LENDING,
  'Sued you without properly notifying you of lawsuit': LENDING,
  'Sued you in a state where you do not live or did not sign for the debt': LENDING,
  'Threatened to sue you for very old debt': LENDING,
  'Seized or attempted to seize your property': LENDING,
  'Threatened to arrest you or take you to jail if you do not pay': LENDING,
  'Threatened or suggested your credit would be damaged': LENDING,
  'Impersonated attorney, law enforcement, or government official': LENDING,
  'Frequent or repeated calls': LENDING,
  'You told them to stop contacting you, but they keep trying': LENDING,
  'Contacted you after you asked them to stop': LENDING,
  'Used obscene, profane, or other abusive language': LENDING,

  // Fees, interest and the servicing of accounts and cards.
  'Deposits and withdrawals': FEES,
  'Problem with rewards from credit card': FEES,
  'Unable to open an account': FEES,
  'Company closed your account': FEES,
  "Can't close your account": FEES,
  'Funds not received from closed account': FEES,
  'Problem with fees': FEES,
  'Problem with fees charged': FEES,
  'Late or other fees': FEES,
  'Problem with the interest rate': FEES,
  'Unexpected increase in interest rate': FEES,
  'Charged too much interest': FEES,
  'Billing problem': FEES,
  'You never received your bill or did not know a payment was due': FEES,
  'Problem with product or service terms changing': FEES,
  'Trouble closing card': FEES,

  // Cards that do not work.
  "Can't use card to make purchases": ATM,
  'Trouble using the card to spend money in a store or online': ATM,
  'Trouble getting information about the card': ATM,

  // Money that moves late, wrongly or not at all.
  'Cashing a check': PAYMENTS,
  'Problem making or receiving payments': PAYMENTS,
  'Problem with balance transfer': PAYMENTS,
  'Money was taken from your account on the wrong day or for the wrong amount': PAYMENTS,

  // What the customer was told and sold.
  "Didn't receive advertised or promotional terms": CONDUCT,
  'Received unwanted marketing or advertising': PRIVACY,
  "Didn't receive terms that were advertised": CONDUCT,
  'Confusing or misleading advertising or marketing': CONDUCT,
  'Confusing or misleading advertising about the credit card': CONDUCT,
  'Problem with additional products or services purchased with the loan': CONDUCT,
  'Add-on products and services': CONDUCT,
};

/** Sub-issues that say nothing of their own (found under many issues): the issue decides. */
export const CFPB_GENERIC_SUB_ISSUES: readonly string[] = ['Other problem'];

// The CFPB is not consistent with case or apostrophes across its years; neither are the systems that
// forward its names to us.
const key = (name: string) =>
  name
    .normalize('NFKC')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

const index = (table: Readonly<Record<string, ComplaintCategory>>) =>
  new Map(Object.entries(table).map(([name, category]) => [key(name), category]));

const products = index(CFPB_PRODUCT_CATEGORIES);
const subProducts = index(CFPB_SUB_PRODUCT_CATEGORIES);
const issues = index(CFPB_ISSUE_CATEGORIES);
const subIssues = index(CFPB_SUB_ISSUE_CATEGORIES);
const overrides = new Map(
  ISSUE_OVERRIDES_BY_PRODUCT.flatMap(({ products: ps, issue, category }) =>
    ps.map((p) => [`${key(p)}|${key(issue)}`, category] as const),
  ),
);

export type CfpbLevel = 'SUB_ISSUE' | 'ISSUE' | 'SUB_PRODUCT' | 'PRODUCT';

export interface CfpbMatch {
  readonly category: ComplaintCategory;
  /** Which name decided, and the name itself as given. */
  readonly level: CfpbLevel;
  readonly name: string;
}

/** The category the CFPB's names point to, from the most specific name we know; undefined if none. */
export const categoryFromCfpbNames = (names: CfpbComplaintNames): CfpbMatch | undefined => {
  const { product, subProduct, issue, subIssue } = names;
  if (subIssue) {
    const category = subIssues.get(key(subIssue));
    if (category) return { category, level: 'SUB_ISSUE', name: subIssue };
  }
  if (issue) {
    const category = (product && overrides.get(`${key(product)}|${key(issue)}`)) || issues.get(key(issue));
    if (category) return { category, level: 'ISSUE', name: issue };
  }
  if (subProduct) {
    const category = subProducts.get(key(subProduct));
    if (category) return { category, level: 'SUB_PRODUCT', name: subProduct };
  }
  if (product) {
    const category = products.get(key(product));
    if (category) return { category, level: 'PRODUCT', name: product };
  }
  return undefined;
};
