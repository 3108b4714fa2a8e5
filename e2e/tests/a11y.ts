// The accessibility sweep's checks, run on whatever state a page is in:
// axe-core (WCAG 2.2 A/AA + best practice), HTML_CodeSniffer WCAG2AA, reflow at
// 320 CSS px with 200 % text (WCAG 1.4.10 / 1.4.4) and text-spacing overrides
// (WCAG 1.4.12). Each check returns readable lines, "rule: element", so a
// failing state says what is wrong and where.
import { expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';

/** axe's WCAG 2.0–2.2 A/AA rules and its best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

// axe-core itself (the engine @axe-core/playwright wraps, same version), injected
// once per document: AxeBuilder injects it anew and opens a helper page on every
// scan, which made the sweep three times slower.
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// HTML_CodeSniffer's browser build. It is evaluated through the DevTools
// protocol (page.evaluate), which the page's CSP does not govern, so the CSP
// stays on while it runs.
const HTMLCS_SOURCE = fs.readFileSync(require.resolve('html_codesniffer/build/HTMLCS.js'), 'utf8');

/** axe violations as "axe <rule>: <help> — <element> (<html>)". `rules`
 * narrows the scan to those rules (the print scan: what is seen on paper). */
export async function axeProblems(page: Page, rules?: string[]): Promise<string[]> {
  if (!(await page.evaluate(() => typeof (window as any).axe !== 'undefined'))) {
    await page.evaluate(AXE_SOURCE);
  }
  const violations: { id: string; help: string; nodes: { target: string[]; html: string }[] }[] = await page.evaluate(
    (runOnly) =>
      (window as any).axe
        .run(document, { runOnly, resultTypes: ['violations'] })
        .then((r: { violations: unknown }) => r.violations),
    rules ? { type: 'rule', values: rules } : { type: 'tag', values: AXE_TAGS },
  );
  return violations.flatMap((v) =>
    v.nodes.map((n) => `axe ${v.id}: ${v.help} — ${n.target.join(' ')} (${n.html.slice(0, 160)})`),
  );
}

/** HTML_CodeSniffer WCAG2AA errors (type 1; warnings and notices need a person). */
export async function htmlcsProblems(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (window as any).HTMLCS !== 'undefined');
  if (!loaded) {
    // The UMD build puts HTMLCS and its standards on `this` when there is no module system.
    await page.evaluate(`(function () {\n${HTMLCS_SOURCE}\n}).call(window);`);
  }
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const htmlcs = (window as any).HTMLCS;
        const describe = (el: Element | null): string => {
          if (!el || !(el instanceof Element)) return 'document';
          const id = el.id ? `#${el.id}` : '';
          const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
          const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
          return `${el.tagName.toLowerCase()}${id}${cls}${text ? ` "${text}"` : ''}`;
        };
        htmlcs.process(
          'WCAG2AA',
          document,
          () => {
            const errors = htmlcs
              .getMessages()
              .filter((m: { type: number }) => m.type === htmlcs.ERROR)
              .map((m: { code: string; msg: string; element: Element }) => `htmlcs ${m.code}: ${m.msg} — ${describe(m.element)}`);
            resolve(errors);
          },
          () => reject(new Error('HTML_CodeSniffer could not load WCAG2AA')),
          'en',
        );
      }),
  );
}

/** Sideways scrolling and content sticking out of the viewport. Data tables may
 * scroll inside their own region (the two-dimensional exception of 1.4.10). */
