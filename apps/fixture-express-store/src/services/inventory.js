// Inventory per store, in memory. Prices are integer cents.
class InventoryService {
  constructor() {
    this.items = [];
    this.nextId = 1;
    this.add(1, { name: 'Rope 10m', sku: 'rope-10m', quantity: 4, priceCents: 1299 });
    this.add(1, { name: 'Lantern', sku: 'lantern', quantity: 0, priceCents: 2450 });
    this.add(2, { name: 'Flour 1kg', sku: 'flour-1kg', quantity: 30, priceCents: 189 });
  }

  add(storeId, item) {
    const created = { id: this.nextId++, storeId: Number(storeId), ...item };
    this.items.push(created);
    return created;
  }

  async listItems(storeId) {
    return this.items.filter((i) => i.storeId === Number(storeId));
  }

  async countItems(storeId) {
    return (await this.listItems(storeId)).length;
  }

  async lowStock(storeId, threshold = 2) {
    return (await this.listItems(storeId)).filter((i) => i.quantity <= threshold);
  }
}

export const inventory = new InventoryService();
