// JSON Schema documents of the event contract, generated from the zod schemas so that producers in
// any language can validate what they send. scripts/generate-schemas.ts writes them under schemas/.
import * as z from 'zod/mini';
import { CORE_BANKING_SOURCE, coreBankingEvents, type CoreBankingDetailType } from './index';
import { exampleDetails } from './examples';

const SCHEMA_BASE = 'https://schemas.crm.bank.example/events';

/** The schema of one detail-type's `detail`, as producers send it (input side: defaults are optional). */
export function detailJsonSchema(detailType: CoreBankingDetailType): Record<string, unknown> {
  const schema = z.toJSONSchema(coreBankingEvents[detailType], { target: 'draft-2020-12', io: 'input' });
  return {
    $id: `${SCHEMA_BASE}/${detailType}.v1.schema.json`,
    title: `${detailType} (v1)`,
    description: `detail of an EventBridge event with source '${CORE_BANKING_SOURCE}' and detail-type '${detailType}'.`,
    ...schema,
  };
}

/** A whole EventBridge event as a producer would PutEvents it, with the example detail. */
export function exampleEvent(detailType: CoreBankingDetailType) {
  return {
    Source: CORE_BANKING_SOURCE,
    DetailType: detailType,
    Detail: exampleDetails[detailType],
  };
}
