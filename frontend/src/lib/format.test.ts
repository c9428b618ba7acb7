import { describe, expect, it } from 'vitest';
import { baseName, formatBytes, formatDuration, pluralForm, relativeToSources } from './format';

describe('format', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
  ])('formatBytes(%d) = %s', (n, want) => expect(formatBytes(n)).toBe(want));

  it.each([
    [0, '0s'],
    [45.4, '45s'],
    [200, '3m 20s'],
    [7500, '2h 5m'],
  ])('formatDuration(%d) = %s', (s, want) => expect(formatDuration(s)).toBe(want));

  it.each([
    [45.4, '45秒'],
    [200, '3分钟20秒'],
    [7500, '2小时5分钟'],
  ])('formatDuration(%d) in Chinese = %s', (s, want) => expect(formatDuration(s, 'zh-CN')).toBe(want));
});

describe('paths', () => {
  it.each([
    ['/home/me/论文/a/b.md', ['/home/me/论文'], 'a/b.md'],
    ['/home/me/论文/a/b.md', ['/home/me/', '/home/me/论文'], 'a/b.md'],
    ['/home/me/论文2/x.md', ['/home/me/论文'], '/home/me/论文2/x.md'],
    ['/single.txt', ['/single.txt'], '/single.txt'],
    ['C:\\Docs\\a.txt', ['C:\\Docs'], 'a.txt'],
  ])('relativeToSources(%s) = %s', (path, sources, want) => expect(relativeToSources(path, sources)).toBe(want));

  it('baseName', () => expect(baseName('/a/b/知库.md')).toBe('知库.md'));
});

describe('pluralForm', () => {
  it.each([
    ['en', 0, 'other'],
    ['en', 1, 'one'],
    ['en', 2, 'other'],
    ['en', 1.5, 'other'],
    ['en', 21, 'other'],
    ['zh-CN', 1, 'other'],
    ['zh-CN', 2, 'other'],
  ] as const)('%s %d → %s', (locale, count, want) => expect(pluralForm(locale, count)).toBe(want));
});
