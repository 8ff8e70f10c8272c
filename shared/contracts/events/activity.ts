import * as z from 'zod/mini';
import { AccountId, Channel, EventId, NonNegativeMoney, TransferNetwork } from '../primitives';
import { eventDetailBase } from './common';

export const TRANSACTION_KINDS = [
  'SALARY',
  'CARD_PURCHASE',
  'CASH_WITHDRAWAL',
  'CASH_DEPOSIT',
  'TRANSFER',
  'BILL_PAYMENT',
  'LOAN_REPAYMENT',
  'INTEREST',
  'FEE',
] as const;

export const TransactionPosted = z
  .object({
    ...eventDetailBase,
    accountId: AccountId,
    channel: Channel,
    kind: z.enum(TRANSACTION_KINDS),
    direction: z.enum(['CREDIT', 'DEBIT']),
    amount: NonNegativeMoney,
    /** Fee the bank charged on this transaction: part of fee income. */
    fee: z.optional(NonNegativeMoney),
    network: z.optional(TransferNetwork),
    /** ISO 18245 merchant category code for card purchases. */
    merchantCategoryCode: z.optional(z.string().check(z.regex(/^[0-9]{4}$/))),
    /**
     * This posting reverses the one the producer sent as `reversalOf` (its eventId): an ISO 20022
     * entry with RvslInd, a reversed Fineract transaction. Amount and direction are the reversal's own.
     */
    reversalOf: z.optional(EventId),
    /**
     * Personal data, kept for the customer's timeline only (never logged): the other party's name and
     * the remittance text, as an ISO 20022 entry reports them (RltdPties, RmtInf/Ustrd).
     */
    counterpartyName: z.optional(z.string().check(z.minLength(1), z.maxLength(140))),
    remittanceInformation: z.optional(z.string().check(z.minLength(1), z.maxLength(280))),
  })
  .check(
    z.refine((t) => t.kind !== 'TRANSFER' || t.network !== undefined, {
      message: 'a TRANSFER names its network',
      path: ['network'],
    }),
  );
export type TransactionPosted = z.infer<typeof TransactionPosted>;

export const INTERACTION_TYPES = [
  'CALL',
  'CHAT',
  'SECURE_MESSAGE',
  'BRANCH_VISIT',
  'LOGIN',
  'ADVICE_SESSION',
  'ENQUIRY',
] as const;

export const ChannelInteraction = z.object({
  ...eventDetailBase,
  channel: Channel,
  interactionType: z.enum(INTERACTION_TYPES),
  /** A person served the customer (teller, call-centre agent); otherwise self-service or IVR. */
  agentAssisted: z.boolean(),
  durationSeconds: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(86_400))),
  /** Free text is not accepted here: it could carry personal data into the timeline. */
  topic: z.optional(z.enum(['ACCOUNTS', 'CARDS', 'PAYMENTS', 'LENDING', 'WEALTH', 'DIGITAL', 'COMPLAINT', 'OTHER'])),
});
export type ChannelInteraction = z.infer<typeof ChannelInteraction>;
