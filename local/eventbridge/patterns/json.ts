export type JsonObject = { [key: string]: unknown };
export type LeafValue = string | number | boolean | null;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isLeafValue(value: unknown): value is LeafValue {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Own properties only: an event key such as "constructor" must not reach Object.prototype. */
export function ownField(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** How EventBridge's JSON parser names an unexpected token in its messages ("]" when the array ended). */
export function tokenText(value: unknown): string {
  if (value === undefined) return ']';
  if (Array.isArray(value)) return '[';
  if (isJsonObject(value)) return '{';
  return String(value);
}

/** PutRule and PutEvents carry JSON text; callers may pass it as is. */
export function parseIfText(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
