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

describe('node.json-parse-parsed: an object parsed as JSON text', () => {
  const file = 'src/services/kiln.service.ts';
  const service =
    'import type { KilnRecord, Limits } from "../types.js";\n\nexport function toKilnDto(row: KilnRecord) {\n' +
    '  return {\n    id: row.id,\n    limits: JSON.parse(row.limits) as Limits,\n  };\n}\n';
  const types = 'export interface KilnRecord {\n  id: number;\n  limits: string;\n}\n';
  const objectRun = (source: string, message: string, line = 6) =>
    allCandidates(
      nodeJsonParseParsed,
      templateContext(
        { [file]: source, 'src/types.ts': types },
        {
          kind: 'runtime_error',
          endpoint: 'GET /kilns/{id}',
          log: nodeLog(message, ['JSON.parse (<anonymous>)', `toKilnDto (/app/${file}:${line}:18)`]),
        },
      ).context,
      [file],
    );

  it('reads a value Node 20 printed as "[object Object]" as it is, text still parsed (TypeScript cast)', async () => {
    const found = await objectRun(service, 'SyntaxError: "[object Object]" is not valid JSON');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.json-parse-parsed#object']);
    expect(found[0]!.files[file]).toBe(
      service.replace(
        'JSON.parse(row.limits) as Limits',
        '(typeof row.limits === "string" ? JSON.parse(row.limits) : row.limits) as Limits',
      ),
    );
  });

  it("does the same for an older Node's message, a bracketed field in a JavaScript value", async () => {
    const js =
      "const toDto = (r) => ({\n  id: r.id,\n  opts: JSON.parse(r['opts']),\n});\nmodule.exports = { toDto };\n";
    const found = await objectRun(js, 'SyntaxError: Unexpected token o in JSON at position 1', 3);
    expect(found[0]!.files[file]).toBe(
      js.replace("JSON.parse(r['opts'])", "(typeof r['opts'] === 'string' ? JSON.parse(r['opts']) : r['opts'])"),
    );
  });

  it('leaves request data, and text that is malformed otherwise where nothing stores the field parsed', async () => {
    const body = service.replace('JSON.parse(row.limits)', 'JSON.parse(req.body.limits)');
    expect(await objectRun(body, 'SyntaxError: "[object Object]" is not valid JSON')).toEqual([]);
    expect(await objectRun(service, 'SyntaxError: Unexpected token \'x\', "x" is not valid JSON')).toEqual([]);
  });
});
