// A local EventBridge endpoint (the local runtime's own, on a real socket) with one bus and a rule per
// source: every event put with one of `sources` reaches `delivered`, as the rule's SQS target would get it.

export type CapturedEvent = { source: string; detailType: string; detail: any; body: string };

export async function startCaptureBus(sources: readonly string[], busName = 'crm-test-bus') {
  // Loaded on use: most files that import this module's neighbours never start a bus.
  const { EventBuses } = await import('../../local/eventbridge/event-buses');
  const { startEventBridgeServer } = await import('../../local/eventbridge/server');
  const delivered: CapturedEvent[] = [];
  const buses = new EventBuses({
    region: 'us-east-1',
    accountId: '123456789012',
    deliver: async (deliveries) => {
      for (const d of deliveries) delivered.push({ source: d.event.source, detailType: d.event['detail-type'], detail: d.event.detail, body: d.input });
    },
  });
  buses.createBus(busName);
  buses.putRule({ Name: 'capture', EventBusName: busName, EventPattern: JSON.stringify({ source: [...sources] }) });
  buses.putTargets('capture', busName, [{ Id: 'capture', Arn: 'arn:aws:sqs:us-east-1:123456789012:capture' }]);
  const server = await startEventBridgeServer({ buses });
  /** Answers again on the same port after `stop`, with the same bus and rule: a bus back after an outage. */
  const restart = async () => {
    const again = await startEventBridgeServer({ buses, port: Number(new URL(server.url).port) });
    stopping = again.stop;
  };
  let stopping = server.stop;
  return { url: server.url, busName, delivered, stop: () => stopping(), restart };
}
