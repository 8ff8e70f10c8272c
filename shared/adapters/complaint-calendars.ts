// Holiday years an admin stored, in the complaints table (CALENDAR#<jurisdiction> / YEAR#<yyyy>), and the
// business calendar in force: the official years shipped with the code, replaced or extended by the
// stored ones, plus the stage's extra days. Read at most once a minute per container: the router and the
// breach scan ask for it constantly and it changes once a year.
import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { BusinessCalendar } from '../domain/complaints/business-calendar';
import type { CalendarJurisdiction, CalendarYear } from '../domain/complaints/calendars/official-calendars';
import { calendarFor } from '../domain/complaints/jurisdiction-calendars';
import { calendarPk, calendarYearSk, CALENDAR_YEAR_PREFIX } from './complaint-table-keys';

const CACHE_MS = 60_000;

export class ComplaintCalendarStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async years(jurisdiction: CalendarJurisdiction): Promise<CalendarYear[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :y)',
        ExpressionAttributeValues: marshall({ ':pk': calendarPk(jurisdiction), ':y': CALENDAR_YEAR_PREFIX }),
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => unmarshall(i).calendarYear as CalendarYear);
  }

  async putYear(year: CalendarYear, at: string): Promise<'created' | 'replaced'> {
    const out = await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({ PK: calendarPk(year.jurisdiction), SK: calendarYearSk(year.year), type: 'CALENDAR_YEAR', calendarYear: year, storedAt: at }),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes ? 'replaced' : 'created';
  }
}

export interface CalendarSource {
  current(): Promise<BusinessCalendar>;
}

/** The calendar in force for one jurisdiction, cached a minute. */
export class CalendarInForce implements CalendarSource {
  private cached?: { at: number; calendar: BusinessCalendar };

  constructor(
    private readonly store: Pick<ComplaintCalendarStore, 'years'>,
    private readonly jurisdiction: CalendarJurisdiction,
    private readonly extra: { holidays?: readonly string[]; makeUpWorkingDays?: readonly string[] } = {},
    private readonly clock: () => number = Date.now,
  ) {}

  async current(): Promise<BusinessCalendar> {
    if (this.cached && this.clock() - this.cached.at < CACHE_MS) return this.cached.calendar;
    const calendar = calendarFor(this.jurisdiction, await this.store.years(this.jurisdiction), this.extra);
    this.cached = { at: this.clock(), calendar };
    return calendar;
  }
}
