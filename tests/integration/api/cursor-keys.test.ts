// The cursor key ring as the API functions read it: over HTTP from the Parameters and Secrets extension
// (here the local runtime's, which answers as the extension does), cached, and following a rotation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorKeySource } from '../../../shared/adapters/cursor-keys';
import { decodeCursor, encodeCursor, useCursorKeys } from '../../../shared/http/cursor';
import { startSecretsExtension, type SecretsExtension } from '../../../local/runtime/secrets';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:crm-cursor-key-AbCdEf';
const value = (fill: string) => fill.repeat(64);

describe('cursor keys from the secrets extension', () => {
  let extension: SecretsExtension;
  let clock = 0;
  const env = () => ({ CURSOR_KEY_SECRET_ID: ARN, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extension.port), AWS_SESSION_TOKEN: 'session' });

  beforeAll(async () => {
    const version = { id: 'v1', value: value('a'), created: new Date() };
    extension = await startSecretsExtension([{ logicalId: 'CursorKey', arn: ARN, name: 'crm-cursor-key', current: version }], 'session');
  });
  afterAll(() => extension.stop());

  it('is absent for a function without CURSOR_KEY_SECRET_ID (not paginated, or in-process)', () => {
    expect(cursorKeySource({})).toBeUndefined();
  });

  it('reads AWSCURRENT, and no previous key before the first rotation', async () => {
    const ring = await cursorKeySource(env(), () => clock)!();
    expect(Buffer.from(ring.current).toString()).toBe(value('a'));
    expect(ring.previous).toBeUndefined();
  });

  it('keeps the ring for five minutes, then follows a rotation: cursors signed before still check', async () => {
    const keys = cursorKeySource(env(), () => clock)!;
    useCursorKeys(await keys());
    const before = encodeCursor('TL#2026-11-03', 'C-1');
    extension.rotate('CursorKey');
    clock += 60_000;
    expect(Buffer.from((await keys()).current).toString()).toBe(value('a'));
    clock += 5 * 60_000;
    const rotated = await keys();
    expect(Buffer.from(rotated.previous!).toString()).toBe(value('a'));
    expect(Buffer.from(rotated.current).toString()).not.toBe(value('a'));
    useCursorKeys(rotated);
    expect(decodeCursor(before, 'C-1')).toBe('TL#2026-11-03');
  });

  it('fails without the session token (the extension refuses it), and does not cache the failure', async () => {
    const variables = { ...env(), AWS_SESSION_TOKEN: 'other' };
    const keys = cursorKeySource(variables, () => clock)!;
    await expect(keys()).rejects.toThrow(/HTTP 401/);
    variables.AWS_SESSION_TOKEN = 'session';
    await expect(keys()).resolves.toHaveProperty('current');
  });

  it('fails for a secret that does not exist', async () => {
    await expect(cursorKeySource({ ...env(), CURSOR_KEY_SECRET_ID: `${ARN}x` }, () => clock)!()).rejects.toThrow(/HTTP 400/);
  });
});
