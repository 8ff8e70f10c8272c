// The committed OpenAPI document is the one the contract generates, and it says what the API does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { customerApiRoutes } from '../../../shared/contracts/api/routes';
import { OPENAPI_PATH, renderOpenApi } from '../../../scripts/generate-openapi';

const committed = readFileSync(OPENAPI_PATH, 'utf8');
const doc = JSON.parse(committed);

describe('docs/openapi.json', () => {
  it('is what the contract generates (run `npx tsx scripts/generate-openapi.ts` when this fails)', () => {
    expect(committed).toBe(renderOpenApi());
  });

  it('is OpenAPI 3.1 with the Cognito bearer scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.cognitoIdToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it.each(customerApiRoutes.map((r) => [r.method, r.path, r] as const))('documents %s %s with its roles and problems', (method, path, route) => {
    const operation = doc.paths[path][method.toLowerCase()];
    expect(operation.operationId).toBe(route.operationId);
    if (route.access.kind === 'public') {
      expect(operation.security).toEqual([]);
    } else {
      expect(operation.security).toEqual([{ cognitoIdToken: [] }]);
      for (const role of route.access.roles) expect(operation.description).toContain(role);
      expect(operation.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    }
    expect(operation.responses['404']).toBeDefined();
    expect(operation.responses['500']).toBeDefined();
  });

  it('resolves every $ref', () => {
    const refs = [...committed.matchAll(/"\$ref": "#\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const target = ref.split('/').reduce((node: any, key) => node?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('describes problems as RFC 9457 documents naming fields', () => {
    expect(doc.components.responses.BadRequest.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.components.schemas.Problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status']));
    expect(doc.components.schemas.FieldIssue.required).toEqual(['field', 'message']);
  });

  it('says the segment is null until segmentation, and that /me shows the tier code of /me/service-tier', () => {
    expect(doc.components.schemas.CustomerView.properties.segment.description).toMatch(/null until segmentation/);
    expect(doc.components.schemas.MyEssentials.properties.serviceTier).toMatchObject({ type: 'string' });
    expect(doc.components.schemas.MyEssentials.properties.serviceTier.description).toMatch(/GET \/me\/service-tier's tier\.code/);
  });
});
