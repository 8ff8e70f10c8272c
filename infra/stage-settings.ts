// What a bank's platform team sets per stage without editing code: a JSON document of settings, given
// as CDK context (`-c crm:settings='{...}'`, or `crm:settings` in cdk.context.json / cdk.json) or as a
// file (`-c crm:settingsFile=deploy/prod.json`, which a pipeline can write from SSM parameters). The
// settings are validated (zod, strict: an unknown key is a typo, not an option) and laid over the stage's
// defaults in infra/stage-config.ts. A prod stage must then say where alarms go and how its API is
// protected, and name its account and region; otherwise the synth fails saying what to set.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { stageConfig, type StageConfig } from './stage-config';

export const SETTINGS_CONTEXT_KEY = 'crm:settings';
export const SETTINGS_FILE_CONTEXT_KEY = 'crm:settingsFile';

const functionName = z.string().regex(/^[a-z0-9-]+$/, 'a folder name under functions/');

/** Everything optional: what is absent keeps the stage's default. */
export const StageSettings = z
  .object({
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1'),
    alarmEmail: z.email(),
    alarmSubscriptions: z.array(
      z.strictObject({ protocol: z.enum(['email', 'https']), endpoint: z.string().min(3) }).refine(
        (s) => (s.protocol === 'email' ? z.email().safeParse(s.endpoint).success : /^https:\/\//.test(s.endpoint)),
        'an email address for protocol email, an https:// URL for protocol https',
      ),
    ),
    archiveRetentionDays: z.number().int().min(1).max(3650),
    logRetentionDays: z.union([z.literal(7), z.literal(30), z.literal(90), z.literal(365), z.literal(731)]),
    encryption: z.strictObject({ customerManagedKeys: z.boolean() }),
    producerAccounts: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a producer name (the last part of core.banking.<producer>)'), z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id')),
    permissionsBoundaryArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:policy\/.+$/, 'an IAM managed policy ARN'),
    concurrency: z.strictObject({
      reserved: z.record(functionName, z.number().int().min(0).max(1000)),
      sqsMaximum: z.number().int().min(2).max(1000),
      sqsMaximumByFunction: z.record(functionName, z.number().int().min(2).max(1000)),
    }).partial(),
    api: z.strictObject({
      allowedOrigins: z.array(z.url()),
      throttle: z.strictObject({ rateLimit: z.number().positive(), burstLimit: z.number().int().positive() }),
      wafWebAclArn: z.string().regex(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/, 'a regional WAFv2 web ACL ARN'),
      createWebAcl: z.strictObject({ requestsPer5MinutesPerIp: z.number().int().min(10).max(2_000_000_000) }),
      userPoolId: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/, 'a Cognito user pool id such as eu-west-1_AbCdEf123'),
      cloudWatchRole: z.boolean(),
    }).partial(),
  })
  .partial()
  .strict();
export type StageSettings = z.infer<typeof StageSettings>;

/** Read and validate the settings a stage was given (an object, or a JSON string as `-c` passes it). */
export function parseStageSettings(raw: unknown, origin: string): StageSettings {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new Error(`${origin} is not JSON: ${(error as Error).message}`);
    }
  }
  const parsed = StageSettings.safeParse(value ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`);
    throw new Error(`${origin} is invalid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** The stage's defaults with the settings laid over them (objects merged one level down, lists replaced). */
export function applyStageSettings(base: StageConfig, settings: StageSettings): StageConfig {
  const { account, region, api, concurrency, ...rest } = settings;
  const config: StageConfig = {
    ...base,
    ...rest,
    api: { ...base.api, ...api },
    concurrency: {
      reserved: { ...base.concurrency.reserved, ...concurrency?.reserved },
      sqsMaximum: concurrency?.sqsMaximum ?? base.concurrency.sqsMaximum,
      sqsMaximumByFunction: { ...base.concurrency.sqsMaximumByFunction, ...concurrency?.sqsMaximumByFunction },
    },
  };
  if (account || region) config.env = { ...base.env, ...(account ? { account } : {}), ...(region ? { region } : {}) };
  return config;
}

/** What a stage must settle before it can be deployed; each problem names the setting to give. */
export function deployProblems(config: StageConfig): string[] {
  const problems: string[] = [];
  const reservedTotal = Object.values(config.concurrency.reserved).reduce((a, b) => a + b, 0);
  if (reservedTotal > 900) problems.push(`concurrency.reserved adds up to ${reservedTotal}: Lambda keeps 100 of an account's 1,000 unreserved, so at most 900 (more if the account's quota was raised: lower the reservations or split the stage).`);
  for (const [fn, max] of Object.entries(config.concurrency.sqsMaximumByFunction)) {
    const reserved = config.concurrency.reserved[fn];
    if (reserved !== undefined && reserved < max) problems.push(`concurrency.reserved.${fn} (${reserved}) is below concurrency.sqsMaximumByFunction.${fn} (${max}): the queue would be throttled; reserve at least the maximum.`);
  }
  if (config.api.wafWebAclArn && config.api.createWebAcl) problems.push('api.wafWebAclArn and api.createWebAcl are both set: give one (the bank\'s own web ACL, or the one this stack creates).');
  if (config.encryption.customerManagedKeys && !config.env?.region) problems.push('encryption.customerManagedKeys needs the stage\'s region: set region ("eu-west-1").');
  if (config.stage !== 'prod') return problems;
  if (!config.alarmEmail && !config.alarmSubscriptions?.length) {
    problems.push('Alarms notify nobody: set alarmEmail ("oncall@bank.example") or alarmSubscriptions ([{"protocol":"https","endpoint":"https://events.pagerduty.com/..."}]).');
  }
  if (!config.api.wafWebAclArn && !config.api.createWebAcl) {
    problems.push('The API has no web ACL: set api.wafWebAclArn (the bank\'s regional WAFv2 web ACL) or api.createWebAcl ({"requestsPer5MinutesPerIp":1000}) to have this stack create one.');
  }
  if (!config.env?.account || !config.env.region) {
    problems.push('The stage has no account and region: set account ("123456789012") and region ("eu-west-1"), so a deploy with the wrong credentials fails instead of landing in another account.');
  }
  return problems;
}

type ContextReader = { tryGetContext(key: string): unknown };

/**
 * The stage the CDK app deploys: its name from `-c stage=`, its settings from context or a file,
 * validated, and refused with every missing decision listed when it is not ready to deploy.
 */
export function resolveStageConfig(node: ContextReader, cwd = process.cwd()): StageConfig {
  const base = stageConfig(node.tryGetContext('stage') ?? 'dev');
  const file = node.tryGetContext(SETTINGS_FILE_CONTEXT_KEY);
  const fromFile = typeof file === 'string' && file ? parseStageSettings(readFileSync(resolve(cwd, file), 'utf8'), `Settings file ${file}`) : {};
  const inline = parseStageSettings(node.tryGetContext(SETTINGS_CONTEXT_KEY), `Context ${SETTINGS_CONTEXT_KEY}`);
  const config = applyStageSettings(applyStageSettings(base, fromFile), inline);
  const problems = deployProblems(config);
  if (problems.length) {
    throw new Error(
      `Stage ${config.stage} is not ready to deploy. Set, with -c ${SETTINGS_CONTEXT_KEY}='{...}' or -c ${SETTINGS_FILE_CONTEXT_KEY}=<file.json> (docs/production.md):\n  - ${problems.join('\n  - ')}`,
    );
  }
  return config;
}
