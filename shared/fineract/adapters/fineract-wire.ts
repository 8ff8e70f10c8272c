// Fineract's wire format, read exactly: the MessageV1 envelope, then its payload bytes under the schema
// its `dataschema` names; a BulkMessageV1 (dataschema BulkMessagePayloadV1) is unpacked into its items.
// Independent of the transport: a JMS BytesMessage body and a Kafka record value are the same bytes.
// Reasons name fields and schemas, never values: a payload holds personal data.
// avsc's types-only entry (its documented browser entry, plain CommonJS that runs on Node alike): the
// adapter decodes with Type.forSchema and one logical type, never avsc's RPC services, container files or
// IDL specs, which are 46 KB of the default entry and would put the bundle over its budget.
import * as avscTypes from 'avsc/etc/browser/avsc-types';
import type { Decimal } from '../domain/decimal';
import { decodedSchemas, publishedSchemas } from '../schemas';
// A named import, so the bundle keeps this key, not the provenance of every schema file.
import { release } from '../schemas/sources.json';

// A CommonJS module: Node's ESM loader (scripts run with tsx) puts its exports under `default`, a bundler
// on the namespace itself. Either way the same object.
const avro = ((avscTypes as { default?: typeof avscTypes }).default ?? avscTypes) as typeof avscTypes;

const NS = 'org.apache.fineract.avro.';
export const MESSAGE_SCHEMA = `${NS}MessageV1`;
export const BULK_PAYLOAD_SCHEMA = `${NS}BulkMessagePayloadV1`;
/** The Fineract release whose schemas are decoded (shared/fineract/schemas/sources.json). */
export const FINERACT_RELEASE = release;

/** Avro `decimal` (Fineract's "bigdecimal": bytes, precision 20, scale 8) as an exact Decimal. */
class DecimalType extends avro.types.LogicalType {
  private readonly scale: number;
  constructor(schema: avscTypes.Schema, opts?: object) {
    super(schema, opts);
    this.scale = (schema as { scale?: number }).scale ?? 0;
  }
  override _fromValue(bytes: Buffer): Decimal {
    // Two's-complement big-endian unscaled value.
    let unscaled = bytes.length > 0 ? BigInt(`0x${bytes.toString('hex')}`) : 0n;
    if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0) unscaled -= 1n << BigInt(bytes.length * 8);
    return { unscaled, scale: this.scale };
  }
  override _toValue(value: Decimal): Buffer {
    if (value.scale !== this.scale) throw new Error(`decimal of scale ${value.scale} where the schema has ${this.scale}`);
    let n = value.unscaled;
    const out: number[] = [];
    for (;;) {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
      const sign = out[0]! & 0x80;
      if ((n === 0n && sign === 0) || (n === -1n && sign !== 0)) break;
    }
    return Buffer.from(out);
  }
  override _resolve(type: avscTypes.Type) {
    if (avro.Type.isType(type, 'logical:decimal')) return (v: Decimal) => v;
    return undefined;
  }
}

// Compiled on first use, not at import: avsc generates code for each of the 59 types, which is the
// bulk of a cold start, and Lambda's init phase is capped at 10 s while the invocation has its timeout.
let compiled: Record<string, avscTypes.Type> | undefined;
function types(): Record<string, avscTypes.Type> {
  if (compiled) return compiled;
  const registry: Record<string, avscTypes.Type> = {};
  for (const schema of decodedSchemas) {
    // 'auto' leaves Fineract's ["null", X] unions as plain values (null or X).
    avro.Type.forSchema(schema as avscTypes.Schema, { registry, logicalTypes: { decimal: DecimalType }, wrapUnions: 'auto' });
  }
  return (compiled = registry);
}
const published = new Set<string>(publishedSchemas);

/** The schema of one Fineract dataschema name, if the adapter decodes it. */
export const avroType = (fullName: string): avscTypes.Type | undefined => types()[fullName];

export type FineractEnvelope = {
  id: number;
  source: string;
  type: string;
  category: string;
  createdAt: string;
  businessDate: string;
  tenantId: string;
  idempotencyKey: string;
  dataschema: string;
};

/**
 * One business event out of a message. `sequence` is Fineract's external-event id (the envelope's, or
 * the bulk item's); `key` is unique per event: the idempotency key, qualified by the item id in a bulk.
 */
export type FineractEvent = Omit<FineractEnvelope, 'id'> & { sequence: number; key: string };

export type DecodedEvent =
  | (FineractEvent & { kind: 'decoded'; payload: Record<string, unknown> })
  /** A schema of Fineract's that carries nothing the layer keeps (groups, products, shares…). */
  | (FineractEvent & { kind: 'notDecoded' });

export type DecodeResult = { ok: true; events: DecodedEvent[] } | { ok: false; reason: string };

/** A schema name as safe to put in a reason (names only; at most 120 characters of [A-Za-z0-9._]). */
const nameForReason = (name: string) => (/^[A-Za-z0-9._]{1,120}$/.test(name) ? name : '(not a schema name)');

