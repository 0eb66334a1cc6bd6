import { describe, expect, it } from 'vitest';
import { createNodeProject } from '../../node/node-project.js';
import { memoryTree } from '../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../python/python-project.js';
import { fakeInspector } from '../../python/test-support/fake-python.js';
import type { RootCause } from '../../types.js';
import { nodePropertyTypo } from './property-typo.js';

const files = {
  'src/repo.js':
    'class LoanRepository {\n  async findById(id) { return null; }\n  async save(loan) { return loan; }\n' +
    '}\nmodule.exports = { LoanRepository };\n',
  'src/controller.js':
    'class LoanController {\n  constructor(repository) {\n    this.repository = repository;\n  }\n\n' +
    '  async show(req, res) {\n    const loan = await this.repository.findByID(req.params.id);\n' +
    '    res.json(loan);\n  }\n}\nmodule.exports = { LoanController };\n',
};

describe('node.property-typo on an injected collaborator', () => {
  it('renames this.field.member to the closest member a project class declares', async () => {
    const tree = memoryTree(files);
    const outcome = await nodePropertyTypo.apply({
      cause: {} as RootCause,
      tree,
      python: createPythonProject(tree, fakeInspector([])),
      node: createNodeProject(tree),
      culprit: { file: 'src/controller.js', line: 7 },
      exception: { type: 'TypeError', message: 'this.repository.findByID is not a function' },
    });
    expect(outcome?.summary).toBe('rename this.repository.findByID to this.repository.findById at src/controller.js:7');
    expect(await tree.read('src/controller.js')).toContain('await this.repository.findById(req.params.id)');
  });

  it('leaves a member no project class comes close to', async () => {
    const tree = memoryTree(files);
    const outcome = await nodePropertyTypo.apply({
      cause: {} as RootCause,
      tree,
      python: createPythonProject(tree, fakeInspector([])),
      node: createNodeProject(tree),
      culprit: { file: 'src/controller.js', line: 7 },
      exception: { type: 'TypeError', message: 'this.repository.purgeEverything is not a function' },
    });
    expect(outcome).toBeNull();
  });
});

