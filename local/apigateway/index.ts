// The local API Gateway: routes read from a synthesized template, a server that emulates a REST API
// with Lambda proxy integrations and a Cognito authorizer, and local tokens to call it with.
export { apiRoutesFromTemplate, type ApiRoute } from './api-routes';
export { gatewayResponsesFromTemplate, type GatewayResponses } from './gateway-responses';
export { localTokens, type Claims, type LocalTokens, type MintOptions } from './local-tokens';
export { startApiGateway, type ApiGatewayOptions, type RunningApiGateway } from './server';
