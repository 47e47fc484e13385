/**
 * The one module that ties keelson to a Kubernetes API line. Every construct imports the
 * generated Kubernetes classes from here, so moving to another cdk8s-plus-XX line is a
 * one-file change. Only the generated bindings are imported (not the cdk8s-plus L2
 * constructs, which keelson does not use), which keeps the CLI's start-up short.
 */
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

export { k8s };
