import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { ConsoleFactory } from '../../support/consoleFactory';

export type ConsoleTestServer = {
  deployment: TestDeployment;
  server: Spawned & { url: string };
  db: mongoose.Connection;
  /** The database's address, for a test that runs worker code in its own process. */
  uri: string;
  factory: ConsoleFactory;
  queuePrefix: string;
  stop: () => Promise<void>;
};

/** A real API process on its own database and queue prefix, with a factory sharing its SERVER_SECRET. */
export async function startConsoleServer(label: string, extraEnv: Record<string, string> = {}, deploymentOptions: { standbyUnits?: string[] } = {}): Promise<ConsoleTestServer> {
  const deployment = await createTestDeployment(undefined, deploymentOptions);
  const uri = mongoUriFor(uniqueName(label));
  const db = await mongoose.createConnection(uri).asPromise();
  const factory = new ConsoleFactory(db, deployment);
  const queuePrefix = uniqueName('q');
  factory.announceCasesTo(extraEnv.REDIS_URL ?? REDIS_URL, queuePrefix);
  const server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: queuePrefix, POW_DIFFICULTY: '4', ...deployment.env, ...factory.env, ...extraEnv });
  return {
    deployment,
    server,
    db,
    uri,
    factory,
    queuePrefix,
    stop: async () => {
      if (process.env.SHOW_LOGS) console.log(server.output());
      await server.stop();
      await factory.close();
      await db.close();
    },
  };
}
