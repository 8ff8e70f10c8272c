// The nine complaint categories of MISSION.md ("Complaint categories (routing)") and the queue that owns
// each. A category says what the complaint is about; a queue says which team works it. They are one to
// one today, but kept apart so that two categories can share a team later without renaming either.

export const COMPLAINT_QUEUES = [
  'DISPUTES',
  'ACCOUNTS',
  'DIGITAL',
  'CARDS_ATM',
  'PAYMENTS',
  'LENDING',
  'BRANCH_SERVICE',
  'PRIVACY',
  'CONDUCT',
] as const;
export type ComplaintQueue = (typeof COMPLAINT_QUEUES)[number];

export const COMPLAINT_CATEGORIES = [
  'UNAUTHORISED_TRANSACTION',
  'FEES_AND_CHARGES',
  'DIGITAL_ACCESS',
  'ATM_AND_CASH',
  'TRANSFERS_AND_PAYMENTS',
  'LENDING_AND_CREDIT',
  'SERVICE_QUALITY',
  'PRIVACY_AND_DATA',
  'MIS_SELLING',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export interface CategoryDefinition {
  readonly category: ComplaintCategory;
  readonly queue: ComplaintQueue;
  /** In the bank's words, as MISSION.md's routing table says it. */
  readonly description: string;
  /**
   * A regulatory category is one the regulator watches as such (data protection, conduct): its complaints
   * are reportable on their own and weigh on severity even without any other trigger.
   */
  readonly regulatory: boolean;
  /** The category implies a financial loss to the customer (MISSION.md: "financial loss; high severity"). */
  readonly financialLoss: boolean;
}

export const CATEGORY_DEFINITIONS: Readonly<Record<ComplaintCategory, CategoryDefinition>> = {
  UNAUTHORISED_TRANSACTION: {
    category: 'UNAUTHORISED_TRANSACTION',
    queue: 'DISPUTES',
    description: 'Unauthorised transaction or card fraud',
    regulatory: false,
    financialLoss: true,
  },
  FEES_AND_CHARGES: {
    category: 'FEES_AND_CHARGES',
    queue: 'ACCOUNTS',
    description: 'Fees and charges (and the account servicing they arise from)',
    regulatory: false,
    financialLoss: false,
  },
  DIGITAL_ACCESS: {
    category: 'DIGITAL_ACCESS',
    queue: 'DIGITAL',
    description: 'Mobile app or online banking access',
    regulatory: false,
    financialLoss: false,
  },
  ATM_AND_CASH: {
    category: 'ATM_AND_CASH',
    queue: 'CARDS_ATM',
    description: 'ATM, cards and cash',
    regulatory: false,
    financialLoss: false,
  },
  TRANSFERS_AND_PAYMENTS: {
    category: 'TRANSFERS_AND_PAYMENTS',
    queue: 'PAYMENTS',
    description: 'Transfers and payments (SWIFT, CNAPS, delays)',
    regulatory: false,
    financialLoss: false,
  },
  LENDING_AND_CREDIT: {
    category: 'LENDING_AND_CREDIT',
    queue: 'LENDING',
    description: 'Loans, mortgages and credit reporting',
    regulatory: false,
    financialLoss: false,
  },
  SERVICE_QUALITY: {
    category: 'SERVICE_QUALITY',
    queue: 'BRANCH_SERVICE',
    description: 'Staff attitude, branch waiting, service quality',
    regulatory: false,
    financialLoss: false,
  },
  PRIVACY_AND_DATA: {
    category: 'PRIVACY_AND_DATA',
    queue: 'PRIVACY',
    description: 'Privacy and personal data',
    regulatory: true,
    financialLoss: false,
  },
  MIS_SELLING: {
    category: 'MIS_SELLING',
    queue: 'CONDUCT',
    description: 'Mis-selling of wealth or insurance products',
    regulatory: true,
    financialLoss: false,
  },
};

export const queueFor = (category: ComplaintCategory): ComplaintQueue => CATEGORY_DEFINITIONS[category].queue;

export const isRegulatoryCategory = (category: ComplaintCategory): boolean => CATEGORY_DEFINITIONS[category].regulatory;

export const isComplaintCategory = (value: unknown): value is ComplaintCategory =>
  typeof value === 'string' && (COMPLAINT_CATEGORIES as readonly string[]).includes(value);
