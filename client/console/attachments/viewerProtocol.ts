/**
 * Messages between the console and its attachment viewer frame (client/viewer.html). The frame
 * is sandboxed to an opaque origin, so both sides use targetOrigin '*' and check the message's
 * source window instead: the console only listens to its own frame, the frame only to its parent.
 */
export type ViewerKind = 'image' | 'pdf';

export type ToViewer = { cc: 'viewer'; type: 'show'; kind: ViewerKind; bytes: ArrayBuffer };

export type FromViewer =
  | { cc: 'viewer'; type: 'ready' }
  | { cc: 'viewer'; type: 'shown'; kind: ViewerKind; pages: number; pagesTotal: number; width: number; height: number }
  | { cc: 'viewer'; type: 'failed'; kind: ViewerKind; reason: 'unreadable' | 'too_large' };

export function isFromViewer(data: unknown): data is FromViewer {
  return typeof data === 'object' && data !== null && (data as { cc?: unknown }).cc === 'viewer';
}

/** Pages a PDF shows at most, and the largest image (pixels) drawn at full size. */
export const VIEWER_MAX_PAGES = 40;
export const VIEWER_MAX_PIXELS = 40_000_000;
