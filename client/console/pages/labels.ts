/** The fixed label vocabulary (server/commands/console/labelSetter.ts): labels are plaintext, so no free text. */
export const CASE_LABELS = ['urgent', 'high_value', 'criminal_signs', 'needs_information', 'duplicate', 'media_attention', 'protection_needed', 'follow_up'] as const;
