// Resolves CloudFormation intrinsic functions (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, ...)
// in a template value, against the names, URLs and ARNs the local runtime gave each resource.
import type { CfnTemplate } from './template';

export type IntrinsicContext = {
  region: string;
  accountId: string;
  partition: string;
  stackName: string;
  urlSuffix: string;
  template: CfnTemplate;
  /** What `Ref` of a resource returns (a name, a URL, an ARN: it depends on the resource type). */
  ref: (logicalId: string) => unknown;
  getAtt: (logicalId: string, attribute: string) => unknown;
};

export class IntrinsicError extends Error {
  override name = 'IntrinsicError';
}

/** AWS::NoValue: the property it stands for is removed, as CloudFormation does. */
const NO_VALUE = Symbol('AWS::NoValue');

export function resolveIntrinsics(value: unknown, ctx: IntrinsicContext): unknown {
  const resolved = resolve(value, ctx);
  return resolved === NO_VALUE ? undefined : resolved;
}

function resolve(value: unknown, ctx: IntrinsicContext): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, ctx)).filter((v) => v !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    if (key === 'Ref') return ref(String(arg), ctx);
    if (key === 'Condition' && typeof arg === 'string') return condition(arg, ctx);
    if (key.startsWith('Fn::')) return intrinsic(key, arg, ctx);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    const r = resolve(v, ctx);
    // defineProperty: a key named __proto__ is data here, not the object's prototype.
    if (r !== NO_VALUE) Object.defineProperty(out, key, { value: r, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function ref(name: string, ctx: IntrinsicContext): unknown {
  switch (name) {
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::Partition':
      return ctx.partition;
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::StackId':
      return `arn:${ctx.partition}:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/local`;
    case 'AWS::URLSuffix':
      return ctx.urlSuffix;
    case 'AWS::NoValue':
      return NO_VALUE;
    case 'AWS::NotificationARNs':
      return [];
  }
  const parameter = ctx.template.Parameters?.[name];
  if (parameter) {
    if (parameter.Default === undefined) throw new IntrinsicError(`Parameter ${name} has no default value`);
    return parameter.Default;
  }
  if (ctx.template.Resources?.[name]) return ctx.ref(name);
  throw new IntrinsicError(`Ref to unknown resource or parameter '${name}'`);
}

function getAtt(logicalId: string, attribute: string, ctx: IntrinsicContext): unknown {
  if (!ctx.template.Resources?.[logicalId]) throw new IntrinsicError(`Fn::GetAtt of unknown resource '${logicalId}'`);
  return ctx.getAtt(logicalId, attribute);
}

const asString = (v: unknown, fn: string): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new IntrinsicError(`${fn} expects a string, got ${JSON.stringify(v)}`);
};

const asArray = (v: unknown, fn: string): unknown[] => {
  if (Array.isArray(v)) return v;
  throw new IntrinsicError(`${fn} expects a list, got ${JSON.stringify(v)}`);
};

function intrinsic(fn: string, arg: unknown, ctx: IntrinsicContext): unknown {
  switch (fn) {
    case 'Fn::GetAtt': {
      const [logicalId, ...path] = typeof arg === 'string' ? arg.split('.') : asArray(arg, fn).map((a) => asString(resolve(a, ctx), fn));
      return getAtt(String(logicalId), path.join('.'), ctx);
    }
    case 'Fn::Join': {
      const [delimiter, list] = asArray(arg, fn);
      return asArray(resolve(list, ctx), fn)
        .map((v) => asString(v, fn))
        .join(asString(delimiter, fn));
    }
    case 'Fn::Select': {
      const [index, list] = asArray(arg, fn);
      const items = asArray(resolve(list, ctx), fn);
      const i = Number(resolve(index, ctx));
      if (!Number.isInteger(i) || i < 0 || i >= items.length) throw new IntrinsicError(`Fn::Select index ${i} out of range`);
      return items[i];
    }
    case 'Fn::Split': {
      const [delimiter, source] = asArray(arg, fn);
      return asString(resolve(source, ctx), fn).split(asString(delimiter, fn));
    }
    case 'Fn::Sub':
      return sub(arg, ctx);
    case 'Fn::If': {
      const [name, whenTrue, whenFalse] = asArray(arg, fn);
      return condition(asString(name, fn), ctx) ? resolve(whenTrue, ctx) : resolve(whenFalse, ctx);
    }
    case 'Fn::Equals': {
      const [a, b] = asArray(arg, fn).map((v) => resolve(v, ctx));
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not':
      return !truthy(asArray(arg, fn)[0], ctx);
    case 'Fn::And':
      return asArray(arg, fn).every((c) => truthy(c, ctx));
    case 'Fn::Or':
      return asArray(arg, fn).some((c) => truthy(c, ctx));
    case 'Fn::FindInMap': {
      const [map, top, second] = asArray(arg, fn).map((v) => asString(resolve(v, ctx), fn));
      const found = ctx.template.Mappings?.[map!]?.[top!]?.[second!];
      if (found === undefined) throw new IntrinsicError(`Fn::FindInMap found nothing at ${map}.${top}.${second}`);
      return found;
    }
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((zone) => `${ctx.region}${zone}`);
    case 'Fn::Base64':
      return Buffer.from(asString(resolve(arg, ctx), fn)).toString('base64');
    case 'Fn::ToJsonString':
      return JSON.stringify(resolve(arg, ctx));
    case 'Fn::Length':
      return asArray(resolve(arg, ctx), fn).length;
    default:
      // Fn::ImportValue and friends name things outside this stack: nothing local can answer them.
      throw new IntrinsicError(`${fn} is not supported by the local runtime`);
  }
}

function truthy(value: unknown, ctx: IntrinsicContext): boolean {
  const r = resolve(value, ctx);
  if (typeof r !== 'boolean') throw new IntrinsicError(`A condition must be true or false, got ${JSON.stringify(r)}`);
  return r;
}

function condition(name: string, ctx: IntrinsicContext): boolean {
  const definition = ctx.template.Conditions?.[name];
  if (definition === undefined) throw new IntrinsicError(`Unknown condition '${name}'`);
  return truthy(definition, ctx);
}

function sub(arg: unknown, ctx: IntrinsicContext): string {
  const [text, variables] = typeof arg === 'string' ? [arg, {}] : (asArray(arg, 'Fn::Sub') as [unknown, unknown]);
  const locals = (resolve(variables ?? {}, ctx) ?? {}) as Record<string, unknown>;
  // ${!Literal} stands for the text ${Literal}; ${Name} and ${Name.Attribute} are looked up.
  return asString(text, 'Fn::Sub').replace(/\$\{(!?)([^}]*)\}/g, (_, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    const trimmed = name.trim();
    if (Object.hasOwn(locals, trimmed)) return asString(locals[trimmed], 'Fn::Sub');
    const dot = trimmed.indexOf('.');
    if (dot > 0 && !trimmed.startsWith('AWS::')) {
      return asString(getAtt(trimmed.slice(0, dot), trimmed.slice(dot + 1), ctx), 'Fn::Sub');
    }
    return asString(ref(trimmed, ctx), 'Fn::Sub');
  });
}
