// Functions' logs as a developer reads them in the console.
import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../../local/runtime/log-printer';

const line = (text: string, stream: 'stdout' | 'stderr' = 'stdout') => ({ functionName: 'ingest-events', requestId: 'abcdef12-3456', stream, text });

describe('a console log line', () => {
  it('shows time, function, level, request id, message and the entry’s own keys compactly', () => {
    const powertools = JSON.stringify({
      level: 'WARN',
      message: 'Event rejected to the dead-letter queue',
      timestamp: '2026-11-03T04:14:07.123Z',
      service: 'ingest-events',
      cold_start: true,
      function_name: 'Crm-dev-IngestEvents',
      function_request_id: '9f8e7d6c-0000',
      xray_trace_id: '1-abc',
      messageId: 'm-1',
      reason: 'detail.amount.minor: expected int',
      batch: { size: 3 },
    });
    expect(formatLogLine(line(powertools))).toBe(
      '04:14:07.123 ingest-events    WARN  9f8e7d6c Event rejected to the dead-letter queue messageId=m-1 reason="detail.amount.minor: expected int" batch={"size":3}',
    );
  });

  it('shows errors by name and message', () => {
    const text = JSON.stringify({ level: 'ERROR', message: 'write failed', timestamp: '2026-01-01T00:00:00.000Z', error: { name: 'ResourceNotFoundException', message: 'no table', location: 'x.js:1', stack: 'long' } });
    expect(formatLogLine(line(text))).toContain('error="ResourceNotFoundException: no table (x.js:1)"');
  });

  it('gives plain console output the invocation’s request id', () => {
    expect(formatLogLine(line('hello world'), { now: () => new Date('2026-01-01T10:00:00.000Z') })).toBe('10:00:00.000 ingest-events    INFO  abcdef12 hello world');
    expect(formatLogLine(line('boom', 'stderr'), { now: () => new Date('2026-01-01T10:00:00.000Z') })).toContain(' ERROR abcdef12 boom');
  });

  it('leaves out metric documents and blank lines', () => {
    expect(formatLogLine(line(JSON.stringify({ _aws: { CloudWatchMetrics: [] }, EventsApplied: 3 })))).toBeUndefined();
    expect(formatLogLine(line('   '))).toBeUndefined();
  });

  it('colours the level only when asked', () => {
    const text = JSON.stringify({ level: 'ERROR', message: 'x', timestamp: '2026-01-01T00:00:00.000Z' });
    expect(formatLogLine(line(text), { colour: true })).toContain('\x1b[31mERROR');
    expect(formatLogLine(line(text))).not.toContain('\x1b[');
  });
});
