import { describe, expect, it, vi } from 'vitest';
import type { FileRecord, IndexProgress, KnowledgeBase } from '../api';
import { fakeApi } from '../testing/fakes';
import { createPlace, kbPlace, LibraryStore, mergeFiles } from './library.svelte';

function kbFixture(over: Partial<KnowledgeBase> = {}): KnowledgeBase {
  return {
    id: 1,
    name: '论文',
    createdAt: '2026-11-26T00:00:00Z',
    sources: ['/home/me/论文'],
    displaySources: ['/home/me/论文'],
    embedModel: '',
    vectorModel: '',
    paused: false,
    chunking: { maxTokens: 300, overlapTokens: 40 },
    include: [],
    exclude: [],
    rerank: false,
    stats: { files: 0, indexed: 0, skipped: 0, failed: 0, needsOcr: 0, chunks: 0, bytes: 0 },
    ...over,
  };
}

function progressFixture(over: Partial<IndexProgress> = {}): IndexProgress {
  return {
    kbId: 1,
    phase: 'indexing',
    filesDone: 1,
    filesTotal: 4,
    bytesDone: 10,
    bytesTotal: 40,
    chunks: 3,
    filesPerSecond: 2,
    etaSeconds: 1.5,
    estimating: false,
    current: '/home/me/论文/b.md',
    changed: 1,
    removed: 0,
    failures: [],
    embedModel: 'bge-m3',
    embedded: 0,
    embedPending: 0,
    ...over,
  };
}

function fileFixture(path: string, over: Partial<FileRecord> = {}): FileRecord {
  return {
    path,
    displayPath: path,
    size: 100,
    modTime: '2026-11-26T00:00:00Z',
    hash: '',
    status: 'indexed',
    format: '.md',
    encoding: 'UTF-8',
    chunks: 2,
    ...over,
  };
}

describe('mergeFiles', () => {
  const a = fileFixture('/home/me/论文/a.md');
  const b = fileFixture('/home/me/论文/b.md');
  const c = fileFixture('/home/me/论文/c.xyz', { status: 'skipped', chunks: 0 });
  it.each([
    { name: 'adds files in path order', list: [c], finished: [b, a], gone: [], want: [a, b, c] },
    { name: 'replaces the row of a file read again', list: [a, b], finished: [{ ...b, status: 'failed' as const }], gone: [], want: [a, { ...b, status: 'failed' }] },
    { name: 'drops the paths gone, a move being one gone and one new', list: [a, c], finished: [b], gone: [a.path], want: [b, c] },
    { name: 'keeps the same list when a report carries no files', list: [a], finished: [], gone: [], want: [a] },
  ])('$name', ({ list, finished, gone, want }) => {
    expect(mergeFiles(list, finished, gone)).toEqual(want);
  });
});

