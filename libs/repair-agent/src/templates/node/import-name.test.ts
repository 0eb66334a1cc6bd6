import { describe, expect, it } from 'vitest';
import { meantExport, nodeImportName } from './import-name.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const FILE = 'src/controllers/orders.js';

const run = (files: Record<string, string>, name: string, line = 5) =>
  allCandidates(
    nodeImportName,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /orders',
      log: nodeLog(`TypeError: ${name} is not a function`, [`create (/app/${FILE}:${line}:16)`]),
    }).context,
    [FILE],
  );

const controller = (head: string, call = 'validateOrder') =>
  `'use strict';\n${head}\n\nasync function create(req, res) {\n  const data = ${call}(req.body);\n` +
  '  res.status(201).json(data);\n}\n\nmodule.exports = { create };\n';

const validators = (tail: string) =>
  'function validateOrderInput(body) {\n  if (!body.customer) throw new Error("customer");\n  return body;\n}\n\n' +
  'function validateStatusInput(body) {\n  return body;\n}\n\n' +
  `${tail}\n`;

describe('node.import-name', () => {
  it('binds the export whose words hold the destructured name, under the name the file calls', async () => {
    const found = await run(
      {
        [FILE]: controller("const { validateOrder, validateStatusInput } = require('../validators/order');"),
        'src/validators/order.js': validators('module.exports = { validateOrderInput, validateStatusInput };'),
      },
      'validateOrder',
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.import-name@src/controllers/orders.js:2']);
    expect(found[0]!.files[FILE]).toBe(
      controller("const { validateOrderInput: validateOrder, validateStatusInput } = require('../validators/order');"),
    );
  });

  it('renames the key of an aliased binding to the misspelt export (exports.x = …)', async () => {
    const found = await run(
      {
        [FILE]: controller("const { valdateOrderInput: check } = require('../validators/order');", 'check'),
        'src/validators/order.js': validators(
          'exports.validateOrderInput = validateOrderInput;\nexports.validateStatusInput = validateStatusInput;',
        ),
      },
      'check',
    );
    expect(found[0]!.files[FILE]).toBe(
      controller("const { validateOrderInput: check } = require('../validators/order');", 'check'),
    );
  });

  it('leaves a module that exports the name, an ambiguous name, and an export already bound', async () => {
    const exported = await run(
      {
        [FILE]: controller("const { validateOrder } = require('../validators/order');"),
        'src/validators/order.js': validators('module.exports = { validateOrder: validateOrderInput };'),
      },
      'validateOrder',
    );
    expect(exported).toEqual([]);
    const ambiguous = await run(
      {
        [FILE]: controller("const { validateOrder } = require('../validators/order');"),
        'src/validators/order.js': validators(
          'function validateOrderBody(b) {\n  return b;\n}\n' +
            'module.exports = { validateOrderInput, validateOrderBody, validateStatusInput };',
        ),
      },
      'validateOrder',
    );
    expect(ambiguous).toEqual([]);
    const bound = await run(
      {
        [FILE]: controller(
          "const { validateOrder, validateOrderInput } = require('../validators/order');",
          'validateOrder',
        ),
        'src/validators/order.js': validators('module.exports = { validateOrderInput, validateStatusInput };'),
      },
      'validateOrder',
    );
    expect(bound).toEqual([]);
  });

  it('picks no export whose words share only one word with the name', () => {
    expect(meantExport('validateOrder', ['validateStatusInput', 'orderTotals'])).toBeUndefined();
  });
});
