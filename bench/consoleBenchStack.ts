import mongoose from 'mongoose';
import { ConsoleFactory } from '../tests/support/consoleFactory';
import type { TestDeployment } from '../tests/support/deployment';
import { startPrivateFerret, startServer } from '../tests/support/processes';
import { REDIS_URL, uniqueName } from '../tests/support/testEnv';

type Server = Awaited<ReturnType<typeof startServer>>;

/**
 * What the console benchmarks share: a database (a private FerretDB, or BENCH_MONGODB_URI), a
 * ConsoleFactory whose cases are announced to the API's inbox index like the workers' are, and
 * the API process, started when the bench says (after bulk loading, for the inbox bench).
 */
export async function startConsoleBenchStack(label: string, deployment: TestDeployment & { env: Record<string, string> }) {
  const ferret = process.env.BENCH_MONGODB_URI ? undefined : await startPrivateFerret();
  const uri = process.env.BENCH_MONGODB_URI ?? ferret!.uri.replace(/\/cc_test$/, `/${uniqueName(label)}`);
  const db = await mongoose.createConnection(uri).asPromise();
  const factory = new ConsoleFactory(db, deployment);
  const prefix = uniqueName('q');
  factory.announceCasesTo(REDIS_URL, prefix);
  let server: Server | undefined;
  return {
    db,
    factory,
    startServer: async (): Promise<Server> => {
      server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', ...deployment.env, ...factory.env });
      return server;
    },
    stop: async () => {
      await server?.stop();
      await factory.close();
      await db.dropDatabase().catch(() => undefined);
      await db.close();
      await ferret?.stop();
    },
  };
}
