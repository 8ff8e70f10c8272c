// The CDK app: `npx cdk synth -c stage=prod` (the default stage is in cdk.json). Environment-agnostic,
// so it synthesizes offline without credentials; the account and region come from the deploy.
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CrmStack } from './stack';
import { stageConfig } from './stage-config';

const app = new App();
const config = stageConfig(app.node.tryGetContext('stage') ?? 'dev');

new CrmStack(app, `Crm-${config.stage}`, { config });
Tags.of(app).add('application', 'crm-integration');
Tags.of(app).add('stage', config.stage);

// Any unacknowledged AwsSolutions finding fails the synth (cdk-nag 3 is a validation plugin).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
