// A file that is not well-formed, not camt or of an unknown version is rejected whole with its reason;
// an entry that cannot be mapped is rejected alone, with its position and a reason naming fields.
import { describe, expect, it } from 'vitest';
import { camtDocument, type CamtEntry } from '../../../local/simulator/camt-documents';
import { FileRejected } from '../../../shared/iso20022/domain/camt-reader';
import { outcomesOf } from './support';

const rejection = async (xml: string) => {
  try {
    await outcomesOf(xml);
  } catch (e) {
    if (e instanceof FileRejected) return e.reason;
    throw e;
  }
  return 'accepted';
};

const good: CamtEntry = { amount: '10.00', currency: 'CNY', direction: 'CRDT', bookingDate: '2026-11-30', acctSvcrRef: 'R', code: { domain: 'PMNT', family: 'RCDT', subFamily: 'DMCT' } };
const account = { other: { id: '6222021001', scheme: 'BBAN' } };

describe('files rejected whole', () => {
  it('not well-formed XML', async () => {
    const xml = camtDocument('camt.053', 8, 'M', [{ id: 'S', account, entries: [good] }]);
    expect(await rejection(xml.replace('</Ntry>', '</Ntri>'))).toMatch(/^not well-formed XML: /);
    expect(await rejection(xml.slice(0, xml.length - 40))).toMatch(/^not well-formed XML: /);
    expect(await rejection('')).toMatch(/^not well-formed XML/);
    expect(await rejection('\u00ff\u00fe')).toMatch(/not an ISO 20022 Document|not well-formed/);
    expect(await rejection('{"not": "xml"}')).toMatch(/^not well-formed XML/);
  });

  it('bytes that are not UTF-8', async () => {
    const chunks = [new Uint8Array([0x3c, 0x44, 0xff, 0xfe])];
    const { camtBookings } = await import('../../../shared/iso20022/domain/camt-bookings');
    const { settings } = await import('./support');
    await expect(async () => {
      for await (const _ of camtBookings(chunks, settings));
    }).rejects.toThrow(/not UTF-8|not well-formed/);
  });

  it('not a camt message', async () => {
    expect(await rejection('<html><body/></html>')).toBe('html: the root is not an ISO 20022 Document');
    expect(await rejection('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>')).toMatch(/not an ISO 20022 camt message namespace/);
    expect(await rejection('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.056.001.08"/>')).toMatch(/camt\.056 is not a bank-to-customer/);
    // The namespace says statement, the content is a notification.
    const mixed = camtDocument('camt.054', 8, 'M', [{ id: 'N', account, entries: [good] }]).replace('camt.054.001.08', 'camt.053.001.08');
    expect(await rejection(mixed)).toBe('BkToCstmrDbtCdtNtfctn: a camt.053 document holds BkToCstmrStmt');
  });

  it('an unknown version', async () => {
    const xml = camtDocument('camt.053', 8, 'M', [{ id: 'S', account, entries: [good] }]);
    expect(await rejection(xml.replace('camt.053.001.08', 'camt.053.001.01'))).toMatch(/camt\.053\.001\.01 is not a supported version/);
    expect(await rejection(xml.replace('camt.053.001.08', 'camt.053.001.14'))).toMatch(/camt\.053\.001\.14 is not a supported version/);
  });

  it('a Document inside an application-header envelope is read', async () => {
    const xml = camtDocument('camt.054', 8, 'M', [{ id: 'N', account, entries: [good] }]).replace('<?xml version="1.0" encoding="UTF-8"?>', '');
    const wrapped = `<BizMsgEnvlp><AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><MsgDefIdr>camt.054.001.08</MsgDefIdr></AppHdr>${xml}</BizMsgEnvlp>`;
    const outcomes = await outcomesOf(wrapped);
    expect(outcomes.filter((o) => o.kind === 'events')).toHaveLength(1);
  });
});

