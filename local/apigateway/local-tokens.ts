// Local stand-ins for Cognito ID tokens: RS256 JWTs signed with a key pair made on first use and kept
// under .local/auth/ (git-ignored), or passed in. verify() answers what API Gateway's Cognito user-pool
// authorizer would: the claims, every value a string as a REST API delivers them (cognito:groups
// comma-separated, exp and iat as dates), or nothing for a token the pool would refuse.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../shared/contracts/api/roles';

export type Claims = Record<string, string>;

export const LOCAL_ISSUER = 'https://cognito-idp.local/local_userpool';
export const LOCAL_CLIENT_ID = 'local-app-client';
const DEFAULT_KEY_DIR = fileURLToPath(new URL('../../.local/auth/', import.meta.url));
const KEY_FILE = 'local-token-signing-key.pem';

export type MintOptions = {
  groups: Role[];
  customerId?: string;
  subject?: string;
  ttlSeconds?: number;
  /** Cognito also issues access tokens; the authorizer (without scopes) accepts ID tokens only. */
  tokenUse?: 'id' | 'access';
  /** Further custom attributes, e.g. a member of staff's scope: { 'custom:branchId': 'BR-SH-002' }. */
  claims?: Record<`custom:${string}`, string>;
};

export type LocalTokens = {
  mint(options: MintOptions): string;
  verify(token: string): Claims | undefined;
  publicKeyPem: string;
};

/** The signing key: the one passed in, or the one under keyDir, made once even with racing processes. */
function signingKey(keyDir: string): KeyObject {
  const path = join(keyDir, KEY_FILE);
  try {
    return createPrivateKey(readFileSync(path, 'utf8'));
  } catch {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const temporary = `${path}.${process.pid}.${randomUUID()}`;
    writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    try {
      linkSync(temporary, path); // fails if another process made the key first: use theirs
    } catch {
      /* keep the existing key */
    } finally {
      rmSync(temporary, { force: true });
    }
    return createPrivateKey(readFileSync(path, 'utf8'));
  }
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** How the REST API authorizer renders a time claim: Java's Date#toString in UTC. */
export function authorizerDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const [weekday, day, month, year, time] = d.toUTCString().replace(',', '').split(' ').filter(Boolean) as string[];
  return `${weekday} ${month} ${day} ${time} UTC ${year}`;
}

export function localTokens(
  options: { keyDir?: string; privateKeyPem?: string; issuer?: string; clientId?: string; now?: () => number } = {},
): LocalTokens {
  const privateKey = options.privateKeyPem ? createPrivateKey(options.privateKeyPem) : signingKey(options.keyDir ?? DEFAULT_KEY_DIR);
  const publicKey = createPublicKey(privateKey);
  const issuer = options.issuer ?? LOCAL_ISSUER;
  const clientId = options.clientId ?? LOCAL_CLIENT_ID;
  const nowSeconds = () => Math.floor((options.now?.() ?? Date.now()) / 1000);

  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),

    mint({ groups, customerId, subject = randomUUID(), ttlSeconds = 3600, tokenUse = 'id', claims = {} }) {
      const iat = nowSeconds();
      const payload = {
        sub: subject,
        'cognito:groups': groups,
        ...claims,
        ...(customerId ? { 'custom:customerId': customerId } : {}),
        iss: issuer,
        [tokenUse === 'id' ? 'aud' : 'client_id']: clientId,
        token_use: tokenUse,
        auth_time: iat,
        iat,
        exp: iat + ttlSeconds,
        jti: randomUUID(),
      };
      const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'local' })}.${b64(payload)}`;
      return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
    },

    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return undefined;
      const [header, payload, signature] = parts as [string, string, string];
      try {
        if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'RS256') return undefined;
        if (!verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) return undefined;
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
        if (claims.iss !== issuer || claims.aud !== clientId || claims.token_use !== 'id') return undefined;
        if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds()) return undefined;
        const asAuthorizerSends: Claims = {};
        for (const [name, value] of Object.entries(claims)) {
          if (name === 'exp' || name === 'iat') asAuthorizerSends[name] = authorizerDate(value as number);
          else if (Array.isArray(value)) asAuthorizerSends[name] = value.join(',');
          else asAuthorizerSends[name] = String(value);
        }
        return asAuthorizerSends;
      } catch {
        return undefined;
      }
    },
  };
}
