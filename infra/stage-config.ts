// Per-stage configuration, typed in one place. `cdk deploy -c stage=prod` picks the prod stage.
import { RemovalPolicy } from 'aws-cdk-lib';
import { CORE_BANKING_SOURCE } from '../shared/contracts/events';
import { defaultSegmentationStage, type SegmentationStageConfig } from '../shared/segmentation/stage-parameters';
import type { CamtSettings } from '../shared/iso20022/domain/camt-settings';

export type StageName = 'dev' | 'prod';

export type StageConfig = {
  stage: StageName;
  /** The account and region this stage deploys into; prod requires both (infra/stage-settings.ts). */
  env?: { account?: string; region?: string };
  /** `source` of the core-banking events this stack consumes. */
  eventSource: string;
  /** Days the event archive keeps events for replay (finite: the events carry personal data). */
  archiveRetentionDays: number;
  /** What happens to stateful resources (table, archive, log groups) when the stack is deleted. */
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetentionDays: 7 | 30 | 90 | 365 | 731;
  /** Where alarm notifications go; absent means the topic has no subscriber yet. */
  alarmEmail?: string;
  /** Further subscribers of the alarm topic (an on-call tool's HTTPS endpoint, a team mailbox). */
  alarmSubscriptions?: AlarmSubscription[];
  /** Customer-managed KMS keys for table, queues, bus, archive and log groups (else AWS-owned/managed keys). */
  encryption: { customerManagedKeys: boolean };
  /** ARN of a managed policy every role of the stack is bounded by (the bank's permissions boundary). */
  permissionsBoundaryArn?: string;
  /** Concurrency per function (by its folder under functions/): what keeps a burst from starving the API. */
  concurrency: ConcurrencyConfig;
  api: {
    /** Browser origins allowed by CORS. Mobile apps do not need CORS. */
    allowedOrigins: string[];
    throttle: { rateLimit: number; burstLimit: number };
    /** Associate this WAF web ACL with the API stage when set. */
    wafWebAclArn?: string;
    /** Create a web ACL (AWS managed rule groups and a rate-based rule) when no wafWebAclArn is given. */
    createWebAcl?: { requestsPer5MinutesPerIp: number };
    /** Import this Cognito user pool instead of creating one. */
    userPoolId?: string;
    /**
     * Create API Gateway's account-level CloudWatch role (one per account and region: only one stack may
     * own it). Off, execution logging uses the role the account already has.
     */
    cloudWatchRole: boolean;
  };
  /** Complaint handling: whose regulator's limits apply, its business calendar, severity thresholds. */
  complaints: {
    jurisdiction: 'CN' | 'UK' | 'US';
    /** Public holidays (YYYY-MM-DD) replacing the jurisdiction's default list; official lists per year. */
    holidays?: string[];
    /** China's make-up working days (调休), replacing the default list. */
    makeUpWorkingDays?: string[];
    /** Disputed amount, in minor units per currency, above which a complaint is more severe. */
    disputedAmountThresholds: Record<string, number>;
    /** How often the breach scan runs, in minutes. */
    breachScanMinutes: number;
  };
  /**
   * Data protection (docs/data-protection-erasure.md): how long an erased customer's financial records are
   * kept, pseudonymised, and the rule that requires it (shown to the customer with their request).
   */
  dataProtection: {
    financialRecordRetention: { years: number; regulation: string };
  };
  /** Connectors (ISO 20022, Fineract): entries parked for an account not known yet (docs/accounts.md). */
  connectors: {
    /** A parked entry older than this is overdue: counted in ParkedEntriesOverdue, which alarms. */
    parkedEntryAlarmAfterHours: number;
  };
  /** Segmentation: parameters (defaults in shared/domain/segment-parameters.ts), recalibration schedule, scan width. */
  segmentation: SegmentationStageConfig;
  /** ISO 20022 camt ingestion: the mapping's settings (shared/iso20022/domain/camt-settings.ts). */
  iso20022: CamtSettings;
  /** Apache Fineract's external events from the bank's Amazon MQ for ActiveMQ broker; absent: not connected. */
  fineract?: FineractStageConfig;
  /**
   * Producers in other AWS accounts, by producer name (`core.banking.<producer>`): the bus policy lets each
   * account put events with its own producer's source and no other (docs/client-input.md).
   */
  producerAccounts?: Record<string, string>;
  /**
   * Initial loads (docs/initial-load.md): the write budget is the load workers at once (the worker's
   * `concurrency.sqsMaximumByFunction['initial-load-worker']`) × eventsInFlight.
   */
  initialLoad: {
    /** Events a worker writes at once (each one or two conditional writes). */
    eventsInFlight: number;
    /** Size of a plain JSONL file's ranges. */
    rangeMiB: number;
    /** A load fails once more lines than this are rejected (a manifest may set its own `maxRejectedLines`). */
    maxRejectedLines: number;
  };
  /**
   * The access record (docs/data-protection.md): who read or changed which customer's personal data
   * through the API. Entries expire (DynamoDB TTL) this many days after the access.
   */
  accessRecord: {
    retentionDays: number;
    /** Why this period: the rule the bank keeps the record for. */
    basis: string;
  };
};

