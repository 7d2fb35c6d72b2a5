import mongoose from 'mongoose';

/**
 * Drops the databases earlier test runs left behind (every test file uses a database of its
 * own), so the local FerretDB does not slow down run after run. Keeps the demo database.
 * Run by scripts/test.sh before jest, only against the local test server.
 */
async function main() {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set');
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  const { databases } = await conn.db!.admin().listDatabases();
  const keep = new Set(['admin', 'local', 'config', 'clearchannel', new URL(uri).pathname.slice(1)]);
  let dropped = 0;
  for (const { name } of databases) {
    if (keep.has(name)) continue;
    await conn.useDb(name).dropDatabase();
    dropped++;
  }
  await conn.close();
  process.stderr.write(`[test] dropped ${dropped} leftover test databases\n`);
}

main().catch((err) => {
  process.stderr.write(`[test] could not drop leftover databases: ${(err as Error).message}\n`);
});
