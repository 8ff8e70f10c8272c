// Which ISO 20022 bank-to-customer message a document is, read from its namespace
// (urn:iso:std:iso:20022:tech:xsd:camt.05x.001.NN). The namespace is the message's own declaration of
// its definition and version: nothing else in the document is trusted for that.

export type CamtMessageName = 'camt.052' | 'camt.053' | 'camt.054';

/** The message definition: its root element under Document and the repeating block of one account. */
export type CamtMessage = {
  name: CamtMessageName;
  version: number;
  namespace: string;
  /** BkToCstmrAcctRpt, BkToCstmrStmt or BkToCstmrDbtCdtNtfctn. */
  root: string;
  /** Rpt, Stmt or Ntfctn: one account's report, statement or notification. */
  block: string;
};

/** Versions whose definitions the reader and the fixtures were written from (.001.02 to .001.08). */
export const SUPPORTED_VERSIONS = { from: 2, to: 8 } as const;

const DEFINITIONS: Record<CamtMessageName, { root: string; block: string }> = {
  'camt.052': { root: 'BkToCstmrAcctRpt', block: 'Rpt' },
  'camt.053': { root: 'BkToCstmrStmt', block: 'Stmt' },
  'camt.054': { root: 'BkToCstmrDbtCdtNtfctn', block: 'Ntfctn' },
};

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:(camt\.\d{3})\.001\.(\d{2})$/;

export type NamespaceVerdict = { ok: true; message: CamtMessage } | { ok: false; reason: string };

export function camtMessageOf(namespace: string): NamespaceVerdict {
  const m = NAMESPACE.exec(namespace);
  if (!m) return { ok: false, reason: 'Document: the namespace is not an ISO 20022 camt message namespace' };
  const name = m[1] as CamtMessageName;
  const version = Number(m[2]);
  if (!Object.hasOwn(DEFINITIONS, name)) {
    return { ok: false, reason: `Document: ${name} is not a bank-to-customer report, statement or notification (camt.052, camt.053, camt.054)` };
  }
  if (version < SUPPORTED_VERSIONS.from || version > SUPPORTED_VERSIONS.to) {
    return {
      ok: false,
      reason: `Document: ${name}.001.${m[2]} is not a supported version (supported: .001.0${SUPPORTED_VERSIONS.from} to .001.0${SUPPORTED_VERSIONS.to})`,
    };
  }
  return { ok: true, message: { name, version, namespace, ...DEFINITIONS[name] } };
}
