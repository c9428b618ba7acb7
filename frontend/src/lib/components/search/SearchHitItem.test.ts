import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit } from '../../api';
import { gbkFile } from '../../testing/files';
import { render, type Rendered } from '../../testing/render';
import SearchHitItem from './SearchHitItem.svelte';

const hit: SearchHit = {
  chunkId: 1,
  kbId: 1,
  kbName: '旧资料',
  path: gbkFile.path,
  displayPath: gbkFile.displayPath,
  format: 'text',
  page: 0,
  headings: [],
  ordinal: 0,
  text: '兵马俑位于西安。',
  start: 0,
  end: 8,
  snippet: [{ text: '兵马俑', match: true }, { text: '位于西安。' }],
  context: '兵马俑位于西安。',
  score: 0.03,
  keywordRank: 1,
  vectorRank: 0,
  similarity: 0,
  duplicates: 0,
};

describe('SearchHitItem', () => {
  let shown: Rendered;
  afterEach(() => shown.destroy());

  it('names a file whose name is not UTF-8 as people read it', () => {
    shown = render(SearchHitItem, { hit, selected: false, id: 'h1', onopen: vi.fn(), onreveal: vi.fn(), onpoint: vi.fn() });
    const { target } = shown;
    expect(target.querySelector('.name')?.textContent).toBe('中文.txt');
    expect(target.querySelector('.path')?.textContent).toBe('/home/me/旧文件/ · 旧资料');
    expect(target.querySelector('.path')?.getAttribute('title')).toBe(gbkFile.displayPath);
  });
});
