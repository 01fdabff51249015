'use strict';
// Headless Debian Chromium driven by puppeteer-core for the browser tests (test/ui/): nothing may
// leave the machine. DNS maps every host except localhost to an unreachable address and request
// interception aborts, and records, every request not to localhost/127.0.0.1.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function chromiumPath() {
	const found = [process.env.SPAAZA_CHROMIUM, ...CHROMIUM_PATHS].find((file) => file && fs.existsSync(file));
	if (!found) throw new Error('Chromium is not installed: `apt-get install -y chromium` (.ci/run does it when missing).');
	return found;
}

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
	const realSetTimeout = window.setTimeout;
	const realClearTimeout = window.clearTimeout;
	const pending = new Set();
	let handlingInput = 0;
	window.setTimeout = function setTimeout(callback, delay, ...args) {
		if (!handlingInput || typeof callback !== 'function') return realSetTimeout.call(this, callback, delay, ...args);
		const id = realSetTimeout.call(
			this,
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
	window.clearTimeout = function clearTimeout(id) {
		pending.delete(id);
		return realClearTimeout.call(this, id);
	};
	window.addEventListener(
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
	window.__spaazaPendingInputTimers = () => pending.size;
}

/** Resolves once the editor has taken everything typed into the page (see trackInputTimers). */
async function inputSettled(page, timeout = 10000) {
	await page.waitForFunction(
		() => {
			if (typeof window.__spaazaPendingInputTimers !== 'function') throw new Error('the page was not opened with launchBrowser().newPage()');
			return window.__spaazaPendingInputTimers() === 0;
		},
		{ timeout },
	);
}

/**
 * Launches the browser. Returns `{ browser, newPage, blocked, pageErrors, close }`: `blocked` lists
 * every request that tried to leave 127.0.0.1, `pageErrors` every uncaught error of a page.
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
	const blocked = [];
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
		page.on('pageerror', (error) => pageErrors.push(String(error?.stack ?? error)));
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
