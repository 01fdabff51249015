/** Date formats the sandbox answers with; Spaaza uses several (see README.md). */

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-05-26 12:00:00`: session_expires_date and passcode expiry (UTC). */
export function sqlDate(ms: number): string {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `2026-05-26T12:00:00+00:00`: product, variant and barcode dates (as in the variant sample). */
export function offsetDate(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

/** `2026-05-26T12:00:00Z`: task dates (as in the Tasks samples). */
export function zuluDate(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
