import { SchemaError } from './json-schema';
import { isCustomKind, validateCustomResource } from './crd-schema';
import { isCoreKind, KUBERNETES_SCHEMA_VERSION, validateKubernetesObject } from './kubernetes-schema';

/** Validates any synthesized object: core kinds against Kubernetes, custom resources against their CRD. */
export function validateObject(obj: { apiVersion: string; kind: string; metadata?: { namespace?: string } }): SchemaError[] {
  if (isCoreKind(obj.apiVersion, obj.kind)) return validateKubernetesObject(obj);
  if (isCustomKind(obj.apiVersion, obj.kind)) return validateCustomResource(obj);
  return [{ path: '', message: `${obj.apiVersion}/${obj.kind} is neither a Kubernetes ${KUBERNETES_SCHEMA_VERSION} kind nor a vendored custom resource` }];
}
