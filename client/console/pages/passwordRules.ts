/** Long passphrases over complexity rules (NIST SP 800-63B): at least 12 characters, typed twice alike. */
export function passwordProblem(password: string, again: string): 'tooShort' | 'mismatch' | null {
  if (password.length < 12) return 'tooShort';
  if (password !== again) return 'mismatch';
  return null;
}
