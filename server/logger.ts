import pino from 'pino';

/** The options every logger of ours shares (see createLogger). */
function loggerOptions(level: string, name: string): pino.LoggerOptions {
  return {
    name,
    level,
    base: { pid: process.pid },
    redact: {
      paths: ['req', 'res', 'headers', 'body', 'query', 'ip', 'ips', 'userAgent', '*.headers', '*.body', '*.ip'],
      remove: true,
    },
    // Error messages can quote input (a duplicate key names the key's value), so only the
    // error's class and code are logged, with the first stack frame to find the place.
    serializers: { err: (e: Error & { code?: unknown }) => ({ type: e.name, code: e.code, at: e.stack?.split('\n')[1]?.trim() }) },
  };
}

/**
 * The one logger of every process. It is given only values we choose (method, route template,
 * status, duration, job names): never a request object, body, query string, header, address or
 * user agent. `redact` is a second fence in case someone logs an object by mistake.
 * Lines about a reporter's action go through a BucketLog (server/bucketLog.ts) instead: this
 * logger stamps every line with the exact time.
 */
export function createLogger(level: string, name: string) {
  return pino(loggerOptions(level, name));
}

/**
 * A logger of the same shape whose lines carry no time and go to `write` (server/bucketLog.ts
 * holds them until the rounding bucket ends, then writes them with the bucket's time).
 */
export function createUntimedLogger(level: string, name: string, write: (line: string) => void) {
  return pino({ ...loggerOptions(level, name), timestamp: false }, { write });
}

export type Logger = ReturnType<typeof createLogger>;