describe('LibraryStore', () => {
  it('loads knowledge bases with the progress of syncs already running', async () => {
    const { api, transport } = fakeApi();
    transport.on('Library.List', () => [kbFixture()]).on('Library.Progress', () => [progressFixture()]);
    const store = new LibraryStore(api);
    await store.load();
    expect(store.kbs).toHaveLength(1);
    expect(store.isIndexing(1)).toBe(true);
    expect(store.loaded).toBe(true);
  });

  it('follows progress and reloads the open file list when indexing ends', async () => {
    const { api, transport } = fakeApi();
    const files = vi.fn(() => [{ path: '/a.md', status: 'indexed' }]);
    transport.on('Library.List', () => [kbFixture()]).on('Library.Progress', () => []).on('Library.Files', files);
    const store = new LibraryStore(api);
    await store.load();
    store.listen();
    store.open(1);
    await vi.waitFor(() => expect(store.files).toHaveLength(1));
    transport.emit('index:progress', progressFixture());
    expect(store.isIndexing(1)).toBe(true);
    transport.emit('index:progress', progressFixture({ phase: 'done', filesDone: 4 }));
    expect(store.isIndexing(1)).toBe(false);
    await vi.waitFor(() => expect(files).toHaveBeenCalledTimes(2));
  });

  it('fills the open file list and the counts from each report, before indexing ends', async () => {
    const { api, transport } = fakeApi();
    const files = vi.fn((): FileRecord[] => []);
    transport.on('Library.List', () => [kbFixture(), kbFixture({ id: 2, name: '笔记' })]).on('Library.Progress', () => []).on('Library.Files', files);
    const store = new LibraryStore(api);
    await store.load();
    store.listen();
    store.open(1);
    await vi.waitFor(() => expect(files).toHaveBeenCalledTimes(1));

    const intro = fileFixture('/home/me/论文/a.md');
    const scan = fileFixture('/home/me/论文/scan.pdf', { status: 'needsOcr', chunks: 0, reason: { code: 'ingest.needs_ocr', message: { en: 'needs OCR', 'zh-CN': '需要 OCR' } } });
    const stats = { files: 2, indexed: 1, skipped: 0, failed: 0, needsOcr: 1, chunks: 2, bytes: 200 };
    transport.emit('index:progress', progressFixture({ files: [scan, intro], stats }));
    expect(store.files.map((f) => f.path)).toEqual([intro.path, scan.path]);
    expect(store.files[1].reason?.code).toBe('ingest.needs_ocr');
    expect(store.kbs.find((kb) => kb.id === 1)?.stats).toEqual(stats);
    expect(store.progress[1]).not.toHaveProperty('files');

    // Another knowledge base's files stay out of the open list.
    transport.emit('index:progress', progressFixture({ kbId: 2, files: [fileFixture('/home/me/笔记/x.md')] }));
    expect(store.files).toHaveLength(2);

    const moved = fileFixture('/home/me/论文/intro.md');
    transport.emit('index:progress', progressFixture({ files: [moved], gone: [intro.path] }));
    expect(store.files.map((f) => f.path)).toEqual([moved.path, scan.path]);
    expect(files).toHaveBeenCalledTimes(1);

    // The last report's files show with "done", and the whole list is read once more.
    const last = fileFixture('/home/me/论文/z.md');
    transport.emit('index:progress', progressFixture({ phase: 'done', files: [last] }));
    expect(store.files.map((f) => f.path)).toEqual([moved.path, scan.path, last.path]);
    await vi.waitFor(() => expect(files).toHaveBeenCalledTimes(2));
  });

  it('turns a drop into a knowledge base and opens it', async () => {
    const { api, transport } = fakeApi();
    transport
      .on('Library.CreateFromDrop', (paths) => kbFixture({ id: 7, sources: paths as string[] }))
      .on('Library.Files', () => []);
    const store = new LibraryStore(api);
    store.listen();
    transport.emit('files:dropped', { paths: ['/home/me/论文'] });
    await vi.waitFor(() => expect(store.selectedId).toBe(7));
    expect(transport.calls.find((c) => c.method === 'CreateFromDrop')?.args).toEqual([['/home/me/论文']]);
  });

  it('opens the knowledge base a folder opened with Zhiku found, at start and while running', async () => {
    const { api, transport } = fakeApi();
    let opened = 0;
    transport.on('Library.Opened', () => opened).on('Library.Files', () => []);
    const store = new LibraryStore(api);
    store.listen();
    await store.showOpened();
    expect(store.selectedId).toBeNull();

    opened = 4; // the window was started with "zhiku 我的笔记"
    await store.showOpened();
    expect(store.selectedId).toBe(4);

    transport.emit('library:opened', { kbId: 9 }); // "Open with Zhiku" while running
    expect(store.selectedId).toBe(9);
    await vi.waitFor(() => expect(transport.calls.filter((c) => c.method === 'Files').map((c) => c.args)).toEqual([[4], [9]]));
  });

  it('shows why a knowledge base could not be created, and closes one deleted elsewhere', async () => {
    const { api, transport } = fakeApi();
    const missing = { code: 'library.source_missing', message: { en: 'cannot be opened', 'zh-CN': '无法打开' } };
    transport.on('Library.Create', () => {
      throw missing;
    });
    const store = new LibraryStore(api);
    expect(await store.create('x', '/no/such')).toBe(false);
    expect(store.problemAt(createPlace)).toEqual(missing);

    store.listen();
    store.selectedId = 1;
    transport.emit('library:changed', []);
    expect(store.selectedId).toBeNull();
  });

  it('sums what is indexing for the status bar', async () => {
    const { api, transport } = fakeApi();
    transport
      .on('Library.List', () => [kbFixture({ id: 1 }), kbFixture({ id: 2, name: '笔记' })])
      .on('Library.Progress', () => [
        progressFixture({ kbId: 1, filesDone: 1, filesTotal: 4 }),
        progressFixture({ kbId: 2, phase: 'scanning', filesDone: 0, filesTotal: 10 }),
      ]);
    const store = new LibraryStore(api);
    store.listen();
    await store.load();
    expect(store.activity).toEqual({ kbIds: [1, 2], done: 1, total: 14, embedding: 0 });
    transport.emit('index:progress', progressFixture({ kbId: 1, phase: 'done', filesDone: 4, embedPending: 0 }));
    transport.emit('index:progress', progressFixture({ kbId: 2, phase: 'done', filesDone: 10, filesTotal: 10, embedPending: 7 }));
    expect(store.activity).toEqual({ kbIds: [], done: 0, total: 0, embedding: 7 });
  });

  it('asks the native dialog for a file, and takes a cancel as nothing chosen', async () => {
    const { api, transport } = fakeApi();
    let answer = '/home/me/models/qwen3.gguf';
    transport.on('System.PickFile', () => answer);
    const store = new LibraryStore(api);
    expect(await store.pickFile('GGUF file', '*.gguf')).toBe('/home/me/models/qwen3.gguf');
    expect(transport.calls.find((c) => c.method === 'PickFile')?.args).toEqual(['GGUF file', '*.gguf']);
    answer = '';
    expect(await store.pickFile('GGUF file', '*.gguf')).toBeNull();
  });

  it('asks for a folder to save in with the dialog that lets Zhiku write there', async () => {
    const { api, transport } = fakeApi();
    transport.on('System.PickSaveFolder', () => '/home/me/exports');
    const store = new LibraryStore(api);
    expect(await store.pickSaveFolder('Folder to export into')).toBe('/home/me/exports');
    expect(transport.calls.find((c) => c.method === 'PickSaveFolder')?.args).toEqual(['Folder to export into']);
    expect(transport.calls.some((c) => c.method === 'PickFolder')).toBe(false);
  });

  it('keeps each failed action where it was asked from, apart from the page', async () => {
    const { api, transport } = fakeApi();
    const missing = { code: 'library.source_missing', message: { en: 'cannot open /nope' } };
    const busy = { code: 'library.busy', message: { en: 'already syncing' } };
    transport
      .on('Library.Create', () => {
        throw missing;
      })
      .on('Library.Sync', () => {
        throw busy;
      })
      .on('Library.Pause', () => null);
    const store = new LibraryStore(api);
    expect(await store.create('x', '/nope')).toBe(false);
    await store.sync(2);
    expect(store.problem).toBeNull();
    expect(store.problemAt(createPlace)?.code).toBe('library.source_missing');
    expect(store.problemAt(kbPlace(2))?.code).toBe('library.busy');
    expect(store.problemAt(kbPlace(1))).toBeNull();

    // The next action on the same knowledge base that works clears it.
    await store.pause(2);
    expect(store.problemAt(kbPlace(2))).toBeNull();
    expect(store.problemAt(createPlace)?.code).toBe('library.source_missing');
  });
});
