// One small piece of a camt document held whole: an entry, a balance, an account. The reader builds
// these only below the account block (Stmt, Rpt, Ntfctn), one at a time, so memory is bounded by the
// largest entry, never by the file.

export type XmlElement = {
  name: string;
  attributes: Readonly<Record<string, string>>;
  text: string;
  children: XmlElement[];
};

/** Children named `name`, in document order. */
export const childrenNamed = (e: XmlElement | undefined, name: string): XmlElement[] => (e ? e.children.filter((c) => c.name === name) : []);

/** The element at a path of names ("BkTxCd/Domn/Fmly/Cd"), first match at each step. */
export function at(e: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = e;
  for (const name of path.split('/')) {
    if (!current) return undefined;
    current = current.children.find((c) => c.name === name);
  }
  return current;
}

/** The trimmed text at a path, or undefined when the element is absent or empty. */
export function textAt(e: XmlElement | undefined, path: string): string | undefined {
  const t = at(e, path)?.text.trim();
  return t ? t : undefined;
}

/** Every element at a path, following all matches at each step ("Chrgs/Rcrd/Amt"). */
export function allAt(e: XmlElement | undefined, path: string): XmlElement[] {
  let level: XmlElement[] = e ? [e] : [];
  for (const name of path.split('/')) level = level.flatMap((x) => childrenNamed(x, name));
  return level;
}
