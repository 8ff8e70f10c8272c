// The CDK app: `npx cdk synth -c stage=prod` (the default stage is in cdk.json), with the bank's stage
// settings from context (infra/stage-settings.ts, docs/production.md). It synthesizes offline without
// credentials; a stage with an account and region is bound to them.
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { CrmStack } from './stack';
import { resolveStageConfig } from './stage-settings';

const app = new App();
const config = resolveStageConfig(app.node);

new CrmStack(app, `Crm-${config.stage}`, { config });
Tags.of(app).add('application', 'crm-integration');
Tags.of(app).add('stage', config.stage);

// Any unacknowledged AwsSolutions or Serverless finding fails the synth (cdk-nag 3 is a validation plugin).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
