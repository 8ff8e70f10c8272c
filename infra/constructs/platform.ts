// What every construct of a stack shares and should not have to be handed: the stage configuration and,
// when the stage asks for customer-managed keys, the one key that encrypts data at rest (table, queues,
// bus, archive, log groups). The stack creates it first; `Platform.of(scope)` finds it from anywhere in
// the stack, so CrmFunction and secureQueue apply the stage's defaults without each construct passing
// them on. A construct built outside CrmStack (a test stack) finds none and gets the plain defaults.
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct, type IConstruct } from 'constructs';
import type { StageConfig } from '../stage-config';

const PLATFORM_ID = 'Platform';

export class Platform extends Construct {
  readonly config: StageConfig;
  /** The customer-managed key for data at rest; absent when the stage uses AWS-managed keys. */
  readonly dataKey?: Key;

  static of(scope: IConstruct): Platform | undefined {
    return Stack.of(scope).node.tryFindChild(PLATFORM_ID) as Platform | undefined;
  }

  constructor(stack: Stack, config: StageConfig) {
    super(stack, PLATFORM_ID);
    this.config = config;
    if (!config.encryption.customerManagedKeys) return;

    this.dataKey = new Key(this, 'DataKey', {
      alias: `alias/crm-${config.stage}-data`,
      description: `Encrypts the CRM ${config.stage} data at rest: customer records, queues, event bus and archive, logs`,
      // Yearly automatic rotation: old key material stays to decrypt what it encrypted (docs/runbook.md#rotating-keys).
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    const sameAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
    // EventBridge encrypts events on the bus and in the archive, and delivers to encrypted queues (a
    // target queue under a key EventBridge may not use silently drops deliveries).
    this.dataKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventBridgeInThisAccount',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: sameAccount,
      }),
    );
    // CloudWatch Logs encrypts this account's log groups in this region with it.
    this.dataKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
        },
      }),
    );
  }
}
