/** Replaced at build time by vite.config.ts with the pinned deployment root public key. */
declare const __CC_ROOT_PUBLIC_KEY__: string;
/** Replaced at build time by vite.config.ts: the oldest policy version the client accepts (client/build/minPolicyVersion.mts). */
declare const __CC_MIN_POLICY_VERSION__: number;
