// JSON Schema documents of the complaint events, for consumers in any language: written beside the
// core-banking ones by scripts/generate-schemas.ts (one loop per family of events).
import * as z from 'zod/mini';
import { COMPLAINTS_SOURCE, complaintEvents, exampleComplaintDetails, type ComplaintDetailType } from './complaint-events';

const SCHEMA_BASE = 'https://schemas.crm.bank.example/events';

export function complaintDetailJsonSchema(detailType: ComplaintDetailType): Record<string, unknown> {
  const schema = z.toJSONSchema(complaintEvents[detailType], { target: 'draft-2020-12', io: 'input' });
  return {
    $id: `${SCHEMA_BASE}/${detailType}.v1.schema.json`,
    title: `${detailType} (v1)`,
    description: `detail of an EventBridge event with source '${COMPLAINTS_SOURCE}' and detail-type '${detailType}'.`,
    ...schema,
  };
}

export const exampleComplaintEvent = (detailType: ComplaintDetailType) => ({
  Source: COMPLAINTS_SOURCE,
  DetailType: detailType,
  Detail: exampleComplaintDetails[detailType],
});
