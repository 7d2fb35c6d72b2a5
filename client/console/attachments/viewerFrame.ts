/**
 * The attachment viewer, running inside a frame sandboxed to an opaque origin (sandbox=
 * "allow-scripts" only) under a CSP with no network at all (server/middlewares/securityHeaders.ts).
 * It receives a decrypted file from the console by postMessage and turns it into pixels:
 * - an image is decoded and drawn on a canvas: only pixels reach the screen (no metadata, no
 *   embedded script: an SVG or HTML file never comes here, see fileType.ts);
 * - a PDF is rendered page by page to canvases by Mozilla's pdf.js with everything active off:
 *   no scripting (the core API never runs a PDF's JavaScript; no sandbox bundle is loaded),
 *   isEvalSupported false, XFA off, no font loading (glyphs drawn as paths), no fetches (no
 *   cMap, font or WebAssembly URLs; connect-src 'none'), and the parser in this thread (no worker).
 * A file that exploits a decoder is confined here: it cannot read the console's memory (its unit
 * keys), cookies or storage (another origin), open windows, submit forms, download, or reach the network.
 */
import * as pdfjs from 'pdfjs-dist';
import * as pdfjsWorker from 'pdfjs-dist/build/pdf.worker.mjs';
import { isFromViewer, VIEWER_MAX_PAGES, VIEWER_MAX_PIXELS, type FromViewer, type ToViewer } from './viewerProtocol';
import './viewer.css';

// pdf.js runs its parser in this thread when it finds the worker module here (no Worker is
// created: an opaque origin could not load one from the server anyway).
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

const pagesEl = document.getElementById('pages')!;
const say = (message: FromViewer) => window.parent.postMessage(message, '*');
const WIDTH = 880;

function addCanvas(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  pagesEl.appendChild(canvas);
  return canvas;
}

async function showImage(bytes: ArrayBuffer) {
  const probe = await createImageBitmap(new Blob([bytes]));
  const scale = Math.min(1, Math.sqrt(VIEWER_MAX_PIXELS / (probe.width * probe.height)));
  const width = Math.max(1, Math.floor(probe.width * scale));
  const height = Math.max(1, Math.floor(probe.height * scale));
  const bitmap = scale < 1 ? await createImageBitmap(probe, { resizeWidth: width, resizeHeight: height }) : probe;
  const canvas = addCanvas(width, height);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  probe.close();
  bitmap.close();
  say({ cc: 'viewer', type: 'shown', kind: 'image', pages: 1, pagesTotal: 1, width, height });
}

async function showPdf(bytes: ArrayBuffer) {
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    useWorkerFetch: false,
    disableRange: true,
    disableStream: true,
    disableAutoFetch: true,
    stopAtErrors: false,
  }).promise;
  const shown = Math.min(doc.numPages, VIEWER_MAX_PAGES);
  let first = { width: 0, height: 0 };
  for (let n = 1; n <= shown; n++) {
    const page = await doc.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: Math.min(3, (WIDTH / base.width) * Math.min(2, window.devicePixelRatio || 1)) });
    const canvas = addCanvas(Math.floor(viewport.width), Math.floor(viewport.height));
    // annotationMode DISABLE: forms and link annotations are not even drawn as widgets.
    await page.render({ canvas, viewport, annotationMode: pdfjs.AnnotationMode.DISABLE }).promise;
    if (n === 1) first = { width: canvas.width, height: canvas.height };
    page.cleanup();
  }
  say({ cc: 'viewer', type: 'shown', kind: 'pdf', pages: shown, pagesTotal: doc.numPages, ...first });
  await doc.destroy();
}

let busy = false;
window.addEventListener('message', (event: MessageEvent) => {
  // Only the console that framed us speaks to us, and only once.
  if (event.source !== window.parent || busy || !isFromViewerRequest(event.data)) return;
  busy = true;
  const { kind, bytes } = event.data;
  (kind === 'pdf' ? showPdf(bytes) : showImage(bytes)).catch(() => say({ cc: 'viewer', type: 'failed', kind, reason: 'unreadable' }));
});

function isFromViewerRequest(data: unknown): data is ToViewer {
  const d = data as Partial<ToViewer> | null;
  return !isFromViewer(data) || d?.type !== 'show' ? false : (d.kind === 'image' || d.kind === 'pdf') && d.bytes instanceof ArrayBuffer;
}

say({ cc: 'viewer', type: 'ready' });
