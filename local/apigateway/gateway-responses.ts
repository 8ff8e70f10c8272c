// API Gateway's own answers (no route, no valid token, body too large), as it sends them by default
// ({"message": ...}) or as the API's AWS::ApiGateway::GatewayResponse resources customise them.
export type GatewayResponseType =
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'UNAUTHORIZED'
  | 'REQUEST_TOO_LARGE'
  | 'INTEGRATION_FAILURE'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

export type GatewayResponse = {
  statusCode?: number;
  /** ResponseParameters: 'gatewayresponse.header.X' → "'static'" or 'method.request.header.Y'. */
  responseParameters?: Record<string, string>;
  /** ResponseTemplates by content type; application/json is used. */
  responseTemplates?: Record<string, string>;
};

export type GatewayResponses = Partial<Record<string, GatewayResponse>>;

const DEFAULTS: Record<GatewayResponseType, { status: number; message: string; errorType: string }> = {
  MISSING_AUTHENTICATION_TOKEN: { status: 403, message: 'Missing Authentication Token', errorType: 'MissingAuthenticationTokenException' },
  UNAUTHORIZED: { status: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
  REQUEST_TOO_LARGE: { status: 413, message: 'Request Too Long', errorType: 'RequestTooLargeException' },
  INTEGRATION_FAILURE: { status: 502, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  DEFAULT_4XX: { status: 400, message: 'Bad Request', errorType: 'BadRequestException' },
  DEFAULT_5XX: { status: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
};

export function gatewayResponsesFromTemplate(resources: Record<string, { Type: string; Properties?: any }>): GatewayResponses {
  const out: GatewayResponses = {};
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::ApiGateway::GatewayResponse') continue;
    const p = r.Properties ?? {};
    out[p.ResponseType] = {
      ...(p.StatusCode ? { statusCode: Number(p.StatusCode) } : {}),
      ...(p.ResponseParameters ? { responseParameters: p.ResponseParameters } : {}),
      ...(p.ResponseTemplates ? { responseTemplates: p.ResponseTemplates } : {}),
    };
  }
  return out;
}

export type GatewayContext = { requestId: string; path: string; resourcePath: string; stage: string; requestHeaders: Record<string, string> };

/** The few $context variables a gateway response template uses, substituted as API Gateway does. */
function renderTemplate(template: string, message: string, type: string, context: GatewayContext) {
  const values: Record<string, string> = {
    '$context.error.messageString': JSON.stringify(message),
    '$context.error.message': message,
    '$context.error.responseType': type,
    '$context.requestId': context.requestId,
    '$context.path': context.path,
    '$context.resourcePath': context.resourcePath,
    '$context.stage': context.stage,
  };
  return template.replace(/\$context\.[A-Za-z.]+/g, (name) => values[name] ?? '');
}

export function gatewayResponse(type: GatewayResponseType, configured: GatewayResponses, context: GatewayContext) {
  const defaults = DEFAULTS[type];
  const custom = configured[type] ?? configured[defaults.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX'];
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'x-amzn-ErrorType': defaults.errorType,
    'x-amzn-RequestId': context.requestId,
  };
  for (const [name, source] of Object.entries(custom?.responseParameters ?? {})) {
    const header = /^gatewayresponse\.header\.(.+)$/.exec(name)?.[1];
    if (!header) continue;
    const literal = /^'(.*)'$/.exec(source);
    const fromRequest = /^method\.request\.header\.(.+)$/.exec(source);
    const value = literal ? literal[1] : fromRequest ? context.requestHeaders[fromRequest[1]!.toLowerCase()] : undefined;
    if (value !== undefined) headers[header] = value;
  }
  const template = custom?.responseTemplates?.['application/json'];
  return {
    statusCode: custom?.statusCode ?? defaults.status,
    headers,
    body: template ? renderTemplate(template, defaults.message, type, context) : JSON.stringify({ message: defaults.message }),
  };
}
