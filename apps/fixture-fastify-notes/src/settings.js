// Limits of the notes API.
module.exports = {
  paging: { maxNotes: 50, defaultNotes: 20 },
  titles: { maxLength: 120 },
};
