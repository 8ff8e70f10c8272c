// The committed OpenAPI document describes every complaint route: roles, problems, the 202's Location,
// the Idempotency-Key header and the 409 of a lost race.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_PATH } from '../../scripts/generate-openapi';
import { allComplaintRoutes as complaintApiRoutes } from '../../shared/contracts/api/complaints-insight-routes';

const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));

describe('docs/openapi.json for complaints', () => {
  it.each(complaintApiRoutes.map((r) => [r.method, r.path, r] as const))('documents %s %s with its roles and problems', (method, path, route) => {
    const operation = doc.paths[path]?.[method.toLowerCase()];
    expect(operation?.operationId).toBe(route.operationId);
    expect(operation.security).toEqual([{ cognitoIdToken: [] }]);
    if (route.access.kind === 'roles') for (const role of route.access.roles) expect(operation.description).toContain(role);
    expect(operation.responses['401']).toBeDefined();
    expect(operation.responses['403']).toBeDefined();
  });

  it('says where a filed complaint is, that Idempotency-Key makes intake safe to retry, and that a lost race is 409', () => {
    const intake = doc.paths['/complaints'].post;
    expect(intake.responses['202'].headers.Location).toBeDefined();
    expect(intake.parameters.find((p: { name: string; in: string }) => p.name === 'idempotency-key' && p.in === 'header')).toBeDefined();
    expect(intake.responses['422']).toBeDefined();
    const transitions = doc.paths['/complaints/{complaintId}/transitions'].post;
    expect(transitions.responses['409']).toBeDefined();
  });
});
