// How a complaint ends: one of the CFPB's company response codes, with the relief given. The CFPB's codes
// are used in every jurisdiction because they are a well-understood, published vocabulary; the UK's and
// China's regulators ask for the outcome and any redress, which these codes and the relief carry.
import type { Money } from '../../contracts/primitives';

export const CFPB_RESPONSE_CODES = [
  'CLOSED_WITH_EXPLANATION',
  'CLOSED_WITH_MONETARY_RELIEF',
  'CLOSED_WITH_NON_MONETARY_RELIEF',
  'IN_PROGRESS',
  'UNTIMELY_RESPONSE',
] as const;
export type CfpbResponseCode = (typeof CFPB_RESPONSE_CODES)[number];

/** The CFPB's own wording, for reports and for partners who speak it. */
export const CFPB_RESPONSE_LABELS: Readonly<Record<CfpbResponseCode, string>> = {
  CLOSED_WITH_EXPLANATION: 'Closed with explanation',
  CLOSED_WITH_MONETARY_RELIEF: 'Closed with monetary relief',
  CLOSED_WITH_NON_MONETARY_RELIEF: 'Closed with non-monetary relief',
  IN_PROGRESS: 'In progress',
  UNTIMELY_RESPONSE: 'Untimely response',
};

/**
 * The codes a resolution may carry. "In progress" is an interim answer (the complaint stays open, and in
 * the US it moves the limit to 60 days); "Untimely response" is what the regulator records when the bank
 * did not answer in time: neither is something a handler resolves a complaint with.
 */
export const FINAL_RESPONSE_CODES = ['CLOSED_WITH_EXPLANATION', 'CLOSED_WITH_MONETARY_RELIEF', 'CLOSED_WITH_NON_MONETARY_RELIEF'] as const;
export type FinalResponseCode = (typeof FINAL_RESPONSE_CODES)[number];

export interface Relief {
  /** Money paid or refunded to the customer. */
  readonly monetary?: Money;
  /** What else was done: a fee waived going forward, a credit-report entry corrected, an apology. */
  readonly nonMonetary?: string;
}

export interface Resolution {
  readonly code: CfpbResponseCode;
  readonly relief?: Relief;
  readonly summary?: string;
}

export const isFinalResponseCode = (code: unknown): code is FinalResponseCode =>
  typeof code === 'string' && (FINAL_RESPONSE_CODES as readonly string[]).includes(code);

/** What is wrong with a resolution; empty when it is acceptable. */
export const resolutionProblems = (resolution: Resolution): string[] => {
  const problems: string[] = [];
  const { code, relief } = resolution;
  if (!isFinalResponseCode(code)) {
    problems.push(`${code} is not a final response: resolve with ${FINAL_RESPONSE_CODES.join(', ')}`);
    return problems;
  }
  const money = relief?.monetary;
  const other = relief?.nonMonetary?.trim();
  if (money !== undefined) {
    if (!Number.isSafeInteger(money.minor) || money.minor <= 0) problems.push('monetary relief must be a positive whole number of minor units');
    if (!/^[A-Z]{3}$/.test(money.currency)) problems.push('monetary relief needs an ISO 4217 currency code');
  }
  // The code says what kind of relief the customer got: money wins over anything else given with it, as
  // the CFPB counts it.
  if (code === 'CLOSED_WITH_MONETARY_RELIEF' && money === undefined) problems.push('monetary relief needs an amount');
  if (code === 'CLOSED_WITH_NON_MONETARY_RELIEF') {
    if (!other) problems.push('non-monetary relief needs a description of what was done');
    if (money !== undefined) problems.push('money was paid: the code is CLOSED_WITH_MONETARY_RELIEF');
  }
  if (code === 'CLOSED_WITH_EXPLANATION' && (money !== undefined || other)) {
    problems.push('relief was given: the code is CLOSED_WITH_MONETARY_RELIEF or CLOSED_WITH_NON_MONETARY_RELIEF');
  }
  return problems;
};
