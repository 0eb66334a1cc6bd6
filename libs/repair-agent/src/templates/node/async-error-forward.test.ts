import { describe, expect, it } from 'vitest';
import { nodeAsyncErrorForward } from './async-error-forward.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const pkg = (express: string) => JSON.stringify({ name: 'x', dependencies: { express } });
const app =
  "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
  "app.use('/notes', require('./routes/notes'));\n" +
  "app.use((err, req, res, next) => res.status(500).json({ error: 'internal' }));\nmodule.exports = app;\n";
const inlineRoutes =
  "const { Router } = require('express');\nconst repo = require('../repo');\nconst router = Router();\n\n" +
  "router.post('/:noteId/archive', async (req, res) => {\n" +
  '  const note = await repo.find(req.params.noteId);\n' +
  '  res.json({ ...note, archivedAt: note.archive.stamp });\n});\n\nmodule.exports = router;\n';
const repo = 'exports.find = async (id) => undefined;\n';
const crashLog = nodeLog("TypeError: Cannot read properties of undefined (reading 'archive')", [
  '/app/src/routes/notes.js:7:40',
  'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
]);

describe('node.async-error-forward', () => {
  it('wraps an inline async handler body in try/catch and adds next when the app has no wrapper', async () => {
    const { context } = templateContext(
      { 'package.json': pkg('^4.21.2'), 'src/app.js': app, 'src/routes/notes.js': inlineRoutes, 'src/repo.js': repo },
      { kind: 'crash', endpoint: 'POST /notes/{noteId}/archive', log: crashLog, actual: null },
    );
    const found = await allCandidates(nodeAsyncErrorForward, context, ['src/routes/notes.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.async-error-forward#try-catch']);
    expect(found[0]!.files['src/routes/notes.js']).toBe(
      inlineRoutes.replace(
        'async (req, res) => {\n  const note = await repo.find(req.params.noteId);\n' +
          '  res.json({ ...note, archivedAt: note.archive.stamp });\n});',
        'async (req, res, next) => {\n  try {\n    const note = await repo.find(req.params.noteId);\n' +
          '    res.json({ ...note, archivedAt: note.archive.stamp });\n  } catch (err) {\n    next(err);\n' +
          '  }\n});',
      ),
    );
  });

  it(`wraps a controller reference with the app's own catchAsync at the route, importing it, then offers \
try/catch`, async () => {
    const routes =
      "const express = require('express');\nconst notes = require('../controllers/notes');\n" +
      "const router = express.Router();\nrouter.get('/', notes.list);\n" +
      "router.post('/:noteId/archive', notes.archive);\nmodule.exports = router;\n";
    const controller =
      "const repo = require('../repo');\n\nexports.list = async (req, res) => res.json([]);\n\n" +
      'exports.archive = async (req, res) => {\n  const note = await repo.find(req.params.noteId);\n' +
      '  res.json({ archivedAt: note.archive.stamp });\n};\n';
    const util =
      'function catchAsync(handler) {\n  return (req, res, next) => {\n' +
      '    handler(req, res, next).catch(next);\n  };\n}\nmodule.exports = { catchAsync };\n';
    const log = nodeLog("TypeError: Cannot read properties of undefined (reading 'archive')", [
      'exports.archive (/app/src/controllers/notes.js:7:35)',
    ]);
    const { context } = templateContext(
      {
        'package.json': pkg('4.19.0'),
        'src/app.js': app,
        'src/routes/notes.js': routes,
        'src/controllers/notes.js': controller,
        'src/utils/catch-async.js': util,
        'src/repo.js': repo,
      },
      { kind: 'crash', endpoint: 'POST /notes/{noteId}/archive', log, actual: null },
    );
    const found = await allCandidates(nodeAsyncErrorForward, context, [
      'src/routes/notes.js',
      'src/controllers/notes.js',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual([
      'node.async-error-forward#wrap',
      'node.async-error-forward#try-catch',
    ]);
    expect(found[0]!.files['src/routes/notes.js']).toBe(
      routes
        .replace(
          "const notes = require('../controllers/notes');\n",
          "const notes = require('../controllers/notes');\nconst { catchAsync } = require('../utils/catch-async');\n",
        )
        .replace('notes.archive);', 'catchAsync(notes.archive));'),
    );
    expect(found[0]!.files['src/controllers/notes.js']).toBe(controller);
    expect(found[1]!.files['src/controllers/notes.js']).toContain(
      'exports.archive = async (req, res, next) => {\n  try {\n    const note',
    );
  });

  it('forwards the Promise a plain arrow hands back from a controller method: .catch(next)', async () => {
    const routes =
      "const { Router } = require('express');\n" +
      "const { ProjectController } = require('../controllers/projects');\n" +
      'const controller = new ProjectController();\nconst router = Router();\n' +
      "router.get('/:id', (req, res) => controller.show(req, res));\nmodule.exports = router;\n";
    const controller =
      'class ProjectController {\n  async show(req, res) {\n' +
      '    const project = await this.find(req.params.id);\n    res.json(project.name);\n  }\n' +
      '  async find() {\n    return undefined;\n  }\n}\nmodule.exports = { ProjectController };\n';
    const app =
      "const express = require('express');\nconst app = express();\n" +
      "app.use('/projects', require('./routes/projects'));\n";
    const log = nodeLog("TypeError: Cannot read properties of undefined (reading 'name')", [
      'ProjectController.show (/app/src/controllers/projects.js:4:22)',
    ]);
    const { context } = templateContext(
      { 'src/app.js': app, 'src/routes/projects.js': routes, 'src/controllers/projects.js': controller },
      { kind: 'crash', endpoint: 'GET /projects/{id}', log, actual: null },
    );
    const found = await allCandidates(nodeAsyncErrorForward, context, ['src/routes/projects.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.async-error-forward#catch-next']);
    expect(found[0]!.files['src/routes/projects.js']).toContain(
      "router.get('/:id', (req, res, next) => controller.show(req, res).catch(next));",
    );
  });

  it('takes a hang whose log says the rejection went unhandled, and not a plain 500', async () => {
    const files = {
      'package.json': pkg('^4.21.2'),
      'src/app.js': app,
      'src/routes/notes.js': inlineRoutes,
      'src/repo.js': repo,
    };
    const hang = templateContext(files, {
      kind: 'timeout',
      endpoint: 'POST /notes/{noteId}/archive',
      actual: null,
      message: 'no response within 10000 ms; log: Unhandled rejection TypeError: Cannot read properties of undefined',
    });
    expect((await allCandidates(nodeAsyncErrorForward, hang.context, [])).map((f) => f.candidate.key)).toEqual([
      'node.async-error-forward#try-catch',
    ]);
    const plain = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /notes/{noteId}/archive',
      log: crashLog,
    });
    expect(await allCandidates(nodeAsyncErrorForward, plain.context, [])).toEqual([]);
  });

  it('does nothing on Express 5, on a wrapped handler, or on a handler that forwards itself', async () => {
    const files = { 'src/app.js': app, 'src/routes/notes.js': inlineRoutes, 'src/repo.js': repo };
    const spec = { kind: 'crash', endpoint: 'POST /notes/{noteId}/archive', log: crashLog, actual: null } as const;
    const five = templateContext({ ...files, 'package.json': pkg('^5.1.0') }, spec);
    expect(await allCandidates(nodeAsyncErrorForward, five.context, [])).toEqual([]);
    const wrapped = inlineRoutes
      .replace(
        "router.post('/:noteId/archive', async (req, res) => {",
        "router.post('/:noteId/archive', wrap(async (req, res) => {",
      )
      .replace('stamp });\n});', 'stamp });\n}));')
      .replace('const router', "const wrap = require('express-async-handler');\nconst router");
    const w = templateContext({ ...files, 'package.json': pkg('^4.21.2'), 'src/routes/notes.js': wrapped }, spec);
    expect(await allCandidates(nodeAsyncErrorForward, w.context, [])).toEqual([]);
    const own = inlineRoutes.replace(
      'async (req, res) => {\n  const note = await repo.find(req.params.noteId);\n' +
        '  res.json({ ...note, archivedAt: note.archive.stamp });\n}',
      'async (req, res, next) => {\n  try {\n    const note = await repo.find(req.params.noteId);\n' +
        '    res.json(note.archive);\n  } catch (e) {\n    next(e);\n  }\n}',
    );
    const o = templateContext({ ...files, 'package.json': pkg('^4.21.2'), 'src/routes/notes.js': own }, spec);
    expect(await allCandidates(nodeAsyncErrorForward, o.context, [])).toEqual([]);
  });
});
