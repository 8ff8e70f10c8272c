// The main job's seeding: a simulated month of core-banking events put on the local bus through the
// AWS SDK (the simulator is the same producer a test or a benchmark uses), then wait for the queues
// to drain so that what the summary counts is what the stack made of those events; then the
// scheduled rules fire once, as the simulated month's nights would have fired them.
import { simulate, type SimulationSummary } from '../simulator';
import type { IdleReport, RunningLocalStack } from './local-stack';

export type SeedOptions = {
  customers: number;
  days: number;
  seed: string;
  onProgress?: (sent: number, generated: number) => void;
  /** Longest wait for the queues to drain after the last event was sent. */
  drainTimeoutMs?: number;
};

export type SeedOutcome = { simulation: SimulationSummary; drained: IdleReport; scheduledRulesRun: string[]; seconds: number };

export async function seedStack(stack: RunningLocalStack, options: SeedOptions): Promise<SeedOutcome> {
  const began = performance.now();
  const simulation = await simulate({
    customers: options.customers,
    days: options.days,
    seed: options.seed,
    endpoint: stack.endpoints.eventbridge,
    bus: stack.endpoints.busName,
    onProgress: options.onProgress ? (p) => options.onProgress!(p.sent, p.generated) : undefined,
  });
  let drained = await stack.waitForIdle({ timeoutMs: options.drainTimeoutMs ?? 300_000 });
  // A simulated month has had its nights: the scheduled jobs (recalibration, breach scans) run once
  // over what was seeded, as their schedules would have run them, and their work drains too.
  const scheduled = stack.buses.listRules('default').filter((r) => r.ScheduleExpression && r.State !== 'DISABLED');
  for (const rule of scheduled) await stack.buses.runScheduledRule(rule.Name);
  if (scheduled.length > 0) drained = await stack.waitForIdle({ timeoutMs: options.drainTimeoutMs ?? 300_000 });
  return { simulation, drained, scheduledRulesRun: scheduled.map((r) => r.Name), seconds: (performance.now() - began) / 1000 };
}
