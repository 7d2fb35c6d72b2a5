import pino from 'pino';

/**
 * The one logger of every process. It is given only values we choose (method, route template,
 * status, duration, job names): never a request object, body, query string, header, address or
 * user agent. `redact` is a second fence in case someone logs an object by mistake.
 */
export function createLogger(level: string, name: string) {
  return pino({
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
  });
}

export type Logger = ReturnType<typeof createLogger>;
