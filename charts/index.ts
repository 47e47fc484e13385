// Re-exports only: the charts that wire keelson's constructs together.
export * from './argocd';
export * from './ci';
export * from './es-sync';
export * from './exposure';
export * from './external-secrets';
export * from './keelson-chart';
export * from './logging';
export * from './messaging';
export * from './network';
export * from './network-isolation';
export * from './operators';
export * from './registry';
export * from './sync-waves';
export * from './tracing';
export * from './version';
