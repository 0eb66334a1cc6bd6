import { describe, expect, it } from 'vitest';
import { nodeMissingEntity404 } from './missing-entity-404.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const reading = (prop: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);

const itemsRoutes =
  "const express = require('express');\nconst router = express.Router();\nconst items = [];\n\n" +
  "router.post('/', (req, res) => {\n" +
  "  if (!req.body.name) return res.status(400).json({ error: 'name is required' });\n" +
  "  res.status(201).json(req.body);\n});\n\nrouter.get('/:id', (req, res) => {\n" +
  '  const item = items.find((i) => i.id === req.params.id);\n' +
  '  res.json({ id: item.id, name: item.name });\n});\n\nmodule.exports = router;\n';

describe('node.missing-entity-404', () => {
  it("answers 404 with the app's own error key after an in-memory find by a path id", async () => {
    const { context } = templateContext(
      {
        'src/app.js':
          "const express = require('express');\nconst app = express();\n" +
          "app.use('/widgets', require('./routes/items'));\n",
        'src/routes/items.js': itemsRoutes,
      },
      {
        kind: 'runtime_error',
        endpoint: 'GET /widgets/{id}',
        log: reading('id', '/app/src/routes/items.js:12:22'),
        responses: ['200', '404'],
      },
    );
    const found = await allCandidates(nodeMissingEntity404, context, ['src/routes/items.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.missing-entity-404#respond']);
    expect(found[0]!.files['src/routes/items.js']).toBe(
      itemsRoutes.replace(
        'i.id === req.params.id);\n',
        "i.id === req.params.id);\n  if (!item) return res.status(404).json({ error: 'Widget not found' });\n",
      ),
    );
  });

  it(`forwards the app's own NotFoundError through next, imported, then offers the plain 404 (ESM, awaited repository \
lookup)`, async () => {
    const handler =
      "import { Router } from 'express';\nimport { projects } from '../repo.js';\n\n" +
      "export const router = Router();\n\nrouter.get('/:projectId', async (req, res, next) => {\n" +
      '  const { projectId } = req.params;\n  const project = await projects.findById(Number(projectId));\n' +
      '  res.json({ ...project, tags: project.tags.map((t) => t.label) });\n});\n';
    const errors =
      'export class AppError extends Error {\n  constructor(message, status) {\n    super(message);\n' +
      '    this.status = status;\n  }\n}\nexport class NotFoundError extends AppError {\n' +
      '  constructor(message) {\n    super(message, 404);\n  }\n}\n';
    const { context } = templateContext(
      {
        'src/routes/projects.js': handler,
        'src/errors.js': errors,
        'src/repo.js': 'export const projects = { async findById(id) { return null; } };\n',
      },
      {
        kind: 'runtime_error',
        endpoint: 'GET /projects/{projectId}',
        log: reading('tags', '/app/src/routes/projects.js:9:46'),
        responses: ['200', '404'],
      },
    );
    const found = await allCandidates(nodeMissingEntity404, context, ['src/routes/projects.js']);
    expect(found.map((f) => f.candidate.key)).toEqual([
      'node.missing-entity-404#next',
      'node.missing-entity-404#respond',
    ]);
    const first = found[0]!.files['src/routes/projects.js']!;
    expect(first).toContain("import { projects } from '../repo.js';\nimport { NotFoundError } from '../errors.js';\n");
    expect(first).toContain(
      '  const project = await projects.findById(Number(projectId));\n' +
        "  if (!project) return next(new NotFoundError('Project not found'));\n",
    );
    expect(found[1]!.files['src/routes/projects.js']).toContain(
      "  if (!project) return res.status(404).json({ error: 'Project not found' });\n",
    );
  });

  it(`throws the app's (what, id) NotFoundError the way its other lookups do, in a TypeScript service that asserted \
non-null`, async () => {
    const errors =
      'export class HttpError extends Error {\n  constructor(public status: number, message: string) {\n' +
      '    super(message);\n  }\n}\nexport class NotFoundError extends HttpError {\n' +
      '  constructor(what: string, id: number | string) {\n    super(404, `${what} ${id} not found`);\n' +
      '  }\n}\n';
    const service =
      "import { NotFoundError } from '../errors';\nimport { shipments } from '../repo';\n\n" +
      'export class ShipmentService {\n  async get(id: number) {\n' +
      '    const shipment = await shipments.findById(id);\n' +
      "    if (!shipment) throw new NotFoundError('shipment', id);\n    return shipment;\n  }\n\n" +
      '  async close(id: number) {\n    const shipment = (await shipments.findById(id))!;\n' +
      '    if (shipment.closedAt) return shipment;\n    return shipment;\n  }\n}\n';
    const { context } = templateContext(
      {
        'src/errors.ts': errors,
        'src/services/shipmentService.ts': service,
        'src/repo.ts': 'export const shipments = { async findById(id: number) { return undefined; } };\n',
      },
      {
        kind: 'runtime_error',
        endpoint: 'POST /shipments/{shipmentId}/close',
        log: reading('closedAt', 'ShipmentService.close (/app/src/services/shipmentService.ts:13:18)'),
        responses: ['200', '404'],
      },
    );
    const found = await allCandidates(nodeMissingEntity404, context, ['src/services/shipmentService.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.missing-entity-404#throw']);
    expect(found[0]!.files['src/services/shipmentService.ts']).toBe(
      service.replace(
        '(await shipments.findById(id))!;\n',
        "(await shipments.findById(id))!;\n    if (!shipment) throw new NotFoundError('shipment', id);\n",
      ),
    );
  });

  it(`builds no throw a constructor it cannot read would reject (three required parameters), in a \
service`, async () => {
    const errors =
      'export class NotFoundError extends Error {\n  constructor(code, resource, id) {\n' +
      '    super(`${code}: ${resource} ${id}`);\n  }\n}\n';
    const service =
      "import { NotFoundError } from './errors.js';\nimport { repo } from './repo.js';\n\n" +
      'export async function close(id) {\n  const shipment = await repo.findById(id);\n' +
      '  return shipment.closedAt;\n}\n';
    const { context } = templateContext(
      {
        'src/errors.js': errors,
        'src/service.js': service,
        'src/repo.js': 'export const repo = { async findById(id) { return undefined; } };\n',
      },
      {
        kind: 'runtime_error',
        endpoint: 'POST /shipments/{shipmentId}/close',
        log: reading('closedAt', 'close (/app/src/service.js:6:19)'),
        responses: ['200', '404'],
      },
    );
    expect(await allCandidates(nodeMissingEntity404, context, [])).toEqual([]);
  });

  it('answers with reply.code(404).send(…) in a Fastify plugin, with the key its other 404s use', async () => {
    const plugin =
      "export default async function notes(app) {\n  app.get('/', async () => []);\n" +
      "  app.delete('/:noteId', async (request, reply) => reply.code(404).send({ message: 'Note not found' " +
      "}));\n  app.get('/:noteId', async (request, reply) => {\n" +
      '    const note = await app.store.get(request.params.noteId);\n' +
      '    return { id: note.id, title: note.title };\n  });\n}\n';
    const { context } = templateContext(
      {
        'src/app.mjs':
          "import Fastify from 'fastify';\nimport notes from './notes.mjs';\nconst app = Fastify();\n" +
          "app.register(notes, { prefix: '/notes' });\n",
        'src/notes.mjs': plugin,
      },
      {
        kind: 'runtime_error',
        endpoint: 'GET /notes/{noteId}',
        log: reading('id', 'Object.<anonymous> (/app/src/notes.mjs:6:25)'),
        responses: ['200', '404'],
      },
    );
    const found = await allCandidates(nodeMissingEntity404, context, ['src/notes.mjs']);
    expect(found[0]!.files['src/notes.mjs']).toContain(
      '    const note = await app.store.get(request.params.noteId);\n' +
        "    if (!note) return reply.code(404).send({ message: 'Note not found' });\n",
    );
  });

  it('gives a Fastify handler that takes only request a reply to answer 404 with', async () => {
    const plugin =
      "export default async function notes(app) {\n  app.get('/:noteId', async (request) => {\n" +
      '    const note = await app.store.get(request.params.noteId);\n    return { id: note.id };\n  });\n' +
      '}\n';
    const { context } = templateContext(
      {
        'src/app.mjs':
          "import Fastify from 'fastify';\nimport notes from './notes.mjs';\nconst app = Fastify();\n" +
          "app.register(notes, { prefix: '/notes' });\n",
        'src/notes.mjs': plugin,
      },
      {
        kind: 'runtime_error',
        endpoint: 'GET /notes/{noteId}',
        log: reading('id', 'Object.<anonymous> (/app/src/notes.mjs:4:25)'),
        responses: ['200', '404'],
      },
    );
    const found = await allCandidates(nodeMissingEntity404, context, ['src/notes.mjs']);
    expect(found[0]!.files['src/notes.mjs']).toBe(
      plugin
        .replace('async (request) =>', 'async (request, reply) =>')
        .replace('noteId);\n', "noteId);\n    if (!note) return reply.code(404).send({ error: 'Note not found' });\n"),
    );
  });

  it(`answers 404 when the code sets a property of the entity a path-id lookup did not find, and not for a variable no \
lookup produced`, async () => {
    const setting = (prop: string, frame: string) =>
      nodeLog(`TypeError: Cannot set properties of undefined (setting '${prop}')`, [frame]);
    const routes =
      "const express = require('express');\nconst repo = require('../repo');\n" +
      "const router = express.Router();\nrouter.patch('/:id', async (req, res) => {\n" +
      '  const shelf = await repo.findShelf(req.params.id);\n  shelf.label = req.body.label;\n' +
      "  res.json(shelf);\n});\nrouter.patch('/:id/last', async (req, res) => {\n  let last;\n" +
      '  last.label = req.body.label;\n  res.json(last);\n});\nmodule.exports = router;\n';
    const files = { 'src/routes/shelves.js': routes, 'src/repo.js': 'exports.findShelf = async (id) => undefined;\n' };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'PATCH /shelves/{id}',
      log: setting('label', '/app/src/routes/shelves.js:6:15'),
      responses: ['200', '404'],
    });
    const found = await allCandidates(nodeMissingEntity404, context, ['src/routes/shelves.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.missing-entity-404#respond']);
    expect(found[0]!.files['src/routes/shelves.js']).toContain(
      '  const shelf = await repo.findShelf(req.params.id);\n' +
        "  if (!shelf) return res.status(404).json({ error: 'Shelf not found' });\n" +
        '  shelf.label = req.body.label;\n',
    );
    const unlooked = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'PATCH /shelves/{id}/last',
      log: setting('label', '/app/src/routes/shelves.js:11:14'),
      responses: ['200', '404'],
    });
    expect(await allCandidates(nodeMissingEntity404, unlooked.context, [])).toEqual([]);
  });

  it('refuses a lookup whose argument is not from the path, and an operation without a documented 404', async () => {
    const routes =
      "const express = require('express');\nconst repo = require('../repo');\n" +
      "const router = express.Router();\nrouter.get('/:id/theme', async (req, res) => {\n" +
      '  const settings = await repo.settingsOf(req.user.id);\n  res.json({ theme: settings.theme });\n' +
      '});\nmodule.exports = router;\n';
    const files = { 'src/routes/me.js': routes, 'src/repo.js': 'exports.settingsOf = async (id) => undefined;\n' };
    const notFromPath = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /me/{id}/theme',
      log: reading('theme', '/app/src/routes/me.js:6:33'),
      responses: ['200', '404'],
    });
    expect(await allCandidates(nodeMissingEntity404, notFromPath.context, [])).toEqual([]);
    const undocumented = templateContext(
      { 'src/routes/items.js': itemsRoutes },
      {
        kind: 'runtime_error',
        endpoint: 'GET /widgets/{id}',
        log: reading('id', '/app/src/routes/items.js:12:22'),
        responses: ['200'],
      },
    );
    expect(await allCandidates(nodeMissingEntity404, undocumented.context, [])).toEqual([]);
  });
});
