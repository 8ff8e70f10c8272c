// The environment a function sees: its template variables, the variables Lambda itself sets, and
// the local endpoints the AWS SDK picks up (AWS_ENDPOINT_URL_<SERVICE>), so no handler needs a local
// code path.
import type { FunctionDefinition } from './functions';

export type LocalEndpoints = {
  dynamodb: string;
  sqs: string;
  eventbridge: string;
  s3?: string;
  /** Port of the local Parameters and Secrets extension (local/runtime/secrets.ts). */
  secretsExtensionPort?: number;
};

export const LOCAL_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_SESSION_TOKEN: 'local' };

export function lambdaEnvironment(fn: FunctionDefinition, endpoints: LocalEndpoints, region: string): Record<string, string> {
  return {
    // The user's variables first: Lambda's reserved variables cannot be overridden.
    ...fn.variables,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${fn.logicalId}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    ...(fn.logFormat ? { AWS_LAMBDA_LOG_FORMAT: fn.logFormat } : {}),
    ...(fn.applicationLogLevel ? { AWS_LAMBDA_LOG_LEVEL: fn.applicationLogLevel } : {}),
    LAMBDA_TASK_ROOT: fn.bundleDir ?? '',
    ...LOCAL_CREDENTIALS,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventbridge,
    // Path-style requests need no setting: the SDK uses them by itself for an IP-address endpoint.
    ...(endpoints.s3 ? { AWS_ENDPOINT_URL_S3: endpoints.s3 } : {}),
    ...(endpoints.secretsExtensionPort ? { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(endpoints.secretsExtensionPort) } : {}),
    // The SDK appends app/<id> to its User-Agent: a metering proxy can tell whose request it is.
    // Powertools appends its own marker (/PT/NO-OP/<version>/PTEnv/<env>, 44 characters) unless the id
    // already holds '/PTEnv/'; past the SDK's 50 characters every client warned on every call, an
    // ERROR line each in the console. So the id carries the marker itself and stays within 50.
    AWS_SDK_UA_APP_ID: `${fn.displayName.slice(0, 37)}/PTEnv/local`,
    // There is no X-Ray daemon locally: without this the tracer reports a missing segment per call.
    POWERTOOLS_TRACE_ENABLED: 'false',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    // Lambda runs the function on its own runtime (nodejs24.x); the SDK's warning about this
    // machine's Node version is not the function's concern.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Node's own variables the worker inherits from the shell (PATH, HOME) are not the function's.
    PATH: process.env.PATH ?? '',
  };
}
