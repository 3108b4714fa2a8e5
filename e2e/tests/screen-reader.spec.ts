// A questionnaire page through a screen reader (@guidepup/virtual-screen-reader,
// run inside the page): every item's question is announced as the name of its
// group, every option as a radio with its label and position, and the chosen
// option as checked — also after the answer is changed. The expected words come
// from the questionnaire's definition, not from the page.
import { expect, test, type Page } from '@playwright/test';
import { newParticipant, signIn } from './helpers';
import { readAloud } from './screen-reader-helper';
import { exact, instrument, texts } from './texts';

const de = texts('de');
test.use({ locale: 'de-DE' });

/** The virtual screen reader takes "checked" from the `checked` attribute,
 * while browsers give screen readers the live state (the property, which a
 * click or key press changes and the attribute does not follow). This copies
 * the live state into the attribute before reading, so what is announced is
 * what the browser exposes; Chrome's own tree is checked separately below. */
async function exposeLiveState(page: Page) {
  await page.evaluate(() => {
    for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input[type="radio"], input[type="checkbox"]'))) {
      input.toggleAttribute('checked', input.checked);
    }
  });
}

/** The phrases spoken between entering and leaving the group named `question`. */
function groupPhrases(log: string[], question: string): string[] {
  const from = log.indexOf(`group, ${question}`);
  const to = log.indexOf(`end of group, ${question}`);
  expect(from, `the question "${question}" is announced as a group`).toBeGreaterThanOrEqual(0);
  expect(to, `the group "${question}" ends`).toBeGreaterThan(from);
  return log.slice(from, to + 1);
}

test('a questionnaire page read by a screen reader', async ({ page }) => {
  const def = instrument('fit-for-work');
  await signIn(page, newParticipant('Sven Vorlesen'));
  await page.goto('/questionnaire/fit-for-work');
  await page.getByRole('button', { name: exact(de['q.start']) }).click();
  const groups = page.getByRole('group');
  await expect(groups).toHaveCount(4);

  // Three of the four items answered (the second one skipped on purpose), the
  // fourth left open.
  const options = [...def.response_labels.map((l) => l.de), de['q.skip_question']];
  const chosen: (number | null)[] = [2, options.length - 1, 0, null];
  for (const [i, choice] of chosen.entries()) {
    if (choice !== null) await groups.nth(i).getByRole('radio', { name: options[choice], exact: true }).check();
  }

  const expectAnnounced = async (choices: (number | null)[]) => {
    await exposeLiveState(page);
    const log = await readAloud(page, 'main');
    for (const [i, item] of def.items.slice(0, 4).entries()) {
      const phrases = groupPhrases(log, item.text.de);
      const radios = phrases.filter((p) => p.startsWith('radio, '));
      expect(radios, `the options of "${item.text.de}"`).toEqual(
        options.map(
          (label, n) => `radio, ${label}, ${n === choices[i] ? 'checked' : 'not checked'}, position ${n + 1}, set size ${options.length}`,
        ),
      );
      // The browser's own accessibility tree agrees (what real screen readers get).
      const tree = (await groups.nth(i).ariaSnapshot()).split('\n').filter((l) => l.includes('- radio '));
      expect(tree.map((l) => l.trim())).toEqual(options.map((label, n) => `- radio "${label}"${n === choices[i] ? ' [checked]' : ''}`));
    }
    return log;
  };

  const log = await expectAnnounced(chosen);
  // Where the reader is: the questionnaire, the step and the progress.
  expect(log).toContain(`heading, ${def.title.de}, level 1`);
  expect(log.some((p) => p.startsWith('progressbar, '))).toBe(true);

  // Changing an answer by keyboard: the new choice is announced as checked.
  await groups.nth(0).getByRole('radio', { name: options[2], exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await expectAnnounced([3, ...chosen.slice(1)]);
});
