const { store } = require('../models/notebook-store');
const { formatTitle } = require('../lib/format');
const settings = require('../settings');

module.exports = async function noteRoutes(app) {
  app.get('/', async (request, reply) => {
    const notebook = await store.findNotebook(request.params.notebookId);
    if (!notebook) return reply.code(404).send({ detail: 'notebook not found' });
    const notes = store.notesIn(notebook.id);
    return notes.map((n) => ({ id: n.id, title: n.title }));
  });

  app.post('/', async (request, reply) => {
    const notebook = await store.findNotebook(request.params.notebookId);
    if (!notebook) return reply.code(404).send({ detail: 'notebook not found' });
    const { title, body } = request.body || {};
    if (typeof title !== 'string' || title.trim() === '') return reply.code(422).send({ detail: 'title is required' });
    const note = new Note({ id: store.nextNoteId(), notebookId: notebook.id, title: formatTitle(title).slice(0, settings.titles.maxLength), body });
    await store.saveNote(note);
    return reply.code(201).send(note);
  });

  app.get('/outline', async (request, reply) => {
    const notebook = await store.findNotebook(request.params.notebookId);
    if (!notebook) return reply.code(404).send({ detail: 'notebook not found' });
    const notes = await store.notesIn(notebook.id);
    return { notebook: notebook.name, outline: notes.map((n) => formatTitel(n.title)) };
  });
};
