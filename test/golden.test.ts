import { compareWithDisk } from '../cli/output';
import { renderEnvironment } from '../render';
import { ENVIRONMENTS } from '../stacks/environments';
import { renderedEnvironments } from './support/environments';

describe('committed manifests', () => {
  test('manifests/ equals what the code synthesizes, byte for byte (run `npm run synth` after a change)', () => {
    expect(compareWithDisk('manifests', renderedEnvironments())).toEqual({ added: [], changed: [], removed: [] });
  });

  test('synthesis is deterministic', () => {
    const again = ENVIRONMENTS.map(renderEnvironment);
    expect(again.map((r) => [...r.files])).toEqual(renderedEnvironments().map((r) => [...r.files]));
  });
});
