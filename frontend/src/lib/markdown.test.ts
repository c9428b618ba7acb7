import { describe, expect, it } from 'vitest';
import { isSafeLink, renderMarkdown } from './markdown';

/** Parses rendered HTML the way the page would hold it. */
function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('renderMarkdown', () => {
  it('renders tables, lists and emphasis', () => {
    const el = dom(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n- **bold** and *em*'));
    expect(el.querySelectorAll('table td')).toHaveLength(2);
    expect(el.querySelector('li strong')?.textContent).toBe('bold');
  });

  it('highlights code and offers a copy button', () => {
    const el = dom(renderMarkdown('```go\nfunc main() {}\n```'));
    expect(el.querySelector('.code .lang')?.textContent).toBe('go');
    expect(el.querySelector('code .hljs-keyword')?.textContent).toBe('func');
    expect(el.querySelector('button[data-copy]')).not.toBeNull();
  });

  it('renders math as MathML, and leaves prices alone', () => {
    const el = dom(renderMarkdown('Euler: $e^{i\\pi}+1=0$, and \\(x^2\\)\n\n$$\\int_0^1 x\\,dx$$\n\nIt costs $5 and $6.'));
    expect(el.querySelectorAll('math')).toHaveLength(3);
    expect(el.textContent).toContain('It costs $5 and $6.');
  });

  it.each([
    ['[1]', 3, ['1']],
    ['[1, 3] and 【2】', 3, ['1', '3', '2']],
    ['[^2]', 3, ['2']],
    ['[4] is out of range', 3, []],
    ['[1](https://example.com) is a link', 3, []],
  ])('makes citation chips of %s', (text, sources, want) => {
    const el = dom(renderMarkdown(text, sources));
    expect([...el.querySelectorAll('button.cite')].map((b) => b.getAttribute('data-cite'))).toEqual(want);
  });

  it('keeps links inert: no href, only http(s) targets', () => {
    const el = dom(renderMarkdown('[site](https://example.com) [bad](javascript:alert(1)) <https://a.example/x>'));
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('data-href'))).toEqual(['https://example.com', 'https://a.example/x']);
    expect(links.every((a) => !a.hasAttribute('href'))).toBe(true);
    expect(el.textContent).toContain('bad');
  });

  it.each([
    '<script>window.pwned = 1</script>',
    '<img src=x onerror="window.pwned = 1">',
    '![tracker](https://evil.example/pixel.png)',
    '<a href="javascript:window.pwned=1">click</a>',
    '<svg onload="window.pwned=1"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(https://evil.example/x)">styled</div>',
    '[x](javascript:window.pwned=1)',
    '<form action="https://evil.example"><input name=a></form>',
    '$\\href{javascript:alert(1)}{x}$',
  ])('renders %s inert', (payload) => {
    const html = renderMarkdown(`before\n\n${payload}\n\nafter`, 2);
    const el = dom(html);
    expect(el.querySelector('script, img, svg, iframe, form, input, [style], [href], [src]')).toBeNull();
    for (const node of el.querySelectorAll('*')) {
      for (const attr of node.attributes) expect(attr.name.startsWith('on')).toBe(false);
    }
    expect(html).not.toContain('evil.example/pixel');
  });

  it.each([
    ['https://example.com', true],
    ['http://127.0.0.1:8080/x', true],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['data:text/html,hi', false],
    ['not a url', false],
  ])('isSafeLink(%s) = %s', (href, want) => expect(isSafeLink(href)).toBe(want));
});
