import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './production-process';

/**
 * Debian's Chromium (`apt-get install chromium`; .ci/run installs it), driven by
 * playwright-core: Playwright's own browser download cannot work on these machines.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the tests write their screenshots (git-ignored), for a person to look at. */
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'web');

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

export interface WebBuild {
  dir: string;
  remove(): void;
}

/** `npm run build:web` (codegen, type check, Vite with its bundle budget) into a private directory. */
export async function buildWebPrivately(): Promise<WebBuild> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketnap-web-'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const output = await new Promise<string>((resolve, reject) => {
    execFile(npm, ['run', 'build:web', '--', '--outDir', dir, '--emptyOutDir'], { cwd: ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`npm run build:web failed:\n${stdout}\n${stderr}`));
      else resolve(stdout + stderr);
    });
  });
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`the web build wrote no index.html:\n${output}`);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface Browser {
  context: BrowserContext;
  /** A new tab: its own sessionStorage, so nobody is logged in yet. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Headless, with a fresh profile, and nothing that reaches out to the network (these machines have none). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ketnap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: DESKTOP,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A screenshot of the whole page at desktop and phone widths, under test-results/web/. */
export async function screenshots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  for (const [width, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(RESULTS_DIR, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}
