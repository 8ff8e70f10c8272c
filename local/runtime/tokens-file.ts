// .local/tokens.env: the tokens `npm start` mints for its examples, as shell assignments a user can
// `source .local/tokens.env` — so the summary shows short curl lines instead of 800-character tokens.
// Local tokens only (signed by the local key, valid 1 h): nothing that opens a deployed stage.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const TOKENS_FILE = '.local/tokens.env';

/** Writes NAME=token lines (exported), readable by the user only; returns the path. */
export function writeTokensFile(tokens: Record<string, string>, file = TOKENS_FILE): string {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const lines = Object.entries(tokens).map(([name, token]) => {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`'${name}' is not a shell variable name`);
    if (!/^[A-Za-z0-9._-]+$/.test(token)) throw new Error(`the token for ${name} is not a JWT`);
    return `export ${name}=${token}`;
  });
  writeFileSync(path, `# Local tokens minted by npm start (valid 1 h): source ${file}\n${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}
