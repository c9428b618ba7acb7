// Model answers rendered as Markdown: tables, highlighted code with copy
// buttons, math, and citation chips. Model and document text is untrusted:
// raw HTML in it is shown as text, images become plain labels (nothing is
// fetched), links carry no href (a click handler opens http(s) links in the
// system browser, nothing else), and the result passes DOMPurify with a
// strict allow-list before it reaches the page.
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import katex from 'katex';
import { Marked, type TokenizerAndRendererExtension, type Tokens } from 'marked';

const languages = { bash, c, cpp, css, go, java, javascript, json, markdown, python, rust, sql, typescript, xml, yaml };
for (const [name, lang] of Object.entries(languages)) hljs.registerLanguage(name, lang);
hljs.registerAliases(['sh', 'shell', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['js', 'jsx'], { languageName: 'javascript' });
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.registerAliases(['yml'], { languageName: 'yaml' });

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Only these links are ever opened, and only in the system browser. */
export function isSafeLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function mathHtml(tex: string, displayMode: boolean): string {
  // MathML output needs no fonts or style sheets from anywhere.
  return katex.renderToString(tex, { displayMode, output: 'mathml', throwOnError: false, trust: false, maxExpand: 200 });
}

interface MathToken extends Tokens.Generic {
  tex: string;
}

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => src.match(/\$\$|\\\[/)?.index,
  tokenizer(src) {
    const m = /^\$\$([\s\S]+?)\$\$|^\\\[([\s\S]+?)\\\]/.exec(src);
    if (m) return { type: 'blockMath', raw: m[0], tex: (m[1] ?? m[2]).trim() };
    return undefined;
  },
  renderer: (token) => `<div class="math">${mathHtml((token as MathToken).tex, true)}</div>`,
};

const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: (src) => src.match(/\$|\\\(/)?.index,
  tokenizer(src) {
    // $…$ must hug its content and not be followed by a digit, so prices
    // like "$5 and $6" stay text.
    const m = /^\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)|^\\\(([\s\S]+?)\\\)/.exec(src);
    if (m) return { type: 'inlineMath', raw: m[0], tex: (m[1] ?? m[2]).trim() };
    return undefined;
  },
  renderer: (token) => mathHtml((token as MathToken).tex, false),
};

interface CitationToken extends Tokens.Generic {
  numbers: number[];
}

/** Citation chips for [1], [1, 2], 【2】 and [^3], within the sources given. */
function citations(sources: number): TokenizerAndRendererExtension {
  return {
    name: 'citation',
    level: 'inline',
    start: (src) => src.match(/[[【]\^?\s*\d/)?.index,
    tokenizer(src) {
      const m = /^[[【]\^?\s*(\d{1,3}(?:\s*[,，、;]\s*\^?\d{1,3})*)\s*[\]】](?!\()/.exec(src);
      if (!m) return undefined;
      const numbers = (m[1].match(/\d{1,3}/g) ?? []).map(Number);
      if (numbers.some((n) => n < 1 || n > sources)) return undefined;
      return { type: 'citation', raw: m[0], numbers };
    },
    renderer: (token) =>
      (token as CitationToken).numbers
        .map((n) => `<button type="button" class="cite" data-cite="${n}" aria-label="[${n}]">${n}</button>`)
        .join(''),
  };
}

function renderer(): Partial<Marked['defaults']['renderer']> {
  return {
    // Raw HTML from a model or a document is text, never markup.
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    image: ({ text }: Tokens.Image) => `<span class="image-label">[${escapeHtml(text || 'image')}]</span>`,
    code({ text, lang }: Tokens.Code) {
      const language = (lang ?? '').trim().split(/\s+/)[0].toLowerCase();
      const body = language && hljs.getLanguage(language) ? hljs.highlight(text, { language }).value : escapeHtml(text);
      const label = language ? `<span class="lang">${escapeHtml(language)}</span>` : '';
      return `<div class="code">${label}<button type="button" class="copy" data-copy></button><pre><code class="hljs">${body}</code></pre></div>`;
    },
  };
}

const purifyConfig = {
  USE_PROFILES: { html: true, mathMl: true },
  FORBID_TAGS: ['style', 'img', 'svg', 'form', 'input', 'textarea', 'select', 'iframe', 'object', 'embed', 'video', 'audio', 'source', 'link', 'meta', 'base'],
  FORBID_ATTR: ['style', 'href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'background', 'poster'],
  ALLOW_DATA_ATTR: true,
};

const instances = new Map<number, Marked>();

function markedFor(sources: number): Marked {
  let m = instances.get(sources);
  if (!m) {
    m = new Marked({ gfm: true, breaks: false, async: false });
    m.use({ extensions: [blockMath, inlineMath, citations(sources)], renderer: renderer() });
    m.use({
      // Links keep their target in data-href, so the page never navigates.
      renderer: {
        link(this: { parser: { parseInline: (t: Tokens.Generic[]) => string } }, { href, tokens }: Tokens.Link) {
          const text = this.parser.parseInline(tokens);
          if (!isSafeLink(href)) return text;
          return `<a data-href="${escapeHtml(href)}" title="${escapeHtml(href)}" role="link" tabindex="0">${text}</a>`;
        },
      },
    });
    instances.set(sources, m);
  }
  return m;
}

/**
 * Renders Markdown to sanitised HTML. sources is how many sources the
 * answer was given: [n] within it becomes a chip, anything else stays text.
 */
export function renderMarkdown(text: string, sources = 0): string {
  const html = markedFor(sources).parse(text) as string;
  return DOMPurify.sanitize(html, purifyConfig) as string;
}
