import { waitFor, xdotool, type TestDisplay } from './display.js';

/**
 * Makes the open Preferences window wide. Narrow, Preferences shows its page
 * switcher at the bottom and keeps a hidden copy in the title, which AT-SPI
 * finds first: pressing a page by name would then press the hidden copy and
 * the page would not open.
 */
export async function widenPreferences(display: TestDisplay): Promise<void> {
  const window = await waitFor('the Preferences window', async () => (await xdotool(display, 'search', '--onlyvisible', '--name', '^Preferences$').catch(() => '')).split('\n').find(Boolean));
  await xdotool(display, 'windowsize', window.trim(), '1000', '760');
  await new Promise((resolve) => setTimeout(resolve, 500));
}
