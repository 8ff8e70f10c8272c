// The local identity of every resource in the template: the name, URL or ARN that `Ref` and
// `Fn::GetAtt` return, derived as CloudFormation would derive them, but pointing at local services.
import { createHash } from 'node:crypto';
import { resolveIntrinsics, type IntrinsicContext } from './intrinsics';
import type { CfnTemplate } from './template';

export type LocalAccount = { region: string; accountId: string };

export type LocalResourcesOptions = LocalAccount & {
  stackName: string;
  template: CfnTemplate;
  /** Base URL of the local SQS: queue URLs are <sqsEndpoint>/<account>/<name>. */
  sqsEndpoint: string;
  /** Prepended to every physical name, so that several stacks can share one DynamoDB Local or SQS. */
  resourcePrefix?: string;
};

/** The property holding a resource's explicit name, for types that have one. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::Events::Archive': 'ArchiveName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::ApiGateway::RestApi': 'Name',
  'AWS::Cognito::UserPool': 'UserPoolName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SecretsManager::Secret': 'Name',
};

/** Longest name each type accepts; a generated name is cut to fit, as CloudFormation does. */
const MAX_NAME_LENGTH: Record<string, number> = {
  'AWS::SQS::Queue': 80,
  'AWS::Lambda::Function': 64,
  'AWS::Events::Rule': 64,
  'AWS::IAM::Role': 64,
  'AWS::SNS::Topic': 256,
};

/** A stable pseudo-random id made of [a-z0-9], the shape of API Gateway or Cognito ids. */
const shortId = (seed: string, length: number) =>
  BigInt(`0x${createHash('sha256').update(seed).digest('hex')}`).toString(36).slice(0, length);

export class LocalResources {
  private readonly names = new Map<string, string>();
  private readonly overrides = new Map<string, unknown>();
  private readonly resolving = new Set<string>();
  readonly context: IntrinsicContext;

  constructor(private readonly options: LocalResourcesOptions) {
    this.context = {
      region: options.region,
      accountId: options.accountId,
      partition: 'aws',
      stackName: options.stackName,
      urlSuffix: 'amazonaws.com',
      template: options.template,
      ref: (id) => this.ref(id),
      getAtt: (id, attribute) => this.getAtt(id, attribute),
    };
  }

  /** Resolve every intrinsic function in a template value. */
  resolve<T = unknown>(value: unknown): T {
    return resolveIntrinsics(value, this.context) as T;
  }

  /** Replace what the runtime learns only once a resource exists (a table's stream ARN, say). */
  setAttribute(logicalId: string, attribute: string, value: unknown) {
    this.overrides.set(`${logicalId}.${attribute}`, value);
  }

  typeOf(logicalId: string): string {
    const resource = this.options.template.Resources?.[logicalId];
    if (!resource) throw new Error(`No resource '${logicalId}' in the template`);
    return resource.Type;
  }

  /** The physical name: the declared one if any, else <stack>-<logicalId> as CloudFormation generates. */
  physicalName(logicalId: string): string {
    const known = this.names.get(logicalId);
    if (known) return known;
    if (this.resolving.has(logicalId)) throw new Error(`Circular reference while naming '${logicalId}'`);
    this.resolving.add(logicalId);
    try {
      const resource = this.options.template.Resources?.[logicalId];
      if (!resource) throw new Error(`No resource '${logicalId}' in the template`);
      const prefix = this.options.resourcePrefix ?? '';
      const property = NAME_PROPERTY[resource.Type];
      const declared = property ? resource.Properties?.[property] : undefined;
      let name: string;
      if (declared !== undefined) {
        name = `${prefix}${String(this.resolve(declared))}`;
      } else {
        if (resource.Type === 'AWS::S3::Bucket') return this.remember(logicalId, bucketName(`${prefix}${this.options.stackName}-${logicalId}`));
        const fifo = resource.Type === 'AWS::SQS::Queue' && isTrue(resource.Properties?.FifoQueue);
        const max = (MAX_NAME_LENGTH[resource.Type] ?? 255) - (fifo ? 5 : 0);
        name = `${prefix}${this.options.stackName}-${logicalId}`.slice(0, max) + (fifo ? '.fifo' : '');
      }
      this.names.set(logicalId, name);
      return name;
    } finally {
      this.resolving.delete(logicalId);
    }
  }

  private remember(logicalId: string, name: string) {
    this.names.set(logicalId, name);
    return name;
  }

  queueUrl(logicalId: string) {
    return `${this.options.sqsEndpoint}/${this.options.accountId}/${this.physicalName(logicalId)}`;
  }

  arn(service: string, resource: string, { region = true, account = true } = {}) {
    const { region: r, accountId } = this.options;
    return `arn:aws:${service}:${region ? r : ''}:${account ? accountId : ''}:${resource}`;
  }

