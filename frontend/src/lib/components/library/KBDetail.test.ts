import { afterEach, describe, expect, it } from 'vitest';
import type { FileRecord, KnowledgeBase } from '../../api';
import { createStores } from '../../stores';
import { fakeApi } from '../../testing/fakes';
import { gbkFile } from '../../testing/files';
import { render, type Rendered } from '../../testing/render';
import KBCard from './KBCard.svelte';
import KBDetail from './KBDetail.svelte';

const kb: KnowledgeBase = {
  id: 1,
  name: '旧文件',
  createdAt: '',
  sources: [gbkFile.folder],
  displaySources: [gbkFile.displayFolder],
  embedModel: '',
  vectorModel: '',
  paused: false,
  chunking: { maxTokens: 300, overlapTokens: 40 },
  include: [],
  exclude: [],
  rerank: false,
  stats: { files: 1, indexed: 1, skipped: 0, failed: 0, needsOcr: 0, chunks: 1, bytes: 36 },
};

const file: FileRecord = {
  path: gbkFile.path,
  displayPath: gbkFile.displayPath,
  size: 36,
  modTime: '',
  hash: '',
  status: 'indexed',
  format: 'text',
  encoding: 'utf-8',
  chunks: 1,
};

describe('a knowledge base of a folder named in GBK', () => {
  let shown: Rendered;
  afterEach(() => shown.destroy());

  function stores() {
    const all = createStores(fakeApi().api);
    all.library.kbs = [kb];
    all.library.files = [file];
    return all;
  }

  it('shows its source and its files as people read them', () => {
    shown = render(KBDetail, { kb }, stores());
    expect(shown.target.querySelector('.sources code')?.textContent).toBe(gbkFile.displayFolder);
    const listed = shown.target.querySelector('[data-testid="file-list"] .path');
    expect(listed?.textContent).toBe('中文.txt');
    expect(listed?.getAttribute('title')).toBe(gbkFile.displayPath);
  });

  it('names its source readably on its card', () => {
    shown = render(KBCard, { kb }, stores());
    expect(shown.target.querySelector('.sources')?.textContent).toBe(gbkFile.displayFolder);
  });
});
