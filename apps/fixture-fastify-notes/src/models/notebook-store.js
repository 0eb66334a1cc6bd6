// Notebooks and notes in memory, seeded at startup (fresh state on every start).
class NotebookStore {
  constructor() {
    this.notebooks = [];
    this.notes = [];
    this.ids = { notebook: 1, note: 1 };
    this.seed();
  }

  seed() {
    const work = this.addNotebook({ name: 'Work' });
    this.addNotebook({ name: 'Travel' });
    this.notes.push({ id: this.ids.note++, notebookId: work.id, title: 'Standup', body: 'ship the release notes today', createdAt: new Date().toISOString() });
  }

  addNotebook({ name }) {
    const notebook = { id: this.ids.notebook++, name };
    this.notebooks.push(notebook);
    return notebook;
  }

  async createNotebook(data) {
    return this.addNotebook(data);
  }

  async findNotebook(id) {
    return this.notebooks.find((n) => n.id === Number(id)) ?? null;
  }

  async allNotebooks() {
    return [...this.notebooks];
  }

  async notesIn(notebookId) {
    return this.notes.filter((n) => n.notebookId === Number(notebookId));
  }

  async saveNote(note) {
    this.notes.push(note);
    return note;
  }

  nextNoteId() {
    return this.ids.note++;
  }
}

module.exports = { store: new NotebookStore() };
