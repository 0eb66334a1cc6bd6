import { describe, expect, it } from 'vitest';
import { createNodeProject } from '../../node/node-project.js';
import { memoryTree } from '../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../python/python-project.js';
import { fakeInspector } from '../../python/test-support/fake-python.js';
import type { RootCause } from '../../types.js';
import { nodePropertyTypo } from './property-typo.js';

const files = {
  'src/repo.js': 'class LoanRepository {\n  async findById(id) { return null; }\n  async save(loan) { return loan; }\n}\nmodule.exports = { LoanRepository };\n',
  'src/controller.js':
    'class LoanController {\n  constructor(repository) {\n    this.repository = repository;\n  }\n\n  async show(req, res) {\n    const loan = await this.repository.findByID(req.params.id);\n    res.json(loan);\n  }\n}\nmodule.exports = { LoanController };\n',
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
