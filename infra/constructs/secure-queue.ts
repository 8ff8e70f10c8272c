// Every queue of the stack, one way: encrypted (the stage's customer-managed key, or SSE-SQS: a queue
// under the AWS-managed alias/aws/sqs key silently drops EventBridge deliveries), TLS only, the longest
// retention SQS allows (an operator has 14 days to read a reason and redrive), the stage's removal policy.
// A dead-letter queue says so (`deadLetterFor`), which is the acknowledgement cdk-nag's SQS3 needs.
import { Duration } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { Platform } from './platform';

export type SecureQueueProps = QueueProps & {
  /** This queue is a dead-letter queue (or on-failure destination) of what is named here. */
  deadLetterFor?: string;
};

export const QUEUE_RETENTION = Duration.days(14);

export function secureQueue(scope: Construct, id: string, { deadLetterFor, ...props }: SecureQueueProps = {}): Queue {
  const platform = Platform.of(scope);
  // A caller that chooses its encryption (SSE-SQS for a queue an AWS service without key access writes to) keeps it.
  const key = props.encryption ? undefined : platform?.dataKey;
  const queue = new Queue(scope, id, {
    ...(key ? { encryption: QueueEncryption.KMS, encryptionMasterKey: key, dataKeyReuse: Duration.minutes(15) } : { encryption: QueueEncryption.SQS_MANAGED }),
    enforceSSL: true,
    retentionPeriod: QUEUE_RETENTION,
    ...(platform ? { removalPolicy: platform.config.removalPolicy } : {}),
    ...props,
  });
  if (deadLetterFor) {
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `The dead-letter queue (or on-failure destination) of ${deadLetterFor}: a dead-letter queue needs none of its own.`,
    });
    Validations.of(queue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: `The dead-letter queue (or on-failure destination) of ${deadLetterFor}: a dead-letter queue needs none of its own.`,
    });
  }
  return queue;
}
