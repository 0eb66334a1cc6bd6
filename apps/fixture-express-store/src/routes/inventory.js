import { Router } from 'express';
import { inventory } from '../services/inventory.js';
import { storeRepo } from '../services/store-repo.js';

const router = Router({ mergeParams: true });

router.get('/', async (req, res) => {
  const store = await storeRepo.get(req.params.storeId);
  if (!store) return res.status(404).json({ detail: 'store not found' });
  const items = inventory.listItems(store.id);
  res.json(items.filter((i) => i.quantity > 0));
});

router.post('/', async (req, res) => {
  const store = await storeRepo.get(req.params.storeId);
  if (!store) return res.status(404).json({ detail: 'store not found' });
  const { name, quantity = 0, priceCents = 0 } = req.body ?? {};
  if (typeof name !== 'string' || name.trim() === '') return res.status(422).json({ detail: 'name is required' });
  const item = inventory.add(store.id, { name, sku: slugify(name), quantity, priceCents });
  res.status(201).json(item);
});

export default router;