  ref(logicalId: string): unknown {
    const override = this.overrides.get(`${logicalId}.Ref`);
    if (override !== undefined) return override;
    const type = this.typeOf(logicalId);
    const name = this.physicalName(logicalId);
    switch (type) {
      case 'AWS::SQS::Queue':
        return this.queueUrl(logicalId);
      case 'AWS::SNS::Topic':
        return this.arn('sns', name);
      case 'AWS::Events::Rule': {
        const bus = this.ruleBusName(logicalId);
        return bus === 'default' ? name : `${bus}|${name}`;
      }
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::ApiGateway::Deployment':
      case 'AWS::ApiGateway::Resource':
      case 'AWS::ApiGateway::Authorizer':
        return shortId(`${this.options.stackName}/${logicalId}`, 10);
      case 'AWS::ApiGateway::Stage': {
        const stage = this.options.template.Resources?.[logicalId]?.Properties?.StageName;
        return stage === undefined ? name : this.resolve(stage);
      }
      case 'AWS::Cognito::UserPool':
        return `${this.options.region}_${shortId(`${this.options.stackName}/${logicalId}`, 9)}`;
      case 'AWS::Cognito::UserPoolClient':
        return shortId(`${this.options.stackName}/${logicalId}`, 26);
      case 'AWS::KMS::Key':
        return shortId(`${this.options.stackName}/${logicalId}`, 32);
      case 'AWS::SecretsManager::Secret':
        // Secrets Manager appends six random characters to the name.
        return this.arn('secretsmanager', `secret:${name}-${shortId(`${this.options.stackName}/${logicalId}`, 6)}`);
      default:
        return name;
    }
  }

  getAtt(logicalId: string, attribute: string): unknown {
    const override = this.overrides.get(`${logicalId}.${attribute}`);
    if (override !== undefined) return override;
    const type = this.typeOf(logicalId);
    const name = this.physicalName(logicalId);
    switch (`${type}.${attribute}`) {
      case 'AWS::SQS::Queue.Arn':
        return this.arn('sqs', name);
      case 'AWS::SQS::Queue.QueueName':
        return name;
      case 'AWS::SQS::Queue.QueueUrl':
        return this.queueUrl(logicalId);
      case 'AWS::DynamoDB::Table.Arn':
      case 'AWS::DynamoDB::GlobalTable.Arn':
        return this.arn('dynamodb', `table/${name}`);
      case 'AWS::DynamoDB::Table.StreamArn':
      case 'AWS::DynamoDB::GlobalTable.StreamArn':
        return this.arn('dynamodb', `table/${name}/stream/1970-01-01T00:00:00.000`);
      case 'AWS::DynamoDB::GlobalTable.TableId':
      case 'AWS::DynamoDB::Table.TableId':
        return shortId(name, 32);
      case 'AWS::Lambda::Function.Arn':
        return this.arn('lambda', `function:${name}`);
      case 'AWS::Events::EventBus.Arn':
        return this.arn('events', `event-bus/${name}`);
      case 'AWS::Events::EventBus.Name':
        return name;
      case 'AWS::Events::Rule.Arn': {
        const bus = this.ruleBusName(logicalId);
        return this.arn('events', bus === 'default' ? `rule/${name}` : `rule/${bus}/${name}`);
      }
      case 'AWS::Events::Archive.Arn':
        return this.arn('events', `archive/${name}`);
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${name}`;
      case 'AWS::S3::Bucket.DomainName':
        return `${name}.s3.amazonaws.com`;
      case 'AWS::S3::Bucket.RegionalDomainName':
        return `${name}.s3.${this.options.region}.amazonaws.com`;
      case 'AWS::SNS::Topic.TopicArn':
        return this.arn('sns', name);
      case 'AWS::SNS::Topic.TopicName':
        return name;
      case 'AWS::IAM::Role.Arn':
        return this.arn('iam', `role/${name}`, { region: false });
      case 'AWS::Logs::LogGroup.Arn':
        return this.arn('logs', `log-group:${name}:*`);
      case 'AWS::CloudWatch::Alarm.Arn':
        return this.arn('cloudwatch', `alarm:${name}`);
      case 'AWS::KMS::Key.Arn':
        return this.arn('kms', `key/${String(this.ref(logicalId))}`);
      case 'AWS::ApiGateway::RestApi.RootResourceId':
        return shortId(`${this.options.stackName}/${logicalId}/root`, 10);
      case 'AWS::Cognito::UserPool.Arn':
        return this.arn('cognito-idp', `userpool/${String(this.ref(logicalId))}`);
      case 'AWS::Cognito::UserPool.ProviderName':
        return `cognito-idp.${this.options.region}.amazonaws.com/${String(this.ref(logicalId))}`;
      case 'AWS::Cognito::UserPool.ProviderURL':
        return `https://cognito-idp.${this.options.region}.amazonaws.com/${String(this.ref(logicalId))}`;
    }
    if (attribute === 'Arn') {
      // Any other type: an ARN of the usual shape, so that policies and env vars still resolve.
      const [, service = 'unknown', kind = 'resource'] = type.split('::');
      return this.arn(service.toLowerCase(), `${kind.toLowerCase()}/${name}`);
    }
    return `${name}.${attribute}`;
  }

  /** The bus a rule lives on, by name ('default' when the rule names none). */
  ruleBusName(logicalId: string): string {
    const bus = this.options.template.Resources?.[logicalId]?.Properties?.EventBusName;
    if (bus === undefined) return 'default';
    const resolved = String(this.resolve(bus));
    // EventBusName may be given as the bus ARN.
    return resolved.startsWith('arn:') ? resolved.slice(resolved.lastIndexOf('/') + 1) : resolved;
  }
}

/**
 * A generated bucket name as CloudFormation makes one: lower case, at most 63 characters (without its
 * random suffix, so that the local folder is the same on every run).
 */
const bucketName = (generated: string) =>
  generated
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .slice(0, 63)
    .replace(/[-.]+$/, '');

export const isTrue = (v: unknown) => v === true || v === 'true';
