// The ISO 20022 bank transaction code (BkTxCd: Domn/Cd, Domn/Fmly/Cd, Domn/Fmly/SubFmlyCd, from the
// external code list) to the contract's kind, transfer network and channel. Rules are tried in
// order, most specific first; * matches any code. Proprietary codes (BkTxCd/Prtry) come from the
// stage's table (camt-settings.ts) and are tried before these, because a bank that configured one
// meant it.
import type { TransactionPosted } from '../../contracts/events';
import type { Channel, TransferNetwork } from '../../contracts/primitives';
import type { CamtSettings } from './camt-settings';

type Kind = TransactionPosted['kind'];
type Meaning = { kind: Kind; network?: TransferNetwork | 'DOMESTIC'; channel?: Channel };
type Rule = Meaning & { match: `${string}/${string}/${string}` };

const RULES: Rule[] = [
  { match: 'PMNT/*/SALA', kind: 'SALARY' }, // payroll / salary payment
  { match: 'PMNT/CCRD/POSD', kind: 'CARD_PURCHASE', channel: 'POS' }, // point-of-sale debit
  { match: 'PMNT/CCRD/SMRT', kind: 'CARD_PURCHASE', channel: 'POS' }, // smart-card payment
  { match: 'PMNT/CCRD/CWDL', kind: 'CASH_WITHDRAWAL', channel: 'ATM' },
  { match: 'PMNT/CNTR/CWDL', kind: 'CASH_WITHDRAWAL', channel: 'BRANCH' }, // counter transactions
  { match: 'PMNT/CCRD/CDPT', kind: 'CASH_DEPOSIT', channel: 'ATM' },
  { match: 'PMNT/CNTR/CDPT', kind: 'CASH_DEPOSIT', channel: 'BRANCH' },
  { match: '*/*/CHRG', kind: 'FEE' }, // charges (ACMT/MDOP/CHRG, PMNT/MDOP/CHRG…)
  { match: '*/*/FEES', kind: 'FEE' },
  { match: '*/*/INTR', kind: 'INTEREST' },
  { match: 'LDAS/*/PPAY', kind: 'LOAN_REPAYMENT' }, // principal payment on a loan
  { match: 'LDAS/*/RPMT', kind: 'LOAN_REPAYMENT' },
  { match: 'PMNT/RDDT/*', kind: 'BILL_PAYMENT' }, // direct debits, received and issued
  { match: 'PMNT/IDDT/*', kind: 'BILL_PAYMENT' },
  { match: 'PMNT/*/XBCT', kind: 'TRANSFER', network: 'SWIFT' }, // cross-border credit transfer
  { match: 'PMNT/*/ESCT', kind: 'TRANSFER', network: 'SEPA' }, // SEPA credit transfer
  { match: 'PMNT/*/ACDT', kind: 'TRANSFER', network: 'ACH' }, // ACH credit, debit, pre-authorised…
  { match: 'PMNT/*/ADBT', kind: 'TRANSFER', network: 'ACH' },
  { match: 'PMNT/*/APAC', kind: 'TRANSFER', network: 'ACH' },
  { match: 'PMNT/*/ACOR', kind: 'TRANSFER', network: 'ACH' },
  { match: 'PMNT/*/BOOK', kind: 'TRANSFER', network: 'INTERNAL' }, // internal book transfer
  { match: 'PMNT/RCDT/*', kind: 'TRANSFER', network: 'DOMESTIC' }, // domestic, standing orders, the rest
  { match: 'PMNT/ICDT/*', kind: 'TRANSFER', network: 'DOMESTIC' },
];

export type BankTransactionCode = { domain?: string; family?: string; subFamily?: string; proprietary?: string; issuer?: string };

/** `channel` is absent when the code does not tell it (transfers, direct debits…). */
export type CodeVerdict = { ok: true; kind: Kind; network?: TransferNetwork; channel?: Channel } | { ok: false; reason: string };

const matches = (pattern: string, code: string | undefined) => pattern === '*' || pattern === code;
const PATTERNS = RULES.map((r) => ({ rule: r, parts: r.match.split('/') as [string, string, string] }));

/**
 * A statement repeats a handful of codes thousands of times: each code's verdict is worked out once per
 * settings object (the settings are parsed once per cold start and never change).
 */
const verdicts = new WeakMap<CamtSettings, Map<string, CodeVerdict>>();

export function meaningOf(code: BankTransactionCode, settings: CamtSettings): CodeVerdict {
  let known = verdicts.get(settings);
  if (!known) verdicts.set(settings, (known = new Map()));
  const key = [code.domain, code.family, code.subFamily, code.proprietary, code.issuer].map((x) => (x === undefined ? '\u0001' : x)).join('\u0000');
  let verdict = known.get(key);
  if (!verdict) {
    verdict = meaningFrom(code, settings);
    // Bounded: a file of unmapped junk codes cannot grow it without limit.
    if (known.size > 1000) known.clear();
    known.set(key, verdict);
  }
  return verdict;
}

function meaningFrom(code: BankTransactionCode, settings: CamtSettings): CodeVerdict {
  const own = code.proprietary
    ? settings.proprietaryCodes.find((p) => p.code === code.proprietary && (p.issuer === undefined || p.issuer === code.issuer))
    : undefined;
  const meaning: Meaning | undefined =
    own ??
    PATTERNS.find(({ parts: [d, f, s] }) => code.domain !== undefined && matches(d, code.domain) && matches(f, code.family) && matches(s, code.subFamily))?.rule;
  if (!meaning) {
    // Codes are the bank's classification, not personal data: naming them tells staff what to map.
    const iso = code.domain ? `Domn ${code.domain}/${code.family ?? '-'}/${code.subFamily ?? '-'}` : 'no Domn';
    return { ok: false, reason: `BkTxCd: ${iso}${code.proprietary ? `, Prtry ${code.proprietary}` : ''} has no mapping to a transaction kind` };
  }
  const network = meaning.network === 'DOMESTIC' ? settings.domesticNetwork : meaning.network;
  return { ok: true, kind: meaning.kind, network: meaning.kind === 'TRANSFER' ? network : undefined, channel: meaning.channel };
}
