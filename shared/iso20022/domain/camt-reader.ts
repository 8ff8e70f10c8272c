// A streaming reader of camt.052/053/054 on saxes. It holds no more than the element it is building
// (the current entry, balance or account) and the current block's context (account, ids): the
// document as a whole is never in memory, whatever its size. It yields, in document order:
//   - the message (name and version, from the Document's namespace) once, before anything else;
//   - each balance of a statement or report, with the block's context;
//   - each entry (Ntry) with the block's context and its position in the file.
// A document that is not well-formed, not camt, of an unknown version, or built against its own
// definition (a Stmt in a camt.054) ends the reading with a FileRejected error carrying the reason.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { camtMessageOf, type CamtMessage } from './camt-message';
import { textAt, type XmlElement } from './xml-element';

/** What every entry and balance of one block shares. */
export type BlockContext = {
  /** 1-based index of the block (Stmt, Rpt, Ntfctn) in the file. */
  index: number;
  id: string | undefined;
  createdAt: string | undefined;
  /** The Acct element: identification, currency, type. */
  account: XmlElement | undefined;
};

/** Where an entry sits in the file, for a staff member looking for it. */
export type EntryPosition = {
  /** 1-based ordinal of the entry among all the file's entries. */
  ordinal: number;
  block: number;
  /** 1-based index of the entry within its block. */
  entry: number;
  line: number;
};

export type CamtItem =
  | { kind: 'message'; message: CamtMessage; messageId: string | undefined }
  | { kind: 'balance'; block: BlockContext; balance: XmlElement; ordinal: number }
  | { kind: 'entry'; block: BlockContext; entry: XmlElement; position: EntryPosition };

export class FileRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FileRejected';
  }
}

export async function* readCamt(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<CamtItem> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const pending: CamtItem[] = [];
  let message: CamtMessage | undefined;
  let rootSeen = false;
  let groupHeader: XmlElement | undefined;
  // Names from the Document down to where the parser is; elements being built, innermost last.
  const path: string[] = [];
  const building: XmlElement[] = [];
  let block: BlockContext | undefined;
  let blocks = 0;
  let entries = 0;
  let entriesInBlock = 0;
  let balances = 0;
  let entryLine = 0;
  let documentDepth = -1;

  const fail = (reason: string): never => {
    throw new FileRejected(reason);
  };
  parser.on('error', (e) => fail(`not well-formed XML: ${e.message.replace(/^.*?:\d+:\d+: /, '')}`));

  parser.on('opentag', (tag: SaxesTagNS) => {
    const name = tag.local;
    if (!rootSeen) {
      rootSeen = true;
      // A business application header envelope may wrap the Document; the Document decides.
      if (name !== 'Document' && !/envelope|envlp/i.test(name)) fail(`${name}: the root is not an ISO 20022 Document`);
    }
    if (documentDepth < 0) {
      if (name === 'Document') {
        const verdict = camtMessageOf(tag.uri);
        if (!verdict.ok) fail(verdict.reason);
        else message = verdict.message;
        documentDepth = path.length;
      }
      path.push(name);
      return;
    }
    path.push(name);
    const depth = path.length - documentDepth - 1; // Document = 0, root = 1, block/GrpHdr = 2, its children = 3
    // Every child of a block (Acct, Bal, Ntry, Id…) is kept whole while it lasts: each is small.
    if (building.length > 0 || (depth === 3 && path[path.length - 2] === message!.block) || (depth === 2 && name === 'GrpHdr')) {
      const attributes: Record<string, string> = {};
      for (const a of Object.values(tag.attributes)) if (!a.prefix) attributes[a.local] = a.value;
      const element: XmlElement = { name, attributes, text: '', children: [] };
      building[building.length - 1]?.children.push(element);
      building.push(element);
      if (depth === 3 && name === 'Ntry') entryLine = parser.line;
      return;
    }
    if (depth === 1 && name !== message!.root) fail(`${name}: a ${message!.name} document holds ${message!.root}`);
    if (depth === 2 && name === message!.block) {
      blocks += 1;
      entriesInBlock = 0;
      block = { index: blocks, id: undefined, createdAt: undefined, account: undefined };
      if (blocks === 1) pending.unshift({ kind: 'message', message: message!, messageId: textAt(groupHeader, 'MsgId') });
    }
  });

  const addText = (text: string) => {
    const current = building[building.length - 1];
    if (current) current.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  parser.on('closetag', () => {
    const depth = path.length - documentDepth - 1;
    path.pop();
    const element = building.pop();
    if (!element || building.length > 0) return;
    if (depth === 2) {
      groupHeader = element;
      return;
    }
    const b = block!;
    switch (element.name) {
      case 'Id':
        b.id = element.text.trim();
        return;
      case 'CreDtTm':
        b.createdAt = element.text.trim();
        return;
      case 'Acct':
        b.account = element;
        return;
      case 'Bal':
        balances += 1;
        pending.push({ kind: 'balance', block: b, balance: element, ordinal: balances });
        return;
      case 'Ntry':
        entries += 1;
        entriesInBlock += 1;
        pending.push({ kind: 'entry', block: b, entry: element, position: { ordinal: entries, block: b.index, entry: entriesInBlock, line: entryLine } });
        return;
      default:
        return; // TxsSummry, Intrst, AddtlStmtInf…: not events
    }
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk: Uint8Array | string, stream: boolean) => {
    try {
      return typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream });
    } catch {
      return fail('not well-formed XML: the bytes are not UTF-8');
    }
  };
  for await (const chunk of chunks) {
    parser.write(decode(chunk, true));
    yield* pending.splice(0);
  }
  parser.write(decode(new Uint8Array(), false));
  parser.close();
  if (!message) fail(rootSeen ? 'Document: no ISO 20022 Document element found' : 'not well-formed XML: the file is empty');
  if (blocks === 0) pending.push({ kind: 'message', message: message!, messageId: textAt(groupHeader, 'MsgId') });
  yield* pending.splice(0);
}