export async function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const problems: string[] = [];
    if (root.scrollWidth > width) {
      problems.push(`reflow: the page scrolls sideways (${root.scrollWidth} px content in ${width} px)`);
    }
    const path = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
        parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${cls}`);
      }
      return parts.join(' > ');
    };
    const reported: Element[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) continue; // visually hidden text
      if (box.left >= -1 && box.right <= width + 1) continue;
      if (reported.some((r) => r.contains(el))) continue;
      let scroller: Element | null = null;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (/(auto|scroll)/.test(getComputedStyle(a).overflowX)) {
          scroller = a;
          break;
        }
      }
      if (scroller && scroller.querySelector('table') && scroller.getBoundingClientRect().right <= width + 1) continue;
      reported.push(el);
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50);
      problems.push(
        `reflow: ${path(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} px of a ${width} px viewport${text ? ` ("${text}")` : ''}`,
      );
    }
    return problems;
  });
}

/** Content that is cut off or runs out of its box: an element that clips
 * (overflow hidden/clip) but whose content is larger than it, or one whose
 * text runs out of its fixed-size box over what follows (overlap). */
export async function clippingProblems(page: Page, rule: string): Promise<string[]> {
  return page.evaluate((rule) => {
    const problems: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      // A text field scrolls its own value; that is how fields work, not clipping.
      if (el.matches('input, textarea, select')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const clipsX = /(hidden|clip)/.test(style.overflowX);
      const clipsY = /(hidden|clip)/.test(style.overflowY);
      const html = el as HTMLElement;
      if (!clipsX && !clipsY) {
        // Overlap: the element's own text lines reach below its box (a fixed
        // height that larger spacing outgrew). Boxes that merely hold
        // positioned or overflowing children are left to the reflow check.
        const own = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
        if (own.length && style.display !== 'inline' && style.overflowY === 'visible' && html.clientHeight > 1) {
          const range = document.createRange();
          const bottom = Math.max(
            ...own.map((n) => {
              range.selectNodeContents(n);
              return range.getBoundingClientRect().bottom;
            }),
          );
          const box = el.getBoundingClientRect();
          if (bottom > box.bottom + 1) {
            problems.push(
              `${rule}: the text of ${el.tagName.toLowerCase()}.${(html.className || '').toString().split(/\s+/).join('.')} runs ${Math.round(bottom - box.bottom)} px out of its box "${(el.textContent ?? '').trim().slice(0, 50)}"`,
            );
          }
        }
        continue;
      }
      if (html.clientWidth <= 1 || html.clientHeight <= 1) continue; // visually hidden text
      const overX = clipsX && html.scrollWidth > html.clientWidth + 1;
      const overY = clipsY && html.scrollHeight > html.clientHeight + 1;
      if (overX || overY) {
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50);
        problems.push(
          `${rule}: ${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${(html.className || '').toString().split(/\s+/).join('.')} clips its content (${html.scrollWidth}×${html.scrollHeight} in ${html.clientWidth}×${html.clientHeight}) "${text}"`,
        );
      }
    }
    return problems;
  }, rule);
}

/** Focus indicators (WCAG 1.4.11, 2.4.7): every element in the tab order shows
 * an outline when focused by keyboard, with at least 3:1 contrast against
 * whatever lies behind the ring on each of its four sides. */
export async function focusProblems(page: Page): Promise<string[]> {
  // After a key press, focus moved by script matches :focus-visible as keyboard
  // focus does, so each element can be focused directly instead of tabbing.
  await page.keyboard.press('Shift');
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba | null => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = '1'] = m[1].split(/[\s,/]+/).filter(Boolean);
      return [Number(r), Number(g), Number(b), Number(a)];
    };
    const channel = (v: number) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    const luminance = (c: Rgba) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
    const contrast = (a: Rgba, b: Rgba) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    // The first opaque background under a point, not counting the element itself.
    const backdrop = (el: Element, x: number, y: number): Rgba => {
      for (const under of document.elementsFromPoint(x, y)) {
        if (el.contains(under)) continue;
        const c = parse(getComputedStyle(under).backgroundColor);
        if (c && c[3] > 0) return c;
      }
      return [255, 255, 255, 1];
    };
    const describe = (el: Element) => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}${text ? ` "${text}"` : ''}`;
    };
    const problems: string[] = [];
    const tabbable = document.querySelectorAll<HTMLElement>(
      'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
    );
    for (const el of Array.from(tabbable)) {
      if (el.closest('[hidden], [inert]') || el.getClientRects().length === 0) continue;
      el.focus();
      if (document.activeElement !== el) continue;
      const style = getComputedStyle(el);
      const width = parseFloat(style.outlineWidth) || 0;
      if (style.outlineStyle === 'none' || width < 2) {
        problems.push(`focus: ${describe(el)} shows no outline of at least 2 px when focused`);
        continue;
      }
      const ring = parse(style.outlineColor);
      if (!ring) continue;
      const out = (parseFloat(style.outlineOffset) || 0) + width / 2;
      const box = el.getBoundingClientRect();
      const points: [number, number][] = [
        [box.left + box.width / 2, box.top - out],
        [box.left + box.width / 2, box.bottom + out],
        [box.left - out, box.top + box.height / 2],
        [box.right + out, box.top + box.height / 2],
      ];
      const ratios = points
        .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight)
        .map(([x, y]) => contrast(ring, backdrop(el, x, y)));
      const worst = Math.min(...ratios);
      if (worst < 3) {
        problems.push(`focus: the focus ring of ${describe(el)} has ${worst.toFixed(2)}:1 against its background (needs 3:1)`);
      }
    }
    (document.activeElement as HTMLElement | null)?.blur();
    return problems;
  });
}

