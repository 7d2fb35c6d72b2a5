/**
 * Generates keys/policies/kz.source.json, the default Kazakhstan policy (TAXONOMY of the design
 * brief; docs/policy.md explains every field). Units are the product unit kinds × (regions +
 * national level), which is why this is a script and not hand-written JSON.
 *
 *   npx tsx keys/policies/generate-kz.ts            # rewrite the file
 *   npx tsx keys/policies/generate-kz.ts --check    # exit 1 if the file is not what this script writes
 *
 * Re-running keeps what the custodian's tools added to the existing file: each unit's `keys`,
 * the `deploymentSalt`, `deploymentId` and `version`, `oversightPublicKey`. Everything else
 * comes from this script. Kazakh (kk) texts are drafts awaiting native review.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { parsePolicySource } from '../../core/policy/parse';
import type { PolicySource } from '../../core/policy/schema';
import { KZ_CATEGORIES, KZ_REGIONS, KZ_SECTORS, KZ_UNIT_KINDS, KZ_ROUTING_INPUTS, type L3 } from './kz-texts';
import { KZ_APPC_CONSIDERATION, KZ_IDENTITY_DISCLOSURE, KZ_REWARDS } from './kz-process';
import { KZ_CALENDAR, KZ_CONFLICT_EXCLUSIONS, KZ_DEADLINES, KZ_ESCALATION, KZ_EXTENSIONS, KZ_IDENTITY_EXCLUDED_KINDS, KZ_RULES, KZ_SLA_ESCALATION } from './kz-rules';

const OUT = path.join(__dirname, 'kz.source.json');
const NATIONAL = 'KZ';

type Existing = Partial<Pick<PolicySource, 'deploymentSalt' | 'deploymentId' | 'version' | 'oversightPublicKey' | 'units'>>;

function readExisting(): Existing {
  if (!fs.existsSync(OUT)) return {};
  return JSON.parse(fs.readFileSync(OUT, 'utf8')) as Existing;
}

function unitLabels(kind: L3, region: L3): L3 {
  return { kk: `${kind.kk} — ${region.kk}`, ru: `${kind.ru} — ${region.ru}`, en: `${kind.en} — ${region.en}` };
}

/** The policy source; `existing` supplies the fields the key CLI owns. */
export function buildKzPolicy(existing: Existing = {}): PolicySource {
  const keysOf = new Map((existing.units ?? []).map((u) => [u.id as string, u.keys]));
  const units: PolicySource['units'] = [];
  for (const kind of KZ_UNIT_KINDS) {
    for (const region of KZ_REGIONS) {
      const id = `${kind.id}@${region.code}`;
      units.push({ id, kind: kind.id, region: region.code, labels: unitLabels(kind.labels, region.labels), keys: keysOf.get(id) ?? [] });
    }
  }
  return {
    format: 'cc-policy/1',
    deploymentId: existing.deploymentId ?? 'kz-default',
    version: existing.version ?? 1,
    // Valid until the end of the last year the holiday list covers: re-sign yearly with the
    // next year's holidays (the government publishes day-off transfers each year).
    validFrom: '2026-11-01T00:00:00+05:00',
    validUntil: '2028-01-01T00:00:00+05:00',
    deploymentSalt: existing.deploymentSalt ?? crypto.randomBytes(16).toString('base64url'),
    languages: ['kk', 'ru', 'en'],
    categories: KZ_CATEGORIES,
    sectors: KZ_SECTORS,
    nationalRegion: NATIONAL,
    regions: KZ_REGIONS,
    routingInputs: KZ_ROUTING_INPUTS,
    unitKinds: KZ_UNIT_KINDS,
    units,
    rules: KZ_RULES,
    escalation: KZ_ESCALATION,
    triageUnit: `triage@${NATIONAL}`,
    conflictExclusions: KZ_CONFLICT_EXCLUSIONS,
    identityExcludedKinds: KZ_IDENTITY_EXCLUDED_KINDS,
    ...(existing.oversightPublicKey ? { oversightPublicKey: existing.oversightPublicKey } : {}),
    deadlines: KZ_DEADLINES,
    slaEscalation: KZ_SLA_ESCALATION,
    extensions: KZ_EXTENSIONS,
    calendar: KZ_CALENDAR,
    retention: {
      // Case file 5 years after closure (check against Order No. 279-НҚ of 17 Jun 2025 [UNVERIFIED]).
      closedCaseDays: 5 * 365,
      // Reporter identity purged 2 months after closure of unfounded cases (WP29 Opinion 1/2006).
      identityPurgeDaysUnsubstantiated: 60,
      // Audit log kept for the case lifetime + 5 years.
      auditLogDaysAfterCase: 5 * 365,
    },
    timeRoundingMinutes: 60,
    statistics: { kAnonymityThreshold: 5, publicationDelayDays: 30 },
    limits: { maxBodyBytes: 64 * 1024, maxFileBytes: 25 * 1024 * 1024, maxCaseBytes: 100 * 1024 * 1024 },
    identityDisclosure: KZ_IDENTITY_DISCLOSURE,
    rewards: KZ_REWARDS,
    appcConsideration: KZ_APPC_CONSIDERATION,
  };
}

/** The file format: 2-space JSON, as the key CLI writes it back, so regenerating keeps diffs small. */
export function formatPolicyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function main(): void {
  const existing = readExisting();
  const policy = buildKzPolicy(existing);
  parsePolicySource(policy); // never write a policy that does not parse
  const text = formatPolicyJson(policy);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), OUT)} differs from what generate-kz.ts writes`);
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${policy.units.length} units, ${policy.rules.length} rules`);
}

if (require.main === module) main();
