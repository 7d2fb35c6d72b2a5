import fs from 'node:fs';
import path from 'node:path';
import type mongoose from 'mongoose';

/**
 * Records the SHAPE of every query the process sends to the database — collection, command,
 * the field names of its filter and sort, and every index it declares — never a value. The
 * test run turns it on (CC_DB_SHAPES_DIR, set by scripts/test.sh) and then checks that each
 * filter and sort is served by a declared index (scripts/checkIndexUse.ts): FerretDB scans
 * whatever we send, so only this check keeps the hot paths logarithmic on MongoDB.
 * Off unless that variable is set; production never sets it.
 */
export type QueryShape = { kind: 'query'; collection: string; command: string; filter: string[]; or: string[][]; sort: string[] };
export type IndexShape = { kind: 'index'; collection: string; keys: string[] };
export type Shape = QueryShape | IndexShape;

export const SHAPES_DIR_ENV = 'CC_DB_SHAPES_DIR';

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field names a filter constrains at its top level; `$or`/`$and` branches apart (`$and` merges). */
export function filterFields(filter: unknown): { fields: string[]; or: string[][] } {
  const fields = new Set<string>();
  const or: string[][] = [];
  if (!isDoc(filter)) return { fields: [], or };
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const branch of value) {
        const inner = filterFields(branch);
        inner.fields.forEach((f) => fields.add(f));
        or.push(...inner.or);
      }
    } else if ((key === '$or' || key === '$nor') && Array.isArray(value)) {
      or.push(...value.map((branch) => filterFields(branch).fields));
    } else if (!key.startsWith('$')) {
      fields.add(key);
    }
  }
  return { fields: [...fields].sort(), or };
}

/** Key names of a sort or index key, which the driver may hand over as a Map, an array of pairs or a document. */
function keyNames(spec: unknown): string[] {
  if (spec instanceof Map) return [...spec.keys()].map(String);
  if (Array.isArray(spec)) return spec.map((s) => (Array.isArray(s) ? String(s[0]) : String(s)));
  return isDoc(spec) ? Object.keys(spec) : [];
}

function query(collection: string, command: string, filter: unknown, sort?: unknown): QueryShape {
  const { fields, or } = filterFields(filter);
  return { kind: 'query', collection, command, filter: fields, or, sort: keyNames(sort) };
}

/** The shapes one started command carries (an update or delete command may hold several). */
export function shapesOf(command: Doc): Shape[] {
  const name = Object.keys(command)[0];
  const collection = String(command[name]);
  switch (name) {
    case 'find':
      return [query(collection, name, command.filter, command.sort)];
    case 'count':
    case 'distinct':
      return [query(collection, name, command.query)];
    case 'findAndModify':
      return [query(collection, name, command.query, command.sort)];
    case 'update':
      return ((command.updates as Doc[]) ?? []).map((u) => query(collection, name, u.q));
    case 'delete':
      return ((command.deletes as Doc[]) ?? []).map((d) => query(collection, name, d.q));
    case 'aggregate': {
      const stages = (command.pipeline as Doc[]) ?? [];
      const match = stages.find((s) => '$match' in s)?.$match;
      const sort = stages.find((s) => '$sort' in s)?.$sort;
      return [query(collection, name, match ?? {}, sort)];
    }
    case 'createIndexes':
      return ((command.indexes as Doc[]) ?? []).map((i) => ({ kind: 'index', collection, keys: keyNames(i.key) }));
    default:
      return [];
  }
}

/** Starts recording on this client when the test run asks for it; one file per process. */
export function recordCommandShapes(client: mongoose.mongo.MongoClient) {
  const dir = process.env[SHAPES_DIR_ENV];
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}.jsonl`);
  const seen = new Set<string>();
  client.on('commandStarted', (event) => {
    for (const shape of shapesOf(event.command as Doc)) {
      const line = JSON.stringify(shape);
      if (seen.has(line)) continue;
      seen.add(line);
      fs.appendFileSync(file, line + '\n');
    }
  });
}

/**
 * Benchmarks only (CC_DB_TIMINGS_FILE): the database time each kind of command took, summed by
 * collection and command, rewritten to that file every second, so bench/intake.bench.ts can say
 * where the engine's time goes per report.
 */
export const TIMINGS_FILE_ENV = 'CC_DB_TIMINGS_FILE';
export type CommandTimings = Record<string, { count: number; ms: number }>;

export function recordCommandTimings(client: mongoose.mongo.MongoClient) {
  const file = process.env[TIMINGS_FILE_ENV]?.replace('%p', String(process.pid)); // %p: one file per process
  if (!file) return;
  const started = new Map<number, string>();
  const totals: CommandTimings = {};
  client.on('commandStarted', (e) => {
    // Keyed by collection, command and filter fields: FerretDB serves `{_id}` alone from an
    // index and scans for anything else, so the fields say which commands cost a scan.
    const shapes = shapesOf(e.command as Doc).filter((s): s is QueryShape => s.kind === 'query');
    const fields = shapes.length ? `{${[...new Set(shapes.flatMap((s) => s.filter))].join(',')}}` : '';
    started.set(e.requestId, `${String((e.command as Doc)[e.commandName])}.${e.commandName}${fields}`);
  });
  const finish = (e: { requestId: number; duration: number }) => {
    const key = started.get(e.requestId);
    if (!key) return;
    started.delete(e.requestId);
    const t = (totals[key] ??= { count: 0, ms: 0 });
    t.count += 1;
    t.ms += e.duration;
  };
  client.on('commandSucceeded', finish);
  client.on('commandFailed', finish);
  setInterval(() => fs.writeFileSync(file, JSON.stringify(totals)), 1000).unref();
}

export const shapesMonitoringOn = () => Boolean(process.env[SHAPES_DIR_ENV] || process.env[TIMINGS_FILE_ENV]);
