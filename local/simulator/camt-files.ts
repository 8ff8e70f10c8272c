// `npm run simulate -- --via camt`: the simulated bank's bookings as its core would report them in
// ISO 20022 — a camt.054 notification per account and day with that day's bookings, and at the end one
// camt.053 statement per account with every booking again and the closing balance — written into the
// local bucket's folder under incoming/, where the local S3 announces them as S3 would. Customers,
// accounts and loan statuses are not bookings: they still go over the bus, as a core announces them
// beside its statements. The documents are written by camt-documents.ts, the tests' own writer.
//
// Accounts: camt names an account by its identification, the layer by the contract's accountId. The
// simulator's accounts get the BBAN of their digits, and the events over the bus name them as the dev
// stage's rule maps a BBAN (`{ scheme: 'BBAN', accountIdPrefix: 'ACC-' }`): ACC-<BBAN>. A stage with
// other rules needs the same prefix here (accountIdPrefix).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreBankingEvent, TransactionPosted } from '../../shared/contracts/events';
import { camtDocument, type CamtBlock, type CamtEntry } from './camt-documents';

export type CamtFilesResult = { folder: string; notifications: number; statements: number; entries: number; balances: number };

type Code = { domain: string; family: string; subFamily: string };
const code = (domain: string, family: string, subFamily: string): Code => ({ domain, family, subFamily });

/** The bank transaction code that the layer's table (bank-transaction-codes.ts) reads back as this posting. */
function codeOf(t: TransactionPosted): Code {
  switch (t.kind) {
    case 'SALARY':
      return code('PMNT', 'RCDT', 'SALA');
    case 'CARD_PURCHASE':
      return code('PMNT', 'CCRD', 'POSD');
    case 'CASH_WITHDRAWAL':
      return t.channel === 'ATM' ? code('PMNT', 'CCRD', 'CWDL') : code('PMNT', 'CNTR', 'CWDL');
    case 'CASH_DEPOSIT':
      return t.channel === 'ATM' ? code('PMNT', 'CCRD', 'CDPT') : code('PMNT', 'CNTR', 'CDPT');
    case 'BILL_PAYMENT':
      return code('PMNT', 'IDDT', 'PMDD');
    case 'LOAN_REPAYMENT':
      return code('LDAS', 'CSLN', 'PPAY');
    case 'INTEREST':
      return code('ACMT', 'MDOP', 'INTR');
    case 'FEE':
      return code('ACMT', 'MDOP', 'CHRG');
    default: {
      const family = t.direction === 'CREDIT' ? 'RCDT' : 'ICDT';
      const sub = { SWIFT: 'XBCT', SEPA: 'ESCT', ACH: 'ACDT', INTERNAL: 'BOOK', CNAPS: 'DMCT' }[t.network ?? 'CNAPS'] ?? 'DMCT';
      return code('PMNT', family, sub);
    }
  }
}

const decimal = (minor: number) => `${Math.trunc(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;
const bbanOf = (accountId: string) => accountId.replace(/\D/g, '');

type Account = { bban: string; currency: string; product: string; days: Map<string, CamtEntry[]>; closing?: { minor: number; date: string } };

export function camtFileWriter(options: { bucketDir: string; prefix?: string; accountIdPrefix?: string }) {
  const prefix = options.prefix ?? 'incoming/';
  const idPrefix = options.accountIdPrefix ?? 'ACC-';
  const folder = join(options.bucketDir, prefix, 'simulated');
  const accounts = new Map<string, Account>();
  const result: CamtFilesResult = { folder, notifications: 0, statements: 0, entries: 0, balances: 0 };
  const rename = (accountId: string) => `${idPrefix}${bbanOf(accountId)}`;

  // Written under a dot name and renamed into place: the folder watcher never announces half a file.
  const write = (name: string, xml: string) => {
    mkdirSync(folder, { recursive: true });
    const partial = join(folder, `.${name}`);
    writeFileSync(partial, xml);
    renameSync(partial, join(folder, name));
  };
  const block = (id: string, a: Account, entries: CamtEntry[], balances: CamtBlock['balances'] = []): CamtBlock => ({
    id,
    account: { other: { id: a.bban, scheme: 'BBAN' }, currency: a.currency, type: a.product === 'SAVINGS' ? 'SVGS' : a.product === 'CURRENT_ACCOUNT' ? 'CACC' : undefined },
    balances,
    entries,
  });

  return {
    /** Yields what goes over the bus (accounts renamed); keeps bookings and balances for the files. */
    *passThrough(events: Iterable<CoreBankingEvent>): Generator<CoreBankingEvent> {
      for (const event of events) {
        const d = event.detail as Record<string, any>;
        if (event.detailType === 'AccountOpened' && (d.product === 'SAVINGS' || d.product === 'CURRENT_ACCOUNT'))
          accounts.set(d.accountId, { bban: bbanOf(d.accountId), currency: d.currency, product: d.product, days: new Map() });
        const account = d.accountId ? accounts.get(d.accountId) : undefined;
        if (account && event.detailType === 'TransactionPosted') {
          const t = event.detail;
          const day = t.occurredAt.slice(0, 10);
          const entry: CamtEntry = {
            amount: decimal(t.amount.minor),
            currency: t.amount.currency,
            direction: t.direction === 'CREDIT' ? 'CRDT' : 'DBIT',
            bookingDateTime: t.occurredAt,
            valueDate: day,
            // The booking's reference: the same in the notification and in the statement, so it counts once.
            acctSvcrRef: t.eventId,
            code: codeOf(t),
            charges: t.fee && t.fee.minor > 0 ? [decimal(t.fee.minor)] : undefined,
          };
          (account.days.get(day) ?? account.days.set(day, []).get(day)!).push(entry);
          result.entries += 1;
          continue;
        }
        if (account && event.detailType === 'BalanceSnapshot') {
          if (!account.closing || event.detail.asOf >= account.closing.date) account.closing = { minor: event.detail.balance.minor, date: event.detail.asOf };
          continue;
        }
        yield d.accountId && accounts.has(d.accountId) ? ({ ...event, detail: { ...d, accountId: rename(d.accountId) } } as CoreBankingEvent) : event;
      }
    },

    /** Writes the notifications and statements. */
    async finish(): Promise<CamtFilesResult> {
      for (const [accountId, a] of accounts) {
        const all: CamtEntry[] = [];
        for (const [day, entries] of [...a.days].sort(([x], [y]) => x.localeCompare(y))) {
          write(`camt054-${a.bban}-${day}.xml`, camtDocument('camt.054', 8, `N-${a.bban}-${day}`, [block(`N-${a.bban}-${day}`, a, entries)]));
          result.notifications += 1;
          all.push(...entries);
        }
        if (all.length === 0 && !a.closing) continue;
        const balances = a.closing ? [{ type: 'CLBD' as const, amount: decimal(a.closing.minor), currency: a.currency, direction: a.closing.minor < 0 ? ('DBIT' as const) : ('CRDT' as const), date: a.closing.date }] : [];
        write(`camt053-${a.bban}.xml`, camtDocument('camt.053', 8, `S-${a.bban}`, [block(`S-${accountId}`, a, all, balances)]));
        result.statements += 1;
        result.balances += balances.length;
      }
      return result;
    },
  };
}
