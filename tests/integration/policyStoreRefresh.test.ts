import mongoose from 'mongoose';
import { PolicyStore } from '../../server/policy/policyStore';
import { PolicyVersion } from '../../server/models/PolicyVersion';
import { createTestDeployment, type TestDeployment } from '../support/deployment';
import { mongoUriFor, uniqueName } from '../support/testEnv';

/**
 * The policy store's periodic refresh under load: requests that find it due at the same moment
 * share one read (before, each of 50 concurrent submissions listed and decoded every stored
 * policy version itself). Real database; jest.spyOn only counts the calls (the real queries run).
 */
describe('PolicyStore.refresh under concurrent requests', () => {
  let deployment: TestDeployment;

  beforeAll(async () => {
    deployment = await createTestDeployment();
    mongoose.set('bufferCommands', false);
    await mongoose.connect(mongoUriFor(uniqueName('policyrefresh')), { serverSelectionTimeoutMS: 3000 });
    await new PolicyStore(deployment.rootPublicKey).add(deployment.signed);
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });

  it('50 concurrent requests with the refresh due: one listing, one read of the new version', async () => {
    const store = new PolicyStore(deployment.rootPublicKey, 0); // a refresh is due on every call
    const find = jest.spyOn(PolicyVersion, 'find');
    const findById = jest.spyOn(PolicyVersion, 'findById');
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, () => store.current()));
      expect(new Set(answers.map((a) => a.policy.version))).toEqual(new Set([deployment.policy.version]));
      expect(find).toHaveBeenCalledTimes(1);
      expect(findById).toHaveBeenCalledTimes(1);
      // The next due refresh lists again but reads no version it already holds.
      await store.current();
      expect(find).toHaveBeenCalledTimes(2);
      expect(findById).toHaveBeenCalledTimes(1);
    } finally {
      find.mockRestore();
      findById.mockRestore();
    }
  });
});
