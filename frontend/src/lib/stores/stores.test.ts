import { describe, expect, it, vi } from 'vitest';
import { fakeApi, infoFixture, settingsFixture, statusFixture } from '../testing/fakes';
import { AppStore } from './app.svelte';
import { OllamaStore } from './ollama.svelte';
import { SettingsStore } from './settings.svelte';

const invalid = { code: 'settings.invalid', message: { en: 'bad', 'zh-CN': '错误' } };

describe('SettingsStore', () => {
  it('shows a change at once and keeps what the backend saved', async () => {
    const { api, transport } = fakeApi();
    transport
      .on('Settings.Get', () => settingsFixture())
      .on('Settings.Update', (s) => ({ ...(s as object), ollamaHost: 'normalised' }));
    const store = new SettingsStore(api);
    await store.load();
    const saving = store.update({ theme: 'dark' });
    expect(store.settings?.theme).toBe('dark');
    expect(store.saving).toBe(true);
    await expect(saving).resolves.toBe(true);
    expect(store.settings?.ollamaHost).toBe('normalised');
    expect(store.saves).toBe(1);
  });

  it('snaps back and shows the problem when saving fails', async () => {
    const { api, transport } = fakeApi();
    transport
      .on('Settings.Get', () => settingsFixture({ language: 'en' }))
      .on('Settings.Update', () => {
        throw invalid;
      });
    const store = new SettingsStore(api);
    await store.load();
    await expect(store.update({ language: 'zh-CN' })).resolves.toBe(false);
    expect(store.settings?.language).toBe('en');
    expect(store.problem).toEqual(invalid);
    expect(store.saving).toBe(false);
  });

  it('follows changes made in another window, and reloads after a reconnect', async () => {
    const { api, transport } = fakeApi();
    let language: 'en' | 'zh-CN' = 'en';
    transport.on('Settings.Get', () => settingsFixture({ language }));
    const store = new SettingsStore(api);
    await store.load();
    const off = store.listen();
    transport.emit('settings:changed', settingsFixture({ theme: 'dark' }));
    expect(store.settings?.theme).toBe('dark');

    language = 'zh-CN';
    transport.reconnect();
    await vi.waitFor(() => expect(store.settings?.language).toBe('zh-CN'));

    off();
    transport.emit('settings:changed', settingsFixture({ theme: 'light' }));
    expect(store.settings?.theme).toBe('system');
  });

  it.each([
    ['system', 'zh-CN', 'zh-CN'],
    ['system', 'en', 'en'],
    ['en', 'zh-CN', 'en'],
    ['zh-CN', 'en', 'zh-CN'],
  ] as const)('language %s on a %s system shows %s', async (language, system, want) => {
    const { api, transport } = fakeApi();
    transport.on('Settings.Get', () => settingsFixture({ language }));
    const store = new SettingsStore(api);
    await store.load();
    expect(store.locale(system)).toBe(want);
  });
});

describe('OllamaStore', () => {
  it('loads the status and follows heartbeat events', async () => {
    const { api, transport } = fakeApi();
    transport.on('Ollama.Status', () => statusFixture({ state: 'absent', models: 0 }));
    const store = new OllamaStore(api);
    await store.load();
    expect(store.status?.state).toBe('absent');
    store.listen();
    transport.emit('ollama:status', statusFixture());
    expect(store.status?.state).toBe('running');
  });

  it('marks the start in progress and shows why it failed', async () => {
    const { api, transport } = fakeApi();
    const failed = { code: 'ollama.start_failed', message: { en: 'no', 'zh-CN': '不' } };
    let release!: () => void;
    transport.on('Ollama.Start', () => new Promise((_, reject) => (release = () => reject(failed))));
    const store = new OllamaStore(api);
    const starting = store.start();
    expect(store.starting).toBe(true);
    release();
    await starting;
    expect(store.starting).toBe(false);
    expect(store.problem).toEqual(failed);
  });

  it('follows the first run\'s two downloads to done, or to failed when one fails', async () => {
    const { api, transport } = fakeApi();
    transport.on('Ollama.PullStarter', () => null);
    const store = new OllamaStore(api);
    store.listen();
    expect(store.starterState).toBe('idle');
    await store.pullStarter({ chat: 'qwen3:1.7b', embed: 'bge-m3' });
    expect(transport.calls.at(-1)?.args).toEqual([{ chat: 'qwen3:1.7b', embed: 'bge-m3' }]);
    expect(store.starterState).toBe('pulling');
    transport.emit('model:pull', { model: 'qwen3:1.7b', status: 'success', completed: 9, total: 9, done: true });
    expect(store.starterState).toBe('pulling');
    transport.emit('model:pull', { model: 'bge-m3', status: 'success', completed: 5, total: 5, done: true });
    expect(store.starterState).toBe('done');

    const failed = { code: 'ollama.pull_failed', message: { en: 'no route', 'zh-CN': '无路由' } };
    transport.emit('model:pull', { model: 'bge-m3', status: '', completed: 0, total: 0, done: true, problem: failed });
    expect(store.starterState).toBe('failed');

    // A request refused outright fails once, not once per model.
    const refused = { code: 'models.bad_name', message: { en: 'bad name', 'zh-CN': '名称无效' } };
    transport.on('Ollama.PullStarter', () => Promise.reject(refused));
    await store.pullStarter({ chat: 'a b', embed: 'c' });
    expect(store.starterState).toBe('failed');
    expect(store.starterProblem).toEqual(refused);
    expect(store.pulls['a b']).toBeUndefined();
  });
});

describe('AppStore', () => {
  it('hides dismissed notices and switches to the library on a file drop or a folder opened with Zhiku', async () => {
    const { api, transport } = fakeApi();
    const notice = { code: 'settings.reset', message: { en: 'reset' } };
    transport.on('System.Info', () => infoFixture({ notices: [notice] }));
    const store = new AppStore(api);
    await store.load();
    expect(store.notices).toEqual([notice]);
    store.dismiss('settings.reset');
    expect(store.notices).toEqual([]);

    store.listen();
    store.go('settings');
    transport.emit('files:dropped', { paths: ['/home/me/论文'] });
    expect(store.section).toBe('library');

    store.go('chats');
    transport.emit('library:opened', { kbId: 3 });
    expect(store.section).toBe('library');
  });

  it('reports a failed load as a problem instead of throwing', async () => {
    const { api, transport } = fakeApi();
    transport.on('System.Info', () => {
      throw new Error('socket closed');
    });
    const store = new AppStore(api);
    await store.load();
    expect(store.loadProblem?.code).toBe('internal');
    expect(store.loadProblem?.detail).toBe('socket closed');
  });

  it('runs the doctor and opens links through the transport', async () => {
    const { api, transport } = fakeApi();
    transport.on('System.Doctor', () => [{ name: 'ollama', status: 'warn', summary: { en: 'Not installed', 'zh-CN': '未安装' } }]);
    const store = new AppStore(api);
    await store.runChecks();
    expect(store.checks).toHaveLength(1);
    expect(store.checking).toBe(false);
    store.openExternal('https://ollama.com/download');
    expect(transport.opened).toEqual(['https://ollama.com/download']);
  });
});
