// The team's Lambda defaults in one place: arm64, the current Node runtime, ESM bundles, Powertools
// configuration, active tracing and a log group with retention. Bind a table with `bindTable` to set
// its env var and grant access in one call, so the two never drift apart.
//
// The function gets its own role that may write to its own log group only, instead of the AWS-managed
// AWSLambdaBasicExecutionRole (logs on every log group in the account).
import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';

export const POWERTOOLS_NAMESPACE = 'CrmIntegration';

export type CrmFunctionProps = Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture'> & {
  /** Folder under functions/ holding handler.ts. */
  functionName: string;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
};

export class CrmFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CrmFunctionProps) {
    const { functionName, logRetention, removalPolicy, environment, bundling, role: givenRole, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: logRetention, removalPolicy });
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
      ...rest,
      environment: {
        POWERTOOLS_SERVICE_NAME: functionName,
        POWERTOOLS_METRICS_NAMESPACE: POWERTOOLS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        // A caller's variables are added to the defaults, never dropped.
        ...environment,
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
        ...bundling,
      },
    });
  }

  private static executionRole(scope: Construct, id: string) {
    const role = new Role(scope, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    // Acknowledged on this role only; tests assert that its one `*` resource is X-Ray's.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
    return role;
  }

  /** Give this function a table: its name in `envVar`, and read or read-write access. */
  bindTable(table: ITable, envVar: string, access: 'read' | 'readWrite') {
    this.addEnvironment(envVar, table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
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
}
