// The customer API: a Cognito user pool with the bank's groups, an API Gateway REST API whose methods,
// request validators and models come from the zod route contracts, and the customer-api function behind
// it with read-only access to customer records.
//
//   client ─→ WAF (optional) ─→ API Gateway stage (throttling, JSON access logs)
//               ─→ Cognito authorizer (ID token) ─→ request validation ─→ customer-api ─→ table (read)
//
// Every resource that has routes also has an ANY method, and the root has {proxy+}: an unknown path or
// method reaches the function's router, which answers 404 or 405 as problem documents, instead of API
// Gateway's 403 "Missing Authentication Token". API Gateway's own refusals are problem documents too.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestValidator,
  ResponseType,
  RestApi,
  type IModel,
  type IResource,
  type JsonSchema,
  type Method,
} from 'aws-cdk-lib/aws-apigateway';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  type IUserPool,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { Platform } from './platform';
import { ApiWebAcl } from './web-acl';
import { requestModelSchema, requestParameterFlags } from '../../shared/contracts/api/api-gateway-models';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES } from '../../shared/contracts/api/problem';
import type { RouteContract } from '../../shared/contracts/api/route-contract';
import { ROLES } from '../../shared/contracts/api/roles';
import { apiDocumentRoutes, customerRecordRoutes } from '../../shared/contracts/api/routes';
import type { StageConfig } from '../stage-config';
import { AccessRecord } from './access-record';
import { CrmFunction } from './crm-function';
import { CursorKey } from './cursor-key';

export type CustomerApiProps = {
  config: StageConfig;
  table: ITable;
};

const GROUP_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  customer: 'Customers using the mobile app; their token carries custom:customerId',
  'relationship-manager': 'Relationship managers',
  'complaint-handler': 'Complaint handlers',
  analyst: 'Analysts',
  admin: 'Administrators',
  compliance: 'Compliance and data-protection officers',
};

/** API Gateway's own refusals as RFC 9457 problem documents (the function's are built by its router). */
const GATEWAY_PROBLEMS: { type: ResponseType; status: number; title: string; problemType?: string }[] = [
  { type: ResponseType.UNAUTHORIZED, status: 401, title: 'Unauthorized' },
  { type: ResponseType.ACCESS_DENIED, status: 403, title: 'Forbidden' },
  { type: ResponseType.WAF_FILTERED, status: 403, title: 'Forbidden' },
  // No route matched: with the catch-all methods this is only a path outside every resource.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: 404, title: 'Not Found' },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, status: 400, title: 'Invalid request parameters', problemType: PROBLEM_TYPES.invalidRequest },
  { type: ResponseType.BAD_REQUEST_BODY, status: 422, title: 'Body does not satisfy the schema', problemType: PROBLEM_TYPES.invalidBody },
  { type: ResponseType.REQUEST_TOO_LARGE, status: 413, title: 'Content Too Large' },
  { type: ResponseType.UNSUPPORTED_MEDIA_TYPE, status: 415, title: 'Unsupported Media Type' },
  { type: ResponseType.THROTTLED, status: 429, title: 'Too Many Requests' },
  { type: ResponseType.QUOTA_EXCEEDED, status: 429, title: 'Too Many Requests' },
  { type: ResponseType.INTEGRATION_TIMEOUT, status: 504, title: 'Gateway Timeout' },
  { type: ResponseType.INTEGRATION_FAILURE, status: 502, title: 'Bad Gateway' },
];

const problemTemplate = (title: string, problemType: string = PROBLEM_TYPES.plain, status?: number) =>
  `{"type":"${problemType}","title":"${title}",${status ? `"status":${status},` : ''}` +
  `"detail":$context.error.messageString,"correlationId":"$context.requestId"}`;

/** zod's JSON Schema keywords in the spelling aws-apigateway's JsonSchema expects ($ref → ref, $schema → schema). */
function cdkJsonSchema(schema: unknown, keysAreNames = false): any {
  if (Array.isArray(schema)) return schema.map((s) => cdkJsonSchema(s));
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      !keysAreNames && (key === '$ref' || key === '$schema') ? key.slice(1) : key,
      cdkJsonSchema(value, !keysAreNames && ['properties', 'patternProperties', 'definitions', 'dependencies'].includes(key)),
    ]),
  );
}

