// camt.052/053/054 documents written as each version's message definition lays them out, for the
// simulator, the fixtures and the benchmark. What changes between the versions we support:
//   - Ntry/Sts: a code (<Sts>BOOK</Sts>) up to .001.06, EntryStatus1Choice (<Sts><Cd>BOOK</Cd></Sts>) from .001.07;
//   - charges: repeated Chrgs/Amt in .001.02 and .001.03, Chrgs/Rcrd records from .001.04;
//   - TxDtls/Amt and TxDtls/CdtDbtInd from .001.04 (before: TxDtls/AmtDtls/TxAmt/Amt);
//   - TxDtls/Refs/UETR from .001.07;
//   - RltdPties/Dbtr|Cdtr: a PartyIdentification (Nm) up to .001.07, Party40Choice (Pty/Nm) from .001.08.
export type CamtName = 'camt.052' | 'camt.053' | 'camt.054';

export type CamtTransaction = {
  amount?: string;
  direction?: 'CRDT' | 'DBIT';
  acctSvcrRef?: string;
  endToEndId?: string;
  uetr?: string;
  txId?: string;
  counterparty?: string;
  remittance?: string;
  charges?: string[];
  code?: { domain: string; family: string; subFamily: string };
};

export type CamtEntry = {
  amount: string;
  currency: string;
  direction: 'CRDT' | 'DBIT';
  status?: 'BOOK' | 'PDNG' | 'INFO';
  reversal?: boolean;
  bookingDate?: string;
  bookingDateTime?: string;
  valueDate?: string;
  valueDateTime?: string;
  acctSvcrRef?: string;
  entryRef?: string;
  code?: { domain: string; family: string; subFamily: string };
  proprietaryCode?: { code: string; issuer?: string };
  charges?: string[];
  /** Ntry/TechInptChanl/Cd (from .001.04): how the instruction came in (WEBI, PAPR, FAXI, EDIC). */
  inputChannel?: string;
  transactions?: CamtTransaction[];
};

export type CamtBalance = { type: 'CLBD' | 'ITBD' | 'OPBD'; amount: string; currency: string; direction: 'CRDT' | 'DBIT'; date: string };

export type CamtBlock = {
  id: string;
  createdAt?: string;
  account: { iban?: string; other?: { id: string; scheme: string }; currency?: string; type?: string };
  balances?: CamtBalance[];
  entries: CamtEntry[];
};

