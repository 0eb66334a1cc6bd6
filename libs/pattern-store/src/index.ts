// Public surface of this package. Nothing is exported yet: its behaviour lands with its own issue
// (see docs/ARCHITECTURE.md); exporting placeholders would be fake behaviour.
export {};
