// Types for server.mjs (used by the TypeScript end-to-end tests).
import type { BrowserContext, Page } from 'playwright-core';

export const ROOT: string;
export const ENV_DIR: string;
export const CHROMIUM: string;
export interface Server {
  url: string;
  port: number;
  runDir: string;
  workspace: string;
  pid: number;
  stop(options?: { keepRunDir?: boolean }): Promise<void>;
}
export function startServer(options: { port?: number; workspace: string; runDir?: string; settings?: Record<string, unknown>; env?: Record<string, string>; quiet?: boolean; locale?: string }): Promise<Server>;
export function writeTestLanguagePack(userDataDir: string, locale: string): void;
export function launchBrowser(options?: { viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; close(): Promise<void> }>;
export function enableDevPayload(page: Page): Promise<void>;
export function devUrl(server: { url: string; workspace?: string }, options?: { folder?: string; extensionPath?: string; testsPath?: string }): string;
export function copyDemo(prefix?: string): string;
export function removeDemo(workspace: string): void;
export function removeOnExit(dir: string): void;
export function ensureInstalled(): void;
export function freePort(): Promise<number>;
