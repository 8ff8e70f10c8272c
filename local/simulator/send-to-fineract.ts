// `npm run simulate -- --via fineract`: the simulated bank as a Fineract installation would send it,
// MessageV1 bytes over STOMP to the local stack's ActiveMQ queue (the one its MQ mapping reads). Each
// message is a JMS BytesMessage (STOMP with a content-length), persistent, as Fineract's JMS producer
// sends them.
import type { CoreBankingEvent } from '../../shared/contracts/events';
import { stompConnect } from '../activemq/stomp-client';
import { FineractTranslation } from './fineract-translation';

export type FineractDestination = { host: string; stompPort: number; queue: string };
export type FineractSendResult = { messages: number; events: number; notExpressible: Record<string, number>; seconds: number };

export async function sendToFineract(
  events: Iterable<CoreBankingEvent>,
  to: FineractDestination,
  options: { tenantId?: string; onProgress?: (sent: number) => void } = {},
): Promise<FineractSendResult> {
  const translation = new FineractTranslation(options.tenantId ?? 'sim');
  const connection = await stompConnect({ host: to.host, port: to.stompPort });
  const began = performance.now();
  let messages = 0;
  let translated = 0;
  try {
    for (const event of events) {
      const bytes = translation.messages(event);
      if (bytes.length > 0) translated += 1;
      for (const m of bytes) {
        await connection.send(`/queue/${to.queue}`, m, { persistent: 'true' });
        messages += 1;
        if (messages % 1000 === 0) options.onProgress?.(messages);
      }
    }
  } finally {
    await connection.close();
  }
  return { messages, events: translated, notExpressible: translation.notExpressible, seconds: (performance.now() - began) / 1000 };
}
