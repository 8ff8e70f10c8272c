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
  /** Initial loads (docs/initial-load.md): the write budget is maxConcurrency workers × eventsInFlight. */
  initialLoad: {
    /** Most load workers at once: the SQS event source's maximum concurrency (2–1000). */
    maxConcurrency: number;
    /** Events a worker writes at once (each one or two conditional writes). */
    eventsInFlight: number;
    /** Size of a plain JSONL file's ranges. */
    rangeMiB: number;
  };
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
    initialLoad: { maxConcurrency: 2, eventsInFlight: 32, rangeMiB: 32 },
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
    initialLoad: { maxConcurrency: 20, eventsInFlight: 32, rangeMiB: 64 },
  },
};

export function stageConfig(name: unknown): StageConfig {
  if (name !== 'dev' && name !== 'prod') throw new Error(`Unknown stage '${String(name)}': use -c stage=dev or -c stage=prod`);
  return stages[name];
}