describe('node.property-typo by meaning', () => {
  const service = (names: string) =>
    `async function getTask(id) { return { id }; }\nasync function createTask(input) { return input; }\n` +
    `async function deleteTask(id) { return id; }\nasync function listTasks() { return []; }\n${names}\n`;
  const run = async (files: Record<string, string>, file: string, line: number, message: string) => {
    const tree = memoryTree(files);
    const outcome = await nodePropertyTypo.apply({
      cause: {} as RootCause,
      tree,
      python: createPythonProject(tree, fakeInspector([])),
      node: createNodeProject(tree),
      culprit: { file, line },
      exception: { type: 'TypeError', message },
    });
    return { outcome, tree };
  };

  it('calls the export with the synonymous verb on a CommonJS service (remove → delete)', async () => {
    const controller =
      "const taskService = require('../services/taskService');\nasync function remove(req, res) {\n" +
      '  await taskService.removeTask(req.params.taskId);\n  res.status(204).end();\n}\n' +
      'module.exports = { remove };\n';
    const { outcome, tree } = await run(
      {
        'src/services/taskService.js': service('module.exports = { getTask, createTask, deleteTask, listTasks };'),
        'src/controllers/tasks.js': controller,
      },
      'src/controllers/tasks.js',
      3,
      'taskService.removeTask is not a function',
    );
    expect(outcome?.summary).toBe(
      'rename taskService.removeTask to taskService.deleteTask at src/controllers/tasks.js:3',
    );
    expect(await tree.read('src/controllers/tasks.js')).toBe(controller.replace('removeTask', 'deleteTask'));
  });

  it('calls the export with the synonymous verb on an ES module namespace (fetchAll → listAll)', async () => {
    const handler =
      "import * as users from './users.js';\nexport async function index(req, res) {\n" +
      '  res.json(await users.fetchAllUsers(req.query));\n}\n';
    const { outcome, tree } = await run(
      {
        'src/users.js':
          'export async function listAllUsers(filter) { return []; }\n' +
          'export async function getUser(id) { return null; }\n',
        'src/handler.js': handler,
      },
      'src/handler.js',
      3,
      'users.fetchAllUsers is not a function',
    );
    expect(outcome?.summary).toBe('rename users.fetchAllUsers to users.listAllUsers at src/handler.js:3');
    expect(await tree.read('src/handler.js')).toContain('await users.listAllUsers(req.query)');
  });

  it('reads find as a get or a list (findByEpisode → listByEpisode), never both at once', async () => {
    const service =
      "const bookings = require('../repositories/bookings');\nasync function book(input) {\n" +
      '  const existing = await bookings.findByEpisode(input.episodeId);\n  return existing.length;\n}\n' +
      'module.exports = { book };\n';
    const repository = (names: string) =>
      `async function findAll() { return []; }\nasync function findById(id) { return null; }\n` +
      `async function listByEpisode(episodeId) { return []; }\n` +
      `async function getByEpisode(episodeId) { return null; }\n` +
      `module.exports = { ${names} };\n`;
    const booked = (names: string) =>
      run(
        { 'src/repositories/bookings.js': repository(names), 'src/services/booking.js': service },
        'src/services/booking.js',
        3,
        'bookings.findByEpisode is not a function',
      );
    const { outcome, tree } = await booked('findAll, findById, listByEpisode');
    expect(outcome?.summary).toBe(
      'rename bookings.findByEpisode to bookings.listByEpisode at src/services/booking.js:3',
    );
    expect(await tree.read('src/services/booking.js')).toContain('await bookings.listByEpisode(input.episodeId)');
    expect((await booked('findAll, findById, listByEpisode, getByEpisode')).outcome).toBeNull();
  });

  it('calls the one export nothing calls whose words are in the called name (restock → addStock)', async () => {
    const service =
      'function listMaterials() { return []; }\nfunction addStock(id, addKg) { return { id, addKg }; }\n' +
      'function removeMaterial(id) { return id; }\nmodule.exports = { listMaterials, addStock, removeMaterial };\n';
    const controller =
      "const materials = require('../services/materials');\nfunction list(req, res) {\n" +
      '  res.json(materials.listMaterials());\n}\nfunction restock(req, res) {\n' +
      '  res.json(materials.restock(Number(req.params.id), req.body.addKg));\n}\n' +
      'module.exports = { list, restock };\n';
    const files = { 'src/services/materials.js': service, 'src/controllers/materials.js': controller };
    const { tree } = await run(files, 'src/controllers/materials.js', 6, 'materials.restock is not a function');
    expect(await tree.read('src/controllers/materials.js')).toBe(
      controller.replace('materials.restock(', 'materials.addStock('),
    );
    // Called elsewhere already, addStock is some other call's function: no rename.
    const used = controller.replace('materials.listMaterials()', 'materials.addStock(1, 2)');
    const other = await run(
      { ...files, 'src/controllers/materials.js': used },
      'src/controllers/materials.js',
      6,
      'materials.restock is not a function',
    );
    expect(other.outcome).toBeNull();
  });

  it('leaves a name two exports could mean as well (fetchUser with getUser and findUser)', async () => {
    const handler =
      "const users = require('./users');\nexports.show = async (req, res) => {\n" +
      '  res.json(await users.fetchUser(req.params.id));\n};\n';
    const { outcome } = await run(
      {
        'src/users.js':
          'exports.getUser = async (id) => null;\nexports.findUser = async (id) => null;\n' +
          'exports.createUser = async (u) => u;\n',
        'src/handler.js': handler,
      },
      'src/handler.js',
      3,
      'users.fetchUser is not a function',
    );
    expect(outcome).toBeNull();
  });

  it('leaves a synonym whose function takes fewer parameters than the call passes', async () => {
    const controller =
      "const svc = require('./svc');\nexports.remove = async (req, res) => {\n" +
      '  await svc.removeTask(req.params.projectId, req.params.id);\n};\n';
    const { outcome } = await run(
      {
        'src/svc.js':
          'async function deleteTask(id) { return id; }\n' +
          'async function createTask(input) { return input; }\n' +
          'module.exports = { deleteTask, createTask };\n',
        'src/controller.js': controller,
      },
      'src/controller.js',
      3,
      'svc.removeTask is not a function',
    );
    expect(outcome).toBeNull();
  });
});

