import type { Redis } from 'ioredis';
import mongoose from 'mongoose';

const { BSON } = mongoose.mongo;

/**
 * Searching every store for strings that must never be there. Each search looks at raw bytes
 * (BSON of every document, every Redis value as stored) as well as readable JSON, so a string
 * hidden inside a binary field (a GridFS chunk) is found too.
 */
export type Trace = { where: string; needle: string };

function scan(where: string, haystack: Buffer, needles: string[], found: Trace[]) {
  const lower = haystack.toString('latin1').toLowerCase();
  for (const needle of needles) {
    if (haystack.includes(Buffer.from(needle, 'utf8')) || lower.includes(needle.toLowerCase())) found.push({ where, needle });
  }
}

/** Every document of every collection of the database (GridFS chunks included). */
export async function tracesInMongo(db: mongoose.Connection, needles: string[]): Promise<{ found: Trace[]; documents: number }> {
  const found: Trace[] = [];
  let documents = 0;
  for (const { name } of await db.db!.listCollections().toArray()) {
    for await (const doc of db.db!.collection(name).find({})) {
      documents += 1;
      scan(`mongo ${name} (bson)`, Buffer.from(BSON.serialize(doc)), needles, found);
      scan(`mongo ${name} (json)`, Buffer.from(JSON.stringify(doc)), needles, found);
    }
  }
  return { found, documents };
}

/** Every key under the prefixes, dumped according to its type, key names included. */
export async function tracesInRedis(redis: Redis, prefixes: string[], needles: string[]): Promise<{ found: Trace[]; keys: number }> {
  const found: Trace[] = [];
  let keys = 0;
  for (const prefix of prefixes) {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scanBuffer(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = String(next);
      for (const keyBuf of batch) {
        keys += 1;
        const key = keyBuf.toString('latin1');
        const type = await redis.type(key);
        let parts: Buffer[] = [keyBuf];
        if (type === 'string') parts.push((await redis.getBuffer(key)) ?? Buffer.alloc(0));
        else if (type === 'hash') parts = parts.concat(await redis.hgetallBuffer(key).then((h) => Object.entries(h).flatMap(([k, v]) => [Buffer.from(k), v])));
        else if (type === 'list') parts = parts.concat(await redis.lrangeBuffer(key, 0, -1));
        else if (type === 'set') parts = parts.concat(await redis.smembersBuffer(key));
        else if (type === 'zset') parts = parts.concat(await redis.zrangeBuffer(key, 0, -1, 'WITHSCORES'));
        else if (type === 'stream') parts.push(Buffer.from(JSON.stringify(await redis.xrange(key, '-', '+'))));
        scan(`redis ${key} (${type})`, Buffer.concat(parts), needles, found);
      }
    } while (cursor !== '0');
  }
  return { found, keys };
}

/** Every line of the given process outputs. */
export function tracesInLogs(logs: Record<string, string>, needles: string[]): { found: Trace[]; lines: number } {
  const found: Trace[] = [];
  let lines = 0;
  for (const [name, text] of Object.entries(logs)) {
    for (const [i, line] of text.split('\n').entries()) {
      lines += 1;
      scan(`${name} log line ${i + 1}`, Buffer.from(line), needles, found);
    }
  }
  return { found, lines };
}
