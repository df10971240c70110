// A small driver for the VS Code web workbench (code-server) with playwright-core: only keyboard and mouse, the
// way a user works. The server is started by scripts/vscode/run-e2e.mjs (PARTIALS_E2E_URL, PARTIALS_E2E_WORKSPACE).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { devUrl, enableDevPayload, launchBrowser, ROOT } from '../../scripts/vscode/server.mjs';

export const RESULTS_DIR = join(ROOT, 'test-results');

/** Debian's python3, and whether it has NumPy (tests that run generated Python skip without it, saying so). */
export const PYTHON = '/usr/bin/python3';
export const HAS_NUMPY = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy']).status === 0;

export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly closeBrowser: () => Promise<void>,
    readonly workspace: string,
  ) {}

  /**
   * Opens the workbench on the test workspace with the extension loaded from this repository's source (or from
   * `extensionPath`, e.g. the web-only copy of scripts/vscode/web-copy.mjs). A test that starts its own server
   * passes its url and workspace.
   */
  static async open(options: { viewport?: { width: number; height: number }; url?: string; workspace?: string; extensionPath?: string } = {}): Promise<Workbench> {
    const url = options.url ?? process.env.PARTIALS_E2E_URL;
    const workspace = options.workspace ?? process.env.PARTIALS_E2E_WORKSPACE;
    assert.ok(url && workspace, 'run through scripts/vscode/run-e2e.mjs (it starts code-server)');
    const { context, close } = await launchBrowser(options);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    if (process.env.E2E_VERBOSE) page.on('console', (m) => console.log('[browser]', m.type(), m.text().slice(0, 300)));
    await enableDevPayload(page);
    await page.goto(devUrl({ url }, { folder: workspace, ...(options.extensionPath ? { extensionPath: options.extensionPath } : {}) }));
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    // the explorer lists the workspace once the remote file system is connected
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    return new Workbench(page, context, close, workspace);
  }

  async close(): Promise<void> {
    await this.closeBrowser();
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** Quick Open (Ctrl+P) a workspace file by name and wait until its text is shown. */
  async openFile(name: string, expectText?: string): Promise<void> {
    // Quick Open, once more if the first Enter did not open the file (on a loaded machine the list can still be
    // filling when Enter arrives, and the keystroke goes to the previous entry)
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+P');
      await this.quickInput.waitFor({ state: 'visible' });
      await this.quickInput.fill(name);
      await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
      await this.page.keyboard.press('Enter');
      try {
        await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: 20000 });
        break;
      } catch (e) {
        if (attempt >= 2) {
          await this.screenshot(`error-open-${name.replace(/[^\w.-]/g, '_')}`);
          throw e;
        }
      }
    }
    // Quick Open leaves the keyboard focus in the editor. (Focusing Monaco's hidden textarea from script instead
    // left that editor without CodeLens.)
    if (expectText) await this.editorLine(expectText).waitFor({ timeout: 20000 });
  }

  editorLine(text: string): Locator {
    return this.page.locator('.editor-instance .view-line', { hasText: text }).first();
  }

  /**
   * Selects the first occurrence of `text` with the keyboard: Ctrl+Home, Find (Ctrl+F), type, Escape — the find
   * widget leaves the match selected in the editor.
   */
  async selectText(text: string): Promise<void> {
    // focus the editor (a webview or the palette may have it): click its first line
    await this.page.keyboard.press('Escape');
    await this.page.locator('.editor-instance .view-line').first().click();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+F');
    const find = this.page.locator('.editor-instance .find-widget.visible textarea, .editor-instance .find-widget.visible input').first();
    await find.waitFor({ state: 'visible' });
    // clear first: re-typing the previous search text would not move to the match ("? of 1")
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Backspace');
    await this.page.keyboard.insertText(text);
    await this.page.locator('.editor-instance .find-widget.visible .matchesCount', { hasText: /^1 of/ }).waitFor({ timeout: 10000 })
      .catch(async (e) => { await this.screenshot('error-select-text'); throw e; });
    await this.page.keyboard.press('Escape');
    assert.equal(await this.selectionLength(), text.length, `"${text}" is selected`);
  }

  /** Number of selected characters, from the status bar's "Ln 3, Col 5 (17 selected)". */
  async selectionLength(): Promise<number> {
    const item = this.page.locator('.statusbar-item[id="status.editor.selection"]');
    for (let i = 0; i < 50; i++) {
      // innerText on a missing item would wait the default 30 s: a notebook's status bar has no selection item
      const text = (await item.count()) ? (await item.innerText({ timeout: 1000 }).catch(() => '')).trim() : '';
      const m = /\((\d+) selected\)/.exec(text);
      if (m) return Number(m[1]);
      await this.page.waitForTimeout(100);
    }
    return 0;
  }

  /** Runs a command from the Command Palette (F1) by its title, e.g. "Partials: Inspect Selection". */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput.waitFor({ state: 'visible' });
    await this.quickInput.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20000 });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Titles of the palette's commands that match `filter` (the palette is closed again). Polls until at least one
   * title starts with `expectPrefix`: right after load the remote extension host may still be registering.
   */
  async paletteCommands(filter: string, expectPrefix = filter, timeoutMs = 30000): Promise<string[]> {
    const t0 = Date.now();
    let labels: string[] = [];
    while (Date.now() - t0 < timeoutMs) {
      await this.page.keyboard.press('F1');
      await this.quickInput.waitFor({ state: 'visible' });
      await this.quickInput.fill(`>${filter}`);
      await this.page.waitForTimeout(300);
      labels = (await this.page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((l) => l.trim());
      await this.page.keyboard.press('Escape');
      if (labels.some((l) => l.startsWith(expectPrefix))) return labels;
      await this.page.waitForTimeout(500);
    }
    return labels;
  }

  /** Waits for a notification toast containing `text` and returns its message. */
  async notification(text: string | RegExp, timeout = 20000): Promise<string> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
    await toast.waitFor({ timeout });
    return (await toast.innerText()).trim();
  }

  /**
   * The document inside one of Partials' webviews: VS Code nests it as iframe.webview > iframe#active-frame.
   * The sidebar view's outer frame says purpose=webviewView in its URL; an editor panel's does not.
   */
  webview(kind: 'view' | 'panel' = 'view'): FrameLocator {
    const ours = 'iframe.webview.ready[src*="extensionId=partials.partials"]';
    const outer = kind === 'view' ? `${ours}[src*="purpose=webviewView"]` : `${ours}:not([src*="purpose=webviewView"])`;
    return this.page.frameLocator(outer).first().frameLocator('iframe#active-frame');
  }

  /** Screen point of the middle of the first occurrence of `text` in the editor (null when it is not visible). */
  async textPoint(text: string): Promise<{ x: number; y: number } | null> {
    return this.page.evaluate((w) => {
      // Monaco splits a line into one span per token: find `w` in the line's text, then the text node and offset
      // where its middle character is.
      const line = Array.from(document.querySelectorAll('.editor-instance .view-line, .notebook-editor .view-line')).find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(w));
      if (!line) return null;
      let target = (line.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(w) + Math.floor(w.length / 2);
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.textContent?.length ?? 0;
        if (target < len) {
          const r = document.createRange();
          r.setStart(n, target);
          r.setEnd(n, target + 1);
          const b = r.getBoundingClientRect();
          return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
        }
        target -= len;
      }
      return null;
    }, text);
  }

  /** Moves the real mouse over the first occurrence of `word` in the editor and returns the hover's text. */
  async hover(word: string, hasText?: string | RegExp): Promise<string> {
    const box = await this.textPoint(word);
    assert.ok(box, `"${word}" is visible in the editor`);
    await this.page.mouse.move(box.x - 40, box.y + 80);
    await this.page.mouse.move(box.x, box.y, { steps: 5 });
    const hover = this.page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .rendered-markdown')
      .filter(hasText ? { hasText } : {}).first();
    await hover.waitFor({ timeout: 20000 });
    return (await hover.innerText()).trim();
  }

  /** Saves the editor (Ctrl+S, then waits until its tab is no longer dirty) and returns the file's text. */
  async saved(file: string): Promise<string> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${file}"]:not(.dirty)`).waitFor({ timeout: 10000 });
    return readFileSync(join(this.workspace, file), 'utf8');
  }

  /** Full text of the active editor (through the clipboard-free model: the accessible textarea is partial). */
  async editorText(): Promise<string> {
    return this.page.evaluate(() =>
      Array.from(document.querySelectorAll('.editor-instance .view-lines .view-line'))
        .map((l) => ({ top: parseFloat((l as HTMLElement).style.top), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text)
        .join('\n'));
  }

  /** Number of lines in the active editor (the line-number gutter of a short file shows them all). */
  async editorLineCount(): Promise<number> {
    return this.page.locator('.editor-instance .margin-view-overlays .line-numbers').count();
  }

  /** Drags the sash on the side bar's right edge until the side bar is `width` px wide; returns the width reached. */
  async setSidebarWidth(width: number): Promise<number> {
    const bar = this.page.locator('.part.sidebar').first();
    for (let i = 0; i < 3; i++) {
      const box = await bar.boundingBox();
      assert.ok(box, 'the side bar is visible');
      if (Math.abs(box.width - width) <= 1) return box.width;
      const y = box.y + box.height / 2;
      await this.page.mouse.move(box.x + box.width - 1, y);
      await this.page.mouse.down();
      await this.page.mouse.move(box.x + box.width + (width - box.width) / 2, y, { steps: 4 });
      await this.page.mouse.move(box.x + width - 1, y, { steps: 4 });
      await this.page.mouse.up();
      await this.page.waitForTimeout(300);
    }
    return (await bar.boundingBox())?.width ?? 0;
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
