// The README's library example: the first ```ts block under the heading
// "## Using keelson as a library". `node scripts/readme-example.js [README.md]` prints it;
// scripts/library-check.sh compiles and runs exactly that text in a project that installed the
// packed tarball.
const fs = require('node:fs');

const HEADING = '## Using keelson as a library';

function libraryExample(readme) {
  const lines = readme.split('\n');
  const start = lines.indexOf(HEADING);
  if (start < 0) throw new Error(`README has no section titled '${HEADING}'`);
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const open = section.indexOf('```ts');
  if (open < 0) throw new Error(`README section '${HEADING}' has no \`\`\`ts block`);
  const close = section.indexOf('```', open + 1);
  if (close < 0) throw new Error(`README section '${HEADING}': the \`\`\`ts block is not closed`);
  return section.slice(open + 1, close).join('\n') + '\n';
}

module.exports = { HEADING, libraryExample };

if (require.main === module) process.stdout.write(libraryExample(fs.readFileSync(process.argv[2] ?? 'README.md', 'utf8')));
