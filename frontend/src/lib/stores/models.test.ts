import { describe, expect, it } from 'vitest';
import type { DownloadProgress, HubFile } from '../api';
import { fakeApi, statusFixture } from '../testing/fakes';
import { ModelsStore } from './models.svelte';

const file: HubFile = { path: 'Qwen3-0.6B-Q8_0.gguf', size: 600, sha256: 'abc', quantization: 'Q8_0' };

function progress(over: Partial<DownloadProgress> = {}): DownloadProgress {
  return { id: 'd1', file: file.path, path: '', completed: 0, total: 600, bytesPerSecond: 0, etaSeconds: 0, resumed: false, verifying: false, done: false, ...over };
}

describe('ModelsStore', () => {
  it('asks for the installed models when Ollama is seen running, not when it stops', async () => {
    const { api, transport } = fakeApi();
    transport.on('Models.List', () => []);
    const store = new ModelsStore(api);
    store.listen();
    transport.emit('ollama:status', statusFixture({ state: 'stopped', models: 0 }));
    expect(transport.calls.filter((c) => c.method === 'List')).toHaveLength(0);
    transport.emit('ollama:status', statusFixture());
    expect(transport.calls.filter((c) => c.method === 'List')).toHaveLength(1);
  });

  it('keeps a download that finished before the call to start it returned', async () => {
    const { api, transport } = fakeApi();
    const store = new ModelsStore(api);
    store.listen();
    store.hub.repo = ' Qwen/Qwen3-0.6B-GGUF ';
    transport.on('Models.Download', () => {
      transport.emit('model:download', progress({ done: true, completed: 600, path: '/m/Qwen3-0.6B-Q8_0.gguf' }));
      return 'd1';
    });
    await store.download(file);
    expect(store.downloads.d1.done).toBe(true);
    expect(transport.calls[0].args[0]).toMatchObject({ hub: 'huggingface', repo: 'Qwen/Qwen3-0.6B-GGUF', file });
  });

  it('lists model files first and names the Ollama pull for Hugging Face GGUFs', async () => {
    const { api, transport } = fakeApi();
    transport.on('Models.HubFiles', () => [{ path: 'README.md', size: 1, sha256: '' }, file]);
    const store = new ModelsStore(api);
    store.hub.repo = 'Qwen/Qwen3-0.6B-GGUF';
    await store.browse();
    expect(store.hubFiles.map((f) => f.path)).toEqual([file.path, 'README.md']);
    expect(store.ollamaHubName(file)).toBe('hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0');
    store.hub.hub = 'modelscope';
    expect(store.ollamaHubName(file)).toBeNull();
  });

  it('shows why a repository cannot be listed', async () => {
    const { api, transport } = fakeApi();
    transport.on('Models.HubFiles', () => {
      throw { code: 'hub.denied', message: { en: 'gated' } };
    });
    const store = new ModelsStore(api);
    await store.browse();
    expect(store.hubProblem?.code).toBe('hub.denied');
    expect(store.hubLoading).toBe(false);
  });

  it('renames by copying, then removing the old name', async () => {
    const { api, transport } = fakeApi();
    transport.on('Models.Copy', () => null).on('Models.Delete', () => null).on('Models.List', () => []);
    const store = new ModelsStore(api);
    await store.rename('qwen3:8b', 'work-model');
    expect(transport.calls.map((c) => `${c.method} ${c.args.join(' ')}`)).toEqual(['Copy qwen3:8b work-model', 'Delete qwen3:8b', 'List ']);
  });

  it('knows installed models with or without the latest tag', () => {
    const { api } = fakeApi();
    const store = new ModelsStore(api);
    store.installed = [{ name: 'bge-m3:latest' } as never, { name: 'qwen3:8b' } as never];
    expect([store.isInstalled('bge-m3'), store.isInstalled('qwen3:8b'), store.isInstalled('qwen3:4b')]).toEqual([true, true, false]);
  });

  it('keeps a failed action with its model, and the page-wide problem apart', async () => {
    const { api, transport } = fakeApi();
    const offline = { code: 'ollama.unreachable', message: { en: 'Ollama is not running' } };
    const tooBig = { code: 'models.fit_failed', message: { en: 'cannot read the file' } };
    transport
      .on('Models.List', () => {
        throw offline;
      })
      .on('Models.Fit', () => {
        throw tooBig;
      })
      .on('Models.Import', () => {
        throw tooBig;
      });
    const store = new ModelsStore(api);
    await store.loadInstalled();
    await store.fit({ model: 'qwen3:8b' });
    expect(store.problem?.code).toBe('ollama.unreachable');
    expect(store.modelProblems).toEqual({ 'qwen3:8b': tooBig });

    expect(await store.importGGUF('/m/x.gguf', 'x')).toBe(false);
    expect(store.importProblem?.code).toBe('models.fit_failed');
    expect(store.problem?.code).toBe('ollama.unreachable');

    transport.on('Models.Fit', () => ({ verdict: 'fits' }));
    await store.fit({ model: 'qwen3:8b' });
    expect(store.modelProblems).toEqual({});
  });
});
