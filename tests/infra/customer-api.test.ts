// The CustomerApi construct, synthesized beside the customer-records table: Cognito, the REST API's
// methods, validators and models from the zod contract, stage settings, CORS, WAF, least privilege,
// and cdk-nag's AwsSolutions pack.
import { Validations, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { apiRoutesFromTemplate } from '../../local/apigateway/api-routes';
import { gatewayResponse, gatewayResponsesFromTemplate } from '../../local/apigateway/gateway-responses';
import { ProblemDocument } from '../../shared/contracts/api/problem';
import { requestModelSchema } from '../../shared/contracts/api/api-gateway-models';
import { defineRoute } from '../../shared/contracts/api/route-contract';
import { ROLES } from '../../shared/contracts/api/roles';
import { apiDocumentRoutes, customerRecordRoutes } from '../../shared/contracts/api/routes';
import { buildCustomerApiStack, functionLogicalId, synthCustomerApi, type CfnResources } from '../integration/api/synth-customer-api';

const ofType = (resources: CfnResources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

describe('CustomerApi on the dev stage', () => {
  let synth: ReturnType<typeof synthCustomerApi>;
  let resources: CfnResources;
  beforeAll(() => {
    // With a browser origin, as a stage whose settings name one.
    synth = synthCustomerApi('dev', { allowedOrigins: ['http://localhost:3000'] });
    resources = synth.resources;
  });

  it('creates a user pool with the five groups and an immutable customerId attribute, enrolled by the bank', () => {
    synth.template.hasResourceProperties('AWS::Cognito::UserPool', {
      // customerId never changes; a member of staff's scope (need-to-know) follows them across branches and queues.
      Schema: [
        Match.objectLike({ Name: 'customerId', AttributeDataType: 'String', Mutable: false }),
        Match.objectLike({ Name: 'branchId', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'managerId', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'complaintQueues', AttributeDataType: 'String', Mutable: true }),
      ],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
    expect(ofType(resources, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName).sort()).toEqual([...ROLES].sort());
  });

  it('lets the app client read custom:customerId but never write it', () => {
    const [, client] = ofType(resources, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.ReadAttributes).toContain('custom:customerId');
    expect(client.Properties.WriteAttributes).not.toContain('custom:customerId');
    expect(client.Properties.GenerateSecret).toBe(false);
  });

  it('puts every contract route on its function, with the Cognito authorizer unless the route is public', () => {
    const fn = functionLogicalId(resources, 'customer-api');
    const documentFn = functionLogicalId(resources, 'api-document');
    const routes = apiRoutesFromTemplate(resources);
    for (const [contracts, servedBy] of [[customerRecordRoutes, fn], [apiDocumentRoutes, documentFn]] as const) {
      for (const contract of contracts) {
        expect(routes).toContainEqual({
          method: contract.method,
          resourcePath: contract.path,
          authorization: contract.access.kind === 'public' ? 'NONE' : 'COGNITO_USER_POOLS',
          functionLogicalId: servedBy,
        });
      }
    }
    // Unknown paths and methods reach the router (404/405), behind the authorizer.
    expect(routes).toContainEqual({ method: 'ANY', resourcePath: '/{proxy+}', authorization: 'COGNITO_USER_POOLS', functionLogicalId: fn });
    expect(routes).toContainEqual({ method: 'ANY', resourcePath: '/customers/{customerId}', authorization: 'COGNITO_USER_POOLS', functionLogicalId: fn });
    // Only public routes, their catch-alls and CORS preflights go without a token.
    const open = routes.filter((r) => r.authorization === 'NONE').map((r) => `${r.method} ${r.resourcePath}`);
    expect(open.every((r) => r.startsWith('OPTIONS ') || r.endsWith(' /openapi.json'))).toBe(true);
  });

  it('declares each route\'s parameters and validates them before the function runs', () => {
    const [validatorId] = ofType(resources, 'AWS::ApiGateway::RequestValidator').find(([, v]) => !v.Properties.ValidateRequestBody)!;
    synth.template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      OperationName: 'getCustomerTimeline',
      RequestValidatorId: { Ref: validatorId },
      RequestParameters: {
        'method.request.path.customerId': true,
        'method.request.querystring.channel': false,
        'method.request.querystring.limit': false,
        'method.request.querystring.cursor': false,
      },
    });
  });

  it('answers for API Gateway with problem documents (401 before the function runs)', () => {
    const responses = gatewayResponsesFromTemplate(resources);
    expect(responses.UNAUTHORIZED).toMatchObject({
      statusCode: 401,
      responseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
    });
    const rendered = gatewayResponse('UNAUTHORIZED', responses, { requestId: 'r-1', path: '/dev/me', resourcePath: '/me', stage: 'dev', requestHeaders: {} });
    expect(ProblemDocument.parse(JSON.parse(rendered.body))).toEqual({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'Unauthorized',
      correlationId: 'r-1',
    });
  });

  it('throttles, traces and writes JSON access logs without paths or bodies', () => {
    const [, stage] = ofType(resources, 'AWS::ApiGateway::Stage')[0]!;
    expect(stage.Properties).toMatchObject({ StageName: 'dev', TracingEnabled: true });
    expect(stage.Properties.MethodSettings).toContainEqual(
      expect.objectContaining({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, DataTraceEnabled: false, LoggingLevel: 'ERROR' }),
    );
    const format = JSON.parse(stage.Properties.AccessLogSetting.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', resourcePath: '$context.resourcePath' });
    expect(Object.values(format)).not.toContain('$context.path');
  });

  it('gives the function read-only access to the table and the allowed origins', () => {
    const fn = functionLogicalId(resources, 'customer-api');
    expect(resources[fn]!.Properties.Environment.Variables.ALLOWED_ORIGINS).toBe('http://localhost:3000');
    // Its only write is PutItem on the access record (tests/infra/access-record.test.ts): none on customer records.
    const records = JSON.stringify(resources[fn]!.Properties.Environment.Variables.TABLE_NAME);
    const actions = ofType(resources, 'AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => JSON.stringify(s.Resource).includes(JSON.parse(records).Ref))
      .flatMap((s: any) => [s.Action].flat())
      .filter((a: string) => a.startsWith('dynamodb:'));
    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((a: string) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  });

  it('adds OPTIONS preflights because the stage allows browser origins', () => {
    expect(apiRoutesFromTemplate(resources).filter((r) => r.method === 'OPTIONS').length).toBeGreaterThan(0);
  });
});

describe('CustomerApi options', () => {
  it('imports the user pool named in the stage config instead of creating one', () => {
    const { resources } = synthCustomerApi('prod', { userPoolId: 'eu-west-1_AbCdEf123' });
    expect(ofType(resources, 'AWS::Cognito::UserPool')).toEqual([]);
    const [, authorizer] = ofType(resources, 'AWS::ApiGateway::Authorizer')[0]!;
    expect(JSON.stringify(authorizer.Properties.ProviderARNs)).toContain('userpool/eu-west-1_AbCdEf123');
  });

  it('associates the WAF web ACL when the stage names one, and has no preflight without origins', () => {
    const arn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/crm/abc';
    const { resources } = synthCustomerApi('prod', { wafWebAclArn: arn });
    const [, association] = ofType(resources, 'AWS::WAFv2::WebACLAssociation')[0]!;
    expect(association.Properties.WebACLArn).toBe(arn);
    expect(apiRoutesFromTemplate(resources).filter((r) => r.method === 'OPTIONS')).toEqual([]);
  });

  it('turns a route body into a draft-04 model, validated with the body', () => {
    const { stack, customerApi } = buildCustomerApiStack('dev');
    const Body = z.strictObject({ description: z.string().min(1).max(4000), amount: z.number().int().positive().optional() });
    const route = defineRoute({
      operationId: 'fileComplaint',
      method: 'POST',
      path: '/complaints',
      summary: 's',
      description: 'd',
      tags: [],
      access: { kind: 'roles', roles: ['customer'] },
      request: { body: Body, headers: z.object({ 'idempotency-key': z.string().uuid() }) },
      responses: { 202: { description: 'accepted' } },
    });
    customerApi.addRoutes([route], customerApi.handler);
    const resources = synthTemplate(stack);
    const [modelId, model] = ofType(resources, 'AWS::ApiGateway::Model')[0]!;
    expect(model.Properties.Schema).toEqual(requestModelSchema(Body));
    expect(model.Properties.Schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    const [, method] = ofType(resources, 'AWS::ApiGateway::Method').find(([, m]) => m.Properties.OperationName === 'fileComplaint')!;
    expect(method.Properties.RequestModels).toEqual({ 'application/json': { Ref: modelId } });
    expect(method.Properties.RequestParameters).toEqual({ 'method.request.header.idempotency-key': true });
    const validator = resources[method.Properties.RequestValidatorId.Ref]!;
    expect(validator.Properties).toMatchObject({ ValidateRequestBody: true, ValidateRequestParameters: true });
  });
});

const synthTemplate = (stack: Stack): CfnResources => Template.fromStack(stack).toJSON().Resources;

describe.each(['dev', 'prod'] as const)('AwsSolutions on CustomerApi (%s)', (stage) => {
  it('reports no unacknowledged finding, and every acknowledgement has a reason', () => {
    // Prod must decide on a web ACL (infra/stage-settings.ts); dev may run without one.
    const { stack } = buildCustomerApiStack(stage, stage === 'prod' ? { createWebAcl: { requestsPer5MinutesPerIp: 2000 } } : {});
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    const reasons = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.values(m.data as Record<string, string>));
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.trim().split(/\s+/).length).toBeGreaterThanOrEqual(6);
  });
});
