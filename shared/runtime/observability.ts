// Powertools instances, one per cold start. Service name and namespace come from the function's
// environment (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE), set by the infrastructure.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();
