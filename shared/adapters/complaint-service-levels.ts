// The service levels in force, for complaint handling: the segmentation parameters (SEGMENTATION / CONFIG
// in the customer-records table, the stage's defaults until an admin saves others), read through the
// same SegmentConfigStore that GET /me/service-tier reads, with its one-minute cache. An admin's edit
// therefore reaches the router within a minute, and the complaint routed next is promised what the
// customer is told.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ServiceLevels } from '../domain/segment-parameters';
import { stageSegmentParameters } from '../segmentation/stage-parameters';
import { SegmentConfigStore } from './segment-config';

export interface ServiceLevelsSource {
  current(): Promise<ServiceLevels>;
}

export const serviceLevelsFrom = (store: Pick<SegmentConfigStore, 'current'>): ServiceLevelsSource => ({
  current: async () => (await store.current()).parameters.serviceLevels,
});

/** For a function: the customer-records table and the stage's parameters (SEGMENT_PARAMETERS). */
export const segmentationServiceLevels = (client: DynamoDBClient, customerRecordsTable: string): ServiceLevelsSource =>
  serviceLevelsFrom(new SegmentConfigStore(client, customerRecordsTable, stageSegmentParameters()));
