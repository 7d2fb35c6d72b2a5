// The build-time constants of client/globals.d.ts, for tests that load client modules (their
// values are set on globalThis by those tests, as vite's `define` would inline them).
declare const __CC_ROOT_PUBLIC_KEY__: string;
declare const __CC_MIN_POLICY_VERSION__: number;
