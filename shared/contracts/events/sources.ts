// Who may put core-banking events on the bus. Each connector publishes with a source of its own,
// `<eventSource>.<producer>` (core.banking.iso20022, core.banking.fineract), so that a bus policy or an
// IAM condition on events:source can hold each producer to its own source; producers of ours (the
// simulator) keep the plain `<eventSource>`. One place for the rule: the ingestion rule's pattern, the
// parser's check and the publish grant are all derived from it.

/** A producer's name: lower-case letters, digits and '-', so that its source is one more dotted part. */
const PRODUCER_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The source a producer publishes with. Throws on a name that could not be a source's last part. */
export function producerSource(eventSource: string, producer: string): string {
  if (!PRODUCER_NAME.test(producer)) throw new Error(`producer name '${producer}' must match ${PRODUCER_NAME}`);
  return `${eventSource}.${producer}`;
}

/** The EventBridge source pattern that matches the plain source and every producer's source. */
export const coreBankingSourcePattern = (eventSource: string) => [eventSource, { prefix: `${eventSource}.` }];

/**
 * The producer a source names: '' for the plain source, the producer's name for `<eventSource>.<producer>`,
 * undefined for a source that is not core banking's.
 */
export function producerOf(source: string, eventSource: string): string | undefined {
  if (source === eventSource) return '';
  if (!source.startsWith(`${eventSource}.`)) return undefined;
  const producer = source.slice(eventSource.length + 1);
  return PRODUCER_NAME.test(producer) ? producer : undefined;
}
