/**
 * The one module that ties keelson to a Kubernetes API line. Every construct imports the
 * generated Kubernetes classes from here, so moving to another cdk8s-plus-XX line is a
 * one-file change.
 */
export { k8s } from 'cdk8s-plus-27';
