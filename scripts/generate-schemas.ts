// Writes schemas/events/<DetailType>.v1.schema.json and .example.json from the zod contract.
// `npm run schemas` after changing shared/contracts/events; a test fails when they are out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CORE_BANKING_DETAIL_TYPES } from '../shared/contracts/events';
import { detailJsonSchema, exampleEvent } from '../shared/contracts/events/json-schema';
import { COMPLAINT_DETAIL_TYPES } from '../shared/contracts/events/complaint-events';
import { complaintDetailJsonSchema, exampleComplaintEvent } from '../shared/contracts/events/complaint-event-schemas';
import { CONSENT_CHANGED_DETAIL_TYPE, consentChangedJsonSchema, exampleConsentChangedEvent } from '../shared/contracts/events/consent-changed';
import { exampleSegmentChangedEvent, SEGMENT_CHANGED_DETAIL_TYPE, segmentChangedJsonSchema } from '../shared/contracts/events/segment-changed';

export const SCHEMA_DIR = 'schemas/events';
export const render = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const detailType of CORE_BANKING_DETAIL_TYPES) {
    writeFileSync(`${SCHEMA_DIR}/${detailType}.v1.schema.json`, render(detailJsonSchema(detailType)));
    writeFileSync(`${SCHEMA_DIR}/${detailType}.v1.example.json`, render(exampleEvent(detailType)));
  }
  for (const detailType of COMPLAINT_DETAIL_TYPES) {
    writeFileSync(`${SCHEMA_DIR}/${detailType}.v1.schema.json`, render(complaintDetailJsonSchema(detailType)));
    writeFileSync(`${SCHEMA_DIR}/${detailType}.v1.example.json`, render(exampleComplaintEvent(detailType)));
  }
  writeFileSync(`${SCHEMA_DIR}/${SEGMENT_CHANGED_DETAIL_TYPE}.v1.schema.json`, render(segmentChangedJsonSchema()));
  writeFileSync(`${SCHEMA_DIR}/${SEGMENT_CHANGED_DETAIL_TYPE}.v1.example.json`, render(exampleSegmentChangedEvent()));
  writeFileSync(`${SCHEMA_DIR}/${CONSENT_CHANGED_DETAIL_TYPE}.v1.schema.json`, render(consentChangedJsonSchema()));
  writeFileSync(`${SCHEMA_DIR}/${CONSENT_CHANGED_DETAIL_TYPE}.v1.example.json`, render(exampleConsentChangedEvent()));
  console.log(`Wrote ${CORE_BANKING_DETAIL_TYPES.length + COMPLAINT_DETAIL_TYPES.length + 2} schemas and examples to ${SCHEMA_DIR}/`);
}
