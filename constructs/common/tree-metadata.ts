import { Construct } from 'constructs';

/**
 * Typed records kept on the construct tree (secrets needed, flows wired, upstream releases).
 * Constructs record facts where they know them; stacks, reports and the Pulumi program read
 * them back for a whole App without the constructs having to expose them.
 */
export function record<T extends object>(scope: Construct, type: string, data: T): void {
  scope.node.addMetadata(type, data);
}

/** Every record of `type` below `root`, in construction order. */
export function recordsIn<T>(root: Construct, type: string): T[] {
  return root.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === type).map((m) => m.data as T));
}
