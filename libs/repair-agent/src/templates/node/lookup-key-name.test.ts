import { describe, expect, it } from 'vitest';
import { nodeLookupKeyName } from './lookup-key-name.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const service =
  "const store = require('../store');\n\nasync function createTask(input) {\n" +
  "  return store.insert('tasks', { projectId: input.projectId, title: input.title });\n}\n\n" +
  "async function updateTask(id, patch) {\n  const task = await store.findById('tasks', id);\n" +
  "  const project = await store.findById('projects', task.project_id);\n" +
  "  project.updatedAt = new Date().toISOString();\n  return store.update('tasks', id, patch);\n}\n\n" +
  'module.exports = { createTask, updateTask };\n';
const store =
  'exports.findById = async (table, id) => null;\nexports.insert = async (t, r) => r;\n' +
  'exports.update = async (t, id, r) => r;\n';
const crash = (file: string, line: number, message: string, fn: string) => ({
  kind: 'runtime_error' as const,
  endpoint: 'PATCH /tasks/{taskId}',
  log: nodeLog(`TypeError: ${message}`, [`${fn} (/app/${file}:${line}:21)`]),
});

describe('node.lookup-key-name', () => {
  it(`looks a record up by the key the code writes (task.project_id → task.projectId) in a CommonJS \
service`, async () => {
    const { context } = templateContext(
      { 'src/services/taskService.js': service, 'src/store.js': store },
      crash(
        'src/services/taskService.js',
        10,
        "Cannot set properties of null (setting 'updatedAt')",
        'Object.updateTask',
      ),
    );
    const found = await allCandidates(nodeLookupKeyName, context, ['src/services/taskService.js']);
    expect(found.map((f) => f.candidate.summary)).toEqual([
      'look up project by task.projectId instead of task.project_id (src/services/taskService.js:9)',
    ]);
    expect(found[0]!.files['src/services/taskService.js']).toBe(service.replace('task.project_id', 'task.projectId'));
  });

  it('finds by the key the JSON data holds, in an array lookup of an ES module handler', async () => {
    const handler =
      "import { db } from './db.js';\nexport function orderOwner(req, res) {\n" +
      '  const order = db.orders.find((o) => o.id === Number(req.params.orderId));\n' +
      '  const owner = db.users.find((u) => u.id === order.ownerID);\n  res.json({ name: owner.name });\n' +
      '}\n';
    const { context } = templateContext(
      {
        'src/orders.js': handler,
        'src/db.js': "import data from '../data/seed.json' with { type: 'json' };\nexport const db = data;\n",
        'data/seed.json': '{ "orders": [{ "id": 1, "ownerId": 2 }], "users": [{ "id": 2, "name": "Ana" }] }\n',
      },
      {
        kind: 'runtime_error',
        endpoint: 'GET /orders/{orderId}/owner',
        log: nodeLog("TypeError: Cannot read properties of undefined (reading 'name')", [
          'orderOwner (/app/src/orders.js:5:27)',
        ]),
      },
    );
    const found = await allCandidates(nodeLookupKeyName, context, ['src/orders.js']);
    expect(found[0]!.files['src/orders.js']).toBe(handler.replace('order.ownerID', 'order.ownerId'));
  });

  it('leaves a key the data really has (the record is missing, not the name wrong)', async () => {
    const { context } = templateContext(
      {
        'src/services/taskService.js': service,
        'src/store.js': store,
        'data/seed.json': '{ "tasks": [{ "id": "t1", "project_id": "p1" }] }\n',
      },
      crash(
        'src/services/taskService.js',
        10,
        "Cannot set properties of null (setting 'updatedAt')",
        'Object.updateTask',
      ),
    );
    expect(await allCandidates(nodeLookupKeyName, context, [])).toEqual([]);
  });

  it('leaves a key two written keys could stand for', async () => {
    const twice = service.replace('title: input.title', 'projectID: input.projectId, title: input.title');
    const { context } = templateContext(
      { 'src/services/taskService.js': twice, 'src/store.js': store },
      crash(
        'src/services/taskService.js',
        10,
        "Cannot set properties of null (setting 'updatedAt')",
        'Object.updateTask',
      ),
    );
    expect(await allCandidates(nodeLookupKeyName, context, [])).toEqual([]);
  });
});

describe('node.lookup-key-name with a SQL schema', () => {
  it('leaves a key that is a column of the table (rows come from SQL, not from the code)', async () => {
    const { context } = templateContext(
      {
        'src/services/taskService.js': service,
        'src/store.js': store,
        'db/schema.sql': 'CREATE TABLE tasks (\n  id TEXT PRIMARY KEY,\n  project_id TEXT NOT NULL\n);\n',
      },
      crash(
        'src/services/taskService.js',
        10,
        "Cannot set properties of null (setting 'updatedAt')",
        'Object.updateTask',
      ),
    );
    expect(await allCandidates(nodeLookupKeyName, context, [])).toEqual([]);
  });
});

describe('node.lookup-key-name with SQL in the code', () => {
  it('leaves a key a query of the code names (rows come from the database)', async () => {
    const repo = "exports.tasksOf = (db, id) => db.all('SELECT * FROM tasks WHERE project_id = ?', id);\n";
    const { context } = templateContext(
      { 'src/services/taskService.js': service, 'src/store.js': store, 'src/repo.js': repo },
      crash(
        'src/services/taskService.js',
        10,
        "Cannot set properties of null (setting 'updatedAt')",
        'Object.updateTask',
      ),
    );
    expect(await allCandidates(nodeLookupKeyName, context, [])).toEqual([]);
  });

  it("tries the request body's documented field before a closer spelling the code writes", async () => {
    const reviews =
      "const members = require('../members');\n\nfunction reviewEntry(entry, data) {\n" +
      '  const reviewer = members.findById(data.reviewerId);\n' +
      "  if (reviewer.level !== 'expert') throw new Error('not an expert');\n" +
      '  return { ...entry, reviewed: true, reviewedBy: data.reviewedBy };\n}\n\nmodule.exports = { reviewEntry };\n';
    const members = 'exports.findById = (id) => undefined;\n';
    const { context } = templateContext(
      { 'src/services/reviews.js': reviews, 'src/members.js': members },
      {
        kind: 'runtime_error',
        endpoint: 'PATCH /entries/{entryId}/review',
        log: nodeLog("TypeError: Cannot read properties of undefined (reading 'level')", [
          'reviewEntry (/app/src/services/reviews.js:5:16)',
        ]),
      },
    );
    const operation = {
      ...context.operation!,
      requestBody: {
        required: true,
        mediaType: 'application/json',
        schema: { type: 'object', properties: { reviewedBy: { type: 'integer' } } },
      },
    };
    const found = await allCandidates(nodeLookupKeyName, { ...context, operation }, ['src/services/reviews.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.lookup-key-name', 'node.lookup-key-name#2']);
    expect(found[0]!.files['src/services/reviews.js']).toContain('members.findById(data.reviewedBy)');
    expect(found[1]!.files['src/services/reviews.js']).toContain('members.findById(data.reviewed)');
  });
});
