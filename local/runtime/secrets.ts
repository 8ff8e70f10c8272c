// Secrets Manager secrets as the template declares them, served the way the AWS Parameters and Secrets
// Lambda Extension serves them inside a function: `GET /secretsmanager/get?secretId=…&versionStage=…`
// with the `X-Aws-Parameters-Secrets-Token` header (the function's session token), answering
// GetSecretValue's JSON. Handlers read secrets through that endpoint only, so they have no local code
// path: the runtime points PARAMETERS_SECRETS_EXTENSION_HTTP_PORT at this server.
//
// A secret with GenerateSecretString gets a random value per run, as CloudFormation generates one per
// stack; `rotate` moves AWSCURRENT to AWSPREVIOUS as a rotation's finishSecret step does.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalResources } from './local-resources';
import { resourcesOfType, type CfnTemplate } from './template';

type Version = { id: string; value: string; created: Date };
export type LocalSecret = { logicalId: string; arn: string; name: string; current: Version; previous?: Version };

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** A value as GenerateSecretString describes it (length, punctuation), from a CSPRNG. */
function generated(options: { PasswordLength?: number; ExcludePunctuation?: boolean }): string {
  const alphabet = ALPHANUMERIC + (options.ExcludePunctuation ? '' : PUNCTUATION);
  const length = options.PasswordLength ?? 32;
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

const version = (value: string): Version => ({ id: randomUUID(), value, created: new Date() });

export function secretDefinitions(template: CfnTemplate, resources: LocalResources): LocalSecret[] {
  return resourcesOfType(template, 'AWS::SecretsManager::Secret').map(({ logicalId, resource }) => {
    const p = resources.resolve<Record<string, any>>(resource.Properties ?? {});
    const value = typeof p.SecretString === 'string' ? p.SecretString : generated(p.GenerateSecretString ?? {});
    return { logicalId, arn: resources.ref(logicalId) as string, name: resources.physicalName(logicalId), current: version(value) };
  });
}

export type SecretsExtension = { port: number; secrets: LocalSecret[]; rotate(logicalId: string): void; stop(): Promise<void> };

export async function startSecretsExtension(secrets: LocalSecret[], sessionToken: string): Promise<SecretsExtension> {
  const problem = (status: number, type: string, message: string) => ({ status, body: { __type: type, message } });
  const answer = (url: URL, token: string | undefined) => {
    // The extension refuses a request without the function's token (its guard against SSRF).
    if (token !== sessionToken) return problem(401, 'UnauthorizedException', 'missing or wrong X-Aws-Parameters-Secrets-Token');
    if (url.pathname !== '/secretsmanager/get') return problem(404, 'NotFound', 'unknown path');
    const id = url.searchParams.get('secretId') ?? '';
    const secret = secrets.find((s) => s.arn === id || s.name === id);
    if (!secret) return problem(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    const stage = url.searchParams.get('versionStage') ?? 'AWSCURRENT';
    const found = stage === 'AWSCURRENT' ? secret.current : stage === 'AWSPREVIOUS' ? secret.previous : undefined;
    if (!found) return problem(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: " + stage);
    return {
      status: 200,
      body: { ARN: secret.arn, Name: secret.name, VersionId: found.id, SecretString: found.value, VersionStages: [stage], CreatedDate: found.created.toISOString() },
    };
  };
  const server: Server = createServer((request, response) => {
    const { status, body } = answer(new URL(request.url ?? '/', 'http://localhost'), request.headers['x-aws-parameters-secrets-token'] as string | undefined);
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
  // Functions call http://localhost:<port>, as they call the extension in Lambda.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    secrets,
    rotate(logicalId) {
      const secret = secrets.find((s) => s.logicalId === logicalId);
      if (!secret) throw new Error(`No secret '${logicalId}' in the template`);
      secret.previous = secret.current;
      secret.current = version(generated({ PasswordLength: secret.current.value.length, ExcludePunctuation: true }));
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
