// Lines over 120 characters (issue 17): prettier (printWidth 120, .prettierrc.json) cannot break
// a long string, template line, regex or comment, so this check finds what it leaves behind.
// Lists every tracked .ts/.mts/.mjs/.js line under libs/, apps/cli and tools/ longer than 120
// characters (code points, as prettier measures them) as file:line, and exits 1 if there is any.
// Usage: node tools/check-line-width.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 120;
const ROOTS = ['libs', 'apps/cli', 'tools', 'tests'];
const EXTENSIONS = /\.(ts|mts|mjs|js)$/;
// Not ours to wrap: apps the tool repairs (apps/demo-shop, apps/fixture-*, outside ROOTS anyway)
// and sources captured from real runs, whose line numbers recorded traces and logs refer to.
const EXEMPT = [
  /(^|\/)fixtures\//, // captured apps and logs (as in .prettierignore)
  /(^|\/)dist\//, // captured compiler output (test-support/*/dist), never edited by hand
];

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const files = execFileSync('git', ['ls-files', '-z', '--', ...ROOTS], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((file) => EXTENSIONS.test(file) && !EXEMPT.some((pattern) => pattern.test(file)));

const over = [];
for (const file of files) {
  const lines = readFileSync(`${root}/${file}`, 'utf8').split('\n');
  lines.forEach((line, index) => {
    const width = [...line.replace(/\r$/, '')].length;
    if (width > MAX) over.push(`${file}:${index + 1}: ${width} characters`);
  });
}

if (over.length > 0) {
  console.error(over.join('\n'));
  console.error(`${over.length} line(s) over ${MAX} characters (split the string, rewrap the comment; see README).`);
  process.exit(1);
}
console.log(`line width: ${files.length} files, no line over ${MAX} characters`);
