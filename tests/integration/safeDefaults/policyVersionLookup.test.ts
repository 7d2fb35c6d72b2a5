import mongoose from 'mongoose';
import { PolicyStore } from '../../../server/policy/policyStore';
import { PolicyVersion } from '../../../server/models/PolicyVersion';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { mongoUriFor, uniqueName } from '../../support/testEnv';

/**
 * Safe defaults (issue 13 item 9): an unknown `policyVersion` (any anonymous submission can name
 * one) is answered from a cache. Before, every such request re-read and re-verified every
 * stored version. Real database; jest.spyOn only counts the calls (the real queries run).
 */
describe('PolicyStore.byVersion with an unknown version', () => {
  let deployment: TestDeployment;

  beforeAll(async () => {
    deployment = await createTestDeployment();
    mongoose.set('bufferCommands', false);
    await mongoose.connect(mongoUriFor(uniqueName('policylookup')), { serverSelectionTimeoutMS: 3000 });
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });

  it('50 requests for a version nobody uploaded: no full read, at most one read by _id', async () => {
    const store = new PolicyStore(deployment.rootPublicKey);
    await store.add(deployment.signed);
    const find = jest.spyOn(PolicyVersion, 'find');
    const findById = jest.spyOn(PolicyVersion, 'findById');
    try {
      for (let i = 0; i < 50; i++) expect(await store.byVersion(987_654)).toBeUndefined();
      expect(find).not.toHaveBeenCalled();
      expect(findById.mock.calls.length).toBeLessThanOrEqual(1);
      // A known version is answered from memory too.
      expect((await store.byVersion(deployment.policy.version))?.policy.version).toBe(deployment.policy.version);
      expect(findById.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      find.mockRestore();
      findById.mockRestore();
    }
  });

  it('a version uploaded through another process is still found (read by _id, verified)', async () => {
    const fresh = new PolicyStore(deployment.rootPublicKey);
    const loaded = await fresh.byVersion(deployment.policy.version);
    expect(loaded?.policy.version).toBe(deployment.policy.version);
  });

  it('a stored version that does not verify under the root key is not returned', async () => {
    const other = await createTestDeployment();
    const tampered = { ...other.signed, policy: { ...(other.signed.policy as object), version: 4242 } };
    await PolicyVersion.collection.insertOne({ _id: 4242 as never, signed: tampered });
    const store = new PolicyStore(deployment.rootPublicKey);
    expect(await store.byVersion(4242)).toBeUndefined();
  });
});
