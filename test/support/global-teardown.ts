import { teardown } from './render-cache';
import { teardownTempRoot } from './temp-root';

export default function globalTeardown(): void {
  teardown();
  teardownTempRoot();
}
