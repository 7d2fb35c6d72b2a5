import { rewardClaimProblem } from '../../core/crypto';
import { CliError, readJsonFile, stringOption, type Command } from '../cliSupport';

const REASONS = {
  shape: 'is not a cc-reward-claim/1 claim (a field is missing, extra or malformed)',
  reference: "names a case reference that is not its own key's",
  signature: 'has a signature that does not verify: the statement was changed, or not signed by this key',
} as const;

/** Verifies a reporter's reward claim offline (docs/crypto.md §Reward claims). */
export const verifyClaim: Command = {
  name: 'verify-claim',
  summary: "verify a reporter's reward claim offline",
  usage: 'verify-claim --in claim.json [--public-key BASE64URL] [--deployment ID]',
  details: `Checks the Ed25519 signature of a cc-reward-claim/1 statement (context line, then the
canonical JSON of the statement) with the public key inside the claim, and that the statement's
case reference is that key's id. --public-key: the reporter signing key the console shows for the
case; the claim must be signed by it. --deployment: the deployment id the claim must name.
Prints the statement. Exit code 0 when valid, 1 otherwise (with the reason). Needs no key
directory and no network: anyone holding the claim can run it.`,
  options: { in: { type: 'string' }, 'public-key': { type: 'string' }, deployment: { type: 'string' } },
  required: ['in'],
  async run(values) {
    const input = stringOption(values, 'in');
    const claim = readJsonFile(input, 'reward claim') as { statement: Record<string, string>; publicKey: string };
    const problem = rewardClaimProblem(claim);
    if (problem) throw new CliError(`${input} ${REASONS[problem]}`);
    const expectedKey = values['public-key'] as string | undefined;
    if (expectedKey && claim.publicKey !== expectedKey) throw new CliError(`${input} is signed by key ${claim.publicKey}, not by the case's key ${expectedKey}`);
    const deployment = values.deployment as string | undefined;
    if (deployment && claim.statement.deploymentId !== deployment) throw new CliError(`${input} was made for deployment ${claim.statement.deploymentId}, not ${deployment}`);
    const s = claim.statement;
    console.log(`OK: ${input} is a valid reward claim${expectedKey ? " signed by the case's reporter key" : ''}`);
    console.log(`  case reference ${s.caseRef}, deployment ${s.deploymentId}, dated ${s.date}`);
    console.log(`  claimant: ${s.claimant || '(not given)'}`);
    console.log(`  reporter signing key: ${claim.publicKey}`);
  },
};
