import mongoose from 'mongoose';
import { conflict, invalid, notFound, tooLarge } from '../../core/errors';
import { Case } from '../models/Case';
import { Upload } from '../models/Upload';
import { CaseFile } from '../models/CaseFile';
import { randomId, roundDown } from '../infra/ids';
import { attachmentShapeProblem } from '../../core/crypto/fileStream';
import type { UploadStart } from '../schemas/reportSchemas';

/** GridFS bucket holding attachment ciphertext: `attachments.files` and `attachments.chunks`. */
export const ATTACHMENT_BUCKET = 'attachments';

export type UploadLimits = { maxFileBytes: number; maxCaseBytes: number; maxCaseFiles: number; chunkBytes: number; ttlSeconds: number };

function collections() {
  const db = mongoose.connection.db!;
  return { files: db.collection(`${ATTACHMENT_BUCKET}.files`), chunks: db.collection(`${ATTACHMENT_BUCKET}.chunks`) };
}

/** The index GridFS readers rely on; unique so a re-sent chunk cannot be stored twice. */
export async function ensureAttachmentIndexes() {
  await collections().chunks.createIndex({ files_id: 1, n: 1 }, { unique: true });
  await collections().files.createIndex({ filename: 1, uploadDate: 1 });
}

const DAY_MS = 24 * 3600_000;

/**
 * When an upload started now expires: at least `ttlSeconds` from now, rounded up to a whole UTC
 * day. Rounded to a day, coarser than any policy's `timeRoundingMinutes` (at most a day), so the
 * stored expiry does not date the upload; it only lives up to a day longer.
 */
export function expiryOf(now: Date, ttlSeconds: number): Date {
  return new Date(Math.ceil((now.getTime() + ttlSeconds * 1000) / DAY_MS) * DAY_MS);
}

/**
 * Opens a resumable upload for a case. The case's byte budget and one of its file slots are
 * reserved with one guarded `$inc`, so concurrent uploads cannot exceed either cap together; a
 * refusal (`case_too_large`, `case_file_limit`) stores nothing.
 */
export async function startUpload(caseId: string, start: UploadStart, from: 'reporter' | 'investigator', limits: UploadLimits) {
  const { size, chunkCount } = start;
  const shape = attachmentShapeProblem(size);
  if (shape) throw invalid('bad_attachment_size', `The size is not that of an encrypted attachment (${shape}).`);
  if (size > limits.maxFileBytes) throw tooLarge('file_too_large', `A file may be at most ${limits.maxFileBytes} bytes.`);
  if (chunkCount !== Math.ceil(size / limits.chunkBytes)) {
    throw invalid('bad_chunk_count', `A file of ${size} bytes is ${Math.ceil(size / limits.chunkBytes)} chunks of ${limits.chunkBytes} bytes.`);
  }
  const reserved = await Case.findOneAndUpdate(
    // `$not: {$gte}` also matches cases stored before the file counter existed.
    { _id: caseId, uploadBytes: { $lte: limits.maxCaseBytes - size }, uploadFiles: { $not: { $gte: limits.maxCaseFiles } }, purgedAt: { $exists: false } },
    { $inc: { uploadBytes: size, uploadFiles: 1 } },
    { returnDocument: 'after' },
  ).lean<{ uploadFiles: number }>();
  if (!reserved) {
    const kase = await Case.findOne({ _id: caseId, purgedAt: { $exists: false } }, { uploadFiles: 1 }).lean<{ uploadFiles?: number }>();
    if (kase && (kase.uploadFiles ?? 0) >= limits.maxCaseFiles) throw tooLarge('case_file_limit', `A case may hold at most ${limits.maxCaseFiles} files.`);
    throw tooLarge('case_too_large', `The attachments of a case may total at most ${limits.maxCaseBytes} bytes.`);
  }
  const uploadId = randomId();
  await Upload.create({
    _id: uploadId,
    caseId,
    from,
    contentId: start.contentId,
    meta: start.meta,
    size,
    chunkSize: limits.chunkBytes,
    chunkCount,
    n: reserved.uploadFiles,
    expiresAt: expiryOf(new Date(), limits.ttlSeconds),
  });
  return { uploadId, chunkSize: limits.chunkBytes };
}

type UploadDoc = { _id: string; caseId: string; from: string; contentId: string; meta: unknown; size: number; chunkSize: number; chunkCount: number; received: number; state: string; expiresAt: Date; n?: number };

async function openUpload(caseId: string, uploadId: string): Promise<UploadDoc> {
  const upload = await Upload.findOne({ _id: uploadId, caseId }).lean<UploadDoc>();
  if (!upload || upload.expiresAt < new Date()) throw notFound('upload_not_found', 'No such upload, or it expired.');
  return upload;
}

