// The DataProtection construct in the synthesized stack: its routes behind the authorizer on its own
// function, the stage's retention handed to it, the TTL that ends kept records, and its grants.
import { beforeAll, describe, expect, it } from 'vitest';
import { dataProtectionRoutes } from '../../shared/contracts/api/data-protection-routes';
import { stageConfig } from '../../infra/stage-config';
import { CrmResources, getAtt, referencedId, synthCrmStack } from './support/crm-template';

let resources: CrmResources;
let fnId: string;

beforeAll(() => {
  resources = synthCrmStack('dev').resources;
  [fnId] = resources.ofType('AWS::Lambda::Function').find(([, f]) => f.Properties!.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'data-protection-api')!;
});

describe('data protection', () => {
  it('serves every data-protection route from data-protection-api behind the Cognito authorizer', () => {
    const methods = resources.ofType('AWS::ApiGateway::Method').filter(([, m]) => m.Properties!.OperationName);
    for (const route of dataProtectionRoutes) {
      const [, method] = methods.find(([, m]) => m.Properties!.OperationName === route.operationId)!;
      expect(method.Properties!.HttpMethod).toBe(route.method);
      expect(method.Properties!.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(JSON.stringify(method.Properties!.Integration.Uri)).toContain(fnId);
    }
  });

  it("hands the stage's retention, with its regulation, to the function", () => {
    const env = resources.get(fnId).Properties!.Environment.Variables;
    const retention = stageConfig('dev').dataProtection.financialRecordRetention;
    expect(env.RETENTION_YEARS).toBe(String(retention.years));
    expect(env.RETENTION_REGULATION).toBe(retention.regulation);
    expect(retention.regulation).toMatch(/Anti-Money Laundering|MLR 2017/);
  });

  it('lets TTL delete the kept records of erased customers when retention ends', () => {
    const [, table] = resources.ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith('CustomerRecords'))!;
    expect(table.Properties!.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('is granted item reads and writes, never Scan', () => {
    const actions = resources.statementsOfRole(referencedId(resources.get(fnId).Properties!.Role)).flatMap((s) => s.Action).filter((a) => a.startsWith('dynamodb:'));
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem']));
  });

  it('may put events on the bus only, and only as crm.data-protection', () => {
    const [busId] = resources.only('AWS::Events::EventBus');
    expect(referencedId(resources.get(fnId).Properties!.Environment.Variables.EVENT_BUS_NAME)).toBe(busId);
    const events = resources.statementsOfRole(referencedId(resources.get(fnId).Properties!.Role)).filter((s) => s.Action.some((a) => a.startsWith('events:')));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ Action: ['events:PutEvents'], Resource: [getAtt(busId, 'Arn')], Condition: { StringEquals: { 'events:source': 'crm.data-protection' } } });
  });
});
