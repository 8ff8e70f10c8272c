// The page-cursor key on the synthesized dev stack: one generated secret, read only by the functions
// that serve a paginated route, through the extension layer, with GetSecretValue on that secret alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { type CrmResources, ref, synthCrmStack } from './support/crm-template';

describe('the page-cursor key', () => {
  let resources: CrmResources;
  let secretId: string;
  let paginatedFunctions: Set<string>;
  beforeAll(() => {
    resources = synthCrmStack('dev').resources;
    // The cursor key among the stack's secrets (the pseudonym key is the other).
    [secretId] = resources.ofType('AWS::SecretsManager::Secret').find(([id]) => id.includes('CursorKey'))!;
    // The functions behind the API methods whose routes take a `cursor` query parameter.
    const functionIds = new Set(resources.ofType('AWS::Lambda::Function').map(([id]) => id));
    paginatedFunctions = new Set(
      resources
        .ofType('AWS::ApiGateway::Method')
        .filter(([, m]) => m.Properties!.RequestParameters?.['method.request.querystring.cursor'] !== undefined)
        .map(([, m]) => JSON.stringify(m.Properties!.Integration.Uri).match(/"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/)?.[1])
        .filter((id): id is string => id !== undefined && functionIds.has(id)),
    );
  });

  it('is a generated 64-character secret', () => {
    expect(resources.get(secretId).Properties!.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
  });

  it('is given to every function serving a paginated route: the variable, the extension layer, and read access', () => {
    expect([...paginatedFunctions].length).toBeGreaterThanOrEqual(3);
    for (const id of paginatedFunctions) {
      const fn = resources.get(id).Properties!;
      expect(fn.Environment.Variables.CURSOR_KEY_SECRET_ID, id).toEqual(ref(secretId));
      expect(JSON.stringify(fn.Layers), id).toContain('Fn::FindInMap');
      const reads = resources.statementsOfRole(fn.Role['Fn::GetAtt'][0]).filter((s) => s.Action.includes('secretsmanager:GetSecretValue'));
      expect(reads.flatMap((s) => s.Resource), id).toEqual([ref(secretId)]);
    }
  });

  it('is readable by no other function', () => {
    for (const [id, fn] of resources.ofType('AWS::Lambda::Function')) {
      if (paginatedFunctions.has(id)) continue;
      const roleId = fn.Properties!.Role?.['Fn::GetAtt']?.[0];
      if (!roleId) continue;
      const onKey = resources.statementsOfRole(roleId).filter((s) => JSON.stringify(s.Resource).includes(`"${secretId}"`));
      expect(onKey, id).toEqual([]);
      expect(fn.Properties!.Environment?.Variables?.CURSOR_KEY_SECRET_ID, id).toBeUndefined();
    }
  });
});
