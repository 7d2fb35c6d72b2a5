/**
 * After the test run: every query the server and the workers sent to the database (recorded as
 * shapes, server/infra/commandShapes.ts) must be served by a declared index of its collection
 * (tests/support/indexCoverage.ts says what "served" means). Exits 1 and lists the queries that
 * are not, so a new unindexed query fails the build. Usage: tsx scripts/checkIndexUse.ts <dir>
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { checkShapes } from '../tests/support/indexCoverage';

export async function declaredIndexes(): Promise<Map<string, string[][]>> {
  const modelsDir = path.resolve(__dirname, '../server/models');
  for (const file of fs.readdirSync(modelsDir).filter((f) => f.endsWith('.ts'))) await import(path.join(modelsDir, file));
  const declared = new Map<string, string[][]>();
  for (const name of mongoose.modelNames()) {
    const model = mongoose.model(name);
    const keys = model.schema.indexes().map(([fields]) => Object.keys(fields));
    declared.set(model.collection.collectionName, [...(declared.get(model.collection.collectionName) ?? []), ...keys]);
  }
  return declared;
}

async function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: checkIndexUse.ts <shapes dir>');
  const { queries, unserved } = checkShapes(dir, await declaredIndexes());
  if (queries === 0) {
    process.stderr.write(`[index check] no query shapes recorded in ${dir}\n`);
    process.exit(1);
  }
  for (const q of unserved) {
    const or = q.or.length ? ` $or ${JSON.stringify(q.or)}` : '';
    process.stderr.write(`[index check] NOT index-backed: ${q.collection}.${q.command} filter [${q.filter.join(', ')}]${or} sort [${q.sort.join(', ')}]\n`);
  }
  process.stderr.write(`[index check] ${queries} query shapes, ${unserved.length} not served by a declared index\n`);
  process.exit(unserved.length ? 1 : 0);
}

if (require.main === module) void main();
