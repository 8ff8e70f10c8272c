// The event contract: one schema per detail-type on the bus, with the version producers must send.
import * as z from 'zod/mini';
import { AccountClosed, AccountOpened, BalanceSnapshot, LoanStatusChanged } from './accounts';
import { ChannelInteraction, TransactionPosted } from './activity';
import { MarketingConsentChanged } from './consent';
import { CustomerOnboarded, CustomerProfileUpdated } from './customer';

export * from './accounts';
export * from './activity';
export * from './consent';
export * from './customer';
export * from './sources';

/** Default `source` of core-banking events; the stage config can name another. */
export const CORE_BANKING_SOURCE = 'core.banking';

export const coreBankingEvents = {
  CustomerOnboarded,
  CustomerProfileUpdated,
  AccountOpened,
  AccountClosed,
  TransactionPosted,
  BalanceSnapshot,
  LoanStatusChanged,
  ChannelInteraction,
  MarketingConsentChanged,
} as const;

export type CoreBankingDetailType = keyof typeof coreBankingEvents;
export const CORE_BANKING_DETAIL_TYPES = Object.keys(coreBankingEvents) as CoreBankingDetailType[];

/** A validated core-banking event: the detail-type tags which detail it carries. */
export type CoreBankingEvent = {
  [K in CoreBankingDetailType]: { detailType: K; detail: z.infer<(typeof coreBankingEvents)[K]> };
}[CoreBankingDetailType];

/** The EventBridge envelope as SQS receives it from a rule target. */
export const EventBridgeEnvelope = z.object({
  version: z.optional(z.string()),
  id: z.optional(z.string()),
  'detail-type': z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  time: z.optional(z.string()),
  detail: z.unknown(),
});
