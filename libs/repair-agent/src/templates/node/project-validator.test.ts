import { describe, expect, it } from 'vitest';
import { nodeProjectValidator } from './project-validator.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const validate = (body: string) =>
  "'use strict';\nfunction badRequest(m) {\n  return new Error(m);\n}\nfunction requireString(value, field) {\n" +
  `${body}\n}\nfunction requireInt(value, field) {\n  if (!Number.isInteger(value)) throw badRequest(field);\n` +
  '  return value;\n}\nmodule.exports = { requireString, requireInt };\n';
const CHECKED =
  "  if (typeof value !== 'string' || !value.trim()) throw badRequest(`${field} is required`);\n  return value.trim();";
const service = (read: string) =>
  "'use strict';\nconst { requireString, requireInt } = require('../utils/validate');\n\nfunction create(data) {\n" +
  `  const treeId = requireInt(data.treeId, 'treeId');\n  const customerName = ${read};\n` +
  '  return { treeId, customerName };\n}\nmodule.exports = { create };\n';
const run = (read: string, body = CHECKED, message = "Cannot read properties of undefined (reading 'trim')") =>
  allCandidates(
    nodeProjectValidator,
    templateContext(
      { 'src/utils/validate.js': validate(body), 'src/services/reservations.js': service(read) },
      {
        kind: 'runtime_error',
        endpoint: 'POST /reservations',
        log: nodeLog(`TypeError: ${message}`, ['create (/app/src/services/reservations.js:6:40)']),
      },
    ).context,
    ['src/services/reservations.js'],
  );

describe('node.project-validator', () => {
  it("reads the field through the project's validator that checks it and returns the same .trim()", async () => {
    const found = await run('data.customerName.trim()');
    expect(found[0]!.files['src/services/reservations.js']).toBe(
      service("requireString(data.customerName, 'customerName')"),
    );
  });

  it('leaves a validator that returns something else or never throws, and another method', async () => {
    expect(await run('data.customerName.trim()', '  return String(value);')).toEqual([]);
    expect(await run('data.customerName.trim()', '  return value.trim();')).toEqual([]);
    expect(
      await run('data.customerName.split()', CHECKED, "Cannot read properties of undefined (reading 'split')"),
    ).toEqual([]);
  });
});