/**
 * Stores chunk `index` straight into GridFS's chunks collection. Chunks must come in order;
 * re-sending the last accepted chunk is a harmless no-op (a retry after a lost response).
 */
export async function putChunk(caseId: string, uploadId: string, index: number, data: Buffer) {
  const upload = await openUpload(caseId, uploadId);
  if (upload.state !== 'open') throw conflict('upload_complete', 'This upload is already complete.');
  if (index === upload.received - 1) return { received: upload.received };
  if (index !== upload.received) throw conflict('chunk_out_of_order', `Expected chunk ${upload.received}, got ${index}.`);
  const last = index === upload.chunkCount - 1;
  const expected = last ? upload.size - upload.chunkSize * (upload.chunkCount - 1) : upload.chunkSize;
  if (index >= upload.chunkCount || data.length !== expected) {
    throw invalid('bad_chunk_size', `Chunk ${index} must be ${expected} bytes.`);
  }
  try {
    await collections().chunks.insertOne({ _id: randomId() as never, files_id: uploadId, n: index, data: new mongoose.mongo.Binary(data) });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  await Upload.updateOne({ _id: uploadId, received: index }, { $set: { received: index + 1 } });
  return { received: index + 1 };
}

export async function uploadProgress(caseId: string, uploadId: string) {
  const u = await openUpload(caseId, uploadId);
  return { received: u.received, chunkCount: u.chunkCount, chunkSize: u.chunkSize, state: u.state };
}

/**
 * Writes the GridFS file document once every chunk is in, lists the file in the CaseFile
 * collection (never in the case document, so the case does not grow per file), then removes the
 * upload record: kept, it would only say that an upload happened (its times are rounded, but
 * nothing needs it once the file is listed). A retried completion, after the record is gone,
 * finds the listing and answers the same.
 */
export async function completeUpload(caseId: string, uploadId: string, roundingMinutes = 60) {
  const record = await Upload.exists({ _id: uploadId, caseId });
  if (!record && ((await CaseFile.exists({ _id: uploadId, caseId })) || (await Case.exists({ _id: caseId, 'attachments.fileId': uploadId })))) return { fileId: uploadId };
  const upload = await openUpload(caseId, uploadId);
  if (upload.received !== upload.chunkCount) throw conflict('upload_incomplete', `Only ${upload.received} of ${upload.chunkCount} chunks arrived.`);
  // Upserted by id: a repeated listing write is a no-op.
  const listFile = () =>
    CaseFile.updateOne(
      { _id: uploadId },
      { $setOnInsert: { caseId, n: upload.n ?? 0, contentId: upload.contentId, meta: upload.meta, size: upload.size, from: upload.from } },
      { upsert: true },
    );
  if (upload.state === 'complete') {
    // A completion that stopped between its writes: list the file if it is not, then tidy up.
    await listFile();
    await Upload.deleteOne({ _id: uploadId, state: 'complete' });
    return { fileId: uploadId };
  }
  await collections().files.updateOne(
    { _id: uploadId as never },
    { $setOnInsert: { length: upload.size, chunkSize: upload.chunkSize, uploadDate: roundDown(new Date(), roundingMinutes), filename: uploadId } },
    { upsert: true },
  );
  const done = await Upload.updateOne({ _id: uploadId, state: 'open' }, { $set: { state: 'complete' } });
  if (done.modifiedCount === 1) await listFile();
  await Upload.deleteOne({ _id: uploadId, state: 'complete' });
  return { fileId: uploadId };
}

/** Opens an attachment's ciphertext as a stream (GridFS, constant memory). */
export function openAttachmentStream(fileId: string) {
  const bucket = new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: ATTACHMENT_BUCKET });
  return bucket.openDownloadStream(fileId as never);
}

/** Deletes uploads that expired unfinished, their chunks, and releases their byte reservation. */
export async function removeExpiredUploads(now = new Date()): Promise<number> {
  const expired = await Upload.find({ state: 'open', expiresAt: { $lt: now } }).limit(500).lean<UploadDoc[]>();
  for (const u of expired) {
    await collections().chunks.deleteMany({ files_id: u._id });
    const removed = await Upload.deleteOne({ _id: u._id, state: 'open' });
    // Releases the file slot too; a record from before the slot counter (no `n`) held none.
    if (removed.deletedCount === 1) await Case.updateOne({ _id: u.caseId }, { $inc: { uploadBytes: -u.size, uploadFiles: u.n === undefined ? 0 : -1 } });
  }
  return expired.length;
}
