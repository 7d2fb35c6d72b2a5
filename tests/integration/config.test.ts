import { spawnLogged } from '../support/processes';
import { parseEnv } from '../../server/config/env';
import { ROOT } from '../support/testEnv';
import path from 'node:path';

describe('configuration', () => {
  it('parses a valid environment into a frozen object with defaults', () => {
    const env = parseEnv({ MONGODB_URI: 'mongodb://db:27017/x', REDIS_URL: 'redis://r:6379' });
    expect(env.PORT).toBe(8080);
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('names every bad variable', () => {
    expect(() => parseEnv({ MONGODB_URI: 'postgres://x', REDIS_URL: 'redis://r', PORT: 'eighty' })).toThrow(/MONGODB_URI[\s\S]*PORT|PORT[\s\S]*MONGODB_URI/);
  });

  it('stops the server process with exit code 1 and a clear message on a bad value', async () => {
    const proc = spawnLogged(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts'], {
      ...process.env,
      MONGODB_URI: 'mongodb://127.0.0.1:1/x',
      REDIS_URL: 'redis://127.0.0.1:1',
      PORT: '99999',
    });
    const code = await new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(proc.output()).toMatch(/Invalid configuration:\n\s+PORT:/);
  });
});
