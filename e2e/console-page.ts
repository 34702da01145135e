/**
 * What the console's browser suites do on a page besides their own steps: the accessibility check every screen
 * passes, the README's screenshots, and the React Aria controls driven as a person would.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');

/** Fails on any serious or critical WCAG 2.1 A/AA violation (axe-core) of the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ what, violations: bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`) }).toEqual({ what, violations: [] });
}

/**
 * The README's screenshots (`docs/screenshots/<name>.png`), taken only when asked for: `IOP_SCREENSHOTS=1 npx jest -c
 * jest.int.config.js e2e/console` refreshes them all.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.IOP_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A React Aria select: its button, then the option (a string option matches its whole name). */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: label }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

/** A React Aria radio or checkbox from the keyboard: the input takes the focus, Space chooses it. */
export async function press(locator: ReturnType<Page['getByRole']>): Promise<void> {
  await locator.focus();
  await locator.page().keyboard.press('Space');
}
