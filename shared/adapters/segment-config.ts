// The segmentation parameters and the MVC percentile in force: one item (SEGMENTATION / CONFIG). The
// stage's defaults apply until an admin saves parameters; the percentile is null until the first
// recalibration. Read at most once a minute per container: re-evaluations run constantly and the
// parameters change rarely.
import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { parseSegmentParameters, type SegmentParameters } from '../domain/segment-parameters';
import { CONFIG_SK, SEGMENTATION_PK } from '../domain/segment-record-keys';

export type SegmentationConfig = {
  parameters: SegmentParameters;
  /** From the stage (defaults) or from an admin's edit. */
  parametersSource: 'STAGE' | 'ADMIN';
  parametersVersion: number;
  percentileMinor: number | null;
  positiveContributors: number | null;
  calibratedAt: string | null;
  calibrationRunId: string | null;
};

const CACHE_MS = 60_000;

export class SegmentConfigStore {
  private cached?: { at: number; config: SegmentationConfig };

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly stageParameters: SegmentParameters,
    private readonly clock: () => number = Date.now,
  ) {}

  async current({ fresh = false } = {}): Promise<SegmentationConfig> {
    if (!fresh && this.cached && this.clock() - this.cached.at < CACHE_MS) return this.cached.config;
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ PK: SEGMENTATION_PK, SK: CONFIG_SK }), ConsistentRead: true }),
    );
    const item = out.Item ? unmarshall(out.Item) : {};
    const saved = typeof item.parameters === 'string' ? parseSegmentParameters(JSON.parse(item.parameters)) : undefined;
    const config: SegmentationConfig = {
      parameters: saved?.ok ? saved.value : this.stageParameters,
      parametersSource: saved?.ok ? 'ADMIN' : 'STAGE',
      parametersVersion: typeof item.parametersVersion === 'number' ? item.parametersVersion : 0,
      percentileMinor: typeof item.percentileMinor === 'number' ? item.percentileMinor : null,
      positiveContributors: typeof item.positiveContributors === 'number' ? item.positiveContributors : null,
      calibratedAt: typeof item.calibratedAt === 'string' ? item.calibratedAt : null,
      calibrationRunId: typeof item.calibrationRunId === 'string' ? item.calibrationRunId : null,
    };
    this.cached = { at: this.clock(), config };
    return config;
  }

  /** An admin's edit, already validated; refused (false) when someone saved another version meanwhile. */
  async saveParameters(parameters: SegmentParameters, expectedVersion: number, now: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ PK: SEGMENTATION_PK, SK: CONFIG_SK }),
          UpdateExpression: 'SET #parameters = :p, parametersVersion = :next, parametersSavedAt = :now',
          ExpressionAttributeNames: { '#parameters': 'parameters' },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(parametersVersion)' : 'parametersVersion = :expected',
          ExpressionAttributeValues: marshall({
            ':p': JSON.stringify(parameters),
            ':next': expectedVersion + 1,
            ':now': now,
            ...(expectedVersion === 0 ? {} : { ':expected': expectedVersion }),
          }),
        }),
      );
      this.cached = undefined;
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** A recalibration's result; a run older than the one stored never overwrites it. */
  async saveCalibration(c: { runId: string; percentileMinor: number | null; positiveContributors: number; at: string }): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ PK: SEGMENTATION_PK, SK: CONFIG_SK }),
          UpdateExpression: 'SET percentileMinor = :p, positiveContributors = :n, calibratedAt = :at, calibrationRunId = :run',
          ConditionExpression: 'attribute_not_exists(calibrationRunId) OR calibrationRunId <= :run',
          ExpressionAttributeValues: marshall({ ':p': c.percentileMinor, ':n': c.positiveContributors, ':at': c.at, ':run': c.runId }),
        }),
      );
      this.cached = undefined;
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
