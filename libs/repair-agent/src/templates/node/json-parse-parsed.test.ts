import { describe, expect, it } from 'vitest';
import { nodeJsonParseParsed } from './json-parse-parsed.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for JSON.parse of an array of names (captured from a run).
const message = 'SyntaxError: Unexpected token \'A\', "Ada Brennan,Kofi Mensah" is not valid JSON';
const run = (files: Record<string, string>) =>
  allCandidates(
    nodeJsonParseParsed,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /shows/{showId}',
      log: nodeLog(message, ['JSON.parse (<anonymous>)', 'toShowDetailDto (/app/src/serializers/show.js:5:18)']),
    }).context,
    ['src/serializers/show.js'],
  );

const serializer =
  "'use strict';\n\nfunction toShowDetailDto(show) {\n  return {\n    hosts: JSON.parse(show.hosts),\n" +
  '    title: show.title,\n  };\n}\n\nmodule.exports = { toShowDetailDto };\n';
const seed = (hosts: string) => `const SHOWS = [\n  { id: 1, title: 'Open Ledger', hosts: ${hosts} },\n];\n`;

describe('node.json-parse-parsed', () => {
  it('reads a field every literal stores as an array as it is', async () => {
    const found = await run({
      'src/serializers/show.js': serializer,
      'src/db/seed.js': seed("['Ada Brennan', 'Kofi Mensah']"),
      'src/validators.js': 'function clean(body) {\n  return { hosts: body.hosts.map((h) => h.trim()) };\n}\n',
    });
    expect(found.map((f) => f.candidate.key)).toEqual(['node.json-parse-parsed']);
    expect(found[0]!.files['src/serializers/show.js']).toBe(serializer.replace('JSON.parse(show.hosts)', 'show.hosts'));
  });

  it('leaves a field stored as text somewhere, or set nowhere', async () => {
    const text = { 'src/serializers/show.js': serializer, 'src/db/seed.js': seed(`'["Ada Brennan"]'`) };
    expect(await run(text)).toEqual([]);
    const stringified = {
      'src/serializers/show.js': serializer,
      'src/db/seed.js': seed("['Ada']"),
      'src/repo.js': 'exports.save = (s) => db.insert({ ...s, hosts: JSON.stringify(s.hosts) });\n',
    };
    expect(await run(stringified)).toEqual([]);
    const positional = {
      'src/serializers/show.js': serializer,
      'src/db/seed.js': `${seed("['Ada']")}SHOWS.forEach((s) => insert.run(s.title, JSON.stringify(s.hosts)));\n`,
    };
    expect(await run(positional)).toEqual([]);
    expect(await run({ 'src/serializers/show.js': serializer })).toEqual([]);
  });
});
