// Makes functions' structured logs readable in a terminal: one line per entry with time, function,
// level, request id, message and the extra keys in compact form. Powertools JSON, Lambda's own JSON
// log format and plain text are all understood; CloudWatch metric (EMF) documents are left out.
import type { FunctionLogLine } from './function-pool';

// Keys every Powertools entry carries: they say nothing about this entry in particular.
const CONTEXT_KEYS = new Set([
  'level',
  'message',
  'msg',
  'timestamp',
  'time',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'requestId',
  'sampling_rate',
  'xray_trace_id',
  'type',
]);

const LEVEL_COLOURS: Record<string, string> = { DEBUG: '90', INFO: '36', WARN: '33', ERROR: '31', CRITICAL: '35', TRACE: '90' };

export type LogFormatOptions = { colour?: boolean; nameWidth?: number; now?: () => Date };

const compactValue = (value: unknown): string => {
  if (typeof value === 'string') return /^[^\s"=]{1,80}$/.test(value) ? value : JSON.stringify(value.length > 300 ? `${value.slice(0, 300)}…` : value);
  if (value instanceof Object && 'message' in value && 'name' in value) {
    const e = value as { name: unknown; message: unknown; location?: unknown };
    return JSON.stringify(`${String(e.name)}: ${String(e.message)}${e.location ? ` (${String(e.location)})` : ''}`);
  }
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > 300 ? `${json.slice(0, 300)}…` : json;
};

const clock = (date: Date) => date.toISOString().slice(11, 23);

/** One entry as a console line, or undefined for lines not worth showing (metrics documents, blanks). */
export function formatLogLine(line: FunctionLogLine, options: LogFormatOptions = {}): string | undefined {
  const text = line.text.trimEnd();
  if (!text.trim()) return undefined;
  let entry: Record<string, unknown> | undefined;
  if (text.startsWith('{')) {
    try {
      entry = JSON.parse(text) as Record<string, unknown>;
    } catch {
      entry = undefined;
    }
  }
  if (entry && typeof entry._aws === 'object') return undefined;

  const level = String(entry?.level ?? (line.stream === 'stderr' ? 'ERROR' : 'INFO')).toUpperCase();
  const requestId = String(entry?.function_request_id ?? entry?.requestId ?? line.requestId ?? '-');
  const when = entry?.timestamp ?? entry?.time;
  const time = clock(typeof when === 'string' && !Number.isNaN(Date.parse(when)) ? new Date(when) : (options.now?.() ?? new Date()));
  const message = entry ? String(entry.message ?? entry.msg ?? '') : text;
  const extras = entry
    ? Object.entries(entry)
        .filter(([key, value]) => !CONTEXT_KEYS.has(key) && value !== undefined)
        .map(([key, value]) => `${key}=${compactValue(value)}`)
        .join(' ')
    : '';
  const name = line.functionName.padEnd(options.nameWidth ?? 16).slice(0, Math.max(options.nameWidth ?? 16, line.functionName.length));
  const paint = (code: string | undefined, s: string) => (options.colour && code ? `\x1b[${code}m${s}\x1b[0m` : s);
  return [
    paint('90', time),
    paint('1', name),
    paint(LEVEL_COLOURS[level], level.padEnd(5)),
    paint('90', requestId.slice(0, 8)),
    message,
    extras && paint('90', extras),
  ]
    .filter(Boolean)
    .join(' ');
}

export type LogSink = (line: FunctionLogLine) => void;

/** Prints each line of each chunk a function writes; chunks may hold several lines. */
export function consoleLogPrinter(out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout, options: LogFormatOptions = {}): LogSink {
  const colour = options.colour ?? Boolean(out.isTTY);
  return (line) => {
    for (const part of line.text.split('\n')) {
      const formatted = formatLogLine({ ...line, text: part }, { ...options, colour });
      if (formatted) out.write(`${formatted}\n`);
    }
  };
}

export const silentLogs: LogSink = () => undefined;
