// Decoding Fineract's wire format: the MessageV1 envelope, payloads under their dataschema, bulk
// messages unpacked, and every kind of bad input refused with a reason that names no value.
import { describe, expect, it } from 'vitest';
import { avroType, decodeFineractMessage, encodeFineractMessage, FINERACT_RELEASE, MESSAGE_SCHEMA } from '../../../shared/fineract/adapters/fineract-wire';
import { toMinorUnits, decimalOf } from '../../../shared/fineract/domain/decimal';
import { clientData, envelopeOf, fineractBulkMessage, fineractMessage, savingsTransactionData } from '../../../local/simulator/fineract-messages';

const deposit = { schema: 'savingsTransaction' as const, type: 'SavingsDepositBusinessEvent', id: 41, payload: savingsTransactionData({ id: 9, accountId: 5, kind: 'deposit', amount: '1250.50' }) };

describe('Fineract wire format', () => {
  it('decodes the envelope and the payload named by dataschema', () => {
    const result = decodeFineractMessage(fineractMessage(deposit));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [event] = result.events;
    expect(event).toMatchObject({ kind: 'decoded', type: 'SavingsDepositBusinessEvent', category: 'SAVINGS', tenantId: 'default', sequence: 41, dataschema: 'org.apache.fineract.avro.savings.v1.SavingsAccountTransactionDataV1' });
    if (event?.kind !== 'decoded') return;
    expect(event.payload.id).toBe(9);
    expect(event.payload.amount).toEqual({ unscaled: 125050000000n, scale: 8 });
  });

  it('is the schema of the release it says', () => {
    expect(FINERACT_RELEASE).toBe('1.10.1');
    expect(avroType(MESSAGE_SCHEMA)?.name).toBe(MESSAGE_SCHEMA);
  });

  it('unpacks a bulk message into its items, each with its own id and a key of its own', () => {
    const bytes = fineractBulkMessage(100, [
      { schema: 'client', type: 'ClientCreateBusinessEvent', id: 101, payload: clientData({ id: 7 }) },
      { ...deposit, id: 102 },
    ]);
    const result = decodeFineractMessage(bytes);
    expect(result.ok && result.events.map((e) => [e.type, e.sequence, e.key])).toEqual([
      ['ClientCreateBusinessEvent', 101, '00000000-0000-4000-8000-000000000100.101'],
      ['SavingsDepositBusinessEvent', 102, '00000000-0000-4000-8000-000000000100.102'],
    ]);
  });

  it('passes a Fineract schema it does not decode through as not decoded, to be counted', () => {
    const bytes = encodeFineractMessage({ ...envelopeOf(deposit), dataschema: 'org.apache.fineract.avro.MessageV1' }, { ...envelopeOf(deposit), data: Buffer.alloc(0) });
    // MessageV1 as a payload is not a business schema: refused.
    expect(decodeFineractMessage(bytes)).toEqual({ ok: false, reason: expect.stringContaining('dataschema org.apache.fineract.avro.MessageV1 is not a schema of Fineract 1.10.1') });
    const share = avroType(MESSAGE_SCHEMA)!.toBuffer({ ...envelopeOf(deposit), type: 'ShareAccountCreateBusinessEvent', dataschema: 'org.apache.fineract.avro.share.v1.ShareAccountDataV1', data: Buffer.from([1, 2, 3]) });
    expect(decodeFineractMessage(share)).toMatchObject({ ok: true, events: [{ kind: 'notDecoded', type: 'ShareAccountCreateBusinessEvent' }] });
  });

  it('refuses an unknown dataschema, naming it', () => {
    const bytes = avroType(MESSAGE_SCHEMA)!.toBuffer({ ...envelopeOf(deposit), dataschema: 'org.example.NotFineractV9', data: Buffer.from([0]) });
    expect(decodeFineractMessage(bytes)).toEqual({ ok: false, reason: 'dataschema org.example.NotFineractV9 is not a schema of Fineract 1.10.1 that the adapter decodes' });
  });

  it('refuses bytes that are not Avro, a truncated envelope, a truncated payload and trailing bytes', () => {
    const good = fineractMessage(deposit);
    expect(decodeFineractMessage(Buffer.from('{"json":"is not avro"}'))).toEqual({ ok: false, reason: expect.stringMatching(/^message is (truncated|not a MessageV1)/) });
    expect(decodeFineractMessage(good.subarray(0, good.length - 5))).toEqual({ ok: false, reason: expect.stringContaining('message is truncated') });
    const payload = avroType('org.apache.fineract.avro.savings.v1.SavingsAccountTransactionDataV1')!.toBuffer(deposit.payload);
    const truncated = avroType(MESSAGE_SCHEMA)!.toBuffer({ ...envelopeOf(deposit), data: payload.subarray(0, payload.length - 4) });
    expect(decodeFineractMessage(truncated)).toEqual({ ok: false, reason: expect.stringMatching(/^data (is truncated|is not Avro)/) });
    expect(decodeFineractMessage(Buffer.concat([good, Buffer.from([0, 0])]))).toEqual({ ok: false, reason: 'message has 2 bytes after the end of org.apache.fineract.avro.MessageV1' });
  });

  it('refuses a wrong envelope: another record where MessageV1 belongs, or an empty field', () => {
    const notEnvelope = avroType('org.apache.fineract.avro.savings.v1.SavingsAccountTransactionDataV1')!.toBuffer(deposit.payload);
    expect(decodeFineractMessage(notEnvelope).ok).toBe(false);
    const emptyTenant = avroType(MESSAGE_SCHEMA)!.toBuffer({ ...envelopeOf(deposit), tenantId: '', data: Buffer.alloc(0) });
    expect(decodeFineractMessage(emptyTenant)).toEqual({ ok: false, reason: 'envelope field tenantId is empty' });
  });

  it('a bad bulk item fails the message, naming the item', () => {
    const bytes = fineractBulkMessage(100, [{ ...deposit, id: 102 }]);
    // Corrupt the last byte of the only item's data: the bulk still decodes, the item does not.
    const decodedOk = decodeFineractMessage(bytes);
    expect(decodedOk.ok).toBe(true);
    const envelope = avroType(MESSAGE_SCHEMA)!.fromBuffer(bytes) as { data: Buffer };
    const bulk = avroType('org.apache.fineract.avro.BulkMessagePayloadV1')!.fromBuffer(envelope.data) as { datas: { data: Buffer }[] };
    bulk.datas[0]!.data = bulk.datas[0]!.data.subarray(0, 3);
    const broken = avroType(MESSAGE_SCHEMA)!.toBuffer({ ...envelope, data: avroType('org.apache.fineract.avro.BulkMessagePayloadV1')!.toBuffer(bulk) });
    expect(decodeFineractMessage(broken)).toEqual({ ok: false, reason: expect.stringMatching(/^bulk item 0: data is (truncated|not Avro)/) });
  });
});