export type FineractStageConfig = {
  /** The Amazon MQ (ActiveMQ) broker Fineract's JMS producer sends to. */
  brokerArn: string;
  /** The queue Fineract writes (fineract.events.external.producer.jms.event-queue-name). */
  queue: string;
  /** Secrets Manager secret holding {"username","password"} of a broker user (BASIC_AUTH). */
  credentialsSecretArn: string;
  /** The customer-managed KMS key of that secret, when it has one. */
  credentialsKeyArn?: string;
  /**
   * The broker's VPC. Lambda's MQ event source reaches a private broker through network interfaces in
   * the broker's own subnets and security groups; with these, the mapping's role may create them only
   * there, and the stack adds the interface endpoints the poller needs (Lambda, STS, Secrets Manager).
   */
  vpc?: { vpcId: string; subnetIds: string[]; securityGroupId: string; availabilityZones: string[]; createEndpoints: boolean };
  /** Messages per invocation (1 to 10,000) and how long Lambda may wait to fill a batch. */
  batchSize: number;
  maxBatchingWindowSeconds: number;
};

/** The bank's books are in Shanghai; accounts are identified by BBAN (ACC-<number>) or a GB IBAN. */
const camtSettings: CamtSettings = {
  timeZone: 'Asia/Shanghai',
  defaultChannel: 'ONLINE',
  domesticNetwork: 'CNAPS',
  defaultProduct: 'CURRENT_ACCOUNT',
  accountIds: [
    { scheme: 'BBAN', accountIdPrefix: 'ACC-' },
    { scheme: 'IBAN', prefix: 'GB', accountIdPrefix: 'GB-' },
  ],
  proprietaryCodes: [],
  extraMinorUnits: {},
};

export type AlarmSubscription = { protocol: 'email' | 'https'; endpoint: string };

export type ConcurrencyConfig = {
  /** Reserved concurrency per function: a cap on it and room kept for it. Functions absent share the rest. */
  reserved: Record<string, number>;
  /** Maximum concurrency of each SQS event source (2-1000) unless the consuming function has its own. */
  sqsMaximum: number;
  sqsMaximumByFunction: Record<string, number>;
};

