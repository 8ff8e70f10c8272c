// .local/endpoints.json: where scripts (the simulator, curl examples, benchmarks) find the running
// stack. Written when the stack is up, removed when it stops, so a stale file never points nowhere.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LocalEndpoints } from './local-stack';

export const ENDPOINTS_FILE = '.local/endpoints.json';

export function writeEndpointsFile(endpoints: LocalEndpoints, file = ENDPOINTS_FILE): string {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(endpoints, null, 2)}\n`);
  return path;
}

export const removeEndpointsFile = (file = ENDPOINTS_FILE) => rmSync(resolve(file), { force: true });
