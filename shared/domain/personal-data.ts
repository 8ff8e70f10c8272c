// Which stored attributes are personal data, and what erasure leaves of an item. Pure: the one place the
// writer (ingestion), the erasure and the export agree on what "personal data" means in the tables.
//
// An erased customer's PROFILE item is the tombstone: it keeps no personal data, only `erasedAt` and the
// retention that applies to what is kept. Ingestion's profile write is conditional on the tombstone's
// absence (the same item: no extra read), and an insert that brings personal text is checked against it
// after the write (shared/adapters/customer-records-writer.ts).

/** The attribute that marks the PROFILE item as an erasure tombstone. */
export const ERASED_AT = 'erasedAt';

/** Profile attributes that identify or describe the person; what is left is what segmentation needs. */
export const PERSONAL_PROFILE_ATTRIBUTES = ['fullName', 'dateOfBirth', 'email', 'phone', 'vulnerable'] as const;

/** Timeline free text about the other party of a transaction (ISO 20022 RltdPties, RmtInf/Ustrd). */
export const PERSONAL_TIMELINE_ATTRIBUTES = ['counterpartyName', 'remittanceInformation'] as const;

/** How long kept financial records stay after erasure, and the rule that asks for it (stage config). */
export type RetentionPolicy = { years: number; regulation: string };

export type Tombstone = {
  erasedAt: string;
  erasureRequestId: string;
  retentionYears: number;
  retentionRegulation: string;
};

/**
 * When a kept financial record (a transaction, a balance, a loan status) may be deleted (DynamoDB's TTL,
 * epoch seconds). UK MLR 2017 reg. 40(3) and PRC AML law art. 19 both count five years for a transaction
 * of a business relationship from the relationship's end, which the erasure is; a fact reported after
 * the erasure counts from itself.
 */
export function retainUntilEpochSeconds(factAt: string, erasedAt: string, years: number): number {
  const from = new Date(factAt > erasedAt ? factAt : erasedAt);
  return Math.floor(Date.UTC(from.getUTCFullYear() + years, from.getUTCMonth(), from.getUTCDate() + 1) / 1000);
}

/** The personal attributes an item holds, by its kind (the SK's prefix and the `type` attribute). */
export function personalAttributesOf(item: Record<string, unknown>): string[] {
  const names: readonly string[] =
    item.type === 'PROFILE' ? PERSONAL_PROFILE_ATTRIBUTES : item.type === 'TRANSACTION' ? PERSONAL_TIMELINE_ATTRIBUTES : [];
  return names.filter((n) => item[n] !== undefined);
}