function decodeExactly(type: avscTypes.Type, bytes: Buffer, what: string): { value: unknown } | { reason: string } {
  let decoded: { value: unknown; offset: number };
  try {
    decoded = type.decode(bytes, 0);
  } catch {
    return { reason: `${what} is not Avro of ${type.name ?? 'its schema'}` };
  }
  if (decoded.offset < 0) return { reason: `${what} is truncated: fewer bytes than ${type.name ?? 'its schema'} needs` };
  if (decoded.offset !== bytes.length) return { reason: `${what} has ${bytes.length - decoded.offset} bytes after the end of ${type.name ?? 'its schema'}` };
  return { value: decoded.value };
}

function decodePayload(event: FineractEvent, data: Buffer, where: string): DecodedEvent | { reason: string } {
  const registry = types();
  const type = registry[event.dataschema];
  if (!type || event.dataschema === MESSAGE_SCHEMA || event.dataschema === BULK_PAYLOAD_SCHEMA) {
    if (published.has(event.dataschema) && event.dataschema !== MESSAGE_SCHEMA && event.dataschema !== BULK_PAYLOAD_SCHEMA)
      return { ...event, kind: 'notDecoded' };
    return { reason: `${where}dataschema ${nameForReason(event.dataschema)} is not a schema of Fineract ${FINERACT_RELEASE} that the adapter decodes` };
  }
  const payload = decodeExactly(type, data, `${where}data`);
  if ('reason' in payload) return payload;
  return { ...event, kind: 'decoded', payload: payload.value as Record<string, unknown> };
}

const ENVELOPE_TEXT_FIELDS = ['source', 'type', 'category', 'createdAt', 'businessDate', 'tenantId', 'idempotencyKey', 'dataschema'] as const;

/** Decodes one MessageV1 (the bytes of a JMS BytesMessage or a Kafka record value). */
export function decodeFineractMessage(bytes: Uint8Array): DecodeResult {
  const registry = types();
  const envelopeType = registry[MESSAGE_SCHEMA]!;
  const envelope = decodeExactly(envelopeType, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'message');
  if ('reason' in envelope) return { ok: false, reason: envelope.reason.replace('message is not Avro', 'message is not a MessageV1 envelope (Avro)') };
  const m = envelope.value as FineractEnvelope & { data: Buffer };
  for (const field of ENVELOPE_TEXT_FIELDS) if (m[field].length === 0) return { ok: false, reason: `envelope field ${field} is empty` };
  const { id, data, ...rest } = m;
  const event: FineractEvent = { ...rest, sequence: id, key: m.idempotencyKey };

  if (m.dataschema !== BULK_PAYLOAD_SCHEMA) {
    const one = decodePayload(event, data, '');
    return 'reason' in one ? { ok: false, reason: one.reason } : { ok: true, events: [one] };
  }
  const bulk = decodeExactly(registry[BULK_PAYLOAD_SCHEMA]!, data, 'bulk data');
  if ('reason' in bulk) return { ok: false, reason: bulk.reason };
  const items = (bulk.value as { datas: { id: number; type: string; category: string; dataschema: string; data: Buffer }[] }).datas;
  const events: DecodedEvent[] = [];
  for (const [i, item] of items.entries()) {
    const one = decodePayload(
      { ...event, sequence: item.id, key: `${m.idempotencyKey}.${item.id}`, type: item.type, category: item.category, dataschema: item.dataschema },
      item.data,
      `bulk item ${i}: `,
    );
    // One bad item fails the whole message: its items were raised together and go to the DLQ together.
    if ('reason' in one) return { ok: false, reason: one.reason };
    events.push(one);
  }
  return { ok: true, events };
}

/** Encodes a MessageV1 (tests, the simulator, the benchmark: the bytes Fineract's producer writes). */
export function encodeFineractMessage(envelope: FineractEnvelope, payload: unknown): Buffer {
  const registry = types();
  const type = registry[envelope.dataschema];
  if (!type) throw new Error(`no schema ${envelope.dataschema}`);
  return registry[MESSAGE_SCHEMA]!.toBuffer({ ...envelope, data: type.toBuffer(payload) });
}

/** Encodes a BulkMessageV1 of items already encoded with their own schemas. */
export function encodeBulkMessage(
  envelope: Omit<FineractEnvelope, 'dataschema' | 'type' | 'category'>,
  items: { id: number; type: string; category: string; dataschema: string; payload: unknown }[],
): Buffer {
  const registry = types();
  const datas = items.map(({ payload, ...item }) => ({ ...item, data: registry[item.dataschema]!.toBuffer(payload) }));
  return registry[MESSAGE_SCHEMA]!.toBuffer({
    ...envelope,
    type: 'BulkBusinessEvent',
    category: 'BULK',
    dataschema: BULK_PAYLOAD_SCHEMA,
    data: registry[BULK_PAYLOAD_SCHEMA]!.toBuffer({ datas }),
  });
}
