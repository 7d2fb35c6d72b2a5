import mongoose, { Schema } from 'mongoose';

/**
 * A notification in an investigator's console. `caseRef` is a short opaque reference to show;
 * `caseId` lets the console open the case. `mailed` records that the mail went out, so a
 * retried job mails only those still unsent. `createdAt` is the start of the policy's rounding
 * bucket and `mailAfter` its end: the mail goes out in a batch once the bucket has ended, so
 * neither the database nor the mail relay dates the reporter's action any better.
 */
const NotificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    investigatorId: { type: String, required: true },
    kind: { type: String, required: true },
    caseId: { type: String, required: true },
    caseRef: { type: String, required: true },
    read: { type: Boolean, default: false },
    mailed: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    mailAfter: { type: Date },
  },
  { versionKey: false },
);
NotificationSchema.index({ investigatorId: 1, read: 1, createdAt: -1 });
// A person's notifications, newest first, read or not (the console's notification list).
NotificationSchema.index({ investigatorId: 1, createdAt: -1 });
// The mail batch's query (workers/notifications/mailBatch.ts): notifications not yet mailed whose time has come.
NotificationSchema.index({ mailed: 1, mailAfter: 1 });

export const Notification = mongoose.models.Notification ?? mongoose.model('Notification', NotificationSchema);
