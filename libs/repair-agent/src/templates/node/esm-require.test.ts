import { describe, expect, it } from 'vitest';
import { nodeEsmRequire } from './esm-require.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for require() in an ES module (captured from a run), at the statement's line.
const run = (files: Record<string, string>, file: string, line: number) =>
  allCandidates(
    nodeEsmRequire,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /lessons',
      log: nodeLog('ReferenceError: require is not defined in ES module scope, you can use import instead', [
        `file:///app/${file}:${line}:29`,
      ]),
    }).context,
    [file],
  );

const service = (statement: string, param = 'input') =>
  `import { db } from '../db.js';\n\nexport async function book(${param}) {\n` +
  `  const lesson = await db.get(input.id);\n${statement}\n` +
  '  return { ...lesson, reference: randomBytes(4).toString("hex") };\n}\n';

describe('node.esm-require', () => {
  it('imports the bindings at the top and drops the require statement (TypeScript ES module)', async () => {
    const found = await run(
      { 'src/lesson.ts': service("  const { randomBytes } = require('node:crypto');", 'input: { id: number }') },
      'src/lesson.ts',
      5,
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.esm-require']);
    expect(found[0]!.files['src/lesson.ts']).toBe(
      "import { db } from '../db.js';\nimport { randomBytes } from 'node:crypto';\n\n" +
        'export async function book(input: { id: number }) {\n  const lesson = await db.get(input.id);\n' +
        '  return { ...lesson, reference: randomBytes(4).toString("hex") };\n}\n',
    );
  });

  it('a whole-module binding becomes a default import; an alias stays an alias', async () => {
    const whole = await run({ 'src/a.js': service("  const crypto = require('crypto');") }, 'src/a.js', 5);
    expect(whole.map((f) => f.candidate.key)).toEqual(['node.esm-require']);
    expect(whole[0]!.files['src/a.js']).toContain("import crypto from 'crypto';\n");
    // A package may have no default export (ES-module only): its namespace is the next candidate.
    const pkg = await run({ 'src/p.js': service("  const uuid = require('uuid');") }, 'src/p.js', 5);
    expect(pkg.map((f) => f.candidate.key)).toEqual(['node.esm-require', 'node.esm-require#namespace']);
    expect(pkg[1]!.files['src/p.js']).toContain("import * as uuid from 'uuid';\n");
    expect(pkg[1]!.files['src/p.js']).not.toContain('require(');
    const alias = await run(
      { 'src/b.js': service("  const { randomBytes: bytes } = require('crypto');") },
      'src/b.js',
      5,
    );
    expect(alias[0]!.files['src/b.js']).toContain("import { randomBytes as bytes } from 'crypto';\n");
  });

  it('leaves a relative module, a CommonJS file, a name the module already declares, and another error', async () => {
    expect(await run({ 'src/c.js': service("  const { x } = require('./x.js');") }, 'src/c.js', 5)).toEqual([]);
    const cjs = "const db = require('./db');\nfunction f() {\n  const { randomBytes } = require('crypto');\n}\n";
    expect(await run({ 'src/d.cjs': cjs }, 'src/d.cjs', 3)).toEqual([]);
    const taken = `const randomBytes = () => 1;\n${service("  const { randomBytes } = require('crypto');")}`;
    expect(await run({ 'src/e.js': taken }, 'src/e.js', 6)).toEqual([]);
  });
});
