import { describe, expect, it } from 'vitest';
import { nodeMissingEntity404 } from './missing-entity-404.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const reading = (prop: string, frame: string) => nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);

const itemsRoutes =
  "const express = require('express');\nconst router = express.Router();\nconst items = [];\n\nrouter.post('/', (req, res) => {\n  if (!req.body.name) return res.status(400).json({ error: 'name is required' });\n  res.status(201).json(req.body);\n});\n\nrouter.get('/:id', (req, res) => {\n  const item = items.find((i) => i.id === req.params.id);\n  res.json({ id: item.id, name: item.name });\n});\n\nmodule.exports = router;\n";

describe('node.missing-entity-404', () => {
  it("answers 404 with the app's own error key after an in-memory find by a path id", async () => {
    const { context } = templateContext(
      { 'src/app.js': "const express = require('express');\nconst app = express();\napp.use('/widgets', require('./routes/items'));\n", 'src/routes/items.js': itemsRoutes },
      { kind: 'runtime_error', endpoint: 'GET /widgets/{id}', log: reading('id', '/app/src/routes/items.js:12:22'), responses: ['200', '404'] },
    );
    const found = await allCandidates(nodeMissingEntity404, context, ['src/routes/items.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.missing-entity-404#respond']);
    expect(found[0]!.files['src/routes/items.js']).toBe(
      itemsRoutes.replace("i.id === req.params.id);\n", "i.id === req.params.id);\n  if (!item) return res.status(404).json({ error: 'Widget not found' });\n"),
    );
  });

  it("forwards the app's own NotFoundError through next, imported, then offers the plain 404 (ESM, awaited repository lookup)", async () => {
    const handler =
      "import { Router } from 'express';\nimport { projects } from '../repo.js';\n\nexport const router = Router();\n\nrouter.get('/:projectId', async (req, res, next) => {\n  const { projectId } = req.params;\n  const project = await projects.findById(Number(projectId));\n  res.json({ ...project, tags: project.tags.map((t) => t.label) });\n});\n";
    const errors = "export class AppError extends Error {\n  constructor(message, status) {\n    super(message);\n    this.status = status;\n  }\n}\nexport class NotFoundError extends AppError {\n  constructor(message) {\n    super(message, 404);\n  }\n}\n";
    const { context } = templateContext(
      { 'src/routes/projects.js': handler, 'src/errors.js': errors, 'src/repo.js': 'export const projects = { async findById(id) { return null; } };\n' },
      { kind: 'runtime_error', endpoint: 'GET /projects/{projectId}', log: reading('tags', '/app/src/routes/projects.js:9:46'), responses: ['200', '404'] },
    );
    const found = await allCandidates(nodeMissingEntity404, context, ['src/routes/projects.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.missing-entity-404#next', 'node.missing-entity-404#respond']);
    const first = found[0]!.files['src/routes/projects.js']!;
    expect(first).toContain("import { projects } from '../repo.js';\nimport { NotFoundError } from '../errors.js';\n");
    expect(first).toContain("  const project = await projects.findById(Number(projectId));\n  if (!project) return next(new NotFoundError('Project not found'));\n");
    expect(found[1]!.files['src/routes/projects.js']).toContain("  if (!project) return res.status(404).json({ error: 'Project not found' });\n");
  });

  it('answers with reply.code(404).send(…) in a Fastify plugin, with the key its other 404s use', async () => {
    const plugin =
      "export default async function notes(app) {\n  app.get('/', async () => []);\n  app.delete('/:noteId', async (request, reply) => reply.code(404).send({ message: 'Note not found' }));\n  app.get('/:noteId', async (request, reply) => {\n    const note = await app.store.get(request.params.noteId);\n    return { id: note.id, title: note.title };\n  });\n}\n";
    const { context } = templateContext(
      { 'src/app.mjs': "import Fastify from 'fastify';\nimport notes from './notes.mjs';\nconst app = Fastify();\napp.register(notes, { prefix: '/notes' });\n", 'src/notes.mjs': plugin },
      { kind: 'runtime_error', endpoint: 'GET /notes/{noteId}', log: reading('id', 'Object.<anonymous> (/app/src/notes.mjs:6:25)'), responses: ['200', '404'] },
    );
    const found = await allCandidates(nodeMissingEntity404, context, ['src/notes.mjs']);
    expect(found[0]!.files['src/notes.mjs']).toContain("    const note = await app.store.get(request.params.noteId);\n    if (!note) return reply.code(404).send({ message: 'Note not found' });\n");
  });

  it('gives a Fastify handler that takes only request a reply to answer 404 with', async () => {
    const plugin = "export default async function notes(app) {\n  app.get('/:noteId', async (request) => {\n    const note = await app.store.get(request.params.noteId);\n    return { id: note.id };\n  });\n}\n";
    const { context } = templateContext(
      { 'src/app.mjs': "import Fastify from 'fastify';\nimport notes from './notes.mjs';\nconst app = Fastify();\napp.register(notes, { prefix: '/notes' });\n", 'src/notes.mjs': plugin },
      { kind: 'runtime_error', endpoint: 'GET /notes/{noteId}', log: reading('id', 'Object.<anonymous> (/app/src/notes.mjs:4:25)'), responses: ['200', '404'] },
    );
    const found = await allCandidates(nodeMissingEntity404, context, ['src/notes.mjs']);
    expect(found[0]!.files['src/notes.mjs']).toBe(
      plugin.replace('async (request) =>', 'async (request, reply) =>').replace('noteId);\n', "noteId);\n    if (!note) return reply.code(404).send({ error: 'Note not found' });\n"),
    );
  });

  it('refuses a lookup whose argument is not from the path, and an operation without a documented 404', async () => {
    const routes =
      "const express = require('express');\nconst repo = require('../repo');\nconst router = express.Router();\nrouter.get('/:id/theme', async (req, res) => {\n  const settings = await repo.settingsOf(req.user.id);\n  res.json({ theme: settings.theme });\n});\nmodule.exports = router;\n";
    const files = { 'src/routes/me.js': routes, 'src/repo.js': 'exports.settingsOf = async (id) => undefined;\n' };
    const notFromPath = templateContext(files, { kind: 'runtime_error', endpoint: 'GET /me/{id}/theme', log: reading('theme', '/app/src/routes/me.js:6:33'), responses: ['200', '404'] });
    expect(await allCandidates(nodeMissingEntity404, notFromPath.context, [])).toEqual([]);
    const undocumented = templateContext(
      { 'src/routes/items.js': itemsRoutes },
      { kind: 'runtime_error', endpoint: 'GET /widgets/{id}', log: reading('id', '/app/src/routes/items.js:12:22'), responses: ['200'] },
    );
    expect(await allCandidates(nodeMissingEntity404, undocumented.context, [])).toEqual([]);
  });
});
