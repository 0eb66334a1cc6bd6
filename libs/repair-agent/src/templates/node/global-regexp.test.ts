import { describe, expect, it } from 'vitest';
import { nodeGlobalRegExp } from './global-regexp.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const failing = (method: string, frame: string) =>
  nodeLog(`TypeError: String.prototype.${method} called with a non-global RegExp argument`, [frame]);

describe('node.global-regexp', () => {
  it('adds the g flag to the literal passed to replaceAll on the failing line', async () => {
    const file = 'src/services/search.js';
    const source =
      'async function search(query) {\n' +
      "  const needle = query.trim().toLowerCase().replaceAll(/\\s+/, ' ');\n  return needle;\n}\n" +
      'module.exports = { search };\n';
    const { context } = templateContext(
      { [file]: source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /search',
        log: failing('replaceAll', 'search (/app/src/services/search.js:2:45)'),
      },
    );
    const found = await allCandidates(nodeGlobalRegExp, context, [file]);
    expect(found.map((f) => f.files[file])).toEqual([source.replace('replaceAll(/\\s+/,', 'replaceAll(/\\s+/g,')]);
  });

  it(`adds it to the file's one const RegExp that matchAll is given (TypeScript, flags kept), and reads Node 20's \
wording`, async () => {
    const file = 'src/tags.ts';
    const source =
      'const TAG = /#(\\w+)/i;\n\nexport function tags(text: string): string[] {\n' +
      '  return [...text.matchAll(TAG)].map((m) => m[1]!.toLowerCase());\n}\n';
    const log = nodeLog('TypeError: matchAll must be called with a global RegExp', ['tags (/app/src/tags.ts:4:19)']);
    const { context } = templateContext({ [file]: source }, { kind: 'runtime_error', endpoint: 'GET /tags', log });
    const found = await allCandidates(nodeGlobalRegExp, context, [file]);
    expect(found.map((f) => f.files[file])).toEqual([source.replace('/#(\\w+)/i;', '/#(\\w+)/ig;')]);
  });

  it('leaves a RegExp built at runtime, one bound with let, and another error alone', async () => {
    const file = 'src/clean.js';
    const runtime =
      "function clean(s, sep) {\n  return s.replaceAll(new RegExp(sep), '-');\n}\nmodule.exports = { clean };\n";
    const rebound =
      "let SEP = /-/;\nfunction clean(s) {\n  return s.replaceAll(SEP, '_');\n}\nmodule.exports = { clean };\n";
    for (const [source, line] of [
      [runtime, 2],
      [rebound, 3],
    ] as const) {
      const { context } = templateContext(
        { [file]: source },
        {
          kind: 'runtime_error',
          endpoint: 'GET /clean',
          log: failing('replaceAll', `clean (/app/src/clean.js:${line}:12)`),
        },
      );
      expect(await allCandidates(nodeGlobalRegExp, context, [])).toEqual([]);
    }
    const literal = "function clean(s) {\n  return s.replaceAll(/-/, '_');\n}\nmodule.exports = { clean };\n";
    const other = templateContext(
      { [file]: literal },
      {
        kind: 'runtime_error',
        endpoint: 'GET /clean',
        log: nodeLog('TypeError: s.replaceAll is not a function', ['clean (/app/src/clean.js:2:12)']),
      },
    );
    expect(await allCandidates(nodeGlobalRegExp, other.context, [])).toEqual([]);
  });
});
