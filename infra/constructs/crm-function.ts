// The team's Lambda defaults in one place: arm64, the current Node runtime, ESM bundles, Powertools
// configuration, active tracing that never records a response or an error (both can hold personal data),
// a log group with retention (under the stage's key when it has one), and the stage's concurrency:
// the function's reserved concurrency and, for an SQS event source, its maximum concurrency, both from
// infra/stage-config.ts by the function's folder name. Bind a table with `bindTable` to set its env var
// and grant exactly the actions the function's adapters call, in one call, so the two never drift apart.
//
// The function gets its own role that may write to its own log group only, instead of the AWS-managed
// AWSLambdaBasicExecutionRole (logs on every log group in the account).
import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, CfnEventSourceMapping, type IEventSource, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { Platform } from './platform';

export const POWERTOOLS_NAMESPACE = 'CrmIntegration';

const SEMVER_GTE_ONLY = fileURLToPath(new URL('../bundling/semver-gte.cjs', import.meta.url));

/** Set after a caller's environment, so no construct can turn them back on. */
export const TRACER_NEVER_CAPTURES = {
  POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
  POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
} as const;

/** The DynamoDB actions a function may be granted on a table: name the ones its adapters call. */
export type TableAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem' | 'BatchGetItem' | 'BatchWriteItem';
/** What the repositories that only read call (no Scan, no BatchGetItem). */
export const READ_ACTIONS: readonly TableAction[] = ['GetItem', 'Query'];
const WRITE_ACTIONS = new Set<TableAction>(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

export type CrmFunctionProps = Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture'> & {
  /** Folder under functions/ holding handler.ts. */
  functionName: string;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
};

export class CrmFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CrmFunctionProps) {
    const { functionName, logRetention, removalPolicy, environment, bundling, role: givenRole, ...rest } = props;
    const platform = Platform.of(scope);
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: logRetention, removalPolicy, encryptionKey: platform?.dataKey });
    const role = givenRole ?? CrmFunction.executionRole(scope, `${id}Role`);
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: fileURLToPath(new URL(`../../functions/${functionName}/handler.ts`, import.meta.url)),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      role,
      reservedConcurrentExecutions: platform?.config.concurrency.reserved[functionName],
      ...rest,
      environment: {
        POWERTOOLS_SERVICE_NAME: functionName,
        POWERTOOLS_METRICS_NAMESPACE: POWERTOOLS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        // A caller's variables are added to the defaults, never dropped.
        ...environment,
        // Powertools Tracer records every handler response and error into X-Ray by default: customer
        // 360s, complaint texts. Traces keep timings and AWS calls only.
        ...TRACER_NEVER_CAPTURES,
      },
      bundling: {
        format: OutputFormat.ESM,
        // es2022 output runs on the Lambda runtime and on the Node that runs the local stack alike.
        target: 'es2022',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import { createRequire as __crmCreateRequire } from 'module'; const require = __crmCreateRequire(import.meta.url);",
        // The runtime provides the AWS SDK v3; bundling it would triple cold-start size.
        externalModules: ['@aws-sdk/*'],
        // The X-Ray SDK's semver for its one version check: infra/bundling/semver-gte.cjs says why.
        esbuildArgs: { '--alias:semver': SEMVER_GTE_ONLY },
        ...bundling,
      },
    });
    this.functionFolder = functionName;
    const nag = (id: string, reason: string) => Validations.of(this).acknowledge({ id, reason });
    if (rest.onFailure) {
      nag('Serverless-LambdaDLQ', 'Asynchronous invocations that fail go to the on-failure destination, which keeps the error with the event (a dead-letter queue would keep the event only).');
    } else {
      // Tests assert that every function an EventBridge rule or schedule invokes has an on-failure destination.
      const reason = 'Invoked synchronously (API Gateway) or by an event source mapping, never asynchronously: failures are answered or go to the source\'s dead-letter queue.';
      nag('Serverless-LambdaDLQ', reason);
      nag('Serverless-LambdaAsyncFailureDestination', reason);
    }
  }

  /** The folder under functions/ (the key of this function's settings in the stage's concurrency). */
  readonly functionFolder: string;

  /** An SQS event source gets the stage's maximum concurrency unless it sets its own. */
  override addEventSource(source: IEventSource): void {
    super.addEventSource(source);
    if (!(source instanceof SqsEventSource)) return;
    const concurrency = Platform.of(this)?.config.concurrency;
    for (const child of this.node.children) {
      const cfn = child.node.defaultChild;
      if (!child.node.id.startsWith('SqsEventSource:') || !(cfn instanceof CfnEventSourceMapping)) continue;
      if (concurrency && cfn.scalingConfig === undefined) {
        cfn.scalingConfig = { maximumConcurrency: concurrency.sqsMaximumByFunction[this.functionFolder] ?? concurrency.sqsMaximum };
      }
      Validations.of(child).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: "An SQS mapping's failed messages go to the queue's own dead-letter queue (its redrive policy); Lambda has no on-failure destination for SQS sources.",
      });
    }
  }

  private static executionRole(scope: Construct, id: string) {
    const role = new Role(scope, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    // Acknowledged on this role only; tests assert that its one `*` resource is X-Ray's.
    const reason = 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.';
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason });
    Validations.of(role).acknowledge({ id: 'Serverless-LambdaStarPermissions', reason });
    if (Platform.of(scope)?.dataKey) {
      // Only where the stage has its own key: CDK's SQS grants on an encrypted queue.
      for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: "CDK's grant on a queue under the stage's data key (send or receive encrypted messages): on that one key only, no other.",
        });
      }
    }
    return role;
  }

  /**
   * Give this function a table: its name in `envVar`, and the actions its adapters call ('read' is
   * GetItem and Query). 'readWrite' is CDK's whole read-write grant (Scan and the batch calls included):
   * name the actions instead (docs/production.md).
   */
  bindTable(table: ITable, envVar: string, access: 'read' | 'readWrite' | readonly TableAction[]) {
    this.addEnvironment(envVar, table.tableName);
    if (access === 'readWrite') table.grantReadWriteData(this);
    else this.grantTable(table, access === 'read' ? READ_ACTIONS : access);
    // A table with secondary indexes is granted as <table arn>/index/*: the wildcard ranges over that
    // table's own indexes only, which every Query on an index needs.
    const cfn = table.node.defaultChild as CfnElement | undefined;
    if (cfn && this.role) {
      const stack = Stack.of(table);
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(cfn))}.Arn>/index/*]`,
        reason: "The grant covers this table's own secondary indexes (<table arn>/index/*), which Queries on an index need.",
      });
    }
  }

  /** These actions on the table and its indexes, and the table's key (when it has one) as they need it. */
  grantTable(table: ITable, actions: readonly TableAction[]) {
    table.grant(this, ...actions.map((a) => `dynamodb:${a}`));
    if (table.encryptionKey) {
      table.encryptionKey.grant(this, 'kms:Decrypt', 'kms:DescribeKey');
      if (actions.some((a) => WRITE_ACTIONS.has(a))) table.encryptionKey.grant(this, 'kms:Encrypt', 'kms:GenerateDataKey');
    }
  }

  /** A parallel Scan of one index of the table, which only the index's keys (a sparse index) reach. */
  grantIndexScan(table: ITable, indexName: string) {
    this.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [`${table.tableArn}/index/${indexName}`] }));
    if (table.encryptionKey) table.encryptionKey.grant(this, 'kms:Decrypt');
  }
}
