// What a person would call a broken layout, measured in the page: an
// element sticking out of the box that clips or scrolls it (or out of the
// window) sideways, text an ellipsis cuts to fewer than 4 characters, and a
// control lying over another. Runs inside the page (page.evaluate), so it
// uses nothing from outside this function.
export function layoutProblems() {
  const problems = [];
  const slack = 1;
  const viewport = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };

  // Computed styles, asked for again and again while walking up ancestors.
  const styles = new Map();
  const styleOf = (el) => {
    let style = styles.get(el);
    if (!style) styles.set(el, (style = getComputedStyle(el)));
    return style;
  };
  const describe = (el) => {
    const id = el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' ? el.className.split(/\s+/).filter((c) => c && !c.startsWith('svelte-')).map((c) => `.${c}`).join('') : '';
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return `<${el.tagName.toLowerCase()}${id}${cls}>${text ? ` "${text}"` : ''}`;
  };
  const shown = (el) => {
    // checkVisibility also sees what a closed <details> hides.
    if (!el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) return false;
    const style = styleOf(el);
    if (style.display === 'none' || style.visibility !== 'visible') return false;
    const r = el.getBoundingClientRect();
    // 1×1 boxes are the screen-reader-only pattern, seen by nobody.
    return r.width > slack && r.height > slack;
  };
  // The ancestors that clip or scroll el's box sideways, nearest first; a
  // fixed ancestor answers to the window alone.
  const clippers = (el) => {
    const list = [];
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = styleOf(a);
      if (style.overflowX !== 'visible') list.push(a);
      if (style.position === 'fixed') break;
    }
    return list;
  };
  // The part of a box's inside that shows its content: the padding box.
  const inner = (el) => {
    const r = el.getBoundingClientRect();
    const left = r.left + el.clientLeft;
    const top = r.top + el.clientTop;
    return { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight };
  };
  const intersect = (a, b) => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });

  const all = [...document.body.querySelectorAll('*')].filter((el) => !(el instanceof SVGElement && el.ownerSVGElement) && shown(el));
  const reported = new Set();
  const insideReported = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) if (reported.has(a)) return true;
    return false;
  };

  for (const el of all) {
    // Sticking out sideways: of the clipping or scrolling box, else the window.
    const r = el.getBoundingClientRect();
    const [box] = clippers(el);
    const limit = box ? inner(box) : viewport;
    const over = Math.max(limit.left - r.left, r.right - limit.right);
    if (over > slack && !insideReported(el)) {
      reported.add(el);
      problems.push(`${describe(el)} sticks out of ${box ? describe(box) : 'the window'} by ${Math.round(over)} px`);
      continue;
    }
    // Text cut by an ellipsis: count the characters still whole in view.
    const style = styleOf(el);
    if (style.textOverflow === 'ellipsis' && style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + slack) {
      const text = (el.textContent || '').trim();
      const edge = inner(el);
      let whole = 0;
      let counted = 0;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let node = walker.nextNode(); node && counted < 40; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length && counted < 40; i++) {
          if (/\s/.test(node.data[i])) continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const c = range.getBoundingClientRect();
          counted++;
          if (c.width > 0 && c.right <= edge.right && c.left >= edge.left) whole++;
        }
      }
      // The ellipsis itself covers the last whole character.
      const visible = Math.max(0, whole - 1);
      if (visible < 4 && text.replace(/\s/g, '').length > visible) problems.push(`${describe(el)} is cut to ${visible} characters`);
    }
  }

  // Controls on top of each other or of text, as far as each shows through
  // the boxes that clip it; with a modal dialog open, only what is in it counts.
  const modal = [...document.querySelectorAll('[aria-modal="true"]')].filter(shown).pop();
  const scope = modal ?? document.body;
  const controls = [
    ...scope.querySelectorAll('button, input:not([type="hidden"]), select, textarea, a[href], summary, [role="tab"], [tabindex]:not([tabindex="-1"])'),
  ].filter(shown);
  // Text blocks: the elements that hold words themselves, outside controls.
  const isControl = new Set(controls);
  const texts = all.filter(
    (el) => scope.contains(el) && !controls.some((c) => c.contains(el)) && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.data.trim()),
  );
  const visibleBox = (el) => {
    let visible = intersect(el.getBoundingClientRect(), viewport);
    for (const box of clippers(el)) visible = intersect(visible, inner(box));
    return visible.right - visible.left > slack && visible.bottom - visible.top > slack ? { el, visible } : null;
  };
  const controlBoxes = controls.map(visibleBox).filter(Boolean);
  const textBoxes = texts.filter((el) => !isControl.has(el)).map(visibleBox).filter(Boolean);
  const overlap = (a, b) => {
    if (a.el.contains(b.el) || b.el.contains(a.el)) return false;
    const both = intersect(a.visible, b.visible);
    return both.right - both.left > slack && both.bottom - both.top > slack;
  };
  for (let i = 0; i < controlBoxes.length; i++) {
    for (let j = i + 1; j < controlBoxes.length; j++) {
      if (overlap(controlBoxes[i], controlBoxes[j])) problems.push(`${describe(controlBoxes[i].el)} overlaps ${describe(controlBoxes[j].el)}`);
    }
    for (const text of textBoxes) {
      if (overlap(controlBoxes[i], text)) problems.push(`${describe(controlBoxes[i].el)} overlaps the text ${describe(text.el)}`);
    }
  }
  return problems;
}
