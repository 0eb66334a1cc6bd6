import { describe, expect, it } from 'vitest';
import { parseLogs } from '@smoke-repair/log-parser';
import { createNodeProject } from '../../node/node-project.js';
import { memoryTree } from '../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../python/python-project.js';
import { fakeInspector } from '../../python/test-support/fake-python.js';
import type { RootCause } from '../../types.js';
import { nodeMissingAwait } from './missing-await.js';

async function repair(files: Record<string, string>, file: string, line: number, message: string, log?: string) {
  const tree = memoryTree(files);
  const trace = log ? parseLogs(log, { appRoot: '/app' })[0] : undefined;
  const outcome = await nodeMissingAwait.apply({
    cause: (trace ? { trace } : {}) as RootCause,
    tree,
    python: createPythonProject(tree, fakeInspector([])),
    node: createNodeProject(tree),
    culprit: { file, line },
    exception: { type: 'TypeError', message },
  });
  return { outcome, after: await tree.read(file) };
}

const repo = 'class Repo {\n  async findAll() {\n    return [];\n  }\n}\nmodule.exports = { repo: new Repo() };\n';

describe('node.missing-await on a Promise stored and used a line later', () => {
  it('awaits a call assigned inside a try to a variable declared before it, used after it (TS class)', async () => {
    const speakers =
      'export class Speakers {\n  async get(id: number): Promise<{ name: string }> {\n' +
      '    return { name: String(id) };\n  }\n}\n';
    const talks =
      "import { Speakers } from './speakers.js';\n\nexport class Talks {\n" +
      '  constructor(private readonly speakers: Speakers) {}\n\n' +
      '  async create(dto: { speakerId: number }) {\n    let speaker;\n    try {\n' +
      '      speaker = this.speakers.get(dto.speakerId);\n    } catch {\n' +
      "      throw new Error('unknown speaker');\n    }\n    return { speakerName: speaker.name.trim() };\n" +
      '  }\n}\n';
    const { outcome, after } = await repair(
      { 'src/speakers.ts': speakers, 'src/talks.ts': talks },
      'src/talks.ts',
      13,
      "Cannot read properties of undefined (reading 'trim')",
    );
    expect(outcome?.summary).toBe('await this.speakers.get(...) at src/talks.ts:9');
    expect(after).toBe(talks.replace('speaker = this.speakers.get(', 'speaker = await this.speakers.get('));
  });

  it('awaits the call in the caller that handed the Promise to the failing function', async () => {
    const service =
      "const rows = [{ id: 1, tags: new Set(['a']) }];\n\nfunction toDto(row) {\n" +
      '  return { id: row.id, tags: [...row.tags] };\n}\n\n' +
      'async function getById(id) {\n  return rows.find((r) => r.id === id);\n}\n\n' +
      'module.exports = { toDto, getById };\n';
    const controller =
      "const service = require('../services/pieces');\n\nasync function getPiece(req, res) {\n" +
      '  const piece = service.getById(Number(req.params.id));\n' +
      "  if (!piece) throw new Error('not found');\n  res.json(service.toDto(piece));\n}\n\n" +
      'module.exports = { getPiece };\n';
    const log = (outerLine: number) =>
      'TypeError: row.tags is not iterable\n    at toDto (/app/src/services/pieces.js:4:31)\n' +
      `    at getPiece (/app/src/controllers/pieces.js:${outerLine}:22)\n` +
      '    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)\n';
    const files = { 'src/services/pieces.js': service, 'src/controllers/pieces.js': controller };
    const { outcome } = await repair(files, 'src/services/pieces.js', 4, 'row.tags is not iterable', log(6));
    expect(outcome?.summary).toBe('await service.getById(...) at src/controllers/pieces.js:4');
    // A frame of the caller on a line that does not hand the function the pending value: nothing.
    const passed = await repair(files, 'src/services/pieces.js', 4, 'row.tags is not iterable', log(5));
    expect(passed.outcome).toBeNull();
  });

  it('awaits a reassignment of a let in a JS handler', async () => {
    const routes =
      "const { repo } = require('./repo');\nexports.list = async (req, res) => {\n  let rows = [];\n" +
      '  rows = repo.findAll();\n  res.json(rows.filter((r) => r.open));\n};\n';
    const { after } = await repair(
      { 'src/repo.js': repo, 'src/routes.js': routes },
      'src/routes.js',
      5,
      'rows.filter is not a function',
    );
    expect(after).toBe(routes.replace('rows = repo.findAll();', 'rows = await repo.findAll();'));
  });

  it('leaves a variable assigned from a plain function alone', async () => {
    const routes =
      "const { repo } = require('./repo');\nfunction load() {\n  return {};\n}\n" +
      'exports.list = async (req, res) => {\n  let rows;\n  rows = load();\n' +
      '  res.json(rows.filter((r) => r.open));\n};\n';
    const { outcome } = await repair(
      { 'src/repo.js': repo, 'src/routes.js': routes },
      'src/routes.js',
      8,
      'rows.filter is not a function',
    );
    expect(outcome).toBeNull();
  });

  it('awaits the assignment the message names (rows.filter is not a function)', async () => {
    const routes =
      "const { repo } = require('./repo');\nexports.list = async (req, res) => {\n" +
      '  const rows = repo.findAll();\n  const open = rows.filter((r) => r.open);\n  res.json(open);\n};\n';
    const { outcome, after } = await repair(
      { 'src/repo.js': repo, 'src/routes.js': routes },
      'src/routes.js',
      4,
      'rows.filter is not a function',
    );
    expect(outcome?.summary).toBe('await repo.findAll(...) at src/routes.js:3');
    expect(after).toBe(routes.replace('const rows = repo.findAll();', 'const rows = await repo.findAll();'));
  });

  it(`awaits a Promise-returning function and makes the route handler async (project.defaultTags is not \
iterable)`, async () => {
    const store =
      'function loadProject(id) {\n  return new Promise((resolve) => setImmediate(() => resolve({ id, ' +
      'defaultTags: [] })));\n}\nmodule.exports = { loadProject };\n';
    const routes =
      "const { loadProject } = require('./store');\nconst router = require('express').Router();\n" +
      "router.get('/:id/tags', (req, res) => {\n  const project = loadProject(req.params.id);\n" +
      '  const tags = [];\n  for (const tag of project.defaultTags) tags.push(tag);\n  res.json(tags);\n' +
      '});\nmodule.exports = router;\n';
    const { after } = await repair(
      { 'src/store.js': store, 'src/routes.js': routes },
      'src/routes.js',
      6,
      'project.defaultTags is not iterable',
    );
    expect(after).toBe(
      routes.replace(
        '(req, res) => {\n  const project = loadProject(',
        'async (req, res) => {\n  const project = await loadProject(',
      ),
    );
  });

  it(`refuses a property typo on a plain object next to an unrelated await, and an async call on the line the message \
does not name`, async () => {
    const routes =
      "const { repo } = require('./repo');\nexports.stats = async (req, res) => {\n" +
      '  const rows = await repo.findAll();\n  const stats = { total: rows.length };\n' +
      '  res.json({ total: stats.totl.toFixed(0) });\n};\nexports.audit = async (req, res) => {\n' +
      '  const rows = req.body.rows;\n  repo.findAll(); res.json(rows.filter((r) => r.open));\n};\n';
    const typo = await repair(
      { 'src/repo.js': repo, 'src/routes.js': routes },
      'src/routes.js',
      5,
      "Cannot read properties of undefined (reading 'toFixed')",
    );
    expect(typo.outcome).toBeNull();
    const unrelated = await repair(
      { 'src/repo.js': repo, 'src/routes.js': routes },
      'src/routes.js',
      9,
      'rows.filter is not a function',
    );
    expect(unrelated.outcome).toBeNull();
  });

  it(`awaits the lookup whose Promise's member feeds the call whose result is dereferenced (CommonJS \
service)`, async () => {
    const dogs = 'async function getDog(id) {\n  return { id, kennelId: 1 };\n}\nmodule.exports = { getDog };\n';
    const kennels =
      'function findById(id) {\n  return id === 1 ? { id } : undefined;\n}\nfunction touch(id) {\n' +
      '  return id;\n}\nmodule.exports = { findById, touch };\n';
    const service =
      "const dogService = require('./dogService');\n" +
      "const kennelRepository = require('./kennelRepository');\nasync function recordWalk(input) {\n" +
      '  const dog = dogService.getDog(input.dogId);\n' +
      '  const kennel = kennelRepository.findById(dog.kennelId);\n  kennelRepository.touch(kennel.id);\n' +
      '  return { dogId: input.dogId };\n}\nmodule.exports = { recordWalk };\n';
    const { outcome, after } = await repair(
      { 'src/dogService.js': dogs, 'src/kennelRepository.js': kennels, 'src/walkService.js': service },
      'src/walkService.js',
      6,
      "Cannot read properties of undefined (reading 'id')",
    );
    expect(outcome?.summary).toBe('await dogService.getDog(...) at src/walkService.js:4');
    expect(after).toBe(service.replace('const dog = dogService.getDog(', 'const dog = await dogService.getDog('));
  });

  it("awaits the lookup whose Promise's member is passed on the failing line (ESM route)", async () => {
    const data =
      'export async function findTicket(id) {\n  return { id, ownerId: 2 };\n}\n' +
      "export async function findOwner(id) {\n  return id === 2 ? { name: 'x' } : undefined;\n}\n";
    const routes =
      "import { Router } from 'express';\nimport { findTicket, findOwner } from './data.js';\n" +
      "const router = Router();\nrouter.post('/', async (req, res, next) => {\n  try {\n" +
      "    const ticket = findTicket(req.body.ticketId);\n    if (!ticket) throw new Error('missing');\n" +
      '    const owner = (await findOwner(ticket.ownerId)).name;\n    res.json({ owner });\n' +
      '  } catch (err) {\n    next(err);\n  }\n});\nexport default router;\n';
    const { after } = await repair(
      { 'src/data.js': data, 'src/routes.js': routes },
      'src/routes.js',
      8,
      "Cannot read properties of undefined (reading 'name')",
    );
    expect(after).toBe(routes.replace('const ticket = findTicket(', 'const ticket = await findTicket('));
  });

  it('leaves a pending Promise only chained with then, and a lookup fed by an awaited value', async () => {
    const data =
      'export async function findTicket(id) {\n  return { id, ownerId: 2 };\n}\n' +
      'export function findOwner(id) {\n  return undefined;\n}\n';
    const routes =
      "import { findTicket, findOwner } from './data.js';\nexport async function show(req, res) {\n" +
      '  const pending = findTicket(1);\n  pending.then(() => undefined);\n' +
      '  const ticket = await findTicket(req.params.id);\n  const owner = findOwner(ticket.ownerId);\n' +
      '  res.json({ name: owner.name, audit: pending.then(String) });\n}\n';
    const { outcome } = await repair(
      { 'src/data.js': data, 'src/routes.js': routes },
      'src/routes.js',
      7,
      "Cannot read properties of undefined (reading 'name')",
    );
    expect(outcome).toBeNull();
  });
});

