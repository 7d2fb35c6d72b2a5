import mongoose, { Schema } from 'mongoose';

/**
 * Server-side state of a unit that the signed policy does not hold. `rotationNeeded` is set
 * when a member is removed: that member may have kept the unit key, so new cases must be sealed
 * to a new key generation, which only the custodian can publish in a newly signed policy. It is
 * cleared when a policy whose current key generation for the unit is above `rotateFrom` arrives.
 */
const UnitStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    rotationNeeded: { type: Boolean, default: false },
    /** The key generation in force when the rotation was asked for. */
    rotateFrom: Number,
    /** The highest generation a removed member ever held: only a current generation above it ends the rotation. */
    rotateAbove: Number,
    reason: String,
    since: Date,
    /** The standby key generation new reports of the unit are sealed to since a key holder left (server/policy/standby.ts). */
    standbyGeneration: Number,
  },
  { versionKey: false },
);

export const UnitState = mongoose.models.UnitState ?? mongoose.model('UnitState', UnitStateSchema);
