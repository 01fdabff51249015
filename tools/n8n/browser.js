// @ts-check
'use strict';
// Headless Debian Chromium driven by puppeteer-core for the browser tests (test/ui/): nothing may
// leave the machine. DNS maps every host except localhost to an unreachable address and request
// interception aborts, and records, every request not to localhost/127.0.0.1.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** @returns {string} */
function chromiumPath() {
	const found = [process.env.SPAAZA_CHROMIUM, ...CHROMIUM_PATHS].find(
		(file) => file && fs.existsSync(file),
	);
	if (!found)
		throw new Error(
			'Chromium is not installed: `apt-get install -y chromium` (.ci/run does it when missing).',
		);
	return found;
}

/**
 * Whether a request stays on this machine.
 * @param {string} url
 */
function isLocal(url) {
	if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
	try {
		const { hostname } = new URL(url);
		return hostname === 'localhost' || hostname === '127.0.0.1';
	} catch {
		return false;
	}
}

/*
 * Runs in every page before the editor's own scripts. n8n's text fields pass what is typed to the
 * editor's state through a 200 ms debounce, so the field shows a value the form does not hold yet
 * (a Save clicked then saves and tests the older value). This counts the timers an `input` event
 * started — in its handlers, the microtasks they queued, and timers those timers started — until
 * they have run or been cleared: zero means the editor has taken everything typed so far.
 */
function trackInputTimers() {
	// Runs in the page, not in Node: the page's own timer functions are replaced, so untyped.
	/** @type {any} */
	const page = globalThis;
	const realSetTimeout = page.setTimeout;
	const realClearTimeout = page.clearTimeout;
	/** @type {Set<unknown>} */
	const pending = new Set();
	let handlingInput = 0;
	/** @type {(this: unknown, callback: unknown, delay?: number, ...args: unknown[]) => unknown} */
	page.setTimeout = function setTimeout(callback, delay, ...args) {
		if (!handlingInput || typeof callback !== 'function')
			return realSetTimeout.call(this, callback, delay, ...args);
		const id = realSetTimeout.call(
			this,
			/** @type {(this: unknown, ...callbackArgs: unknown[]) => unknown} */
			function run(...callbackArgs) {
				pending.delete(id);
				handlingInput += 1;
				try {
					return callback.apply(this, callbackArgs);
				} finally {
					handlingInput -= 1;
				}
			},
			delay,
			...args,
		);
		pending.add(id);
		return id;
	};
	/** @type {(this: unknown, id: unknown) => unknown} */
	page.clearTimeout = function clearTimeout(id) {
		pending.delete(id);
		return realClearTimeout.call(this, id);
	};
	page.addEventListener(
		'input',
		() => {
			handlingInput += 1;
			// A task, so the event's handlers and the microtasks they queue count as handling it.
			realSetTimeout(() => {
				handlingInput -= 1;
			}, 0);
		},
		true,
	);
	page.__spaazaPendingInputTimers = () => pending.size;
}

/**
 * Resolves once the editor has taken everything typed into the page (see trackInputTimers).
 * @param {import('puppeteer-core').Page} page
 * @param {number} [timeout]
 */
async function inputSettled(page, timeout = 10000) {
	await page.waitForFunction(
		() => {
			/** @type {any} */
			const inPage = globalThis;
			if (typeof inPage.__spaazaPendingInputTimers !== 'function')
				throw new Error('the page was not opened with launchBrowser().newPage()');
			return inPage.__spaazaPendingInputTimers() === 0;
		},
		{ timeout },
	);
}

/**
 * Launches the browser. Returns `{ browser, newPage, blocked, pageErrors, close }`: `blocked` lists
 * every request that tried to leave 127.0.0.1, `pageErrors` every uncaught error of a page.
 * @typedef {{ browser: import('puppeteer-core').Browser; newPage(): Promise<import('puppeteer-core').Page>; blocked: string[]; pageErrors: string[]; close(): Promise<void> }} UiBrowser
 * @returns {Promise<UiBrowser>}
 */
async function launchBrowser() {
	const puppeteer = require('puppeteer-core');
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-ui-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: chromiumPath(),
		headless: true,
		userDataDir,
		defaultViewport: { width: 1440, height: 900 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--host-resolver-rules=MAP * 0.0.0.0, EXCLUDE localhost, EXCLUDE 127.0.0.1',
		],
	});
	/** @type {string[]} */
	const blocked = [];
	/** @type {string[]} */
	const pageErrors = [];
	async function newPage() {
		const page = await browser.newPage();
		await page.evaluateOnNewDocument(trackInputTimers);
		await page.setRequestInterception(true);
		page.on('request', (request) => {
			if (request.isInterceptResolutionHandled()) return;
			if (isLocal(request.url())) return void request.continue();
			blocked.push(request.url());
			void request.abort('blockedbyclient');
		});
		page.on(
			'pageerror',
			(error) =>
				void pageErrors.push(String(/** @type {Error | undefined} */ (error)?.stack ?? error)),
		);
		// "Leave without saving?" when a test moves on from a new, unsaved workflow.
		page.on('dialog', (dialog) => void dialog.accept());
		return page;
	}
	async function close() {
		await browser.close().catch(() => undefined);
		fs.rmSync(userDataDir, { recursive: true, force: true });
	}
	return { browser, newPage, blocked, pageErrors, close };
}

module.exports = { launchBrowser, inputSettled, isLocal };
