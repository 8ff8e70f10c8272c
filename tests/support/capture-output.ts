// Everything the process writes (stdout, stderr, console) while handlers run, kept for a test to read,
// so a test can prove what a function's logs never contain. Still printed, but for console calls.

/** Appends every write to `captured` until the returned function restores the streams and console. */
export function captureOutput(captured: string[]): () => void {
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = original));
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    };
    restore.push(() => (console[level] = original));
  }
  return () => restore.forEach((r) => r());
}