describe('Fineract decimals', () => {
  it('converts scale-8 decimals to minor units exactly, half-even', () => {
    expect(toMinorUnits(decimalOf('1250.50'), 2)).toBe(125050);
    expect(toMinorUnits(decimalOf('0.005'), 2)).toBe(0);
    expect(toMinorUnits(decimalOf('0.015'), 2)).toBe(2);
    expect(toMinorUnits(decimalOf('-0.015'), 2)).toBe(-2);
    expect(toMinorUnits(decimalOf('12345678901.23456789'), 0)).toBe(12345678901);
    expect(toMinorUnits(decimalOf('1000'), 3)).toBe(1000000);
    // 0.1 + 0.2 in floating point is not 0.3; in decimals it is.
    expect(toMinorUnits({ unscaled: decimalOf('0.1').unscaled + decimalOf('0.2').unscaled, scale: 8 }, 2)).toBe(30);
  });

  it('round-trips negative and large decimals through Avro bytes', () => {
    const type = avroType('org.apache.fineract.avro.loan.v1.LoanAmountDataV1')!;
    for (const text of ['-1', '-128', '127.99999999', '-99999999999.99999999', '0']) {
      const value = type.fromBuffer(type.toBuffer({ totalAmount: decimalOf(text) })) as { totalAmount: unknown };
      expect(value.totalAmount).toEqual(decimalOf(text));
    }
  });
});
