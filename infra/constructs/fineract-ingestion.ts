// Apache Fineract's external events → the core-banking bus: Lambda's Amazon MQ (ActiveMQ) event source
// mapping on the queue Fineract's JMS producer writes, a function that decodes and maps each message and
// publishes as `<eventSource>.fineract`, and a dead-letter queue for messages that can never be mapped.
//
// The mapping polls with the function's execution role: it reads the broker (mq:DescribeBroker), the
// broker user's secret (BASIC_AUTH), and creates network interfaces in the broker's VPC. Lambda's
// ActiveMQ source has no partial batch response; why a bad message still never holds up its batch is
// in shared/fineract/use-cases/ingest-fineract-messages.ts.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { InterfaceVpcEndpoint, InterfaceVpcEndpointAwsService, SecurityGroup, Subnet, Vpc } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FineractStageConfig, StageConfig } from '../stage-config';
import { secureQueue } from './secure-queue';
import { CrmFunction } from './crm-function';
import type { EventIngestion } from './event-ingestion';

export type FineractIngestionProps = { config: StageConfig; fineract: FineractStageConfig; table: ITable; ingestion: EventIngestion };

export const FINERACT_PRODUCER = 'fineract';

export class FineractIngestion extends Construct {
  readonly consumer: CrmFunction;
  /** Messages that cannot be decoded or mapped, with their reason (rejectionReason attribute). */
  readonly deadLetterQueue: Queue;
  readonly mapping: CfnEventSourceMapping;

  constructor(scope: Construct, id: string, { config, fineract, table, ingestion }: FineractIngestionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetterQueue = secureQueue(this, 'RejectedMessages', {
      deadLetterFor: 'the Fineract consumer (the function writes the messages it cannot decode or map here, with the reason)',
    });

    this.consumer = new CrmFunction(this, 'Consumer', {
      functionName: 'fineract-events',
      description: "Fineract external events (Avro, from Amazon MQ) become core-banking events on the bus",
      logRetention: config.logRetentionDays,
      removalPolicy: config.removalPolicy,
      timeout: Duration.seconds(60),
      memorySize: 1024,
      environment: { REJECTED_MESSAGES_QUEUE_URL: this.deadLetterQueue.queueUrl, POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false' },
    });
    // The account directory and parked entries live in the customer-records table.
    this.consumer.bindTable(table, 'TABLE_NAME', ['BatchGetItem', 'BatchWriteItem', 'GetItem', 'PutItem', 'Query']);
    ingestion.grantPublish(this.consumer, FINERACT_PRODUCER);
    this.deadLetterQueue.grantSendMessages(this.consumer);

    // What the event source mapping needs, on the role it polls with (Lambda guide, "Using Lambda with Amazon MQ").
    const role = this.consumer.role!;
    this.consumer.addToRolePolicy(new PolicyStatement({ actions: ['mq:DescribeBroker'], resources: [fineract.brokerArn] }));
    this.consumer.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [fineract.credentialsSecretArn] }));
    if (fineract.credentialsKeyArn)
      this.consumer.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [fineract.credentialsKeyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
        }),
      );
    this.consumer.addToRolePolicy(
      new PolicyStatement({ actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'], resources: ['*'] }),
    );
    const vpc = fineract.vpc;
    // With the broker's VPC known, interfaces only in its subnets and security group.
    const eniResources = vpc
      ? [
          stack.formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' }),
          stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: vpc.securityGroupId }),
          ...vpc.subnetIds.map((subnet) => stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnet })),
        ]
      : ['*'];
    this.consumer.addToRolePolicy(new PolicyStatement({ actions: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface'], resources: eniResources }));
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "Lambda's MQ event source describes the broker's network (ec2:Describe* support no resource-level permissions); X-Ray's two actions likewise. Interfaces are created only in the broker's subnets when its VPC is configured.",
    });
    if (vpc)
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*]`,
        reason: 'A network interface has no ARN before Lambda creates it; the subnets and security group it may be created in are named.',
      });

    this.mapping = new CfnEventSourceMapping(this, 'BrokerQueue', {
      functionName: this.consumer.functionName,
      eventSourceArn: fineract.brokerArn,
      queues: [fineract.queue],
      batchSize: fineract.batchSize,
      maximumBatchingWindowInSeconds: fineract.maxBatchingWindowSeconds,
      sourceAccessConfigurations: [{ type: 'BASIC_AUTH', uri: fineract.credentialsSecretArn }],
    });
    Validations.of(this.mapping).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        "Lambda's Amazon MQ event source takes no on-failure destination (only stream and Kafka sources do): undecodable messages go to RejectedMessages with their reason, and a batch that keeps failing to the broker's DLQ after its redelivery policy.",
    });
    // The role's grants must exist before Lambda validates the mapping against the broker.
    this.mapping.node.addDependency(role);

    if (vpc?.createEndpoints) {
      const brokerVpc = Vpc.fromVpcAttributes(this, 'BrokerVpc', { vpcId: vpc.vpcId, availabilityZones: vpc.availabilityZones, privateSubnetIds: vpc.subnetIds });
      const subnets = vpc.subnetIds.map((s, i) => Subnet.fromSubnetId(this, `BrokerSubnet${i}`, s));
      const securityGroup = SecurityGroup.fromSecurityGroupId(this, 'BrokerSecurityGroup', vpc.securityGroupId);
      // The endpoints take the broker's security group, as the mapping's interfaces do: that group must
      // allow HTTPS from itself (docs/fineract.md); nothing here opens it to the VPC's whole range.
      for (const [name, service] of [
        ['Lambda', InterfaceVpcEndpointAwsService.LAMBDA],
        ['Sts', InterfaceVpcEndpointAwsService.STS],
        ['SecretsManager', InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
      ] as const)
        new InterfaceVpcEndpoint(this, `${name}Endpoint`, { vpc: brokerVpc, service, subnets: { subnets }, securityGroups: [securityGroup], privateDnsEnabled: true, open: false });
    }
  }
}
