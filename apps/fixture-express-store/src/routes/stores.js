import { Router } from 'express';
import { inventory } from '../services/inventory.js';
import { storeRepo } from '../services/store-repo.js';

const router = Router();

async function loadStore(req, res) {
  const store = await storeRepo.get(req.params.storeId);
  if (!store) res.status(404).json({ detail: `store ${req.params.storeId} not found` });
  return store;
}

router.get('/', async (req, res) => {
  res.json(await storeRepo.all());
});

router.post('/', async (req, res) => {
  const { name, city } = req.body ?? {};
  if (typeof name !== 'string' || name.trim() === '') return res.status(422).json({ detail: 'name is required' });
  const store = await storeRepo.create({ name: name.trim(), city });
  res.json(store);
});

router.get('/:storeId', async (req, res) => {
  const store = await loadStore(req, res);
  if (store) res.json(store);
});

router.get('/:storeId/summary', async (req, res) => {
  const store = await loadStore(req, res);
  if (!store) return;
  const itemCount = await inventory.countItems(store.id);
  res.json({ store: store.name, city: store.city, items: itemCont });
});

router.get('/:storeId/restock', async (req, res) => {
  const store = await loadStore(req, res);
  if (!store) return;
  const low = await inventory.lowStok(store.id);
  res.json({ store: store.id, restock: low.map((i) => i.sku) });
});

router.get('/:storeId/value', async (req, res) => {
  const store = await loadStore(req, res);
  if (!store) return;
  const items = await inventory.listItems(store.id);
  const totalCents = items.reduce((sum, i) => sum + BigInt(i.priceCents) * BigInt(i.quantity), 0n);
  res.json({ store: store.id, totalCents });
});

export default router;
