import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import type { Dataset } from '../../api';
import { createStores } from '../../stores';
import { fakeApi } from '../../testing/fakes';
import { render, type Rendered } from '../../testing/render';
import DatasetsView from './DatasetsView.svelte';

const set: Dataset = { id: 3, name: 'support', records: 0, createdAt: '' };

describe('adding the marked comparisons', () => {
  let shown: Rendered;
  afterEach(() => shown.destroy());

  async function addMarked(added: number) {
    const { api, transport } = fakeApi();
    transport
      .on('Datasets.List', () => [set])
      .on('Datasets.Records', () => [])
      .on('Datasets.Check', () => null)
      .on('Datasets.FromPreferences', () => added);
    const stores = createStores(api);
    await stores.datasets.open(set.id);
    shown = render(DatasetsView, {}, stores);
    const button = [...shown.target.querySelectorAll('button')].find((b) => b.textContent === 'Add the marked comparisons of the prompt studio');
    if (!button) throw new Error('no button');
    button.click();
    await vi.waitFor(() => expect(stores.datasets.preferencesAdded).toBe(added));
    flushSync();
    return button.parentElement?.textContent ?? '';
  }

  it('with none marked, says why next to the button, and how to mark one', async () => {
    const next = await addMarked(0);
    expect(next).toContain('No comparison is marked yet');
    expect(next).toContain('Mark best');
  });

  it('says how many records it added', async () => {
    expect(await addMarked(2)).toContain('Added 2 ranked records');
  });
});
