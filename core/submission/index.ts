/** core/submission: the reporter's answers → the encrypted submission the intake API accepts. */
export * from './buildSubmission';
export * from './padding';
export * from './identity';
