// A member of staff reading the local stack's API in an end-to-end test. The tests are of the pipeline,
// not of need-to-know (which has its own matrix), so the read states a break-glass reason.
import { expect } from 'vitest';
import { localTokens } from '../../local/apigateway/local-tokens';

export const E2E_BREAK_GLASS = { 'X-Break-Glass-Reason': 'end-to-end test of the pipeline' } as const;

/** GET `path` on the API as a relationship manager; expects 200 and gives the JSON body. */
export async function staffRead(apiUrl: string, path: string): Promise<any> {
  const token = localTokens().mint({ groups: ['relationship-manager'] });
  const response = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}`, ...E2E_BREAK_GLASS } });
  expect(response.status).toBe(200);
  return response.json();
}
