// The sweep's checks can fail: each one is run on a small page with exactly
// the fault it is meant to find, and on the same page without it. (No server
// needed: the pages are set as content.)
import { expect, test, type Page } from '@playwright/test';
import { axeProblems, clippingProblems, focusProblems, htmlcsProblems, reflowProblems } from './a11y';

test.use({ viewport: { width: 320, height: 640 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const page = (body: string) => `<!DOCTYPE html><html lang="en"><head><title>Check</title></head>
  <body><main><h1>Check</h1>${body}</main></body></html>`;

async function show(p: Page, body: string) {
  await p.setContent(page(body));
}

test('each check finds its fault and only that', async ({ page: p }) => {
  // axe: an image without a text alternative.
  await show(p, '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">');
  expect((await axeProblems(p)).join('\n')).toContain('axe image-alt');
  await show(p, '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10" alt="A dot">');
  expect(await axeProblems(p)).toEqual([]);

  // HTML_CodeSniffer: a form that cannot be submitted from the keyboard.
  const field = '<label for="f">Name</label><input id="f" type="text">';
  await show(p, `<form>${field}<button type="button">Go</button></form>`);
  expect((await htmlcsProblems(p)).join('\n')).toContain('H32.2');
  await show(p, `<form>${field}<button type="submit">Go</button></form>`);
  expect(await htmlcsProblems(p)).toEqual([]);

  // Reflow: a box wider than the 320 px viewport; a wide table in its own
  // scrolling region is the exception.
  await show(p, '<p id="wide">Text</p>');
  await p.evaluate(() => (document.getElementById('wide')!.style.width = '500px'));
  expect((await reflowProblems(p)).join('\n')).toContain('the page scrolls sideways');
  await show(p, '<div id="scroller" tabindex="0"><table><tr><td id="cell">x</td></tr></table></div>');
  await p.evaluate(() => {
    document.getElementById('scroller')!.style.overflowX = 'auto';
    document.getElementById('cell')!.style.width = '900px';
  });
  expect(await reflowProblems(p)).toEqual([]);

  // Clipping (text spacing): a fixed-height box that hides what overflows.
  await show(p, '<p id="box">Two lines of text that do not fit into a box of one line</p>');
  await p.evaluate(() => Object.assign(document.getElementById('box')!.style, { height: '1em', overflow: 'hidden' }));
  expect((await clippingProblems(p, 'clipped')).join('\n')).toContain('clipped: p#box');
  await p.evaluate(() => (document.getElementById('box')!.style.overflow = 'visible'));
  expect((await clippingProblems(p, 'clipped')).join('\n')).toContain('runs');
  await p.evaluate(() => (document.getElementById('box')!.style.height = 'auto'));
  expect(await clippingProblems(p, 'clipped')).toEqual([]);

  // Focus: a ring of too little contrast against what is behind it, then none.
  await show(p, '<div id="bar"><a href="#x">Link</a></div>');
  await p.evaluate(() => {
    document.getElementById('bar')!.style.background = '#0b5c6b';
    document.getElementById('bar')!.style.padding = '10px';
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('a:focus-visible { outline: 3px solid #c2410c; outline-offset: 2px; }');
    document.adoptedStyleSheets = [sheet];
  });
  expect((await focusProblems(p)).join('\n')).toMatch(/focus ring of a "Link" has 1\.\d+:1/);
  await p.evaluate(() => document.adoptedStyleSheets[0].replaceSync('a:focus-visible { outline: 3px solid #fff; outline-offset: 2px; }'));
  expect(await focusProblems(p)).toEqual([]);
  await p.evaluate(() => document.adoptedStyleSheets[0].replaceSync('a:focus-visible { outline: none; }'));
  expect((await focusProblems(p)).join('\n')).toContain('shows no outline');
});
