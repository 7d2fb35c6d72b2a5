import express, { type Request, type Response, type NextFunction } from 'express';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Serves the built browser app. Files under /assets carry a content hash in their names and
 * are cached for a year; HTML pages are never cached, so a new build reaches everyone at once.
 * Page routes (`/`, `/console`, `/stats`, `/console/viewer`) map to their HTML entry points.
 */
export function clientFiles(distDir: string) {
  const root = path.resolve(distDir);
  const statics = express.static(root, {
    index: false,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: (res, filePath) => {
      if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        // The attachment viewer runs in a frame sandboxed to an opaque origin, whose module
        // scripts are CORS requests from "null". These files are public and the same for
        // everyone, and fetched without credentials: allowing any origin to read them gives away nothing.
        res.setHeader('Access-Control-Allow-Origin', '*');
      } else res.setHeader('Cache-Control', 'no-store');
    },
  });
  const pages: Record<string, string> = { '/': 'index.html', '/console': 'console.html', '/stats': 'stats.html', '/console/viewer': 'viewer.html' };
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const page = pages[req.path.replace(/\/$/, '') || '/'];
    if (page) {
      const file = path.join(root, page);
      if (!fs.existsSync(file)) return next();
      res.locals.routeLabel = `page:${req.path}`;
      res.setHeader('Cache-Control', 'no-store');
      return res.sendFile(file);
    }
    res.locals.routeLabel = 'static';
    return statics(req, res, next);
  };
}
