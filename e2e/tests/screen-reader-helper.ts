// The virtual screen reader (@guidepup/virtual-screen-reader) inside the page.
// Its browser build is an ES module; it is turned into a script that puts its
// exports on `window.__guidepup` and evaluated through the DevTools protocol,
// so the page's CSP (which forbids inline and foreign scripts) stays on.
import type { Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

const BUNDLE = (() => {
  const file = path.join(path.dirname(require.resolve('@guidepup/virtual-screen-reader/package.json')), 'lib', 'esm', 'index.browser.js');
  const source = fs.readFileSync(file, 'utf8');
  const match = source.match(/export\s*\{([^}]*)\}\s*;?/g);
  if (!match) throw new Error('virtual screen reader: no export statement in its browser build');
  const last = match[match.length - 1];
  const pairs = last
    .replace(/^export\s*\{|\}\s*;?$/g, '')
    .split(',')
    .map((p) => p.trim().split(/\s+as\s+/))
    .map(([local, exported]) => `${exported ?? local}: ${local}`);
  const at = source.lastIndexOf(last);
  return `(() => {\n${source.slice(0, at)}\nwindow.__guidepup = { ${pairs.join(', ')} };\n${source.slice(at + last.length)}\n})();`;
})();

/** Loads the virtual screen reader into the page (once per document). */
export async function loadScreenReader(page: Page) {
  if (!(await page.evaluate(() => '__guidepup' in window))) await page.evaluate(BUNDLE);
}

/** Everything the screen reader says while reading `selector` from start to end
 * with "next" (the virtual cursor, as a user would with the down arrow): from
 * the container's first phrase (e.g. "main") to its "end of …". */
export async function readAloud(page: Page, selector: string, maxSteps = 400): Promise<string[]> {
  await loadScreenReader(page);
  return page.evaluate(
    async ({ selector, maxSteps }) => {
      const { virtual } = (window as any).__guidepup;
      const container = document.querySelector(selector);
      if (!container) throw new Error(`nothing to read at ${selector}`);
      await virtual.start({ container });
      try {
        for (let i = 0; i < maxSteps; i++) {
          const log: string[] = await virtual.spokenPhraseLog();
          if (log.length > 1 && log.at(-1) === `end of ${log[0]}`) return log;
          await virtual.next();
        }
        throw new Error(`the screen reader did not reach the end of ${selector} in ${maxSteps} steps`);
      } finally {
        await virtual.stop();
      }
    },
    { selector, maxSteps },
  );
}
