import { describe, expect, it } from 'vitest';
import { createNodeProject } from '../../node/node-project.js';
import { memoryTree } from '../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../python/python-project.js';
import { fakeInspector } from '../../python/test-support/fake-python.js';
import type { RootCause } from '../../types.js';
import { nodePropertyTypo } from './property-typo.js';

const run = async (files: Record<string, string>, message: string) => {
  const tree = memoryTree(files);
  const outcome = await nodePropertyTypo.apply({
    cause: {} as RootCause,
    tree,
    python: createPythonProject(tree, fakeInspector([])),
    node: createNodeProject(tree),
    culprit: { file: 'src/services/makers.js', line: 10 },
    exception: { type: 'TypeError', message },
  });
  return { outcome, tree };
};

// The service keeps its repository on `this` and the file builds its one instance with it.
const service = (call: string, built = 'new MakerService(makerRepository, orderRepository)') =>
  "const makerRepository = require('../repositories/makers');\n" +
  "const orderRepository = require('../repositories/orders');\n\n" +
  'class MakerService {\n  constructor(makers, orders) {\n    this.makers = makers;\n    this.orders = orders;\n  }\n' +
  `  async createMaker(data) {\n    return this.makers.${call}({ ...data, active: true });\n  }\n}\n\n` +
  `module.exports = ${built};\n`;
const makers = (members: string) =>
  'class MakerRepository {\n  async findAll() {\n    return [];\n  }\n' +
  `${members}}\n\nmodule.exports = new MakerRepository();\n`;
// Another class of the project declares `create`: the union of every class's members would hide the typo.
const orders =
  'class OrderController {\n  async create(req, res) {\n    res.json({});\n  }\n}\n' +
  'module.exports = { OrderController };\n';

describe('node.property-typo on a collaborator the file injects', () => {
  it('renames a called synonym to the method of the repository instance passed to the constructor', async () => {
    const { outcome, tree } = await run(
      {
        'src/services/makers.js': service('create'),
        'src/repositories/makers.js': makers('  async insert(data) {\n    return data;\n  }\n'),
        'src/repositories/orders.js': 'module.exports = { findByMaker: async () => [] };\n',
        'src/controllers/orders.js': orders,
      },
      'this.makers.create is not a function',
    );
    expect(outcome?.summary).toBe('rename this.makers.create to this.makers.insert at src/services/makers.js:10');
    expect(await tree.read('src/services/makers.js')).toContain(
      'return this.makers.insert({ ...data, active: true });',
    );
  });

  it('follows the second parameter to an object-literal module (exports its functions)', async () => {
    const { outcome } = await run(
      {
        'src/services/makers.js': service('create', 'new MakerService(orderRepository, makerRepository)'),
        'src/repositories/makers.js':
          'async function add(d) {\n  return d;\n}\nmodule.exports = { findAll: null, add };\n',
        'src/repositories/orders.js':
          'async function insert(d) {\n  return d;\n}\nmodule.exports = { insert, findByMaker: null };\n',
        'src/controllers/orders.js': orders,
      },
      'this.makers.create is not a function',
    );
    // `this.makers` is the first parameter, bound to orderRepository here.
    expect(outcome?.summary).toBe('rename this.makers.create to this.makers.insert at src/services/makers.js:10');
  });

  it('leaves a repository with two synonyms of the called verb', async () => {
    const { outcome } = await run(
      {
        'src/services/makers.js': service('create'),
        'src/repositories/makers.js': makers(
          '  async insert(d) {\n    return d;\n  }\n  async add(d) {\n    return d;\n  }\n',
        ),
        'src/repositories/orders.js': 'module.exports = { findByMaker: async () => [] };\n',
        'src/controllers/orders.js': orders,
      },
      'this.makers.create is not a function',
    );
    expect(outcome).toBeNull();
  });
});
