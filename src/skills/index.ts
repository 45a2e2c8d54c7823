export * from './core-skill.js';
export * from './manifest.js';
export * from './registry.js';
export * from './skill-info.js';
export * from './store-skill-host.js';
export type { SandboxLimits } from './sandbox/sandbox-limits.js';
