// Synthesizes the CRM stack for a stage and reads its template the way a reviewer would: by following
// references (Ref, Fn::GetAtt) from one resource to another instead of trusting logical ids.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CrmStack } from '../../../infra/stack';
import { stageConfig, type StageConfig, type StageName } from '../../../infra/stage-config';

export type CfnResource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

export type SynthOptions = {
  /** Bundle the functions with esbuild (seconds per function); off, the assets point at the sources. */
  bundle?: boolean;
  /** Overrides of the stage's configuration. */
  config?: Partial<StageConfig>;
};

/**
 * What a bank must decide before prod deploys (infra/stage-settings.ts refuses prod without them): the
 * tests' prod stack has them, as a deployable prod would (its customer-managed keys need the region).
 */
export const PROD_DECISIONS: Partial<StageConfig> = {
  env: { account: '123456789012', region: 'eu-west-1' },
  alarmEmail: 'crm-oncall@bank.example',
  api: { ...stageConfig('prod').api, createWebAcl: { requestsPer5MinutesPerIp: 2000 } },
};

/** The stack as the app builds it, not yet synthesized (to run checks on the construct tree). */
export function buildCrmStack(stage: StageName, { bundle = false, config = {} }: SynthOptions = {}) {
  const app = new App({ context: bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const decisions = stage === 'prod' ? PROD_DECISIONS : {};
  const stack = new CrmStack(app, `Crm-${stage}`, { config: { ...stageConfig(stage), ...decisions, ...config } });
  return { app, stack };
}

export function synthCrmStack(stage: StageName, options: SynthOptions = {}) {
  const { app, stack } = buildCrmStack(stage, options);
  const template = Template.fromStack(stack);
  return { app, stack, template, resources: new CrmResources(template) };
}

export class CrmResources {
  private readonly all: Record<string, CfnResource>;

  constructor(template: Template) {
    this.all = template.toJSON().Resources;
  }

  ofType(type: string): [string, CfnResource][] {
    return Object.entries(this.all).filter(([, r]) => r.Type === type);
  }

  /** The distinct resource types in the template. */
  types(): string[] {
    return [...new Set(Object.values(this.all).map((r) => r.Type))].sort();
  }

  get(logicalId: string): CfnResource {
    const resource = this.all[logicalId];
    if (!resource) throw new Error(`No resource ${logicalId} in the template`);
    return resource;
  }

  /** The one resource of a type; fails if there are none or several. */
  only(type: string): [string, CfnResource] {
    const found = this.ofType(type);
    if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}`);
    return found[0]!;
  }

  /** The consumer functions: every function an SQS queue feeds, with its queue (stream sources aside). */
  sqsConsumers() {
    return this.ofType('AWS::Lambda::EventSourceMapping')
      .filter(([, mapping]) => mapping.Properties!.Queues === undefined)
      .map(([mappingId, mapping]) => {
        const functionId = referencedId(mapping.Properties!.FunctionName);
        const queueId = referencedId(mapping.Properties!.EventSourceArn);
        return { mappingId, mapping, functionId, fn: this.get(functionId), queueId, queue: this.get(queueId) };
      })
      .filter((c) => c.queue.Type === 'AWS::SQS::Queue');
  }

  /** Consumers of Amazon MQ brokers: mappings with Queues, and their functions. */
  mqConsumers() {
    return this.ofType('AWS::Lambda::EventSourceMapping')
      .filter(([, mapping]) => mapping.Properties!.Queues !== undefined)
      .map(([mappingId, mapping]) => {
        const functionId = referencedId(mapping.Properties!.FunctionName);
        return { mappingId, mapping, functionId, fn: this.get(functionId) };
      });
  }

  /** Consumers of queues an EventBridge rule feeds: they turn bus events into records. */
  eventConsumers() {
    const ruleTargets = new Set(
      this.ofType('AWS::Events::Rule')
        .flatMap(([, r]) => r.Properties!.Targets ?? [])
        .map((t: any) => t.Arn)
        .filter((arn: any) => arn?.['Fn::GetAtt'])
        .map(referencedId),
    );
    return this.sqsConsumers().filter((c) => ruleTargets.has(c.queueId));
  }

  /** Every policy statement that applies to a role: its inline policies and attached AWS::IAM::Policy. */
  statementsOfRole(roleId: string): PolicyStatement[] {
    const role = this.get(roleId);
    const inline = (role.Properties?.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
    const attached = this.ofType('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties!.Roles ?? []).some((r: unknown) => referencedId(r) === roleId))
      .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement);
    return [...inline, ...attached].map(normaliseStatement);
  }

  /** The queue policies' statements that apply to a queue. */
  queuePolicyStatements(queueId: string): PolicyStatement[] {
    return this.ofType('AWS::SQS::QueuePolicy')
      .filter(([, p]) => p.Properties!.Queues.some((q: unknown) => referencedId(q) === queueId))
      .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement)
      .map(normaliseStatement);
  }

  /** Queues that are some other queue's, some rule target's or some event source mapping's dead-letter queue. */
  deadLetterQueueIds(): Set<string> {
    const fromQueues = this.ofType('AWS::SQS::Queue')
      .map(([, q]) => q.Properties?.RedrivePolicy?.deadLetterTargetArn)
      .filter(Boolean)
      .map(referencedId);
    const fromTargets = this.ofType('AWS::Events::Rule')
      .flatMap(([, r]) => r.Properties!.Targets ?? [])
      .map((t: any) => t.DeadLetterConfig?.Arn)
      .filter(Boolean)
      .map(referencedId);
    const fromMappings = this.ofType('AWS::Lambda::EventSourceMapping')
      .map(([, m]) => m.Properties?.DestinationConfig?.OnFailure?.Destination)
      .filter(Boolean)
      .map(referencedId);
    const fromSubscriptions = this.ofType('AWS::SNS::Subscription')
      .map(([, s]) => s.Properties?.RedrivePolicy?.deadLetterTargetArn)
      .filter(Boolean)
      .map(referencedId);
    // A queue a function dead-letters to itself (REJECTED_*_QUEUE_URL), e.g. for an Amazon MQ source.
    const fromFunctions = this.ofType('AWS::Lambda::Function')
      .flatMap(([, f]) => Object.entries(f.Properties?.Environment?.Variables ?? {}))
      .filter(([name]) => /^REJECTED_[A-Z_]*QUEUE_URL$/.test(name))
      .map(([, value]) => referencedId(value));
    return new Set([...fromQueues, ...fromTargets, ...fromMappings, ...fromSubscriptions, ...fromFunctions]);
  }
}

export type PolicyStatement = { Effect: string; Action: string[]; Resource: unknown[]; Principal?: any; Condition?: any };

function normaliseStatement(s: any): PolicyStatement {
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return { ...s, Action: list(s.Action), Resource: list(s.Resource) };
}

/** The logical id a `Ref` or `Fn::GetAtt` points at. */
export function referencedId(value: unknown): string {
  const v = value as any;
  if (v?.Ref) return v.Ref;
  if (v?.['Fn::GetAtt']) return v['Fn::GetAtt'][0];
  throw new Error(`Not a reference: ${JSON.stringify(value)}`);
}

export const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const ref = (logicalId: string) => ({ Ref: logicalId });
