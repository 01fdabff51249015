import type { Browser, Page } from 'puppeteer-core';

export interface UiBrowser {
	browser: Browser;
	newPage(): Promise<Page>;
	/** Every request that tried to leave 127.0.0.1 (aborted). */
	blocked: string[];
	/** Every uncaught error of a page. */
	pageErrors: string[];
	close(): Promise<void>;
}
export function launchBrowser(): Promise<UiBrowser>;
/** Resolves once the editor has taken everything typed into the page (its inputs are debounced). */
export function inputSettled(page: Page, timeout?: number): Promise<void>;
export function isLocal(url: string): boolean;