export const stages: Record<StageName, StageConfig> = {
  dev: {
    stage: 'dev',
    eventSource: CORE_BANKING_SOURCE,
    archiveRetentionDays: 30,
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetentionDays: 30,
    encryption: { customerManagedKeys: false },
    // Dev accounts often have a low concurrency quota: caps on the event sources only, nothing reserved.
    concurrency: { reserved: {}, sqsMaximum: 5, sqsMaximumByFunction: { 'initial-load-worker': 2 } },
    api: {
      // Browser origins are opt-in (api.allowedOrigins in the stage settings; mobile apps need none): each
      // origin list adds an OPTIONS preflight method to every API resource, about 60 of CloudFormation's
      // 500 resources per stack (docs/production.md).
      allowedOrigins: [],
      throttle: { rateLimit: 50, burstLimit: 100 },
      cloudWatchRole: false,
    },
    complaints: { jurisdiction: 'CN', disputedAmountThresholds: { CNY: 5_000_000, GBP: 500_000, USD: 700_000 }, breachScanMinutes: 5 },
    segmentation: defaultSegmentationStage({ scanSegments: 4 }),
    dataProtection: {
      // The bank's books are in China: PRC Anti-Money Laundering Law art. 19, five years after the business
      // relationship ends. A UK stage names 'UK MLR 2017 reg. 40' with the same five years.
      financialRecordRetention: { years: 5, regulation: 'PRC Anti-Money Laundering Law (2024) art. 19' },
    },
    connectors: { parkedEntryAlarmAfterHours: 24 },
    iso20022: camtSettings,
    // The local runtime connects this mapping to its own ActiveMQ; a deployed dev stage names the
    // bank's test broker here.
    fineract: {
      brokerArn: 'arn:aws:mq:us-east-1:123456789012:broker:fineract-dev:b-00000000-0000-4000-8000-000000000000',
      queue: 'fineract.external.events',
      credentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fineract-dev-broker-AbCdEf',
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
    },
    initialLoad: { eventsInFlight: 32, rangeMiB: 32, maxRejectedLines: 10_000 },
    accessRecord: { retentionDays: 90, basis: 'Development stage: test data only' },
  },
  prod: {
    stage: 'prod',
    eventSource: CORE_BANKING_SOURCE,
    // A year of replay; the table itself is restored from point-in-time recovery (35 days) or backups.
    archiveRetentionDays: 365,
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetentionDays: 731,
    encryption: { customerManagedKeys: true },
    // Everything but the API functions is capped (144 of the account's default 1,000): the API keeps the
    // rest. An SQS consumer's reservation is above its event source's maximum, so the source never throttles it.
    concurrency: {
      reserved: {
        'ingest-events': 60,
        'complaint-router': 12,
        'complaint-breaches': 2,
        'segmentation-reevaluate': 20,
        'segmentation-recalibration-start': 2,
        'segmentation-recalibration-worker': 40,
      },
      sqsMaximum: 10,
      sqsMaximumByFunction: { 'ingest-events': 50, 'segmentation-recalibration-worker': 32, 'initial-load-worker': 20 },
    },
    api: {
      allowedOrigins: [],
      throttle: { rateLimit: 500, burstLimit: 1000 },
      cloudWatchRole: false,
    },
    complaints: { jurisdiction: 'CN', disputedAmountThresholds: { CNY: 5_000_000, GBP: 500_000, USD: 700_000 }, breachScanMinutes: 5 },
    // Two batches per shard at once: a 1,000-record batch takes seconds, and end-of-day bursts (every
    // account's balance) must not queue behind it; order still holds per customer (docs/first-run.md).
    segmentation: defaultSegmentationStage({ scanSegments: 32, reevaluationStream: { parallelizationFactor: 2 } }),
    dataProtection: {
      // The bank's books are in China: PRC Anti-Money Laundering Law art. 19, five years after the business
      // relationship ends. A UK stage names 'UK MLR 2017 reg. 40' with the same five years.
      financialRecordRetention: { years: 5, regulation: 'PRC Anti-Money Laundering Law (2024) art. 19' },
    },
    connectors: { parkedEntryAlarmAfterHours: 24 },
    iso20022: camtSettings,
    initialLoad: { eventsInFlight: 32, rangeMiB: 64, maxRejectedLines: 10_000 },
    // PIPL art. 54-56 (audits and records of processing kept at least three years); five for bank secrecy reviews.
    accessRecord: { retentionDays: 1827, basis: 'PIPL art. 54-56 and the bank\'s five-year audit retention' },
  },
};

/** A stage's defaults as written here; `resolveStageConfig` (infra/stage-settings.ts) applies a bank's settings. */
export function stageConfig(name: unknown): StageConfig {
  if (name !== 'dev' && name !== 'prod') throw new Error(`Unknown stage '${String(name)}': use -c stage=dev or -c stage=prod`);
  return stages[name];
}
