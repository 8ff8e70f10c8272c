// The event Lambda's Amazon MQ event source mapping gives a function for an ActiveMQ queue, as AWS
// documents it (Lambda developer guide, "Using Lambda with Amazon MQ"): one batch of messages, the
// body base64 in `data`. The local runtime builds exactly this shape from a real ActiveMQ.

export type ActiveMqMessage = {
  messageID: string;
  /** `jms/bytes-message` for a BytesMessage (what Fineract sends), `jms/text-message` for a TextMessage. */
  messageType: 'jms/bytes-message' | 'jms/text-message';
  timestamp: number;
  deliveryMode: number;
  correlationID?: string;
  replyTo?: string | null;
  destination: { physicalName: string };
  redelivered: boolean;
  type?: string | null;
  expiration: number;
  priority: number;
  /** The message body, base64. */
  data: string;
  brokerInTime: number;
  brokerOutTime: number;
  properties?: Record<string, string> | null;
};

export type ActiveMqEvent = {
  eventSource: 'aws:mq';
  /** The broker's ARN. */
  eventSourceArn: string;
  messages: ActiveMqMessage[];
};
