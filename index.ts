/**
 * The `keelson` package: typed cdk8s constructs, the charts that wire them, and the
 * environment model (`defineEnvironment`, `buildPlatform`). The Pulumi program is the
 * separate entry `keelson/pulumi`, so that importing constructs never loads the Pulumi SDK.
 * @packageDocumentation
 */
export * from './constructs';
export * from './charts';
export * from './stacks';
