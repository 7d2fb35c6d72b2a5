/** One account as the administration page lists it (GET /api/console/admin/accounts). */
export type AccountRow = {
  id: string;
  username: string;
  displayName: string;
  role: string;
  state: string;
  resetAt: string | null;
  boxPublicKey: string | null;
  memberships: { id: string; unitId: string; role: string; generations: number[] }[];
};
