import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/testEnv';

/** No Docker engine runs here; Debian's docker-compose v1.29 still validates the file offline. */
describe('docker-compose.yml', () => {
  it('is valid for docker-compose config -q', () => {
    expect(() => execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('names mongo:7, redis:7, the server and the workers, and the Dockerfile is multi-stage', () => {
    const config = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: ROOT }).toString();
    expect(config).toContain('image: mongo:7');
    expect(config).toContain('image: redis:7');
    expect(config).toMatch(/^\s{2}server:/m);
    expect(config).toMatch(/^\s{2}workers:/m);
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
  });

  it('fails validation for a broken file (the check can fail)', () => {
    const broken = path.join(ROOT, '.data/broken-compose.yml');
    fs.writeFileSync(broken, 'version: "3.8"\nservices:\n  x:\n    image: [unclosed\n');
    expect(() => execFileSync('docker-compose', ['-f', broken, 'config', '-q'], { cwd: ROOT, stdio: 'pipe' })).toThrow();
    fs.rmSync(broken);
  });
});
