import mongoose, { Schema } from 'mongoose';

/**
 * Published statistics, one document per period and table (`_id` = "<period>:<table>", e.g.
 * "2025-03:counts", "2025:risk"). Written only by the statistics task (workers/tasks/
 * statisticsTask.ts), already suppressed: the API serves them as stored. Recomputing upserts
 * the same documents by key, so running the task twice changes nothing.
 */
const StatisticSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** "YYYY" or "YYYY-MM" (local months of the policy calendar); "index" for the list of periods. */
    period: { type: String, required: true },
    table: { type: String, required: true },
    /** Who may read it: the public API, or supervisors behind console authentication. */
    audience: { type: String, enum: ['public', 'supervisors'], required: true },
    schema: { type: String, required: true },
    k: { type: Number, required: true },
    publicationDelayDays: { type: Number, required: true },
    policyVersion: { type: Number, required: true },
    /**
     * The table as JSON text. Stored as a string because the tables are arrays of arrays, which
     * FerretDB 1.x cannot store; nothing queries inside them anyway.
     */
    data: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);

StatisticSchema.index({ audience: 1, table: 1, period: 1 });

export const Statistic = mongoose.models.Statistic ?? mongoose.model('Statistic', StatisticSchema);
