import { checkFileName } from '../fileset/names/fileName';

export type TimestampCheck = { ok: true; timestamp: string } | { ok: false; message: string };

// With a zone only: a wall-clock time alone would depend on the server's time zone.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/** `YYYYMMDD_HHMMSS` in UTC, the time part of a Spaaza file-set name. */
export function fileTimestamp(date: Date): string {
	return (
		`${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}_` +
		`${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
	);
}

/**
 * The timestamp a built file is named with. Empty means now; `YYYYMMDD_HHMMSS` must be a real
 * date and time (the parser's own file-name rule decides); an ISO date-time with a zone, such as
 * `{{ $now }}` gives, is converted to UTC, because that is what people put in an expression.
 */
export function readTimestamp(value: unknown, now: Date): TimestampCheck {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') return { ok: true, timestamp: fileTimestamp(now) };
	if (/^\d{8}_\d{6}$/.test(text)) {
		const check = checkFileName(`productlist_${text}.csv`);
		if (check.ok) return { ok: true, timestamp: text };
		return {
			ok: false,
			message: `The timestamp ${text} is not a real date and time (YYYYMMDD_HHMMSS, e.g. 20251024_100000)`,
		};
	}
	if (ISO_DATE_TIME.test(text)) {
		const time = Date.parse(text);
		if (!Number.isNaN(time)) return { ok: true, timestamp: fileTimestamp(new Date(time)) };
	}
	return {
		ok: false,
		message: `The timestamp "${text}" is not in the form YYYYMMDD_HHMMSS (e.g. 20251024_100000). Leave it empty to use the current time`,
	};
}
