// The main job's seeding: a simulated month of core-banking events put on the local bus through the
// AWS SDK (the simulator is the same producer a test or a benchmark uses), then wait for the queues
// and streams to drain, so that what the summary counts is what the stack made of those events. Then
// complaints are filed through the API (once segments exist, so routing sees them), and the scheduled
// rules fire once, as the simulated month's nights would have fired them.
import { simulate, simulatedCustomers, type SimulationSummary } from '../simulator';
import { apiComplaintFiling } from '../simulator/complaint-filing';
import type { IdleReport, RunningLocalStack } from './local-stack';

export type SeedOptions = {
  customers: number;
  days: number;
  seed: string;
  onProgress?: (sent: number, generated: number) => void;
  /** Longest wait for the queues to drain after the last event was sent. */
  drainTimeoutMs?: number;
};

export type SeedOutcome = {
  simulation: SimulationSummary;
  complaintsFiled: number;
  scheduledRulesRun: string[];
  drained: IdleReport;
  seconds: number;
};

export async function seedStack(stack: RunningLocalStack, options: SeedOptions): Promise<SeedOutcome> {
  const began = performance.now();
  const timeoutMs = options.drainTimeoutMs ?? 600_000;
  const simulation = await simulate({
    customers: options.customers,
    days: options.days,
    seed: options.seed,
    endpoint: stack.endpoints.eventbridge,
    bus: stack.endpoints.busName,
    onProgress: options.onProgress ? (p) => options.onProgress!(p.sent, p.generated) : undefined,
  });
  let drained = await stack.waitForIdle({ timeoutMs });

  let complaintsFiled = 0;
  if (stack.api && stack.api.routes.some((r) => r.method === 'POST' && r.resourcePath === '/complaints')) {
    const filed = await apiComplaintFiling().fileComplaints({
      customers: simulatedCustomers({ customers: options.customers, days: options.days, seed: simulation.seed, start: simulation.start }),
      seed: simulation.seed,
      start: simulation.start,
      days: options.days,
      apiUrl: stack.api.url,
    });
    complaintsFiled = filed.filed;
  }

  const scheduled = stack.buses.listRules('default').filter((r) => r.ScheduleExpression && r.State !== 'DISABLED');
  for (const rule of scheduled) await stack.buses.runScheduledRule(rule.Name);
  if (complaintsFiled > 0 || scheduled.length > 0) drained = await stack.waitForIdle({ timeoutMs });
  return { simulation, complaintsFiled, scheduledRulesRun: scheduled.map((r) => r.Name), drained, seconds: (performance.now() - began) / 1000 };
}
