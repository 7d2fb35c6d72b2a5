import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { ready } from '../../../core/crypto/sodium';
import { caseAuthVerifier } from '../../../core/crypto/caseSecrets';
import { authenticateCase } from '../../../server/middlewares/caseAuth';
import { migrateCaseKeys } from '../../../server/cli/migrateCaseKeys';
import { Case } from '../../../server/models/Case';
import { CaseKey } from '../../../server/models/CaseKey';
import { caseKeyOf, claimCaseId } from '../../../server/infra/caseKeys';
import { mongoUriFor, uniqueName } from '../../support/testEnv';

/**
 * Safe defaults (issue 13 item 9): a reporter's case is found only through its `caseKeys`
 * document (`_id` lookups). The old fallback `Case.findOne({ caseToken })` scanned every case
 * on FerretDB for any anonymous request; a case stored without a key gets one from the one-off
 * migration (server/cli/migrateCaseKeys.ts). Real database.
 */
const b64u = (n: number) => randomBytes(n).toString('base64url');

async function storeCase(_id: string, caseToken: string, authSecret: Uint8Array) {
  await Case.collection.insertOne({ _id: _id as never, caseToken, authVerifier: caseAuthVerifier(authSecret), timeline: [] });
}

describe('reporter authentication uses the case key only', () => {
  beforeAll(async () => {
    await ready();
    mongoose.set('bufferCommands', false);
    await mongoose.connect(mongoUriFor(uniqueName('casekey')), { serverSelectionTimeoutMS: 3000 });
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });

  it('a case stored without its key is not found by token (no caseToken scan), and is after the migration', async () => {
    const token = b64u(32);
    const secret = randomBytes(32);
    const id = b64u(16);
    await storeCase(id, token, secret);
    const findOne = jest.spyOn(Case, 'findOne'); // counts calls; the real query runs
    try {
      await expect(authenticateCase(token, Buffer.from(secret).toString('base64url'))).rejects.toMatchObject({ code: 'case_not_found' });
      // findById goes through findOne({ _id }); no call may filter on anything but _id.
      expect(findOne.mock.calls.map(([filter]) => Object.keys(filter ?? {}))).not.toContainEqual(expect.arrayContaining(['caseToken']));
      expect(findOne.mock.calls.every(([filter]) => Object.keys(filter ?? {}).join() === '_id')).toBe(true);
    } finally {
      findOne.mockRestore();
    }

    const first = await migrateCaseKeys();
    expect(first.created).toBeGreaterThanOrEqual(1);
    expect(await CaseKey.findById(caseKeyOf(token)).lean()).toMatchObject({ caseId: id });
    await expect(authenticateCase(token, Buffer.from(secret).toString('base64url'))).resolves.toBe(id);
    // Idempotent: a second run creates nothing.
    expect((await migrateCaseKeys()).created).toBe(0);
  });

  it('cases stored the normal way (key first) authenticate, and the oldest format (_id = lookup key) after the migration', async () => {
    const token = b64u(32);
    const secret = randomBytes(32);
    const { caseId: id } = await claimCaseId(token);
    await storeCase(id, token, secret);
    await expect(authenticateCase(token, Buffer.from(secret).toString('base64url'))).resolves.toBe(id);

    // The oldest format (_id = lookup key) is found once the migration gave it a key document:
    // no lookup in `cases` by the token's key (a miss there scans the collection on FerretDB).
    const oldToken = b64u(32);
    const oldSecret = randomBytes(32);
    await storeCase(caseKeyOf(oldToken), oldToken, oldSecret);
    await expect(authenticateCase(oldToken, Buffer.from(oldSecret).toString('base64url'))).rejects.toMatchObject({ code: 'case_not_found' });
    expect((await migrateCaseKeys()).created).toBeGreaterThanOrEqual(1);
    await expect(authenticateCase(oldToken, Buffer.from(oldSecret).toString('base64url'))).resolves.toBe(caseKeyOf(oldToken));
  });

  it('a wrong secret for a keyed case gets the same 404', async () => {
    const token = b64u(32);
    const { caseId: id } = await claimCaseId(token);
    await storeCase(id, token, randomBytes(32));
    await expect(authenticateCase(token, b64u(32))).rejects.toMatchObject({ code: 'case_not_found' });
  });
});
