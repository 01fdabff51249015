/**
 * What can be read from a pre-signed export URL without downloading it: the file name and when the
 * link stops working. Spaaza documents only "valid for approximately one hour" (docs/spaaza-api.md §5.5).
 */

/** Spaaza's documented lifetime of a download URL, used when the URL itself does not say. */
export const ESTIMATED_URL_LIFETIME_MS = 60 * 60_000;

function parseUrl(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

function param(url: URL, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of url.searchParams) if (key.toLowerCase() === wanted) return value;
	return undefined;
}

/** `20260526T120000Z` (AWS SigV4 / Google V4 signing date) as ms since the epoch. */
function parseCompactDate(value: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	if (!m) return undefined;
	const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
	return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** An ISO date for `ms`, or undefined when it is outside what a Date can hold (`expires=99999999999999999`). */
function isoDate(ms: number): string | undefined {
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export interface UrlExpiry {
	expiresAt: string;
	/** True when the URL carried no expiry and `expiresAt` is now + Spaaza's documented hour. */
	estimated: boolean;
}

/**
 * Reads `expires=<unix seconds>` (CloudFront, the sandbox), `X-Amz-Date` + `X-Amz-Expires` (S3) and
 * `X-Goog-Date` + `X-Goog-Expires` (Google Cloud Storage); otherwise estimates one hour from `now`.
 */
export function urlExpiry(url: string, now = Date.now()): UrlExpiry {
	const parsed = parseUrl(url);
	if (parsed) {
		const expires = param(parsed, 'expires');
		const at =
			expires !== undefined && /^\d{1,15}$/.test(expires)
				? isoDate(Number(expires) * 1000)
				: undefined;
		if (at !== undefined) return { expiresAt: at, estimated: false };
		for (const vendor of ['amz', 'goog']) {
			const signed = param(parsed, `x-${vendor}-date`);
			const lifetime = param(parsed, `x-${vendor}-expires`);
			const start = signed === undefined ? undefined : parseCompactDate(signed);
			const end =
				start !== undefined && lifetime !== undefined && /^\d{1,15}$/.test(lifetime)
					? isoDate(start + Number(lifetime) * 1000)
					: undefined;
			if (end !== undefined) return { expiresAt: end, estimated: false };
		}
	}
	return { expiresAt: new Date(now + ESTIMATED_URL_LIFETIME_MS).toISOString(), estimated: true };
}

/** Longer names are cut: file systems allow 255 bytes, and the name shows in the n8n UI. */
const MAX_FILE_NAME_LENGTH = 200;

/**
 * The last path segment, e.g. `Product_Export-123.csv`, as a plain file name: decoded, then cut to
 * what follows the last `/` or `\` (an encoded `%2F` must not make `../../..`), without control
 * characters (NUL, CR, LF) and not `.` or `..`. A segment without an extension is an opaque
 * storage key, not a name (Spaaza does not document the path): the fallback, built from the task,
 * is used then and whenever no plain name is left.
 */
export function fileNameFromUrl(url: string, fallback: string): string {
	const parsed = parseUrl(url);
	const last = parsed?.pathname.split('/').filter(Boolean).pop();
	if (!last) return fallback;
	let decoded: string;
	try {
		decoded = decodeURIComponent(last);
	} catch {
		decoded = last;
	}
	// eslint-disable-next-line no-control-regex -- removing control characters is the point here
	const plain = (decoded.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
	const extension = /\.[A-Za-z0-9]{1,10}$/.exec(plain)?.[0];
	if (extension === undefined || plain === extension) return fallback;
	if (plain.length <= MAX_FILE_NAME_LENGTH) return plain;
	return plain.slice(0, MAX_FILE_NAME_LENGTH - extension.length) + extension;
}

const MIME_TYPES: Record<string, string> = {
	csv: 'text/csv',
	json: 'application/json',
	gz: 'application/gzip',
	zip: 'application/zip',
};

/** Storage hosts often answer `application/octet-stream`, so the extension wins over a generic type. */
export function mimeTypeFor(fileName: string, contentType?: string): string {
	const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
	if (extension && MIME_TYPES[extension]) return MIME_TYPES[extension];
	const header = contentType?.split(';')[0].trim();
	return header || 'application/octet-stream';
}
