/** `  my  first note ` → `My first note`. */
function formatTitle(title) {
  const tidy = String(title).trim().replace(/\s+/g, ' ');
  return tidy.charAt(0).toUpperCase() + tidy.slice(1);
}

/** Number of words in a text. */
function wordCount(text) {
  return String(text).split(/\s+/).filter(Boolean).length;
}

module.exports = { formatTitle, wordCount };
