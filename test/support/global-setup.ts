import { setup } from './render-cache';
import { setupTempRoot } from './temp-root';

export default function globalSetup(): void {
  setupTempRoot();
  setup();
}
