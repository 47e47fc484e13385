// Re-exports only: the environment model (types, defaults, defineEnvironment) and buildPlatform.
export * from './base';
export * from './define';
export * from './delivery';
export * from './environments';
export * from './merge';
export * from './platform';
export * from './types';
