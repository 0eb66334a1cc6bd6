import { describe, expect, it } from 'vitest';
import { nodeJsonParseGuard } from './json-parse-guard.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const syntax = (frame: string) => nodeLog('SyntaxError: Unexpected token o in JSON at position 1', ['JSON.parse (<anonymous>)', frame]);

describe('node.json-parse-guard', () => {
  it('answers the documented 400 to malformed JSON in a query parameter', async () => {
    const routes =
      "const router = require('express').Router();\nrouter.get('/', (req, res) => {\n  const filter = JSON.parse(req.query.filter ?? '{}');\n  res.json({ filter });\n});\nrouter.post('/', (req, res) => res.status(400).json({ detail: 'bad' }));\nmodule.exports = router;\n";
    const { context } = templateContext(
      { 'src/app.js': "const express = require('express');\nconst app = express();\napp.use('/search', require('./routes'));\n", 'src/routes.js': routes },
      { kind: 'runtime_error', endpoint: 'GET /search', log: syntax('/app/src/routes.js:3:23'), responses: ['200', '400'] },
    );
    const found = await allCandidates(nodeJsonParseGuard, context, ['src/routes.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.json-parse-guard#refuse']);
    expect(found[0]!.files['src/routes.js']).toBe(
      routes.replace("  const filter = JSON.parse(req.query.filter ?? '{}');\n", "  let filter;\n  try {\n    filter = JSON.parse(req.query.filter ?? '{}');\n  } catch (err) {\n    return res.status(400).json({ detail: err.message });\n  }\n"),
    );
  });

  it('reads a malformed stored value as the default its code names (a repository mapping rows)', async () => {
    const repo = "function toProject(row) {\n  return { id: row.id, tags: JSON.parse(row.tags || '[]') };\n}\nmodule.exports = { toProject };\n";
    const { context } = templateContext({ 'src/repo.js': repo }, { kind: 'runtime_error', endpoint: 'GET /projects/{id}', log: syntax('toProject (/app/src/repo.js:2:34)'), responses: ['200', '404'] });
    const found = await allCandidates(nodeJsonParseGuard, context, ['src/repo.js']);
    const updated = found[0]!.files['src/repo.js']!;
    expect(updated).toContain("  return { id: row.id, tags: parseStoredJson(row.tags || '[]', []) };\n");
    expect(updated).toContain('function parseStoredJson(text, fallback) {');
  });

  it('refuses stored data without a declared default, and request JSON the operation documents no 4xx for', async () => {
    const repo = 'function toProject(row) {\n  return { id: row.id, settings: JSON.parse(row.settings) };\n}\nmodule.exports = { toProject };\n';
    const stored = templateContext({ 'src/repo.js': repo }, { kind: 'runtime_error', endpoint: 'GET /projects/{id}', log: syntax('toProject (/app/src/repo.js:2:38)'), responses: ['200', '400'] });
    expect(await allCandidates(nodeJsonParseGuard, stored.context, [])).toEqual([]);
    const routes = "const router = require('express').Router();\nrouter.get('/', (req, res) => {\n  const filter = JSON.parse(req.query.filter);\n  res.json({ filter });\n});\nmodule.exports = router;\n";
    const undocumented = templateContext({ 'src/routes.js': routes }, { kind: 'runtime_error', endpoint: 'GET /search', log: syntax('/app/src/routes.js:3:23'), responses: ['200'] });
    expect(await allCandidates(nodeJsonParseGuard, undocumented.context, [])).toEqual([]);
  });
});
