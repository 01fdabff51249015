/**
 * Server text that ends up in an error or an output item (an HTML page, Spaaza's description, a
 * task's log, a download URL) may echo the request: a proxy or firewall page that shows the form
 * body would put `password=…` into the error panel. So every such text is cleaned of the
 * credential's secret values, and cleaned BEFORE it is cut short or stripped of tags: a cut or a
 * stripped `<3>` leaves a secret that no longer matches. A text that reached us already cut (a
 * bounded read, a server that truncates) may end in the start of a secret, so the edges of a cut
 * are cleaned of secret prefixes and suffixes too. Pure, no n8n import.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

const HIDDEN = '[hidden]';
/** Shorter values (an empty field, "1") would blank ordinary words. */
const MIN_SECRET_LENGTH = 3;
/**
 * The shortest piece of a secret cleaned from the edge of a cut text: shorter pieces ("pw-",
 * "abc") would blank ordinary words and give too little away to matter.
 */
export const MIN_PARTIAL_SECRET_LENGTH = 6;
/** Credential fields whose values are secret; the session token holds `<user id>:<session key>`. */
const SECRET_FIELDS = [
	'password',
	'accessTokenSecret',
	'accessTokenId',
	'sessionKey',
	'sessionToken',
];

/** The secret values of a credential, as they may appear in text a server sends back. */
export function secretValues(credentials: ICredentialDataDecryptedObject | undefined): string[] {
	const values: string[] = [];
	for (const field of SECRET_FIELDS) {
		const value = credentials?.[field];
		if (typeof value !== 'string') continue;
		values.push(value);
		if (field === 'sessionToken') values.push(value.slice(value.indexOf(':') + 1));
	}
	return values;
}

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/**
 * Each secret as written, URL-encoded, form-encoded, JSON-escaped and HTML-escaped: the ways a
 * page echoes it.
 */
function forms(secret: string): string[] {
	return [
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
		secret.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]),
	];
}

/** Every form of every secret long enough to be one, longest first. */
function allForms(secrets: readonly string[]): string[] {
	const all = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).flatMap(forms))];
	return all.sort((a, b) => b.length - a.length);
}

/** `text` with every secret value replaced by [hidden], longest first. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
	if (secrets.length === 0 || text === '') return text;
	let clean = text;
	for (const secret of allForms(secrets))
		if (clean.includes(secret)) clean = clean.split(secret).join(HIDDEN);
	return clean;
}

/**
 * `text`, cut where it was cut, with any start of a secret (6+ characters) left at its end, and
 * any end of a secret left at its start, replaced by [hidden]. Call it on a text that was
 * scrubbed before it was cut.
 */
export function scrubCutEdges(
	text: string,
	secrets: readonly string[],
	edges: { start?: boolean; end?: boolean } = { end: true },
): string {
	if (secrets.length === 0) return text;
	let clean = text;
	for (const secret of allForms(secrets)) {
		if (secret.length <= MIN_PARTIAL_SECRET_LENGTH) continue;
		if (edges.end) {
			for (let k = Math.min(secret.length - 1, clean.length); k >= MIN_PARTIAL_SECRET_LENGTH; k--) {
				if (clean.endsWith(secret.slice(0, k))) {
					clean = `${clean.slice(0, clean.length - k)}${HIDDEN}`;
					break;
				}
			}
		}
		if (edges.start) {
			for (let k = Math.min(secret.length - 1, clean.length); k >= MIN_PARTIAL_SECRET_LENGTH; k--) {
				if (clean.startsWith(secret.slice(secret.length - k))) {
					clean = `${HIDDEN}${clean.slice(k)}`;
					break;
				}
			}
		}
	}
	return clean;
}

/**
 * The first `max` characters of a server text, scrubbed: secrets are removed from the whole text
 * first, then it is cut, then what the cut left of a secret at the edge is removed. The end of
 * the text as it arrived counts as a cut too: it may come from a bounded read. `…` marks a cut.
 */
export function scrubbedCut(text: string, max: number, secrets: readonly string[]): string {
	if (secrets.length === 0) return text.length > max ? `${text.slice(0, max)}…` : text;
	// Scrubbing a 10 MB answer is linear but needless: a secret that starts beyond the longest
	// form past the cut cannot reach into the part that is kept.
	const longest = allForms(secrets)[0]?.length ?? 0;
	const source = text.length > max + longest ? text.slice(0, max + longest) : text;
	const clean = scrubCutEdges(scrubSecrets(source, secrets), secrets);
	if (clean.length <= max) return clean;
	return `${scrubCutEdges(clean.slice(0, max), secrets)}…`;
}
