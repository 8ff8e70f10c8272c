// A complaint as the complaints table keeps it: the domain's Complaint (lifecycle, version, deadlines)
// beside what the customer told us at intake, and the history entries of its changes.
import type { CfpbComplaintNames } from '../domain/complaints/cfpb-taxonomy';
import type { Complaint } from '../domain/complaints/complaint';
import type { HistoryEntry } from '../domain/complaints/lifecycle';

export type ComplaintChannel = 'MOBILE' | 'ONLINE' | 'BRANCH' | 'PHONE' | 'EMAIL' | 'LETTER' | 'SOCIAL_MEDIA';

export interface ComplaintIntake {
  /** Free text in any language, up to 4,000 characters: personal data, never logged nor published. */
  readonly description: string;
  readonly channel: ComplaintChannel;
  readonly accountId?: string;
  readonly transactionId?: string;
  readonly disputedAmount?: { readonly minor: number; readonly currency: string };
  readonly contactPreference?: { readonly method: string; readonly language?: string };
  readonly cfpb?: CfpbComplaintNames;
  readonly suspectedFraud?: boolean;
  /** Who filed it: the customer, or a member of staff on the customer's behalf (Cognito subject). */
  readonly filedBy: { readonly role: 'CUSTOMER' | 'STAFF'; readonly subject: string };
}

export interface ComplaintRecord {
  readonly complaint: Complaint;
  readonly intake: ComplaintIntake;
  /** Why the router decided what it did (classification, severity, priority, assignee), for handlers. */
  readonly routingReasons?: readonly string[];
  readonly classificationConfidence?: number;
  /** The version and time of the routing, so that ComplaintRouted can be republished with its own id. */
  readonly routed?: { readonly version: number; readonly at: string };
}

/** The receipt is kept in the history too, so that the history tells the whole story from version 1. */
export type ReceiptEntry = {
  readonly complaintId: string;
  readonly version: 1;
  readonly kind: 'RECEIPT';
  readonly from?: undefined;
  readonly to: 'RECEIVED';
  readonly actor: { readonly role: 'CUSTOMER' | 'STAFF'; readonly id: string };
  readonly at: string;
  readonly note?: string;
};

export type StoredHistoryEntry = HistoryEntry | ReceiptEntry;
