import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser';
import { clientPinsDemoKey, loadDemoDeployment, type DemoDeployment } from './demoDeployment';
import { startServer, type Spawned } from './processes';
import { REDIS_URL, mongoUriFor, uniqueName } from './testEnv';

export type PortalStack = { demo: DemoDeployment; server: Spawned & { url: string }; browser: BrowserContext; db: mongoose.Connection; stop: () => Promise<void> };

/**
 * What the reporter's browser tests run on: the demo deployment (the client in client/dist pins
 * its root key), an API process on a database of this file's own, Chromium, and a connection to
 * that database for looking at what was stored. `stop()` drops the database: the shared FerretDB
 * slows down with every database left behind.
 */
export async function startPortalStack(label: string, env: Record<string, string> = {}): Promise<PortalStack> {
  const demo = await loadDemoDeployment();
  if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client:demo"');
  const uri = mongoUriFor(uniqueName(label));
  const server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), ...demo.env, ...env });
  const browser = await launchBrowser();
  const db = await mongoose.createConnection(uri).asPromise();
  return {
    demo,
    server,
    browser,
    db,
    async stop() {
      if (process.env.SHOW_LOGS) console.log(server.output());
      await browser.close();
      await server.stop();
      await db.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}
