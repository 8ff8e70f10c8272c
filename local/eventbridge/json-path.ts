// The JSONPath subset EventBridge accepts in InputPath and InputPathsMap: $, $.a.b, $.a[0], $['a b'].
// Names may contain '-' ($.detail-type), as in EventBridge.

export function parseJsonPath(path: string): (string | number)[] {
  if (!path.startsWith('$')) throw new Error(`JSONPath must start with $: ${path}`);
  const segments: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const at = re.lastIndex;
    const m = re.exec(path);
    if (!m) throw new Error(`Invalid JSONPath at position ${at}: ${path}`);
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push((m[3] ?? m[4])!);
  }
  return segments;
}

export function readJsonPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of parseJsonPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
