import mongoose from 'mongoose';
import { unavailable } from '../../core/errors';
import { recordCommandShapes, recordCommandTimings, shapesMonitoringOn } from './commandShapes';

/**
 * Connects mongoose. Commands are not buffered and server selection is short, so an absent
 * database fails a request fast (503) instead of hanging it; the driver reconnects by itself.
 */
export async function connectMongo(uri: string): Promise<typeof mongoose> {
  mongoose.set('bufferCommands', false);
  mongoose.set('strictQuery', true);
  // `$`-operators in user input are refused before any query (middlewares/rejectOperatorKeys)
  // and every input is parsed by a strict zod schema, so filters only ever hold plain values.
  const connected = await mongoose.connect(uri, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    socketTimeoutMS: 30_000,
    heartbeatFrequencyMS: 2000,
    autoIndex: true,
    monitorCommands: shapesMonitoringOn(), // the test run's index check and benchmarks only (commandShapes.ts)
  });
  recordCommandShapes(mongoose.connection.getClient());
  recordCommandTimings(mongoose.connection.getClient());
  return connected;
}

/** True when the database answers a ping within the time given. */
export async function pingMongo(timeoutMs = 1500): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  try {
    await withTimeout(db.admin().ping(), timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** What a request hears when the database took its command and never answered (503). */
export const databaseSilent = () => unavailable('database_unavailable', 'The database did not answer; try again shortly.');

/** `p`, or a rejection with `timeoutError()` once `ms` have passed (a late outcome of `p` is dropped). */
export function withTimeout<T>(p: Promise<T>, ms: number, timeoutError: () => Error = () => new Error('timeout')): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(timeoutError()), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}
