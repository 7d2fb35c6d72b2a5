import type { Request, Response, NextFunction } from 'express';
import helmet from 'helmet';

/** The console's attachment viewer page, loaded only inside a sandboxed frame (client/viewer.html). */
export const VIEWER_PATH = '/console/viewer';

/**
 * Browser features no page of this app uses, switched off for the page and every frame in it:
 * a script injected into a page (or a hostile file in the viewer) cannot reach a camera,
 * microphone, location, payment, USB/serial/HID device, or the screen.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer', 'autoplay', 'browsing-topics', 'camera', 'display-capture', 'encrypted-media', 'fullscreen',
  'geolocation', 'gyroscope', 'hid', 'identity-credentials-get', 'idle-detection', 'local-fonts', 'magnetometer',
  'microphone', 'midi', 'payment', 'picture-in-picture', 'publickey-credentials-create', 'publickey-credentials-get',
  'screen-wake-lock', 'serial', 'storage-access', 'usb', 'window-management', 'xr-spatial-tracking',
  // Only features Chromium knows: an unknown name makes it log a warning on every page.
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * Helmet with a CSP that allows only this origin: no inline script or style, no framing, no
 * third-party anything. `'wasm-unsafe-eval'` is the single addition, for libsodium's WebAssembly.
 * Trusted Types (`require-trusted-types-for 'script'`): the DOM's script sinks (innerHTML,
 * script src, eval-like strings, Worker URLs) refuse plain strings; every page installs the one
 * policy allowed, `default`, which passes only its own /assets/ script URLs
 * (client/shared/pageHardening.ts) and refuses HTML and script text.
 */
const appHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      requireTrustedTypesFor: ["'script'"],
      trustedTypes: ['default'],
      upgradeInsecureRequests: null,
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
  xFrameOptions: { action: 'deny' },
  strictTransportSecurity: { maxAge: 63072000, includeSubDomains: true },
});

/**
 * The attachment viewer (docs/console.md "Opening attachments"): a page that renders a
 * reporter's image or PDF inside a frame sandboxed to an opaque origin. It may run its own
 * scripts and draw into canvases, and nothing else: no connection of any kind (connect-src
 * 'none': the file arrives by postMessage), no fonts, frames, objects, forms or workers. Only the
 * console (same origin) may frame it.
 */
const viewerHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ['blob:', 'data:'],
      connectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
  xFrameOptions: { action: 'sameorigin' },
  strictTransportSecurity: { maxAge: 63072000, includeSubDomains: true },
});

/** The security headers of every response; the viewer page gets its own, narrower CSP. */
export function securityHeaders() {
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    return (req.path === VIEWER_PATH ? viewerHeaders : appHeaders)(req, res, next);
  };
}