export class CustomerApi extends Construct {
  readonly userPool: IUserPool;
  readonly userPoolClient: UserPoolClient;
  readonly api: RestApi;
  readonly handler: CrmFunction;
  /** Serves GET /openapi.json; a function of its own so the customer API's bundle stays small. */
  readonly documentHandler: CrmFunction;
  readonly accessLogs: LogGroup;
  /** Who read or changed which customer's personal data: every function serving it records there. */
  readonly accessRecord: AccessRecord;
  /** The web ACL this stack created (api.createWebAcl); absent when the bank's own is associated. */
  readonly webAcl?: ApiWebAcl;
  private readonly authorizer: CognitoUserPoolsAuthorizer;
  private readonly parameterValidator: RequestValidator;
  private readonly bodyValidator: RequestValidator;
  private readonly allowedOrigins: string[];
  private readonly catchAllResources = new Set<string>();
  /** Signs the page cursors of every paginated route (shared/http/cursor.ts). */
  readonly cursorKey: CursorKey;

  constructor(scope: Construct, id: string, { config, table }: CustomerApiProps) {
    super(scope, id);
    this.allowedOrigins = config.api.allowedOrigins;
    this.cursorKey = new CursorKey(this, 'CursorKey');

    this.userPool = config.api.userPoolId ? UserPool.fromUserPoolId(this, 'UserPool', config.api.userPoolId) : this.createUserPool(config);
    this.userPoolClient = new UserPoolClient(this, 'AppClient', {
      userPool: this.userPool,
      // The apps sign in with SRP and nothing else: no password in the clear (USER_PASSWORD_AUTH), no
      // admin flow, no hosted UI or OAuth (CDK's default enables the implicit grant and an example.com callback).
      authFlows: { userSrp: true },
      disableOAuth: true,
      enableTokenRevocation: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }).withCustomAttributes('customerId', 'branchId', 'managerId', 'complaintQueues'),
      // Never writable by the user: custom:customerId decides whose records a customer token may read.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays,
      removalPolicy: config.removalPolicy,
      encryptionKey: Platform.of(this)?.dataKey,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: `crm-customer-api-${config.stage}`,
      description: 'Bank CRM customer API: customer 360, timeline, the customer\'s own essentials',
      endpointTypes: [EndpointType.REGIONAL],
      // Execution logging (errors only) needs API Gateway's account-level CloudWatch role: one per account
      // and region, so only the stage that owns it creates it (api.cloudWatchRole); the others use it.
      cloudWatchRole: config.api.cloudWatchRole,
      ...(config.api.cloudWatchRole ? { cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN } : {}),
      deployOptions: {
        stageName: config.stage,
        throttlingRateLimit: config.api.throttle.rateLimit,
        throttlingBurstLimit: config.api.throttle.burstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Data tracing would log request and response bodies: personal data.
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            extendedRequestId: AccessLogField.contextExtendedRequestId(),
            requestTime: AccessLogField.contextRequestTime(),
            httpMethod: AccessLogField.contextHttpMethod(),
            // The resource template, not the path: paths carry customer ids.
            resourcePath: AccessLogField.contextResourcePath(),
            status: AccessLogField.contextStatus(),
            protocol: AccessLogField.contextProtocol(),
            responseLength: AccessLogField.contextResponseLength(),
            responseLatency: AccessLogField.contextResponseLatency(),
            integrationLatency: AccessLogField.contextIntegrationLatency(),
            sourceIp: AccessLogField.contextIdentitySourceIp(),
            caller: AccessLogField.contextAuthorizerClaims('sub'),
            errorType: AccessLogField.contextErrorResponseType(),
            error: AccessLogField.contextErrorMessage(),
            wafStatus: AccessLogField.contextWafResponseCode(),
          }),
        ),
      },
    });
    if (config.api.cloudWatchRole) {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: "API Gateway's account-level CloudWatch role: the AWS-managed policy is the documented one for execution logs.",
      });
    }

    for (const problem of GATEWAY_PROBLEMS) {
      this.api.addGatewayResponse(`Problem${problem.type.responseType}`, {
        type: problem.type,
        statusCode: String(problem.status),
        responseHeaders: { 'Content-Type': `'${PROBLEM_CONTENT_TYPE}'` },
        templates: { 'application/json': problemTemplate(problem.title, problem.problemType, problem.status) },
      });
    }
    for (const [type, title] of [
      [ResponseType.DEFAULT_4XX, 'Bad Request'],
      [ResponseType.DEFAULT_5XX, 'Internal Server Error'],
    ] as const) {
      this.api.addGatewayResponse(`Problem${type.responseType}`, {
        type,
        responseHeaders: { 'Content-Type': `'${PROBLEM_CONTENT_TYPE}'` },
        templates: { 'application/json': problemTemplate(title) },
      });
    }

    this.authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [this.userPool],
      identitySource: 'method.request.header.Authorization',
      resultsCacheTtl: Duration.minutes(5),
    });
    this.parameterValidator = this.api.addRequestValidator('Parameters', { validateRequestParameters: true });
    this.bodyValidator = this.api.addRequestValidator('BodyAndParameters', { validateRequestParameters: true, validateRequestBody: true });

    if (config.api.wafWebAclArn) {
      new CfnWebACLAssociation(this, 'WebAcl', { resourceArn: this.api.deploymentStage.stageArn, webAclArn: config.api.wafWebAclArn });
    } else if (config.api.createWebAcl) {
      this.webAcl = new ApiWebAcl(this, 'CreatedWebAcl', { stage: config.stage, ...config.api.createWebAcl });
      new CfnWebACLAssociation(this, 'CreatedWebAclAssociation', { resourceArn: this.api.deploymentStage.stageArn, webAclArn: this.webAcl.webAcl.attrArn });
    } else if (config.stage !== 'prod') {
      // Dev only: prod refuses to synthesize without a web ACL decision (infra/stage-settings.ts), and
      // without this acknowledgement cdk-nag fails it too.
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason: `The ${config.stage} stage runs without a web ACL to save its cost; set api.createWebAcl or api.wafWebAclArn to add one.`,
      });
    }

    this.handler = new CrmFunction(this, 'CustomerApiFunction', {
      functionName: 'customer-api',
      description: 'Customer API: customer 360, timeline, /me',
      logRetention: config.logRetentionDays,
      removalPolicy: config.removalPolicy,
      environment: { ALLOWED_ORIGINS: config.api.allowedOrigins.join(',') },
    });
    // Customer records, the segment and the segmentation config: GetItem and Query (no Scan, no batches).
    this.handler.bindTable(table, 'TABLE_NAME', 'read');

    this.addRoutes(customerRecordRoutes, this.handler);
    this.accessRecord = new AccessRecord(this, 'AccessRecord', { config, api: this });
    this.accessRecord.recordFrom(this.handler);

    this.documentHandler = new CrmFunction(this, 'ApiDocumentFunction', {
      functionName: 'api-document',
      description: 'The OpenAPI document of the REST API',
      memorySize: 256,
      logRetention: config.logRetentionDays,
      removalPolicy: config.removalPolicy,
      environment: { ALLOWED_ORIGINS: config.api.allowedOrigins.join(',') },
    });
    this.addRoutes(apiDocumentRoutes, this.documentHandler);
    // Paths outside every resource reach the router too: 404 as a problem document.
    const integration = this.integrationFor(this.handler);
    this.protectedMethod(this.api.root, 'ANY', integration);
    this.protectedMethod(this.api.root.addResource('{proxy+}'), 'ANY', integration);
  }

  /**
   * Adds route contracts served by `fn`: each method with its validator, parameters and body model, the
   * Cognito authorizer unless the route is public, an ANY catch-all on each resource (so a wrong method
   * gets the router's 405) and, when browser origins are configured, an OPTIONS method for preflight.
   */
  addRoutes(routes: readonly RouteContract[], fn: IFunction) {
    const integration = this.integrationFor(fn);
    for (const route of routes) {
      // A route that hands out cursors signs them: its function gets the key.
      if (route.request.query && 'cursor' in route.request.query._zod.def.shape) {
        if (!(fn instanceof LambdaFunction)) throw new Error(`${route.operationId} is paginated: its function must be a Function to read the cursor key`);
        this.cursorKey.grantTo(fn);
      }
      const resource = this.api.root.resourceForPath(route.path);
      const isPublic = route.access.kind === 'public';
      const method = resource.addMethod(route.method, integration, {
        operationName: route.operationId,
        ...(isPublic
          ? { authorizationType: AuthorizationType.NONE }
          : { authorizationType: AuthorizationType.COGNITO, authorizer: this.authorizer }),
        requestValidator: route.request.body ? this.bodyValidator : this.parameterValidator,
        requestParameters: requestParameterFlags(route),
        ...(route.request.body ? { requestModels: { 'application/json': this.modelFor(route) } } : {}),
      });
      if (isPublic) this.acknowledgeOpen(method, `${route.method} ${route.path} is public by contract (${route.operationId}).`);

      for (let r: IResource | undefined = resource; r && r !== this.api.root; r = r.parentResource) {
        if (this.catchAllResources.has(r.path)) continue;
        this.catchAllResources.add(r.path);
        const routesHere = routes.filter((x) => x.path === r!.path);
        const publicOnly = routesHere.length > 0 && routesHere.every((x) => x.access.kind === 'public');
        if (publicOnly) this.acknowledgeOpen(r.addMethod('ANY', integration, { authorizationType: AuthorizationType.NONE }), `Catch-all of the public ${r.path}: answers 405.`);
        else this.protectedMethod(r, 'ANY', integration);
        if (this.allowedOrigins.length) {
          const preflight = r.addMethod('OPTIONS', integration, { authorizationType: AuthorizationType.NONE });
          this.acknowledgeOpen(preflight, 'CORS preflight: browsers send OPTIONS without credentials.');
        }
      }
    }
  }

  private createUserPool(config: StageConfig): UserPool {
    const pool = new UserPool(this, 'UserPool', {
      userPoolName: `crm-${config.stage}`,
      // Staff and customers are enrolled by the bank, never sign themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      // Staff scope for need-to-know (shared/http/caller.ts): set by the bank's staff directory, mutable
      // because people move branch and queue; never writable by the user (the app client's writeAttributes).
      customAttributes: {
        customerId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        branchId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        managerId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        complaintQueues: new StringAttribute({ minLen: 1, maxLen: 512, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    ROLES.forEach((role, precedence) => {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: pool.userPoolId,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
        precedence,
      });
    });
    return pool;
  }

  private readonly integrations = new Map<IFunction, LambdaIntegration>();
  private integrationFor(fn: IFunction) {
    let integration = this.integrations.get(fn);
    if (!integration) {
      // One invoke permission for the whole API instead of one per method.
      integration = new LambdaIntegration(fn, { proxy: true, scopePermissionToMethod: false });
      this.integrations.set(fn, integration);
    }
    return integration;
  }

  private protectedMethod(resource: IResource, httpMethod: string, integration: LambdaIntegration): Method {
    return resource.addMethod(httpMethod, integration, { authorizationType: AuthorizationType.COGNITO, authorizer: this.authorizer });
  }

  private modelFor(route: RouteContract): IModel {
    const name = `${route.operationId[0]!.toUpperCase()}${route.operationId.slice(1)}Body`;
    return this.api.addModel(name, {
      modelName: name,
      contentType: 'application/json',
      schema: cdkJsonSchema(requestModelSchema(route.request.body!)) as JsonSchema,
    });
  }

  private acknowledgeOpen(method: Method, reason: string) {
    Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
  }
}

