// The EventBridge API actions the local endpoint answers, as the SDK calls them (AWSEvents.<Action>).
import { AwsError } from './aws-error';
import type { EventBuses, RuleState, RuleTarget } from './event-buses';
import type { PutEventsRequestEntry } from './put-events-entry';

type Input = Record<string, unknown>;
type Operation = (buses: EventBuses, input: Input) => unknown;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const operations: Record<string, Operation> = {
  PutEvents: (buses, input) => buses.putEvents((input.Entries ?? []) as PutEventsRequestEntry[]),
  PutRule: (buses, input) => ({
    RuleArn: buses.putRule({
      Name: String(input.Name ?? ''),
      EventBusName: str(input.EventBusName),
      EventPattern: str(input.EventPattern),
      ScheduleExpression: str(input.ScheduleExpression),
      State: str(input.State) as RuleState | undefined,
      Description: str(input.Description),
    }),
  }),
  DescribeRule: (buses, input) => buses.describeRule(String(input.Name), str(input.EventBusName)),
  DeleteRule: (buses, input) => {
    buses.deleteRule(String(input.Name), str(input.EventBusName));
    return {};
  },
  EnableRule: (buses, input) => {
    buses.setRuleState(String(input.Name), str(input.EventBusName), 'ENABLED');
    return {};
  },
  DisableRule: (buses, input) => {
    buses.setRuleState(String(input.Name), str(input.EventBusName), 'DISABLED');
    return {};
  },
  ListRules: (buses, input) => ({ Rules: buses.listRules(str(input.EventBusName), str(input.NamePrefix)) }),
  PutTargets: (buses, input) => buses.putTargets(String(input.Rule), str(input.EventBusName), (input.Targets ?? []) as RuleTarget[]),
  RemoveTargets: (buses, input) => buses.removeTargets(String(input.Rule), str(input.EventBusName), (input.Ids ?? []) as string[]),
  ListTargetsByRule: (buses, input) => ({ Targets: buses.listTargets(String(input.Rule), str(input.EventBusName)) }),
  TestEventPattern: (buses, input) => ({ Result: buses.testEventPattern(String(input.EventPattern ?? ''), String(input.Event ?? '')) }),
  CreateEventBus: (buses, input) => ({ EventBusArn: buses.createBus(String(input.Name)) }),
  DescribeEventBus: (buses, input) => buses.describeBus(str(input.Name)),
  ListEventBuses: (buses) => ({ EventBuses: buses.listBuses() }),
};

export function runOperation(buses: EventBuses, target: string | undefined, input: Input): unknown {
  const action = target?.startsWith('AWSEvents.') ? target.slice('AWSEvents.'.length) : undefined;
  const operation = action ? operations[action] : undefined;
  if (!operation) throw new AwsError('UnknownOperationException', `Operation ${target ?? '(none)'} is not supported by the local EventBridge`);
  return operation(buses, input);
}
