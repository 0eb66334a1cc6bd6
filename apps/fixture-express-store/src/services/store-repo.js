// In-memory stores, seeded at startup (fresh state on every start).
const stores = new Map();
let nextId = 1;

for (const seed of [
  { name: 'Harbour Street', city: 'Lisbon' },
  { name: 'Old Mill', city: 'Porto' },
]) {
  const id = nextId++;
  stores.set(id, { id, ...seed });
}

export const storeRepo = {
  async all() {
    return [...stores.values()];
  },
  async get(id) {
    return stores.get(Number(id)) ?? null;
  },
  async create({ name, city }) {
    const id = nextId++;
    const store = { id, name, city: city ?? null };
    stores.set(id, store);
    return store;
  },
};
