import { pickLeastLoaded, reservationCount, settleReservation } from '../../../workers/memberReservations';

type Member = { investigatorId: string; openCases: number };

/** Counters as the database holds them; reads return a copy sorted like the real query. */
function unit(ids: string[]) {
  const counters = new Map(ids.map((id) => [id, 0]));
  let gate: Promise<void> = Promise.resolve();
  return {
    counters,
    /** Holds every read until `open()`: picks that run together see the same counters. */
    hold() {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return () => open();
    },
    read: async (): Promise<Member[]> => {
      const snapshot = [...counters].map(([investigatorId, openCases]) => ({ investigatorId, openCases }));
      await gate;
      return snapshot.sort((a, b) => a.openCases - b.openCases || a.investigatorId.localeCompare(b.investigatorId));
    },
    raise(id: string, caseId: string) {
      counters.set(id, counters.get(id)! + 1);
      settleReservation(caseId);
    },
  };
}

describe('member reservations (least-loaded pick under concurrent routing)', () => {
  it('spreads picks that read the same counters at the same time', async () => {
    const u = unit(['a', 'b']);
    const open = u.hold();
    const picks = ['c1', 'c2', 'c3', 'c4'].map((c) => pickLeastLoaded('unit1', c, u.read));
    open();
    const chosen = (await Promise.all(picks)).map((m) => m!.investigatorId);
    // Without reservations all four read {a: 0, b: 0} and take "a".
    expect(chosen.filter((id) => id === 'a')).toHaveLength(2);
    expect(chosen.filter((id) => id === 'b')).toHaveLength(2);
    chosen.forEach((id, i) => u.raise(id, `c${i + 1}`));
    expect(reservationCount()).toBe(0);
  });

  it('still counts a case whose counter was raised after the pick started reading', async () => {
    const u = unit(['a', 'b']);
    const first = (await pickLeastLoaded('unit2', 'd1', u.read))!;
    expect(first.investigatorId).toBe('a');
    const open = u.hold();
    // This read takes its snapshot (a: 0) before the raise lands.
    const second = pickLeastLoaded('unit2', 'd2', u.read);
    u.raise('a', 'd1');
    open();
    expect((await second)!.investigatorId).toBe('b');
    u.raise('b', 'd2');
    // After both raises the counters alone decide, and nothing is left reserved.
    expect(reservationCount()).toBe(0);
    expect((await pickLeastLoaded('unit2', undefined, u.read))!.investigatorId).toBe('a');
  });

  it('keeps units apart and forgets a reservation whose routing came to nothing', async () => {
    const u1 = unit(['a', 'b']);
    const u2 = unit(['a', 'b']);
    expect((await pickLeastLoaded('unit3', 'e1', u1.read))!.investigatorId).toBe('a');
    // The same investigator in another unit carries no reservation from unit3.
    expect((await pickLeastLoaded('unit4', 'e2', u2.read))!.investigatorId).toBe('a');
    settleReservation('e1');
    settleReservation('e2');
    expect(reservationCount()).toBe(0);
    expect((await pickLeastLoaded('unit3', undefined, u1.read))!.investigatorId).toBe('a');
  });

  it('returns nobody when the unit has no candidate, and recovers from a failed read', async () => {
    expect(await pickLeastLoaded('unit5', 'f1', async () => [])).toBeNull();
    await expect(pickLeastLoaded('unit5', 'f2', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    // The failed read does not pin settled reservations forever.
    const u = unit(['a']);
    await pickLeastLoaded('unit5', 'f3', u.read);
    u.raise('a', 'f3');
    expect(reservationCount()).toBe(0);
  });
});
