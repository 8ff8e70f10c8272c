// One message of the load work queue → its piece of work. An unreadable message is rejected (it goes to
// the dead-letter queue with the fields at fault); a failed piece of work throws and SQS retries it.
import type { RecordOutcome } from '../../runtime/sqs-handler';
import { describeIssues, fieldIssues } from '../../contracts/validation-issues';
import { LoadWork } from '../domain/load-messages';
import { assessCustomers, type AssessDeps } from './assess-customers';
import { loadRange, type LoadRangeDeps } from './load-range';

export type LoadWorkDeps = { range: Omit<LoadRangeDeps, 'remainingMs'>; assess: Omit<AssessDeps, 'remainingMs'> };

export async function handleLoadWork(deps: LoadWorkDeps, body: string, remainingMs: () => number): Promise<RecordOutcome[]> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return [{ reject: 'body is not JSON', metric: 'LoadWorkRejected' }];
  }
  const message = LoadWork.safeParse(json);
  if (!message.success) return [{ reject: `load work: ${describeIssues(fieldIssues(message.error))}`, metric: 'LoadWorkRejected' }];
  if (message.data.kind === 'RANGE') {
    const outcome = await loadRange({ ...deps.range, remainingMs }, message.data);
    return [
      { metric: 'LoadLinesRead', count: outcome.lines },
      { metric: 'LoadLinesRejected', count: outcome.rejected },
      { metric: outcome.kind === 'continued' ? 'LoadRangesContinued' : 'LoadRangesDone' },
    ];
  }
  const assessed = await assessCustomers({ ...deps.assess, remainingMs }, message.data);
  return [{ metric: 'LoadCustomersAssessed', count: assessed.assessed }];
}