const ROOTS: Record<CamtName, [string, string]> = {
  'camt.052': ['BkToCstmrAcctRpt', 'Rpt'],
  'camt.053': ['BkToCstmrStmt', 'Stmt'],
  'camt.054': ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'],
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const vv = (v: number) => String(v).padStart(2, '0');

export const camtNamespace = (name: CamtName, version: number) => `urn:iso:std:iso:20022:tech:xsd:${name}.001.${vv(version)}`;

function charges(amounts: string[] | undefined, currency: string, version: number): string {
  if (!amounts?.length) return '';
  if (version <= 3) return amounts.map((a) => `<Chrgs><Amt Ccy="${currency}">${a}</Amt></Chrgs>`).join('');
  return `<Chrgs>${amounts.map((a) => `<Rcrd><Amt Ccy="${currency}">${a}</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd>`).join('')}</Chrgs>`;
}

const code = (c: CamtEntry['code'], p?: CamtEntry['proprietaryCode']) =>
  c || p
    ? `<BkTxCd>${c ? `<Domn><Cd>${c.domain}</Cd><Fmly><Cd>${c.family}</Cd><SubFmlyCd>${c.subFamily}</SubFmlyCd></Fmly></Domn>` : ''}${
        p ? `<Prtry><Cd>${esc(p.code)}</Cd>${p.issuer ? `<Issr>${esc(p.issuer)}</Issr>` : ''}</Prtry>` : ''
      }</BkTxCd>`
    : '';

function transaction(t: CamtTransaction, e: CamtEntry, version: number): string {
  const refs = [
    t.acctSvcrRef && `<AcctSvcrRef>${esc(t.acctSvcrRef)}</AcctSvcrRef>`,
    t.endToEndId && `<EndToEndId>${esc(t.endToEndId)}</EndToEndId>`,
    version >= 7 && t.uetr && `<UETR>${t.uetr}</UETR>`,
    t.txId && `<TxId>${esc(t.txId)}</TxId>`,
  ]
    .filter(Boolean)
    .join('');
  const amount = t.amount
    ? version >= 4
      ? `<Amt Ccy="${e.currency}">${t.amount}</Amt><CdtDbtInd>${t.direction ?? e.direction}</CdtDbtInd>`
      : `<AmtDtls><TxAmt><Amt Ccy="${e.currency}">${t.amount}</Amt></TxAmt></AmtDtls>`
    : '';
  const direction = t.direction ?? e.direction;
  const party = direction === 'CRDT' ? 'Dbtr' : 'Cdtr';
  const name = t.counterparty ? (version >= 8 ? `<${party}><Pty><Nm>${esc(t.counterparty)}</Nm></Pty></${party}>` : `<${party}><Nm>${esc(t.counterparty)}</Nm></${party}>`) : '';
  return `<TxDtls>${refs ? `<Refs>${refs}</Refs>` : ''}${amount}${code(t.code)}${charges(t.charges, e.currency, version)}${name ? `<RltdPties>${name}</RltdPties>` : ''}${
    t.remittance ? `<RmtInf><Ustrd>${esc(t.remittance)}</Ustrd></RmtInf>` : ''
  }</TxDtls>`;
}

export function camtEntryXml(e: CamtEntry, version: number): string {
  const status = e.status ?? 'BOOK';
  const booking = e.bookingDateTime ? `<BookgDt><DtTm>${e.bookingDateTime}</DtTm></BookgDt>` : e.bookingDate ? `<BookgDt><Dt>${e.bookingDate}</Dt></BookgDt>` : '';
  return [
    '<Ntry>',
    e.entryRef ? `<NtryRef>${esc(e.entryRef)}</NtryRef>` : '',
    `<Amt Ccy="${e.currency}">${e.amount}</Amt>`,
    `<CdtDbtInd>${e.direction}</CdtDbtInd>`,
    e.reversal ? '<RvslInd>true</RvslInd>' : '',
    version >= 7 ? `<Sts><Cd>${status}</Cd></Sts>` : `<Sts>${status}</Sts>`,
    booking,
    e.valueDateTime ? `<ValDt><DtTm>${e.valueDateTime}</DtTm></ValDt>` : e.valueDate ? `<ValDt><Dt>${e.valueDate}</Dt></ValDt>` : '',
    e.acctSvcrRef ? `<AcctSvcrRef>${esc(e.acctSvcrRef)}</AcctSvcrRef>` : '',
    code(e.code, e.proprietaryCode) || '<BkTxCd/>',
    charges(e.charges, e.currency, version),
    version >= 4 && e.inputChannel ? `<TechInptChanl><Cd>${e.inputChannel}</Cd></TechInptChanl>` : '',
    e.transactions?.length ? `<NtryDtls>${e.transactions.length > 1 ? `<Btch><NbOfTxs>${e.transactions.length}</NbOfTxs></Btch>` : ''}${e.transactions.map((t) => transaction(t, e, version)).join('')}</NtryDtls>` : '',
    '</Ntry>',
  ].join('');
}

export function camtBlockOpen(name: CamtName, b: CamtBlock): string {
  const a = b.account;
  const id = a.iban ? `<IBAN>${a.iban}</IBAN>` : `<Othr><Id>${esc(a.other!.id)}</Id><SchmeNm><Cd>${a.other!.scheme}</Cd></SchmeNm></Othr>`;
  const balances = name === 'camt.054' ? '' : (b.balances ?? []).map((x) => camtBalanceXml(x)).join('');
  return `<${ROOTS[name][1]}><Id>${esc(b.id)}</Id><CreDtTm>${b.createdAt ?? '2026-11-30T18:00:00+08:00'}</CreDtTm><Acct><Id>${id}</Id>${a.type ? `<Tp><Cd>${a.type}</Cd></Tp>` : ''}${
    a.currency ? `<Ccy>${a.currency}</Ccy>` : ''
  }</Acct>${balances}`;
}

export const camtBalanceXml = (x: CamtBalance) =>
  `<Bal><Tp><CdOrPrtry><Cd>${x.type}</Cd></CdOrPrtry></Tp><Amt Ccy="${x.currency}">${x.amount}</Amt><CdtDbtInd>${x.direction}</CdtDbtInd><Dt><Dt>${x.date}</Dt></Dt></Bal>`;

export const camtBlockClose = (name: CamtName) => `</${ROOTS[name][1]}>`;

export const camtDocumentOpen = (name: CamtName, version: number, messageId: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${camtNamespace(name, version)}"><${ROOTS[name][0]}><GrpHdr><MsgId>${esc(messageId)}</MsgId><CreDtTm>2026-11-30T18:00:00+08:00</CreDtTm></GrpHdr>`;

export const camtDocumentClose = (name: CamtName) => `</${ROOTS[name][0]}></Document>\n`;

export function camtDocument(name: CamtName, version: number, messageId: string, blocks: CamtBlock[]): string {
  return (
    camtDocumentOpen(name, version, messageId) +
    blocks.map((b) => camtBlockOpen(name, b) + b.entries.map((e) => camtEntryXml(e, version)).join('\n') + camtBlockClose(name)).join('\n') +
    camtDocumentClose(name)
  );
}
