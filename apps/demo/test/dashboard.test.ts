import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../src/index.js';
import { memoryConfig } from './support.js';

// Debian's chromium (`.ci/run` installs it when missing); never a downloaded browser.
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let browser: Browser;
let demo: DemoServer;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  demo = await startDemoServer(memoryConfig({ loadRate: 400 }));
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

describe('the live dashboard in a real browser', () => {
  it('shows both levels and updates as reads come in', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${demo.url}/`);
    await expect.poll(() => page.textContent('#levels-summary')).toBe('L1_Memory (memory) → L2_Memory (memory)');
    await expect.poll(() => page.locator('#level-table tbody tr').count()).toBe(2);
    // The load runs at 400 reads/s: the next snapshots show reads per second and hits.
    await expect.poll(async () => Number((await page.textContent('#reads-per-sec'))!.replace(/,/g, '')), { timeout: 10_000 }).toBeGreaterThan(50);
    await expect.poll(async () => page.textContent('#hit-ratio'), { timeout: 10_000 }).toMatch(/^\d+\.\d%$/);
    await expect.poll(async () => page.textContent('#level-table tr[data-level="L1_Memory"] .hits')).not.toBe('0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('drives the demo: reads one user, takes the database down and stops the load', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/`);
    await page.fill('#read-id', '123');
    await page.click('#read-form button');
    await expect.poll(() => page.textContent('#read-result')).toContain('"name": "John"');
    await page.click('#db-toggle');
    await expect.poll(() => demo.database.up).toBe(false);
    await expect.poll(() => page.textContent('#db-state'), { timeout: 5000 }).toBe('down');
    await page.click('#db-toggle');
    await expect.poll(() => demo.database.up).toBe(true);
    await page.click('#load-stop');
    await expect.poll(() => demo.load.running).toBe(false);
    await expect.poll(() => page.textContent('#load-state'), { timeout: 5000 }).toBe('stopped');
    await page.close();
  });
});
