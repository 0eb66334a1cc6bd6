/** A note in a notebook. */
class Note {
  constructor({ id, notebookId, title, body }) {
    this.id = id;
    this.notebookId = notebookId;
    this.title = title;
    this.body = body ?? '';
    this.createdAt = new Date().toISOString();
  }
}

module.exports = Note;
