// Matches request paths to resource templates the way API Gateway does: a literal segment beats a
// {variable}, which beats a greedy {proxy+}.
export type Template = { path: string; segments: string[] };

export const templateOf = (path: string): Template => ({ path, segments: path.split('/').filter(Boolean) });

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** Path parameters when `template` matches `path`, else undefined. Rank: higher is more specific. */
export function matchTemplate(template: Template, path: string): { params: Record<string, string>; rank: number[] } | undefined {
  const parts = path.split('/').slice(1);
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') parts.pop();
  const params: Record<string, string> = {};
  const rank: number[] = [];
  for (let i = 0; i < template.segments.length; i++) {
    const segment = template.segments[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.every((p) => p === '')) return undefined;
      params[greedy[1]!] = decode(rest.join('/'));
      rank.push(0);
      return { params, rank };
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    const variable = /^\{(.+)\}$/.exec(segment);
    if (variable) {
      params[variable[1]!] = decode(part);
      rank.push(1);
    } else if (segment === part) {
      rank.push(2);
    } else {
      return undefined;
    }
  }
  return parts.length === template.segments.length ? { params, rank } : undefined;
}

export const compareRank = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
};