describe('node.missing-await on a row stored from a pending Promise', () => {
  const store =
    'function insert(table, row) {\n' +
    "  if (row.item_id == null) throw new Error('NOT NULL constraint failed: ' + table + '.item_id');\n" +
    '  return row;\n}\nfunction findById(table, id) {\n  return { id };\n}\n' +
    'module.exports = {\n  insert: async (...a) => insert(...a),\n  findById: async (...a) => findById(...a),\n};\n';
  const service = (lookup: string, stored = 'item.id') =>
    "const db = require('../db/store');\n\nasync function addLines(cartId, input) {\n" +
    '  const picked = [];\n  for (const entry of input) {\n' +
    `    const item = ${lookup};\n    picked.push({ item, qty: entry.qty });\n  }\n` +
    '  for (const { item, qty } of picked) {\n' +
    `    await db.insert('cart_lines', {\n      cart_id: cartId, item_id: ${stored}, qty,\n    });\n  }\n}\n` +
    'module.exports = { addLines };\n';
  const log =
    'ConstraintError: NOT NULL constraint failed: cart_lines.item_id\n' +
    '    at insert (/app/src/db/store.js:2:38)\n    at Object.insert (/app/src/db/store.js:9:29)\n' +
    '    at addLines (/app/src/services/carts.js:10:14)\n';
  const run = async (lookup: string, stored?: string) => {
    const tree = memoryTree({ 'src/db/store.js': store, 'src/services/carts.js': service(lookup, stored) });
    const trace = parseLogs(log, { appRoot: '/app' })[0];
    const outcome = await nodeMissingAwait.apply({
      cause: { trace } as RootCause,
      tree,
      python: createPythonProject(tree, fakeInspector([])),
      node: createNodeProject(tree),
      culprit: { file: 'src/db/store.js', line: 2 },
      exception: { type: 'ConstraintError', message: 'NOT NULL constraint failed: cart_lines.item_id' },
    });
    return { outcome, after: await tree.read('src/services/carts.js') };
  };

  it('awaits the lookup whose Promise was stored as the refused column', async () => {
    const { outcome, after } = await run("db.findById('items', entry.itemId)");
    expect(outcome?.template).toEqual({ recipe: 'node.missing-await', callee: 'findById' });
    expect(after).toBe(service("await db.findById('items', entry.itemId)"));
  });

  it('leaves an awaited lookup, a sync one, and a column read from another name', async () => {
    expect((await run("await db.findById('items', entry.itemId)")).outcome).toBeNull();
    expect((await run('{ id: entry.itemId }')).outcome).toBeNull();
    expect((await run("db.findById('items', entry.itemId)", 'entry.itemId')).outcome).toBeNull();
  });
});
