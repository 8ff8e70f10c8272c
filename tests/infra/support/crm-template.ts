// Synthesizes the CRM stack for a stage and reads its template the way a reviewer would: by following
// references (Ref, Fn::GetAtt) from one resource to another instead of trusting logical ids.
//
// The stack deploys as a parent and a nested stack (the Operations alarms and dashboard,
// infra/constructs/operations.ts). `template` and `resources` read them as one template: each nested
// stack's resources beside the parent's, its parameters replaced by what the parent passes them, so an
// alarm's dimension is the queue's GetAtt as it would be in one stack. `deployed` holds the templates
// CloudFormation receives, one per stack (cfn-lint and the resource counts read those).
import { App, NestedStack, type Stack } from 'aws-cdk-lib';
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
  const deployed = deployedTemplates(stack);
  const template = Template.fromJSON(mergeNestedStacks(stack));
  return { app, stack, template, deployed, resources: new CrmResources(template) };
}

/** One template CloudFormation receives: the parent's, or a nested stack's (with its logical id in the parent). */
export type DeployedTemplate = { name: string; nestedIn?: string; logicalId?: string; template: Template };

/** The stack's template and, after it, each nested stack's (depth first), as they deploy. */
export function deployedTemplates(stack: Stack): DeployedTemplate[] {
  const out: DeployedTemplate[] = [{ name: stack.node.id, template: Template.fromStack(stack) }];
  for (const nested of nestedStacksOf(stack)) {
    const logicalId = stack.resolve((nested.nestedStackResource as { logicalId: string }).logicalId) as string;
    for (const [i, t] of deployedTemplates(nested).entries()) {
      out.push(i === 0 ? { ...t, name: `${stack.node.id}-${logicalId}`, nestedIn: stack.node.id, logicalId } : t);
    }
  }
  return out;
}

/** The nested stacks whose AWS::CloudFormation::Stack resource is in this stack's template. */
export function nestedStacksOf(stack: Stack): NestedStack[] {
  return stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === stack);
}

/**
 * The stack as one template: every nested stack's resources in place of its AWS::CloudFormation::Stack
 * resource, each `Ref` to a nested parameter replaced by the value the parent passes (a Ref or GetAtt of
 * the parent's resource). Fails on a logical id in both, or a parameter the parent does not pass.
 */
export function mergeNestedStacks(stack: Stack): Record<string, any> {
  const template = structuredClone(Template.fromStack(stack).toJSON());
  for (const nested of nestedStacksOf(stack)) {
    const logicalId = stack.resolve((nested.nestedStackResource as { logicalId: string }).logicalId) as string;
    const passed: Record<string, unknown> = template.Resources[logicalId].Properties?.Parameters ?? {};
    const child = mergeNestedStacks(nested);
    const substitute = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(substitute);
      if (value && typeof value === 'object') {
        const entries = Object.entries(value);
        if (entries.length === 1 && entries[0]![0] === 'Ref' && typeof entries[0]![1] === 'string' && child.Parameters?.[entries[0]![1]]) {
          const name = entries[0]![1];
          if (!(name in passed)) throw new Error(`The parent passes no value for ${logicalId}'s parameter ${name}`);
          return structuredClone(passed[name]);
        }
        return Object.fromEntries(entries.map(([k, v]) => [k, substitute(v)]));
      }
      return value;
    };
    delete template.Resources[logicalId];
    for (const [id, resource] of Object.entries(child.Resources ?? {})) {
      if (id in template.Resources) throw new Error(`Logical id ${id} is in both ${stack.node.id} and its nested stack ${logicalId}`);
      template.Resources[id] = substitute(resource);
    }
  }
  return template;
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