/** Waits until layout has settled after a style change (two animation frames). */
async function settle(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Doubles the root font size (CSSOM, which the CSP allows) and narrows the
 * viewport to 320 CSS px; returns how to undo it. */
async function narrowAndLarge(page: Page): Promise<() => Promise<void>> {
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: 320, height: 720 });
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  await settle(page);
  return async () => {
    await page.evaluate(() => {
      document.documentElement.style.removeProperty('font-size');
    });
    await page.setViewportSize(before);
    await settle(page);
  };
}

/** The WCAG 1.4.12 overrides as a constructed style sheet (CSSOM, CSP-safe). */
async function withTextSpacing(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
       p { margin-bottom: 2em !important; }`,
    );
    (window as any).__lotseSpacing = sheet;
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  await settle(page);
  return async () => {
    await page.evaluate(() => {
      const sheet = (window as any).__lotseSpacing;
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    });
    await settle(page);
  };
}

export interface SweepOptions {
  /** Also check the text-spacing overrides (WCAG 1.4.12). */
  textSpacing?: boolean;
  /** Also scan with print media emulated (print views). */
  print?: boolean;
}

/** Every check on the page's current state, at desktop width and at 320 px with
 * 200 % text. Failures are soft, so one run lists every failing state. */
export async function sweep(page: Page, state: string, options: SweepOptions = {}) {
  const problems: string[] = [];
  problems.push(...(await axeProblems(page)), ...(await htmlcsProblems(page)));
  problems.push(...(await focusProblems(page)));
  problems.push(...(await clippingProblems(page, 'clipped')));
  if (options.textSpacing) {
    const undo = await withTextSpacing(page);
    problems.push(...(await clippingProblems(page, 'text-spacing')));
    problems.push(...(await reflowProblems(page)).map((p) => `text-spacing ${p}`));
    await undo();
  }
  if (options.print) {
    // On paper only what is seen counts (headings and landmarks are for the
    // screen, and the print style sheet hides the screen's navigation).
    await page.emulateMedia({ media: 'print' });
    problems.push(...(await axeProblems(page, ['color-contrast', 'link-in-text-block'])).map((p) => `print ${p}`));
    await page.emulateMedia({ media: 'screen' });
  }
  const undo = await narrowAndLarge(page);
  // For looking at a state by eye: LOTSE_SWEEP_SHOTS=<folder> keeps a picture of each.
  if (process.env.LOTSE_SWEEP_SHOTS) {
    const name = state.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, n = 0; y < height; y += 1200, n++) {
      const clip = { x: 0, y, width: 320, height: Math.min(1200, height - y) };
      await page.screenshot({ path: `${process.env.LOTSE_SWEEP_SHOTS}/${name}-${n}.png`, fullPage: true, clip });
    }
  }
  const narrow = [
    ...(await reflowProblems(page)),
    ...(await clippingProblems(page, 'clipped')),
    ...(await axeProblems(page)),
    ...(await htmlcsProblems(page)),
  ];
  if (options.textSpacing) {
    const undoSpacing = await withTextSpacing(page);
    narrow.push(...(await clippingProblems(page, 'text-spacing')));
    await undoSpacing();
  }
  problems.push(...narrow.map((p) => `320px/200%: ${p}`));
  await undo();
  swept.push({ state, problems: problems.length });
  expect.soft(problems, `accessibility problems in state "${state}"`).toEqual([]);
}

/** States swept so far in this worker, for the summary line. */
export const swept: { state: string; problems: number }[] = [];
