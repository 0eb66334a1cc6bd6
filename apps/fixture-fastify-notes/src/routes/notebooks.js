const { store } = require('../models/notebook-store');
const { wordCount } = require('../lib/format');
const settings = require('../settings');

async function notebookRoutes(app) {
  app.get('/', async () => store.allNotebooks());

  app.post('/', async (request, reply) => {
    const name = request.body && request.body.name;
    if (typeof name !== 'string' || name.trim() === '') return reply.code(422).send({ detail: 'name is required' });
    const notebook = await store.createNotebook({ name: name.trim() });
    return notebook;
  });

  app.get('/:notebookId', async (request, reply) => {
    const notebook = await store.findNotebook(request.params.notebookId);
    if (!notebook) return reply.code(404).send({ detail: 'notebook not found' });
    const notes = await store.notesIn(notebook.id);
    return { ...notebook, notes: notes.length, pageSize: settings.pagin.maxNotes };
  });

  app.get('/:notebookId/stats', async (request, reply) => {
    const notebook = await store.findNotebook(request.params.notebookId);
    if (!notebook) return reply.code(404).send({ detail: 'notebook not found' });
    const notes = await store.notesIn(notebook.id);
    const words = notes.reduce((sum, n) => sum + BigInt(wordCount(n.body)), 0n);
    return { notebook: notebook.id, notes: notes.length, words };
  });
}

module.exports = { notebookRoutes };
