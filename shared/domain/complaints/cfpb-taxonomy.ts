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
};

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
