/** Replaced at build time by vite.config.ts with the pinned deployment root public key. */
declare const __CC_ROOT_PUBLIC_KEY__: string;
