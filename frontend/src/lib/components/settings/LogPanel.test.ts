import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import type { LogEntry } from '../../api';
import { i18n } from '../../i18n/i18n.svelte';
import { createStores } from '../../stores';
import { fakeApi } from '../../testing/fakes';
import { render, type Rendered } from '../../testing/render';
import LogPanel from './LogPanel.svelte';

const older: LogEntry = {
  time: '2026-11-30T08:00:00Z',
  operation: 'Library.Create',
  code: 'library.source_missing',
  message: { en: '~/Documents cannot be opened', 'zh-CN': '无法打开 ~/Documents' },
};
const newer: LogEntry = {
  time: '2026-12-01T09:30:00Z',
  operation: 'index',
  code: 'library.file_unreadable',
  subject: '/docs/报告.pdf',
  message: { en: 'This file could not be read', 'zh-CN': '无法读取此文件' },
  detail: 'unexpected EOF',
};

describe('the error log in Settings', () => {
  let shown: Rendered;
  afterEach(() => shown.destroy());

  function button(name: string): HTMLButtonElement {
    const found = [...shown.target.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
    if (!found) throw new Error(`no button ${name}`);
    return found;
  }

  it('shows the entries as the backend gives them, newest first, with time, code and message', async () => {
    const { api, transport } = fakeApi();
    const recent = vi.fn(() => [newer, older]);
    transport.on('Log.Recent', recent);
    const stores = createStores(api);
    shown = render(LogPanel, {}, stores);
    expect(recent).not.toHaveBeenCalled(); // read only when opened

    button('Show the log').click();
    await vi.waitFor(() => expect(stores.log.entries).toHaveLength(2));
    flushSync();
    const items = [...shown.target.querySelectorAll('li')];
    expect(items.map((li) => li.dataset.code)).toEqual(['library.file_unreadable', 'library.source_missing']);
    expect(items[0].textContent).toContain('This file could not be read');
    expect(items[0].textContent).toContain('/docs/报告.pdf');
    expect(items[0].textContent).toContain('unexpected EOF');
    expect(items[0].querySelector('time')?.getAttribute('datetime')).toBe(newer.time);
    expect(items[1].textContent).toContain('Library.Create');
    expect(button('Hide the log').getAttribute('aria-expanded')).toBe('true');
  });

  it("shows each message in the person's language", async () => {
    const { api, transport } = fakeApi();
    transport.on('Log.Recent', () => [newer]);
    const stores = createStores(api);
    i18n.locale = 'zh-CN';
    try {
      shown = render(LogPanel, {}, stores);
      button('查看日志').click();
      await vi.waitFor(() => expect(stores.log.entries).toHaveLength(1));
      flushSync();
      expect(shown.target.querySelector('li')?.textContent).toContain('无法读取此文件');
    } finally {
      i18n.locale = 'en';
    }
  });

  it('says when nothing went wrong', async () => {
    const { api, transport } = fakeApi();
    transport.on('Log.Recent', () => []);
    const stores = createStores(api);
    shown = render(LogPanel, {}, stores);
    button('Show the log').click();
    await vi.waitFor(() => expect(stores.log.entries).toEqual([]));
    flushSync();
    expect(shown.target.textContent).toContain('Nothing has gone wrong so far.');
  });

  it('has the file shown in its folder, and shows why not when that fails', async () => {
    const { api, transport } = fakeApi();
    const reveal = vi.fn(() => {
      throw { code: 'log.reveal_failed', message: { en: 'The file manager could not show the error log' } };
    });
    transport.on('Log.Reveal', reveal);
    const stores = createStores(api);
    shown = render(LogPanel, {}, stores);
    button('Show the file in its folder').click();
    await vi.waitFor(() => expect(stores.log.problem?.code).toBe('log.reveal_failed'));
    flushSync();
    expect(reveal).toHaveBeenCalledWith();
    expect(shown.target.querySelector('[data-code="log.reveal_failed"]')?.textContent).toContain('could not show the error log');
  });

  it('opens the logs folder, in either language', async () => {
    const { api, transport } = fakeApi();
    const showFolder = vi.fn(() => null);
    transport.on('Log.ShowFolder', showFolder);
    const stores = createStores(api);
    shown = render(LogPanel, {}, stores);
    button('Show logs').click();
    await vi.waitFor(() => expect(showFolder).toHaveBeenCalledWith());
    expect(stores.log.problem).toBeNull();

    i18n.locale = 'zh-CN';
    flushSync();
    try {
      expect(button('打开日志文件夹')).toBeDefined();
    } finally {
      i18n.locale = 'en';
    }
  });
});