describe('one bad entry among good ones', () => {
  const bad = (change: Partial<CamtEntry>, extra = (x: string) => x) =>
    outcomesOf(extra(camtDocument('camt.053', 8, 'M', [{ id: 'S', account, entries: [good, { ...good, acctSvcrRef: 'X', ...change }, { ...good, acctSvcrRef: 'R3' }] }])));

  it.each([
    [{ amount: '10.001' }, 'Ntry/Amt: 3 decimals, more than the 2 the currency has'],
    [{ amount: '1,000.00' }, 'Ntry/Amt: not a non-negative decimal amount of at most 18 digits and 5 decimals'],
    [{ currency: 'XQZ' }, 'Ntry/Amt/@Ccy: the currency has no configured ISO 4217 exponent'],
    [{ bookingDate: '2026-02-30' }, 'Ntry/BookgDt: not an ISO date or date-time'],
    [{ bookingDate: undefined }, 'Ntry/BookgDt, Ntry/ValDt: neither is given'],
    [{ code: { domain: 'SECU', family: 'SETT', subFamily: 'TRAD' } }, 'BkTxCd: Domn SECU/SETT/TRAD has no mapping to a transaction kind'],
    [{ code: undefined, proprietaryCode: { code: 'ZZ-UNKNOWN' } }, 'BkTxCd: no Domn, Prtry ZZ-UNKNOWN has no mapping to a transaction kind'],
    [{ charges: ['1.234'] }, 'Ntry/Chrgs/Amt: 3 decimals, more than the 2 the currency has'],
    [{ transactions: [{ amount: '4.00' }, { amount: '5.00' }] }, 'Ntry/NtryDtls/TxDtls/Amt: the details do not add up to Ntry/Amt'],
  ])('%j is rejected alone: %s', async (change, reason) => {
    const outcomes = (await bad(change as Partial<CamtEntry>)).filter((o) => o.kind !== 'message');
    expect(outcomes.map((o) => o.kind)).toEqual(['events', 'rejected', 'events']);
    expect(outcomes[1]).toEqual({ kind: 'rejected', position: { ordinal: 2, path: expect.stringMatching(/^Stmt\[1\]\/Ntry\[2\] \(line \d+\)$/) }, reason });
  });

  it('a CdtDbtInd that is neither CRDT nor DBIT', async () => {
    const outcomes = await bad({}, (x) => x.replace(/(<AcctSvcrRef>X<\/AcctSvcrRef>)/, '$1').replace(/<CdtDbtInd>CRDT<\/CdtDbtInd>(<Sts><Cd>BOOK<\/Cd><\/Sts><BookgDt><Dt>2026-11-30<\/Dt><\/BookgDt><AcctSvcrRef>X)/, '<CdtDbtInd>BOTH</CdtDbtInd>$1'));
    expect(outcomes.find((o) => o.kind === 'rejected')).toMatchObject({ reason: 'Ntry/CdtDbtInd: must be CRDT or DBIT' });
  });

  it('an account no rule maps rejects its entries, naming the scheme, not the number', async () => {
    const outcomes = await outcomesOf(camtDocument('camt.053', 8, 'M', [{ id: 'S', account: { iban: 'DE89370400440532013000' }, entries: [good] }]));
    const r = outcomes.find((o) => o.kind === 'rejected');
    expect(r).toMatchObject({ reason: 'Acct/Id: no account identification rule matches scheme IBAN' });
    expect(JSON.stringify(r)).not.toContain('DE89370400440532013000');
  });

  it('reasons never carry personal data', async () => {
    const outcomes = await bad({ amount: '10.001', transactions: [{ counterparty: 'Zhang Wei', remittance: 'rent for flat 12' }] });
    const reasons = JSON.stringify(outcomes.filter((o) => o.kind === 'rejected'));
    expect(reasons).not.toMatch(/Zhang|rent|10\.001/);
  });
});
