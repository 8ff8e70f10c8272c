// The state of the local EventBridge: buses, their rules and the rules' targets, and what happens
// to an event put on a bus (every enabled rule whose pattern matches sends it to each of its targets).
import { compilePattern, validatePattern } from './patterns';
import { AwsError } from './aws-error';
import {
  buildEvent,
  checkEntry,
  entrySize,
  MAX_ENTRIES_PER_REQUEST,
  MAX_PUT_EVENTS_BYTES,
  type EventBridgeEvent,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from './put-events-entry';
import { parseSchedule, type Schedule } from './schedule';
import { targetInput, type RuleIdentity, type TargetInputSettings } from './target-input';

export type RuleTarget = TargetInputSettings & {
  Id: string;
  Arn: string;
  RoleArn?: string;
  DeadLetterConfig?: { Arn?: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  SqsParameters?: { MessageGroupId?: string };
};

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export type Rule = {
  name: string;
  busName: string;
  arn: string;
  state: RuleState;
  description?: string;
  eventPattern?: string;
  scheduleExpression?: string;
  targets: Map<string, RuleTarget>;
  matches?: (event: unknown) => boolean;
  schedule?: Schedule;
  timer?: NodeJS.Timeout;
};

export type Delivery = { rule: RuleIdentity; target: RuleTarget; event: EventBridgeEvent; input: string };

export type EventBusesOptions = {
  region: string;
  accountId: string;
  /** Sends each delivery to its target; resolves once every delivery was handed over (or dead-lettered). */
  deliver: (deliveries: Delivery[]) => Promise<void>;
  now?: () => Date;
};

type Bus = { name: string; arn: string; rules: Map<string, Rule> };

export const DEFAULT_BUS = 'default';

/** A bus may be named by its name or its ARN. */
const busNameOf = (nameOrArn?: string) =>
  !nameOrArn ? DEFAULT_BUS : nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;

export function invalidPatternReason(pattern: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch (error) {
    return `Event pattern is not valid. Reason: ${(error as Error).message}`;
  }
  const checked = validatePattern(parsed);
  if (checked.ok) return undefined;
  return checked.message.startsWith('Event pattern is not valid') ? checked.message : `Event pattern is not valid. Reason: ${checked.message}`;
}

export class EventBuses {
  private readonly buses = new Map<string, Bus>();
  private readonly now: () => Date;
  private pending = 0;

  constructor(private readonly options: EventBusesOptions) {
    this.now = options.now ?? (() => new Date());
    this.createBus(DEFAULT_BUS);
  }

  /** Deliveries handed to targets but not yet acknowledged: the bus is idle when this is 0. */
  get inFlight() {
    return this.pending;
  }

  createBus(name: string): string {
    if (this.buses.has(name)) throw new AwsError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
    const arn = `arn:aws:events:${this.options.region}:${this.options.accountId}:event-bus/${name}`;
    this.buses.set(name, { name, arn, rules: new Map() });
    return arn;
  }

  listBuses() {
    return [...this.buses.values()].map(({ name, arn }) => ({ Name: name, Arn: arn }));
  }

  describeBus(nameOrArn?: string) {
    const { name, arn } = this.bus(nameOrArn);
    return { Name: name, Arn: arn };
  }

  private bus(nameOrArn?: string): Bus {
    const name = busNameOf(nameOrArn);
    const bus = this.buses.get(name);
    if (!bus) throw new AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    return bus;
  }

  rule(name: string, busNameOrArn?: string): Rule {
    const bus = this.bus(busNameOrArn);
    const rule = bus.rules.get(name);
    if (!rule) throw new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus.name}.`);
    return rule;
  }

  putRule(input: {
    Name: string;
    EventBusName?: string;
    EventPattern?: string;
    ScheduleExpression?: string;
    State?: RuleState;
    Description?: string;
  }): string {
    const bus = this.bus(input.EventBusName);
    if (!input.Name || !/^[.\-_A-Za-z0-9]{1,64}$/.test(input.Name)) {
      throw new AwsError('ValidationException', `Parameter Name is not valid.`);
    }
    if (!input.EventPattern && !input.ScheduleExpression) {
      throw new AwsError('ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (input.ScheduleExpression && bus.name !== DEFAULT_BUS) {
      throw new AwsError('ValidationException', 'ScheduleExpression is supported only on the default event bus.');
    }
    let matches: Rule['matches'];
    if (input.EventPattern) {
      const reason = invalidPatternReason(input.EventPattern);
      if (reason) throw new AwsError('InvalidEventPatternException', reason);
      matches = compilePattern(JSON.parse(input.EventPattern));
    }
    let schedule: Schedule | undefined;
    try {
      schedule = input.ScheduleExpression ? parseSchedule(input.ScheduleExpression) : undefined;
    } catch (error) {
      throw new AwsError('ValidationException', (error as Error).message);
    }
    const arn = `arn:aws:events:${this.options.region}:${this.options.accountId}:rule/${bus.name === DEFAULT_BUS ? '' : `${bus.name}/`}${input.Name}`;
    const previous = bus.rules.get(input.Name);
    if (previous?.timer) clearTimeout(previous.timer);
    const rule: Rule = {
      name: input.Name,
      busName: bus.name,
      arn,
      state: input.State ?? previous?.state ?? 'ENABLED',
      description: input.Description ?? previous?.description,
      eventPattern: input.EventPattern,
      scheduleExpression: input.ScheduleExpression,
      targets: previous?.targets ?? new Map(),
      matches,
      schedule,
    };
    bus.rules.set(rule.name, rule);
    this.arm(rule);
    return arn;
  }

  setRuleState(name: string, busName: string | undefined, state: RuleState) {
    const rule = this.rule(name, busName);
    rule.state = state;
    this.arm(rule);
  }

  deleteRule(name: string, busName?: string) {
    const bus = this.bus(busName);
    const rule = bus.rules.get(name);
    if (!rule) return;
    if (rule.targets.size > 0) throw new AwsError('ValidationException', "Rule can't be deleted since it has targets.");
    if (rule.timer) clearTimeout(rule.timer);
    bus.rules.delete(name);
  }

  listRules(busName?: string, namePrefix = '') {
    return [...this.bus(busName).rules.values()].filter((r) => r.name.startsWith(namePrefix)).map(describeRule);
  }

  describeRule(name: string, busName?: string) {
    return { ...describeRule(this.rule(name, busName)), CreatedBy: this.options.accountId };
  }

  putTargets(ruleName: string, busName: string | undefined, targets: RuleTarget[]) {
    const rule = this.rule(ruleName, busName);
    const failed: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] = [];
    for (const target of targets) {
      const settings = [target.Input, target.InputPath, target.InputTransformer].filter((s) => s !== undefined);
      if (settings.length > 1) {
        failed.push({ TargetId: target.Id, ErrorCode: 'ValidationException', ErrorMessage: 'Only one of Input, InputPath, or InputTransformer must be provided.' });
        continue;
      }
      rule.targets.set(target.Id, target);
    }
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  removeTargets(ruleName: string, busName: string | undefined, ids: string[]) {
    const rule = this.rule(ruleName, busName);
    for (const id of ids) rule.targets.delete(id);
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  listTargets(ruleName: string, busName?: string) {
    return [...this.rule(ruleName, busName).targets.values()];
  }

  /** PutEvents: per-entry results in request order; matched events are handed to their targets. */
  async putEvents(entries: PutEventsRequestEntry[]): Promise<{ FailedEntryCount: number; Entries: PutEventsResultEntry[] }> {
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES_PER_REQUEST) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES_PER_REQUEST}`,
      );
    }
    if (entries.reduce((sum, e) => sum + entrySize(e), 0) > MAX_PUT_EVENTS_BYTES) {
      throw new AwsError('ValidationException', 'Total size of the entries in the request is over the limit.');
    }
    const now = this.now();
    const results: PutEventsResultEntry[] = [];
    const deliveries: Delivery[] = [];
    for (const entry of entries) {
      const checked = checkEntry(entry);
      if (!checked.ok) {
        results.push(checked.result);
        continue;
      }
      const bus = this.buses.get(busNameOf(entry.EventBusName));
      if (!bus) {
        results.push({ ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busNameOf(entry.EventBusName)} does not exist.` });
        continue;
      }
      const event = buildEvent(entry, checked.detail, { account: this.options.accountId, region: this.options.region, now });
      results.push({ EventId: event.id });
      deliveries.push(...this.route(bus, event, now));
    }
    await this.send(deliveries);
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  private route(bus: Bus, event: EventBridgeEvent, now: Date): Delivery[] {
    const deliveries: Delivery[] = [];
    for (const rule of bus.rules.values()) {
      if (rule.state === 'DISABLED' || !rule.matches?.(event)) continue;
      for (const target of rule.targets.values()) {
        deliveries.push({ rule, target, event, input: targetInput(target, event, rule, now) });
      }
    }
    return deliveries;
  }

  private async send(deliveries: Delivery[]) {
    if (deliveries.length === 0) return;
    this.pending += deliveries.length;
    try {
      await this.options.deliver(deliveries);
    } finally {
      this.pending -= deliveries.length;
    }
  }

  testEventPattern(pattern: string, eventJson: string): boolean {
    const reason = invalidPatternReason(pattern);
    if (reason) throw new AwsError('InvalidEventPatternException', reason);
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(eventJson) as Record<string, unknown>;
    } catch {
      throw new AwsError('ValidationException', 'Parameter Event is not valid.');
    }
    // TestEventPattern wants a whole event, envelope included.
    for (const field of ['id', 'account', 'source', 'time', 'region', 'detail-type']) {
      if (event[field] === undefined) throw new AwsError('ValidationException', `Parameter Event is not valid. Reason: Provided Event is missing required field ${field}.`);
    }
    return compilePattern(JSON.parse(pattern))(event);
  }

  /** Fire a scheduled rule now (as its timer would): a scheduled event to each of its targets. */
  async runScheduledRule(name: string): Promise<void> {
    const rule = this.rule(name, DEFAULT_BUS);
    const now = this.now();
    const event: EventBridgeEvent = {
      ...buildEvent({ Source: 'aws.events', DetailType: 'Scheduled Event' }, {}, { account: this.options.accountId, region: this.options.region, now }),
      resources: [rule.arn],
    };
    await this.send([...rule.targets.values()].map((target) => ({ rule, target, event, input: targetInput(target, event, rule, now) })));
  }

  private arm(rule: Rule) {
    if (rule.timer) clearTimeout(rule.timer);
    rule.timer = undefined;
    if (!rule.schedule || rule.state === 'DISABLED') return;
    const next = rule.schedule.next(this.now());
    if (!next) return;
    // Timers longer than ~24.8 days overflow; re-arm on the way.
    const delay = Math.min(next.getTime() - Date.now(), 2 ** 31 - 1);
    rule.timer = setTimeout(() => {
      const due = Date.now() >= next.getTime() - 5;
      const fired = due ? this.runScheduledRule(rule.name).catch(() => undefined) : Promise.resolve();
      void fired.finally(() => {
        if (this.buses.get(rule.busName)?.rules.get(rule.name) === rule) this.arm(rule);
      });
    }, Math.max(0, delay));
    rule.timer.unref();
  }

  /** Stop every schedule timer. */
  stop() {
    for (const bus of this.buses.values()) for (const rule of bus.rules.values()) if (rule.timer) clearTimeout(rule.timer);
  }
}

function describeRule(rule: Rule) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventBusName: rule.busName,
    State: rule.state,
    ...(rule.eventPattern ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
    ...(rule.description ? { Description: rule.description } : {}),
  };
}
