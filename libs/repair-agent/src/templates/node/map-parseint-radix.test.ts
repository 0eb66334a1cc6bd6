import { describe, expect, it } from 'vitest';
import { nodeMapParseIntRadix } from './map-parseint-radix.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const run = async (files: Record<string, string>, log: string) => {
  const { context } = templateContext(files, { kind: 'runtime_error', endpoint: 'POST /mills/{millId}/parts', log });
  return allCandidates(nodeMapParseIntRadix, context, Object.keys(files));
};

describe('node.map-parseint-radix', () => {
  it('parses in base 10 where the date built from the parsed parts fails (TypeScript)', async () => {
    const service = (map: string) =>
      'function normaliseDate(value: string): string {\n' +
      `  const [year, month, day] = value.split("-").map(${map});\n` +
      '  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);\n}\n' +
      'export function createPart(input: { on: string }) {\n  return { on: normaliseDate(input.on) };\n}\n';
    const found = await run(
      { 'src/services/parts.service.ts': service('parseInt') },
      nodeLog('RangeError: Invalid time value', [
        'Date.toISOString (<anonymous>)',
        'normaliseDate (/app/src/services/parts.service.ts:3:52)',
        'createPart (/app/src/services/parts.service.ts:6:20)',
      ]),
    );
    expect(found.map((f) => f.files['src/services/parts.service.ts'])).toEqual([service('(s) => parseInt(s, 10)')]);
  });

  it('does the same for Number.parseInt in a caller frame (CommonJS)', async () => {
    const util = (map: string) =>
      'function version(text) {\n' +
      `  const parts = text.split('.').map(${map});\n` +
      '  return check(parts);\n}\nfunction check(parts) {\n' +
      "  if (parts.some(Number.isNaN)) throw new TypeError('bad version');\n  return parts;\n}\n" +
      'module.exports = { version };\n';
    const found = await run(
      { 'src/util.js': util('Number.parseInt') },
      nodeLog('TypeError: bad version', ['check (/app/src/util.js:6:38)', 'version (/app/src/util.js:3:10)']),
    );
    expect(found.map((f) => f.files['src/util.js'])).toEqual([util('(s) => Number.parseInt(s, 10)')]);
  });

  it('near miss: a map with its own callback, or map(parseInt) in a function the trace is not in', async () => {
    const fine = 'function f(v) {\n  const n = v.split("-").map((s) => parseInt(s, 10));\n  return n.x.y;\n}\n';
    const log = nodeLog("TypeError: Cannot read properties of undefined (reading 'y')", ['f (/app/src/a.js:3:14)']);
    expect(await run({ 'src/a.js': fine }, log)).toEqual([]);
    const other = `${fine}function g(v) {\n  return v.split('.').map(parseInt);\n}\n`;
    expect(await run({ 'src/a.js': other }, log)).toEqual([]);
  });

  it('parses in base 10 in the handler of a route refused with a message quoting NaN (Express, CommonJS)', async () => {
    const controller = (map: string) =>
      "const service = require('../services/brooms');\n" +
      'exports.compare = (req, res) => {\n' +
      `  const ids = req.query.ids.split(',').map(${map});\n` +
      '  res.json(service.compare(ids));\n};\n';
    const files = (map: string) => ({
      'src/app.js':
        "const express = require('express');\nconst brooms = require('./routes/brooms');\n" +
        "const app = express();\napp.use('/api/brooms', brooms);\nmodule.exports = app;\n",
      'src/routes/brooms.js':
        "const { Router } = require('express');\nconst c = require('../controllers/brooms');\n" +
        "const router = Router();\nrouter.get('/compare', c.compare);\nmodule.exports = router;\n",
      'src/controllers/brooms.js': controller(map),
    });
    const refused = (body: string) =>
      templateContext(files('parseInt'), {
        kind: 'status_mismatch',
        endpoint: 'GET /api/brooms/compare',
        actual: 404,
        body,
      }).context;
    const found = await allCandidates(
      nodeMapParseIntRadix,
      refused('{"message":"Broom NaN not found"}'),
      Object.keys(files('')),
    );
    expect(found.map((f) => f.files['src/controllers/brooms.js'])).toEqual([controller('(s) => parseInt(s, 10)')]);
    // Near miss: the same refusal without NaN in it names no parse.
    const plain = refused('{"message":"Broom 4 not found"}');
    expect(await allCandidates(nodeMapParseIntRadix, plain, Object.keys(files('')))).toEqual([]);
  });
});
