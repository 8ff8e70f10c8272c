// The message and version come from the Document's namespace; anything else is rejected with its reason.
import { describe, expect, it } from 'vitest';
import { camtMessageOf } from '../../../shared/iso20022/domain/camt-message';

const ns = (m: string, v: string) => `urn:iso:std:iso:20022:tech:xsd:${m}.001.${v}`;

describe('camtMessageOf', () => {
  it.each(['camt.052', 'camt.053', 'camt.054'])('accepts %s .001.02 to .001.08', (m) => {
    for (let v = 2; v <= 8; v++) {
      const verdict = camtMessageOf(ns(m, String(v).padStart(2, '0')));
      expect(verdict).toMatchObject({ ok: true, message: { name: m, version: v } });
    }
  });

  it('names the root and block of each message', () => {
    expect(camtMessageOf(ns('camt.052', '08'))).toMatchObject({ message: { root: 'BkToCstmrAcctRpt', block: 'Rpt' } });
    expect(camtMessageOf(ns('camt.053', '08'))).toMatchObject({ message: { root: 'BkToCstmrStmt', block: 'Stmt' } });
    expect(camtMessageOf(ns('camt.054', '08'))).toMatchObject({ message: { root: 'BkToCstmrDbtCdtNtfctn', block: 'Ntfctn' } });
  });

  it('rejects unknown versions, other messages and other namespaces with the reason', () => {
    expect(camtMessageOf(ns('camt.053', '01'))).toEqual({ ok: false, reason: expect.stringMatching(/camt\.053\.001\.01 is not a supported version/) });
    expect(camtMessageOf(ns('camt.054', '09'))).toEqual({ ok: false, reason: expect.stringMatching(/camt\.054\.001\.09 is not a supported version/) });
    expect(camtMessageOf(ns('camt.056', '08'))).toEqual({ ok: false, reason: expect.stringMatching(/camt\.056 is not a bank-to-customer/) });
    expect(camtMessageOf(ns('pain.001', '03'))).toEqual({ ok: false, reason: expect.stringMatching(/not an ISO 20022 camt message namespace/) });
    expect(camtMessageOf('http://www.w3.org/1999/xhtml')).toEqual({ ok: false, reason: expect.stringMatching(/not an ISO 20022 camt message namespace/) });
    expect(camtMessageOf('')).toMatchObject({ ok: false });
  });
});
