/**
 * The `keelson/pulumi` entry: the Pulumi program that deploys an environment built from the
 * same cdk8s model. It needs `@pulumi/pulumi` and `@pulumi/kubernetes` (optional peer
 * dependencies of keelson), which importing `keelson` alone never loads.
 * @packageDocumentation
 */
export * from './stacks/pulumi/program';
export * from './stacks/pulumi/plan';
// The render core's types the program's signatures name.
export type { PlatformBuilder, RenderedChart, RenderedEnvironment } from './render';
export type { RenderedNamespace } from './render/namespaces';
