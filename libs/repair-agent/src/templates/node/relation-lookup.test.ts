import { describe, expect, it } from 'vitest';
import { nodeRelationLookup } from './relation-lookup.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for `x.m.p` where `x.m` is undefined (captured from a run).
const undefinedRead = (frame: string) =>
  nodeLog("TypeError: Cannot read properties of undefined (reading 'name')", [frame]);
const run = (files: Record<string, string>, file: string, line: number) =>
  allCandidates(
    nodeRelationLookup,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /loans',
      expected: 201,
      log: undefinedRead(`Object.createLoan (/app/${file}:${line}:30)`),
    }).context,
    [file],
  );

const LOANS = 'src/services/loanService.js';
const owners =
  "const { NotFoundError } = require('../errors');\nconst owners = [{ id: 1, name: 'Ada' }];\n" +
  'function getOwner(id) {\n  const o = owners.find((x) => x.id === id);\n' +
  "  if (!o) throw new NotFoundError('no owner');\n" +
  '  return o;\n}\nmodule.exports = { getOwner };\n';
const tools =
  "const ownerService = require('./ownerService');\n" +
  'function toolDetail(tool) {\n  return { ...tool, owner: ownerService.getOwner(tool.ownerId) };\n}\n' +
  'module.exports = { toolDetail };\n';
const loans = (requires: string) =>
  `${requires}const toolService = require('./toolService');\n\n` +
  'function createLoan({ toolId, days }) {\n  const tool = toolService.getTool(toolId);\n' +
  '  return { toolId: tool.id, days, ownerName: tool.owner.name, ownerEmail: tool.owner.email };\n}\n' +
  'module.exports = { createLoan };\n';
const required = "const ownerService = require('./ownerService');\n";
const files = (loanSource: string) => ({
  'src/services/ownerService.js': owners,
  'src/services/toolService.js': tools,
  [LOANS]: loanSource,
});

describe('node.relation-lookup', () => {
  it('looks the related record up by its id through the getter the project calls with it (CommonJS)', async () => {
    const found = await run(files(loans(required)), LOANS, 6);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.relation-lookup']);
    expect(found[0]!.files[LOANS]).toBe(
      loans(required).replaceAll('tool.owner.', 'ownerService.getOwner(tool.ownerId).'),
    );
  });

  it('awaits an async getter the project awaits, inside an async function (ESM, named import)', async () => {
    const repo = 'export async function findOwnerById(id) {\n  return db.get(id);\n}\n';
    const elsewhere =
      "import { findOwnerById } from './owners.js';\n" +
      'export async function detail(t) {\n  return { ...t, owner: await findOwnerById(t.owner_id) };\n}\n';
    const mine =
      "import { findOwnerById } from './owners.js';\n" +
      'export async function label(tool) {\n  return `${tool.code} (${tool.owner.name})`;\n}\n';
    const tree = { 'src/owners.js': repo, 'src/detail.js': elsewhere, 'src/label.js': mine };
    const found = await run(tree, 'src/label.js', 3);
    expect(found[0]!.files['src/label.js']).toBe(
      mine.replace('tool.owner.name', '(await findOwnerById(tool.owner_id)).name'),
    );
  });

  it('near miss: a getter the failing file does not reach, none called with the id, or a written member', async () => {
    expect(await run(files(loans('')), LOANS, 5)).toEqual([]);
    const noCall = { ...files(loans(required)), 'src/services/toolService.js': 'module.exports = {};\n' };
    expect(await run(noCall, LOANS, 6)).toEqual([]);
    const written = loans(required).replace('  return {', '  tool.owner = tool.owner || {};\n  return {');
    expect(await run(files(written), LOANS, 7)).toEqual([]);
  });
});
