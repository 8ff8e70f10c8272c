// What a target receives for an event: the event itself, or what the target's Input, InputPath or
// InputTransformer makes of it.
import { readJsonPath } from './json-path';
import type { EventBridgeEvent } from './put-events-entry';

export type InputTransformer = { InputPathsMap?: Record<string, string>; InputTemplate: string };

export type TargetInputSettings = {
  Input?: string;
  InputPath?: string;
  InputTransformer?: InputTransformer;
};

export type RuleIdentity = { name: string; arn: string };

export function targetInput(settings: TargetInputSettings, event: EventBridgeEvent, rule: RuleIdentity, ingestionTime = new Date()): string {
  if (settings.Input !== undefined) return settings.Input;
  if (settings.InputPath !== undefined) return JSON.stringify(readJsonPath(event, settings.InputPath) ?? null);
  if (settings.InputTransformer) return transform(settings.InputTransformer, event, rule, ingestionTime);
  return JSON.stringify(event);
}

function transform({ InputPathsMap = {}, InputTemplate }: InputTransformer, event: EventBridgeEvent, rule: RuleIdentity, ingestionTime: Date): string {
  const values: Record<string, unknown> = {
    'aws.events.rule-arn': rule.arn,
    'aws.events.rule-name': rule.name,
    'aws.events.event.ingestion-time': ingestionTime.toISOString(),
    'aws.events.event': event,
    'aws.events.event.json': event,
  };
  for (const [name, path] of Object.entries(InputPathsMap)) values[name] = readJsonPath(event, path);

  // A placeholder inside a JSON string takes the value's text (a string's characters, escaped so the
  // output stays valid JSON); anywhere else it takes the value's JSON. Unknown names stay as written.
  let out = '';
  let inString = false;
  for (let i = 0; i < InputTemplate.length; i++) {
    const c = InputTemplate[i]!;
    if (c === '\\' && inString) {
      out += c + (InputTemplate[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    const placeholder = c === '<' ? /^<([^<>\s]+)>/.exec(InputTemplate.slice(i)) : null;
    if (!placeholder || !Object.hasOwn(values, placeholder[1]!)) {
      out += c;
      continue;
    }
    const value = values[placeholder[1]!];
    const json = value === undefined ? 'null' : JSON.stringify(value);
    out += inString ? JSON.stringify(typeof value === 'string' ? value : json).slice(1, -1) : json;
    i += placeholder[0].length - 1;
  }
  return out;
}
