// The access record: one entry per customer whose personal data a request read or changed, as the
// access-record table keeps it (its own table, written with PutItem only by the API functions and read
// with Query only by the access-record API: infra/constructs/access-record.ts).
//
// Keys: a customer's partition holds its entries newest last (PK ACCESS#<customerId>, SK <at>#<unique>);
// the sparse byStaff index holds staff entries by staff reference. An entry's sort key ends in a random
// part, never in anything a client sends, so no request can write onto another's entry.
import { randomUUID } from 'node:crypto';
import type { Role } from '../contracts/api/roles';
import type { Grant } from './need-to-know';

export const ACCESS_PK_PREFIX = 'ACCESS#';
export const STAFF_INDEX = 'byStaff';
export const STAFF_INDEX_PK = 'staffRef';

export type AccessEntry = {
  customerId: string;
  /** When the request was served, UTC with milliseconds. */
  at: string;
  /** Cognito subject of the caller: stable and opaque, resolved to a person in the bank's directory. */
  subject: string;
  role: Role;
  /** A stable reference to the member of staff, shown to the customer (shared/data-protection/pseudonyms.ts); absent for customers. */
  staffRef?: string;
  operationId: string;
  method: string;
  /** The route template (/customers/{customerId}), never the path: the record names the customer once. */
  route: string;
  operation: 'read' | 'change';
  grant: Grant;
  view: 'FULL' | 'PSEUDONYMISED';
  /** The break-glass reason, as stated. */
  reason?: string;
  correlationId: string;
};

export type StoredAccessEntry = AccessEntry & { PK: string; SK: string; staffRef?: string; expiresAt: number };

export const accessPk = (customerId: string) => `${ACCESS_PK_PREFIX}${customerId}`;

export function accessItem(entry: AccessEntry, retentionDays: number): StoredAccessEntry {
  return {
    ...entry,
    PK: accessPk(entry.customerId),
    SK: `${entry.at}#${randomUUID()}`,
    // DynamoDB's TTL deletes the entry some time after this (epoch seconds): the stage's retention period.
    expiresAt: Math.floor(Date.parse(entry.at) / 1000) + retentionDays * 86_400,
  };
}

const SK_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f-]{36}$/;
const PK_SHAPE = /^ACCESS#[A-Za-z0-9_-]{1,64}$/;

/** A page position (the last entry's keys) as cursor text, and back: undefined for anything not of that shape. */
export const positionText = (key: { PK: string; SK: string }) => `${key.PK}|${key.SK}`;
export function positionKey(text: string): { PK: string; SK: string } | undefined {
  const [pk, sk, ...rest] = text.split('|');
  return rest.length === 0 && pk && sk && PK_SHAPE.test(pk) && SK_SHAPE.test(sk) ? { PK: pk, SK: sk } : undefined;
}
