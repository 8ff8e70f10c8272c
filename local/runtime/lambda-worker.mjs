// One Lambda execution environment: a worker thread with the function's own process.env, that loads
// the function's bundle once (the cold start) and runs one invocation at a time, like Lambda does.
// Plain JavaScript on purpose: a worker starts without the TypeScript loader of its parent.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { file, exportPath, sourceMaps } = workerData;
if (sourceMaps) process.setSourceMapsEnabled(true);

let currentRequestId;
// Every line the function writes reaches the parent on the same channel as the results, tagged with
// the invocation it belongs to, so the console can show request ids next to plain console.log lines.
for (const stream of ['stdout', 'stderr']) {
  process[stream].write = (chunk, encoding, callback) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    parentPort.postMessage({ type: 'log', stream, text, requestId: currentRequestId });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  };
}

const serializeError = (error) =>
  error instanceof Error
    ? { errorType: error.name || 'Error', errorMessage: error.message, trace: String(error.stack ?? '').split('\n') }
    : { errorType: 'Error', errorMessage: typeof error === 'string' ? error : JSON.stringify(error), trace: [] };

let handler;
try {
  let target = await import(pathToFileURL(file).href);
  for (const name of exportPath) target = target?.[name];
  if (typeof target !== 'function') throw Object.assign(new Error(`${exportPath.join('.')} is not a function in ${file}`), { name: 'Runtime.HandlerNotFound' });
  handler = target;
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  const e = serializeError(error);
  if (e.errorType === 'Error') e.errorType = 'Runtime.ImportModuleError';
  parentPort.postMessage({ type: 'init-error', error: e });
}

function run(event, context) {
  // Callback handlers (three parameters) still exist in older code; async handlers return a promise.
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const callback = (error, result) => (error ? reject(error) : resolve(result));
      const returned = handler(event, { ...context, done: callback, succeed: (r) => callback(null, r), fail: (e) => callback(e) }, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    });
  }
  return handler(event, context);
}

parentPort.on('message', async (message) => {
  if (message.type !== 'invoke' || !handler) return;
  const { requestId, event, deadline, context } = message;
  currentRequestId = requestId;
  const lambdaContext = {
    ...context,
    awsRequestId: requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    succeed: () => undefined,
    fail: () => undefined,
  };
  try {
    const result = await run(event, lambdaContext);
    // Lambda returns the result serialized as JSON: undefined becomes null, Dates become strings.
    const json = JSON.stringify(result ?? null);
    parentPort.postMessage({ type: 'result', requestId, result: JSON.parse(json) });
  } catch (error) {
    parentPort.postMessage({ type: 'error', requestId, error: serializeError(error) });
  }
});
