// The template's event buses and rules, put on the local EventBridge as CloudFormation would create
// them: a rule the local EventBridge refuses (an invalid pattern) fails the start, as it fails a deploy.
import type { EventBuses, RuleState, RuleTarget } from '../eventbridge/event-buses';
import type { LocalResources } from './local-resources';
import { resourcesOfType, type CfnTemplate } from './template';

export type BusSetup = { buses: string[]; rules: { logicalId: string; name: string; busName: string }[]; archives: string[] };

export function configureEventBuses(template: CfnTemplate, resources: LocalResources, buses: EventBuses): BusSetup {
  const setup: BusSetup = { buses: [], rules: [], archives: [] };
  for (const { logicalId } of resourcesOfType(template, 'AWS::Events::EventBus')) {
    const name = resources.physicalName(logicalId);
    buses.createBus(name);
    setup.buses.push(name);
  }
  for (const { logicalId, resource } of resourcesOfType(template, 'AWS::Events::Rule')) {
    const p = resources.resolve<{
      EventPattern?: unknown;
      ScheduleExpression?: string;
      State?: RuleState;
      Description?: string;
      Targets?: RuleTarget[];
    }>(resource.Properties ?? {});
    const name = resources.physicalName(logicalId);
    const busName = resources.ruleBusName(logicalId);
    try {
      buses.putRule({
        Name: name,
        EventBusName: busName,
        EventPattern: p.EventPattern === undefined ? undefined : typeof p.EventPattern === 'string' ? p.EventPattern : JSON.stringify(p.EventPattern),
        ScheduleExpression: p.ScheduleExpression,
        State: p.State,
        Description: p.Description,
      });
    } catch (error) {
      throw new Error(`Rule ${logicalId} (${name}): ${(error as Error).message}`);
    }
    if (p.Targets?.length) {
      const out = buses.putTargets(name, busName, p.Targets);
      if (out.FailedEntryCount > 0) throw new Error(`Rule ${logicalId}: targets refused: ${JSON.stringify(out.FailedEntries)}`);
    }
    setup.rules.push({ logicalId, name, busName });
  }
  // Archives keep events for replay in AWS; locally nothing is archived.
  setup.archives = resourcesOfType(template, 'AWS::Events::Archive').map(({ logicalId }) => logicalId);
  return setup;
}
