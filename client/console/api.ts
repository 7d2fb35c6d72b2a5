/**
 * The console API (docs/console.md). The session lives in an HttpOnly cookie scoped to
 * /api/console; every call sends the X-CC-Console header the server requires on changes (a
 * cross-site form cannot add it). A 401 means the session ended: the app locks itself.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let onSessionLost: () => void = () => {};
/** Called on any 401 after sign-in (idle timeout, disabled account, server restart of sessions). */
export function setSessionLostHandler(fn: () => void) {
  onSessionLost = fn;
}

async function call<T>(method: string, path: string, body?: unknown, options: { quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { 'x-cc-console': '1' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/console${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = data?.error ?? { code: `http_${res.status}`, message: res.statusText };
    if (res.status === 401 && !options.quiet401 && !path.startsWith('/auth/')) onSessionLost();
    throw new ApiError(res.status, err.code, err.message);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, options?: { quiet401?: boolean }) => call<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown) => call<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => call<T>('PUT', path, body),
  del: <T>(path: string) => call<T>('DELETE', path),
  /** The ciphertext of an attachment, as a stream (decrypted chunk by chunk by the caller). */
  async attachment(caseId: string, fileId: string): Promise<ReadableStream<Uint8Array>> {
    const res = await fetch(`/api/console/cases/${caseId}/attachments/${fileId}`, { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok || !res.body) {
      const data = await res.json().catch(() => undefined);
      throw new ApiError(res.status, data?.error?.code ?? `http_${res.status}`, data?.error?.message ?? res.statusText);
    }
    return res.body;
  },
};

/** The public signed policy (same endpoint as the reporter portal), with the units switched to their standby key. */
export async function fetchSignedPolicy(): Promise<{ signed: unknown; standby: Record<string, number> }> {
  const res = await fetch('/api/policy', { credentials: 'omit', cache: 'no-store' });
  if (!res.ok) throw new ApiError(res.status, 'policy_unavailable', 'The policy could not be loaded.');
  const body = await res.json();
  return { signed: body.signed, standby: body.standby ?? {} };
}
