import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareDocs, DOCS_DIR, environmentDocs, writeDocs } from '../cli/overview/docs';
import { renderedEnvironments } from './support/environments';
import { environmentNames } from '../stacks/environments';

describe('environment pages', () => {
  test('docs/environments/ equals what the code generates (run `npm run graph` or `npm run synth` after a change)', () => {
    expect(compareDocs(DOCS_DIR, environmentDocs(renderedEnvironments()), true)).toEqual({ added: [], changed: [], removed: [] });
  });

  test('each page has a Mermaid diagram and the budget table', () => {
    for (const [file, page] of environmentDocs(renderedEnvironments())) {
      expect(page).toMatch(/^```mermaid\nflowchart LR\n/m);
      expect(page).toMatch(/^## Resource budget\n\n\| component \| pods \| CPU req /m);
      expect(page).toContain(`# Environment \`${file.replace(/\.md$/, '')}\``);
    }
  });

  test('writing replaces the pages, removes stale ones, and leaves no staging folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-docs-'));
    try {
      fs.writeFileSync(path.join(dir, 'gone.md'), 'stale\n');
      fs.writeFileSync(path.join(dir, 'dev.md'), 'old\n');
      const pages = environmentDocs(renderedEnvironments());
      expect(compareDocs(dir, pages, true)).toEqual({
        added: environmentNames()
          .filter((e) => e !== 'dev')
          .map((e) => `${dir}/${e}.md`)
          .sort(),
        changed: [`${dir}/dev.md`],
        removed: [`${dir}/gone.md`],
      });
      writeDocs(dir, pages, true);
      expect(fs.readdirSync(dir).sort()).toEqual(
        environmentNames()
          .map((e) => `${e}.md`)
          .sort(),
      );
      expect(fs.readFileSync(path.join(dir, 'dev.md'), 'utf8')).toBe(pages.get('dev.md'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
