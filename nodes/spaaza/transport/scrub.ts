/**
 * Server text that ends up in an error (an HTML page, Spaaza's description) may echo the request:
 * a proxy or firewall page that shows the form body would put `password=…` into the error panel.
 * So every such text is cleaned of the credential's secret values first. Pure, no n8n import.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

const HIDDEN = '[hidden]';
/** Shorter values (an empty field, "1") would blank ordinary words. */
const MIN_SECRET_LENGTH = 3;
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

/** Each secret as written, URL-encoded, form-encoded and JSON-escaped: the ways a page echoes it. */
function forms(secret: string): string[] {
	return [
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
	];
}

/** `text` with every secret value replaced by [hidden], longest first. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
	const all = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).flatMap(forms))];
	all.sort((a, b) => b.length - a.length);
	let clean = text;
	for (const secret of all) if (clean.includes(secret)) clean = clean.split(secret).join(HIDDEN);
	return clean;
}
