// Lambda functions as the template declares them: which bundle (the asset folder CDK staged, the
// very code that deploys), which handler, timeout, memory, concurrency and environment variables.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalResources } from './local-resources';
import { constructId, resourcesOfType, type CfnTemplate } from './template';

export type FunctionDefinition = {
  logicalId: string;
  /** Physical name: AWS_LAMBDA_FUNCTION_NAME. */
  name: string;
  /** Short name for the console (the Powertools service name, or the construct id). */
  displayName: string;
  arn: string;
  runtime: string;
  handler: string;
  /** The asset folder, or undefined when the code is inline or not staged (custom-resource providers). */
  bundleDir?: string;
  timeoutSeconds: number;
  memoryMb: number;
  reservedConcurrency?: number;
  /** Environment.Variables with every intrinsic resolved. */
  variables: Record<string, string>;
  logGroup: string;
  logFormat?: 'JSON' | 'Text';
  applicationLogLevel?: string;
};

export type FunctionNotRun = { logicalId: string; reason: string };

/**
 * Functions of the template the local runtime leaves out, with why. CDK's handler of
 * Custom::S3BucketNotifications (inline Python) calls PutBucketNotificationConfiguration at deploy
 * time; locally the S3 endpoint reads that configuration from the template and delivers the
 * notifications itself, so there is nothing for the handler to do.
 */
export function functionsNotRun(template: CfnTemplate): FunctionNotRun[] {
  const handlers = new Set(
    resourcesOfType(template, 'Custom::S3BucketNotifications').flatMap(({ resource }) => {
      const token = resource.Properties?.ServiceToken as { 'Fn::GetAtt'?: [string, string] } | undefined;
      return token?.['Fn::GetAtt'] ? [token['Fn::GetAtt'][0]] : [];
    }),
  );
  return [...handlers].map((logicalId) => ({
    logicalId,
    reason: "CDK's Custom::S3BucketNotifications handler only applies the notification configuration on AWS; the local S3 reads it from the template and sends the notifications itself",
  }));
}

export function functionDefinitions(template: CfnTemplate, assemblyDir: string, resources: LocalResources): FunctionDefinition[] {
  const notRun = new Set(functionsNotRun(template).map((f) => f.logicalId));
  return resourcesOfType(template, 'AWS::Lambda::Function').filter(({ logicalId }) => !notRun.has(logicalId)).map((logical) => {
    const { logicalId, resource } = logical;
    const p = resource.Properties ?? {};
    const name = resources.physicalName(logicalId);
    const assetPath = resource.Metadata?.['aws:asset:path'];
    const bundleDir = typeof assetPath === 'string' && existsSync(join(assemblyDir, assetPath)) ? join(assemblyDir, assetPath) : undefined;
    const variables = Object.fromEntries(
      Object.entries(resources.resolve<Record<string, unknown>>((p.Environment as { Variables?: unknown } | undefined)?.Variables ?? {})).map(
        ([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)],
      ),
    );
    const logging = resources.resolve<{ LogFormat?: 'JSON' | 'Text'; ApplicationLogLevel?: string; LogGroup?: string } | undefined>(p.LoggingConfig);
    return {
      logicalId,
      name,
      displayName: variables.POWERTOOLS_SERVICE_NAME ?? (p.FunctionName ? name : constructId(logical)),
      arn: resources.getAtt(logicalId, 'Arn') as string,
      runtime: String(p.Runtime ?? ''),
      handler: String(p.Handler ?? 'index.handler'),
      bundleDir,
      timeoutSeconds: Number(p.Timeout ?? 3),
      memoryMb: Number(p.MemorySize ?? 128),
      reservedConcurrency: p.ReservedConcurrentExecutions === undefined ? undefined : Number(p.ReservedConcurrentExecutions),
      variables,
      logGroup: logging?.LogGroup ?? `/aws/lambda/${name}`,
      logFormat: logging?.LogFormat,
      applicationLogLevel: logging?.ApplicationLogLevel,
    };
  });
}

/**
 * The handler's file and export path, as the Node.js runtime reads `dir/file.export[.nested]`: the
 * module is what precedes the first dot of the last path segment; .mjs, .js and .cjs are tried.
 */
export function handlerLocation(bundleDir: string, handler: string): { file: string; exportPath: string[] } {
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const [module, ...exportPath] = handler.slice(slash + 1).split('.');
  if (!module || exportPath.length === 0) throw new Error(`Handler '${handler}' is not of the form file.export`);
  for (const ext of ['.mjs', '.js', '.cjs']) {
    const file = join(bundleDir, `${dir}${module}${ext}`);
    if (existsSync(file)) return { file, exportPath };
  }
  throw new Error(`Handler '${handler}': no ${dir}${module}.mjs, .js or .cjs in ${bundleDir}`);
}
