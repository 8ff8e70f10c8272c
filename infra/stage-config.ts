// Per-stage configuration, typed in one place. `cdk deploy -c stage=prod` picks the prod stage.
import { RemovalPolicy } from 'aws-cdk-lib';
import { CORE_BANKING_SOURCE } from '../shared/contracts/events';
import { defaultSegmentationStage, type SegmentationStageConfig } from '../shared/segmentation/stage-parameters';

export type StageName = 'dev' | 'prod';

export type StageConfig = {
  stage: StageName;
  /** `source` of the core-banking events this stack consumes. */
  eventSource: string;
  /** Days the event archive keeps events for replay (0 keeps them forever). */
  archiveRetentionDays: number;
  /** What happens to stateful resources (table, archive, log groups) when the stack is deleted. */
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetentionDays: 7 | 30 | 90 | 365 | 731;
  /** Where alarm notifications go; absent means the topic has no subscriber yet. */
  alarmEmail?: string;
  api: {
    /** Browser origins allowed by CORS. Mobile apps do not need CORS. */
    allowedOrigins: string[];
    throttle: { rateLimit: number; burstLimit: number };
    /** Associate this WAF web ACL with the API stage when set. */
    wafWebAclArn?: string;
    /** Import this Cognito user pool instead of creating one. */
    userPoolId?: string;
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
  /** Segmentation: parameters (defaults in shared/domain/segment-parameters.ts), recalibration schedule, scan width. */
  segmentation: SegmentationStageConfig;
  /** Apache Fineract's external events from the bank's Amazon MQ for ActiveMQ broker; absent: not connected. */
  fineract?: FineractStageConfig;
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

export const stages: Record<StageName, StageConfig> = {
  dev: {
    stage: 'dev',
    eventSource: CORE_BANKING_SOURCE,
    archiveRetentionDays: 30,
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetentionDays: 30,
    api: {
      allowedOrigins: ['http://localhost:3000'],
      throttle: { rateLimit: 50, burstLimit: 100 },
    },
    complaints: { jurisdiction: 'CN', disputedAmountThresholds: { CNY: 5_000_000, GBP: 500_000, USD: 700_000 }, breachScanMinutes: 5 },
    segmentation: defaultSegmentationStage({ scanSegments: 4 }),
    // The local runtime connects this mapping to its own ActiveMQ; a deployed dev stage names the
    // bank's test broker here.
    fineract: {
      brokerArn: 'arn:aws:mq:us-east-1:123456789012:broker:fineract-dev:b-00000000-0000-4000-8000-000000000000',
      queue: 'fineract.external.events',
      credentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fineract-dev-broker-AbCdEf',
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
    },
  },
  prod: {
    stage: 'prod',
    eventSource: CORE_BANKING_SOURCE,
    archiveRetentionDays: 0,
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetentionDays: 731,
    api: {
      allowedOrigins: [],
      throttle: { rateLimit: 500, burstLimit: 1000 },
    },
    complaints: { jurisdiction: 'CN', disputedAmountThresholds: { CNY: 5_000_000, GBP: 500_000, USD: 700_000 }, breachScanMinutes: 5 },
    segmentation: defaultSegmentationStage({ scanSegments: 32 }),
  },
};

export function stageConfig(name: unknown): StageConfig {
  if (name !== 'dev' && name !== 'prod') throw new Error(`Unknown stage '${String(name)}': use -c stage=dev or -c stage=prod`);
  return stages[name];
}