describe('node.property-typo in TypeScript', () => {
  it('renames a member of a constructor-injected service, leaving the types as written', async () => {
    const controller =
      "import type { Request, Response } from 'express';\nimport { LoanRepository } from './repo.js';\n\n" +
      'export class LoanController {\n  constructor(private readonly repository: LoanRepository) {}\n\n' +
      '  async show(req: Request, res: Response): Promise<void> {\n' +
      '    const loan = await this.repository.findByID(req.params.id as string);\n    res.json(loan);\n' +
      '  }\n}\n';
    const tree = memoryTree({
      'src/repo.ts':
        'export class LoanRepository {\n  async findById(id: string): Promise<object | null> { return null; }\n}\n',
      'src/controller.ts': controller,
    });
    const outcome = await nodePropertyTypo.apply({
      cause: {} as RootCause,
      tree,
      python: createPythonProject(tree, fakeInspector([])),
      node: createNodeProject(tree),
      culprit: { file: 'src/controller.ts', line: 8 },
      exception: { type: 'TypeError', message: 'this.repository.findByID is not a function' },
    });
    expect(outcome?.summary).toBe('rename this.repository.findByID to this.repository.findById at src/controller.ts:8');
    expect(await tree.read('src/controller.ts')).toBe(controller.replace('findByID', 'findById'));
  });
});

describe('node.property-typo on a module exporting a class instance', () => {
  const lots =
    'class LotService {\n  constructor(store) {\n    this.store = store;\n  }\n\n' +
    '  drawStaves(id, count) {\n    return { id, count };\n  }\n}\n';
  const run = async (files: Record<string, string>, file: string, line: number, message: string) => {
    const tree = memoryTree(files);
    const outcome = await nodePropertyTypo.apply({
      cause: {} as RootCause,
      tree,
      python: createPythonProject(tree, fakeInspector([])),
      node: createNodeProject(tree),
      culprit: { file, line },
      exception: { type: 'TypeError', message },
    });
    return { outcome, tree };
  };
  // The controller already calls drawStaves, so only the verb's meaning can name it.
  const controller = "const lots = require('./lots');\nexports.draw = (id) => lots.drawStaves(id, 1);\n";

  it('renames a called synonym to the method of the instance a CommonJS module exports', async () => {
    const cask = "const lots = require('./lots');\nfunction create(lotId) {\n  lots.takeStaves(lotId, 32);\n}\n";
    const { outcome, tree } = await run(
      {
        'src/lots.js': `${lots}module.exports = new LotService({});\n`,
        'src/cask.js': cask,
        'src/controller.js': controller,
      },
      'src/cask.js',
      3,
      'lots.takeStaves is not a function',
    );
    expect(outcome?.summary).toBe('rename lots.takeStaves to lots.drawStaves at src/cask.js:3');
    expect(await tree.read('src/cask.js')).toContain('lots.drawStaves(lotId, 32);');
  });

  it('renames a misspelt method of the instance an ES module exports by default', async () => {
    const cask = "import lots from './lots.js';\nexport function create(lotId) {\n  lots.drawStave(lotId, 32);\n}\n";
    const { outcome } = await run(
      { 'src/lots.js': `${lots}export default new LotService({});\n`, 'src/cask.js': cask },
      'src/cask.js',
      3,
      'lots.drawStave is not a function',
    );
    expect(outcome?.summary).toBe('rename lots.drawStave to lots.drawStaves at src/cask.js:3');
  });

  it('leaves a called name whose words are not the method’s', async () => {
    const cask = "const lots = require('./lots');\nfunction create(lotId) {\n  lots.takeHoops(lotId, 32);\n}\n";
    const { outcome } = await run(
      {
        'src/lots.js': `${lots}module.exports = new LotService({});\n`,
        'src/cask.js': cask,
        'src/controller.js': controller,
      },
      'src/cask.js',
      3,
      'lots.takeHoops is not a function',
    );
    expect(outcome).toBeNull();
  });
});
