// The parts of a synthesized CloudFormation template the local runtime reads.

export type CfnResource = {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
};

export type CfnTemplate = {
  Resources?: Record<string, CfnResource>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Outputs?: Record<string, { Value: unknown }>;
};

/** One stack of the cloud assembly: its template and where its assets were staged. */
export type SynthesizedStack = {
  stackName: string;
  template: CfnTemplate;
  /** Folder holding the template and the asset.* folders it names. */
  assemblyDir: string;
};

export type LogicalResource = { logicalId: string; resource: CfnResource };

export function resourcesOfType(template: CfnTemplate, ...types: string[]): LogicalResource[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => types.includes(resource.Type))
    .map(([logicalId, resource]) => ({ logicalId, resource }));
}

/** The construct id a CDK user wrote, from the `aws:cdk:path` metadata (…/IngestEvents/Resource). */
export function constructId({ logicalId, resource }: LogicalResource): string {
  const path = resource.Metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') return logicalId;
  const parts = path.split('/').filter((p) => p !== 'Resource' && p !== 'Default');
  return parts.at(-1) ?? logicalId;
}

/** The construct path below the stack (EventIngestion/Queue): a readable, unique key for a resource. */
export function constructPath({ logicalId, resource }: LogicalResource): string {
  const path = resource.Metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') return logicalId;
  const parts = path.split('/').slice(1);
  while (parts.length > 1 && (parts.at(-1) === 'Resource' || parts.at(-1) === 'Default')) parts.pop();
  return parts.join('/') || logicalId;
}
