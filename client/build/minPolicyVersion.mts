import fs from 'node:fs';

/**
 * The oldest policy version the built client accepts (client/shared/policyGate.ts): the version
 * of the signed policy the deployment runs when the client is built, so a server replaying an
 * older signed policy (with keys since retired) is refused by the browser. From
 * CC_MIN_POLICY_VERSION, else from the signed policy file named by CC_POLICY_FILE, else 0 (no
 * build floor: development and test builds, whose demo policy is regenerated at will; the page
 * still never goes back below a version it has seen). A bad value stops the build.
 */
export function minPolicyVersion(): number {
  const explicit = process.env.CC_MIN_POLICY_VERSION;
  if (explicit !== undefined && explicit !== '') {
    if (!/^[0-9]{1,9}$/.test(explicit.trim())) throw new Error(`CC_MIN_POLICY_VERSION must be a policy version number, got "${explicit}"`);
    return Number(explicit.trim());
  }
  const file = process.env.CC_POLICY_FILE;
  if (file) {
    const version = JSON.parse(fs.readFileSync(file, 'utf8'))?.policy?.version;
    if (!Number.isInteger(version) || version < 1) throw new Error(`CC_POLICY_FILE ${file} holds no signed policy version`);
    return version;
  }
  return 0;
}
