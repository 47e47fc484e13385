import type { ResourceTransform, ResourceTransformArgs, ResourceTransformResult } from '@pulumi/pulumi';
import { DATA_PROTECTION_ANNOTATIONS } from '../../constructs/common/storage';

/** The generic marker every object that holds data carries (see DATA_PROTECTION_ANNOTATIONS). */
export const HOLDS_DATA = 'keelson.io/holds-data';

/** True for an object (rendered or as Pulumi props) that carries `keelson.io/holds-data: "true"`. */
export function holdsData(obj: { metadata?: { annotations?: Record<string, unknown> } } | undefined): boolean {
  return obj?.metadata?.annotations?.[HOLDS_DATA] === DATA_PROTECTION_ANNOTATIONS[HOLDS_DATA];
}

/**
 * A Pulumi transform that protects every resource holding data: `protect` makes `pulumi destroy`
 * (or a replacement) fail until someone unprotects it on purpose, and `retainOnDelete` keeps the
 * object in the cluster if it is ever removed from the program. Applied to each chart's
 * ConfigGroup, it reaches every object the charts render, whatever component they come from.
 */
export const protectData: ResourceTransform = (args: ResourceTransformArgs): ResourceTransformResult | undefined => {
  if (!args.type.startsWith('kubernetes:') || !holdsData(args.props as never)) return undefined;
  return { props: args.props, opts: { ...args.opts, protect: true, retainOnDelete: true } };
};
