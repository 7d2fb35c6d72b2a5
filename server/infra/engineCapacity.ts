import mongoose from 'mongoose';
import { Case } from '../models/Case';

/**
 * How close the deployment is to the embedded engine's limit. FerretDB 1.24 with SQLite (the
 * engine of `npm start` and of small pilots) decodes a whole collection for every query that does
 * not name `_id`, so the workers' periodic passes grow with the cases; past ENGINE_CASE_LIMIT
 * they keep the engine busy a quarter of every minute (bench/engineLimits.bench.ts). MongoDB has
 * no such limit (the hot paths are index-backed: scripts/checkIndexUse.ts), so it is never "near".
 */
export type EngineCapacity = { engine: 'embedded' | 'mongodb'; cases: number; limit: number; near: boolean };

/** Warn from this share of the limit: time to plan the move (docs/operations.md, "Moving to MongoDB"). */
export const NEAR_SHARE = 0.8;

export async function engineCapacity(limit: number): Promise<EngineCapacity> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const info = await db.admin().buildInfo();
  const engine = 'ferretdbVersion' in info ? 'embedded' : 'mongodb';
  // The collection's count without a filter: metadata on MongoDB, one count on SQLite.
  const cases = await Case.estimatedDocumentCount();
  return { engine, cases, limit, near: engine === 'embedded' && cases >= NEAR_SHARE * limit };
}
