/**
 * The anonymous API as the reporter's browser calls it (docs/api.md). Every request omits
 * credentials and referrer and bypasses the HTTP cache: the page neither sends nor keeps
 * anything that could tie two visits together.
 */
import type { Envelope } from '../../../core/crypto';

/** A 4xx/5xx answer with the server's stable error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The request never got an answer (offline, connection reset): safe to retry. */
export class NetworkError extends Error {}

type Call = { method?: string; json?: unknown; body?: BodyInit; auth?: string; contentType?: string };

/** One request to the anonymous API, as every reporter call makes it (also flow/identityActions.ts). */
export async function call<T>(path: string, { method = 'GET', json, body, auth, contentType }: Call = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (json !== undefined) headers['content-type'] = 'application/json';
  if (contentType) headers['content-type'] = contentType;
  if (auth) headers.authorization = auth;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: json !== undefined ? JSON.stringify(json) : body,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (err) {
    throw new NetworkError(String(err));
  }
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? res.statusText);
  }
  return data as T;
}

export type Challenge = { challengeId: string; challenge: string; difficulty: number; expiresAt: string };
export type Pow = { challengeId: string; nonce: string };
export type PowPurpose = 'submit' | 'status' | 'message';
/**
 * Upload settings and the per-case caps the server announces with the policy (GET /api/policy:
 * `uploads`, and `messages` merged in by usePolicy). Caps are optional: an older server sends none.
 */
export type UploadSettings = {
  chunkBytes: number;
  maxFileBytes: number;
  maxCaseBytes: number;
  maxCaseFiles?: number;
  maxCaseMessages?: number;
  maxCaseMessageBytes?: number;
};
/** What the reporter has used of the per-case caps. */
export type CaseUsage = { messages: number; messageBytes: number; files: number; fileBytes: number };
/** A page of the thread, oldest first; `olderBefore`: where the page before it ends (null: none). */
export type ThreadPage = { messages: SealedMessage[]; olderBefore: number | null };
export type SealedMessage = { messageId: string; seq: number; from: 'reporter' | 'investigator'; sealed: Envelope; at: string };
export type CaseFile = { fileId: string; contentId: string; meta: Envelope; size: number; from: 'reporter' | 'investigator' };
/** `unit`, `role` (and `person`, only where the policy says so): to whom an identity was disclosed. */
export type TimelineEntry = { kind: string; at: string; status?: string; template?: string; days?: number; unit?: string; role?: string; person?: string };
export type ReporterView = {
  status: string;
  outcome?: string;
  receivedAt: string;
  timeline: TimelineEntry[];
  /** The NEWEST page of the thread. */
  messages: SealedMessage[];
  olderBefore?: number | null;
  attachments: CaseFile[];
  usage?: CaseUsage;
  /** Confidential mode: the status page offers the consent to a reveal. */
  confidential?: boolean;
  identityConsent?: boolean;
  /** False for a case made before reward claims: its first claim registers the key. */
  hasSigningKey?: boolean;
};

export const reporterApi = {
  policy: () =>
    call<{ signed: unknown; standby?: Record<string, number>; uploads?: UploadSettings; messages?: { maxCaseMessages: number; maxCaseMessageBytes: number } }>('/api/policy'),
  challenge: (purpose: PowPurpose) => call<Challenge>('/api/pow/challenges', { method: 'POST', json: { purpose } }),
  submit: (submission: unknown) => call<{ status: string; receivedAt: string }>('/api/reports', { method: 'POST', json: submission }),
  status: (body: { caseToken: string; authSecret: string; pow: Pow }) => call<ReporterView>('/api/reports/status', { method: 'POST', json: body }),
  message: (auth: string, body: { messageId: string; sealed: Envelope; pow: Pow }) => call<{ seq: number }>('/api/reports/messages', { method: 'POST', json: body, auth }),
  olderMessages: (auth: string, before: number) => call<ThreadPage>(`/api/reports/messages?before=${before}`, { auth }),
  startUpload: (auth: string, body: { size: number; chunkCount: number; contentId: string; meta: Envelope }) =>
    call<{ uploadId: string; chunkSize: number }>('/api/reports/uploads', { method: 'POST', json: body, auth }),
  putChunk: (auth: string, uploadId: string, index: number, bytes: Uint8Array) =>
    call<{ received: number }>(`/api/reports/uploads/${uploadId}/chunks/${index}`, {
      method: 'PUT',
      body: bytes as Uint8Array<ArrayBuffer>,
      auth,
      contentType: 'application/octet-stream',
    }),
  uploadProgress: (auth: string, uploadId: string) =>
    call<{ received: number; chunkCount: number; chunkSize: number; state: string }>(`/api/reports/uploads/${uploadId}`, { auth }),
  completeUpload: (auth: string, uploadId: string) => call<{ fileId: string }>(`/api/reports/uploads/${uploadId}/complete`, { method: 'POST', auth }),
};
