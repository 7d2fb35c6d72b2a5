import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { rootKeyId } from '../../core/crypto';
import { verifySignedPolicy } from '../../core/policy';
import { CliError, readJsonFile, stringOption, writeFileAtomic, prettyJson, type Command } from '../cliSupport';
import { PUBLIC_FILE_MODE, SECRET_FILE_MODE, rootPublicKeyFrom } from '../keyStore';

/** The files docker-compose.yml mounts or reads, relative to the runtime directory. */
export const RUNTIME_FILES = { policy: 'policy.signed.json', rootPub: 'root.pub', serverEnv: 'server.env' } as const;

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** KEY=value lines of an env file (comments and blank lines skipped). */
export function readEnvFile(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

/**
 * Turns the custodian's outputs into what the production stack (docker-compose.yml) needs:
 * the verified signed policy and the root public key (public files), the server's secret in an
 * env file of mode 0600, and compose's variable file. Re-running it (a new policy version, a new
 * domain) keeps SERVER_SECRET: a new one would void every console password verifier.
 */
export const deployInit: Command = {
  name: 'deploy-init',
  summary: 'write the production stack runtime files (signed policy, root key, SERVER_SECRET) for docker-compose',
  usage: 'deploy-init --policy policy.signed.json (--root root.pub | --root-key BASE64URL) [--out deploy/runtime] [--compose-env .env] [--domain report.example.kz]',
  details: `Verifies the signed policy against the root public key (it refuses one that does not
verify), then writes:
  OUT/policy.signed.json  the policy (mode 0644), mounted read-only into server and workers
  OUT/root.pub            the root public key (mode 0644)
  OUT/server.env          SERVER_SECRET (fresh, 32 random bytes; mode 0600; kept on re-runs),
                          read by compose as env_file; add SMTP_URL here if mail is used
  COMPOSE_ENV             compose's variables (default .env beside docker-compose.yml):
                          CC_ROOT_PUBLIC_KEY (pinned into the client build and given to the
                          server), CC_MIN_POLICY_VERSION (the policy's version: the oldest the
                          built client accepts), CC_DOMAIN (Caddy's site address), CC_RUNTIME_DIR
Nothing here needs the custodian's passphrase, and nothing secret goes into an image: the
runtime directory and .env are excluded from the build context (.dockerignore).
Default OUT: deploy/runtime. Default domain: localhost (Caddy then uses its own local CA).`,
  options: {
    policy: { type: 'string' },
    root: { type: 'string' },
    'root-key': { type: 'string' },
    out: { type: 'string' },
    'compose-env': { type: 'string' },
    domain: { type: 'string' },
  },
  required: ['policy'],
  async run(values) {
    const rootKey = rootPublicKeyFrom(values.root as string | undefined, values['root-key'] as string | undefined);
    const policyFile = stringOption(values, 'policy');
    const signed = readJsonFile(policyFile, 'signed policy');
    const policy = verifySignedPolicy(signed, rootKey);
    const domain = typeof values.domain === 'string' ? values.domain.toLowerCase() : 'localhost';
    if (!DOMAIN.test(domain)) throw new CliError('--domain must be a host name such as report.example.kz', 2);
    const out = typeof values.out === 'string' ? values.out : 'deploy/runtime';
    const envFile = typeof values['compose-env'] === 'string' ? values['compose-env'] : '.env';
    fs.mkdirSync(out, { recursive: true, mode: 0o755 });

    writeFileAtomic(path.join(out, RUNTIME_FILES.policy), prettyJson(signed), PUBLIC_FILE_MODE);
    writeFileAtomic(path.join(out, RUNTIME_FILES.rootPub), `${rootKey}\n`, PUBLIC_FILE_MODE);
    const serverEnvFile = path.join(out, RUNTIME_FILES.serverEnv);
    const previous = readEnvFile(serverEnvFile);
    const kept = Boolean(previous.SERVER_SECRET);
    const secret = previous.SERVER_SECRET || randomBytes(32).toString('base64url');
    // Operator additions (SMTP_URL, ...) survive a re-run; SERVER_SECRET stays first.
    const extra = Object.entries(previous).filter(([k]) => k !== 'SERVER_SECRET').map(([k, v]) => `${k}=${v}`);
    writeFileAtomic(
      serverEnvFile,
      ['# Secrets of the ClearChannel server and workers (docker-compose env_file). Mode 0600.', '# Written by `npm run -s keys -- deploy-init`; never commit it, never copy it into an image.', `SERVER_SECRET=${secret}`, ...extra, ''].join('\n'),
      SECRET_FILE_MODE,
    );
    const runtimeDir = path.isAbsolute(out) ? out : `./${path.relative(path.dirname(path.resolve(envFile)), path.resolve(out)) || '.'}`;
    writeFileAtomic(
      envFile,
      [
        '# docker-compose variables, written by `npm run -s keys -- deploy-init` (nothing secret).',
        `CC_ROOT_PUBLIC_KEY=${rootKey}`,
        // The client build's floor: a server replaying an older signed policy is refused by browsers.
        `CC_MIN_POLICY_VERSION=${policy.version}`,
        `CC_DOMAIN=${domain}`,
        `CC_RUNTIME_DIR=${runtimeDir}`,
        '',
      ].join('\n'),
      PUBLIC_FILE_MODE,
    );
    console.log(`Production runtime files written to ${out}`);
    console.log(`  policy:        ${policy.deploymentId} version ${policy.version}, signed by root key ${rootKeyId(rootKey)}`);
    console.log(`  SERVER_SECRET: ${kept ? 'kept from the existing' : 'new, in'} ${serverEnvFile} (mode 0600)`);
    console.log(`  compose vars:  ${envFile} (CC_ROOT_PUBLIC_KEY, CC_MIN_POLICY_VERSION=${policy.version}, CC_DOMAIN=${domain}, CC_RUNTIME_DIR=${runtimeDir})`);
    console.log('Next: docker-compose up -d --build   (docs/operations.md, "Install")');
  },
};
