// One small piece of a camt document held whole: an entry, a balance, an account. The reader builds
// these only below the account block (Stmt, Rpt, Ntfctn), one at a time, so memory is bounded by the
// largest entry, never by the file.
//
// The mapping asks each entry some forty paths: they are split once (the paths are the mapping's
// constants) and walked with plain loops, which keeps the mapping's cost near the parser's own.

export type XmlElement = {
  name: string;
  attributes: Readonly<Record<string, string>>;
  text: string;
  children: XmlElement[];
};

const steps = new Map<string, readonly string[]>();
const stepsOf = (path: string): readonly string[] => {
  let s = steps.get(path);
  if (!s) {
    s = path.split('/');
    steps.set(path, s);
  }
  return s;
};

const firstChild = (e: XmlElement, name: string): XmlElement | undefined => {
  const children = e.children;
  for (let i = 0; i < children.length; i++) if (children[i]!.name === name) return children[i];
  return undefined;
};

/** Children named `name`, in document order. */
export const childrenNamed = (e: XmlElement | undefined, name: string): XmlElement[] => {
  const out: XmlElement[] = [];
  if (e) for (const c of e.children) if (c.name === name) out.push(c);
  return out;
};

/** The element at a path of names ("BkTxCd/Domn/Fmly/Cd"), first match at each step. */
export function at(e: XmlElement | undefined, path: string): XmlElement | undefined {
  const names = stepsOf(path);
  let current = e;
  for (let i = 0; i < names.length && current; i++) current = firstChild(current, names[i]!);
  return current;
}

/** The trimmed text at a path, or undefined when the element is absent or empty. */
export function textAt(e: XmlElement | undefined, path: string): string | undefined {
  const t = at(e, path)?.text.trim();
  return t ? t : undefined;
}

/** Every element at a path, following all matches at each step ("Chrgs/Rcrd/Amt"). */
export function allAt(e: XmlElement | undefined, path: string): XmlElement[] {
  if (!e) return [];
  let level: XmlElement[] = [e];
  for (const name of stepsOf(path)) {
    const next: XmlElement[] = [];
    for (const x of level) for (const c of x.children) if (c.name === name) next.push(c);
    if (next.length === 0) return next;
    level = next;
  }
  return level;
}
