// One message of the load work queue → its piece of work. An unreadable message is rejected (it goes to
// the dead-letter queue with the fields at fault); a failed piece of work throws and SQS retries it. On
// its last delivery (the queue's maxReceiveCount) a failure is permanent: the load is FAILED with the
// range or segment and the kind of error, then the message goes on to the dead-letter queue.
import type { RecordOutcome } from '../../runtime/sqs-handler';
import { describeIssues, fieldIssues } from '../../contracts/validation-issues';
import { LoadWork } from '../domain/load-messages';
import { assessCustomers, type AssessDeps } from './assess-customers';
import { failLoad } from './finish-loading';
import { loadRange, type LoadRangeDeps } from './load-range';

export type LoadWorkDeps = { range: Omit<LoadRangeDeps, 'remainingMs'>; assess: Omit<AssessDeps, 'remainingMs'>; maxReceiveCount: number };

/** Which delivery of the message this is (SQS's ApproximateReceiveCount). */
export type Delivery = { receiveCount: number };

export async function handleLoadWork(deps: LoadWorkDeps, body: string, remainingMs: () => number, delivery: Delivery = { receiveCount: 1 }): Promise<RecordOutcome[]> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return [{ reject: 'body is not JSON', metric: 'LoadWorkRejected' }];
  }
  const parsed = LoadWork.safeParse(json);
  if (!parsed.success) return [{ reject: `load work: ${describeIssues(fieldIssues(parsed.error))}`, metric: 'LoadWorkRejected' }];
  const message = parsed.data;
  try {
    if (message.kind === 'RANGE') {
      const outcome = await loadRange({ ...deps.range, remainingMs }, message);
      return [
        { metric: 'LoadLinesRead', count: outcome.lines },
        { metric: 'LoadLinesRejected', count: outcome.rejected },
        { metric: outcome.kind === 'continued' ? 'LoadRangesContinued' : outcome.kind === 'failed' ? 'LoadsFailed' : 'LoadRangesDone' },
      ];
    }
    const assessed = await assessCustomers({ ...deps.assess, remainingMs }, message);
    return [{ metric: 'LoadCustomersAssessed', count: assessed.assessed }];
  } catch (error) {
    if (delivery.receiveCount >= deps.maxReceiveCount) {
      const piece = message.kind === 'RANGE' ? `range ${message.range}` : `assessment segment ${message.segment}`;
      // The error's kind only: an SDK message may quote an item.
      const kind = (error as Error)?.name ?? 'Error';
      await failLoad({ ...deps.range }, message.loadId, `${piece}: failed on each of ${delivery.receiveCount} deliveries (${kind}); its message is in the dead-letter queue`);
    }
    throw error;
  }
}
