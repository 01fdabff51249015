/**
 * Spaaza wants ISO 8601 UTC instants (`2026-05-26T12:00:00Z`), while n8n's date-time fields hand
 * over wall-clock strings without an offset (`2026-05-26T12:00:00`) that mean "in the workflow's
 * time zone". These helpers bridge the two without a date library.
 */

const OFFSET_SUFFIX = /(Z|[+-]\d{2}:?\d{2})$/i;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/** Formats an instant the way Spaaza's examples do: no milliseconds unless they are non-zero. */
export function formatUtcIso(date: Date): string {
	return date.toISOString().replace('.000Z', 'Z');
}

/** How far ahead of UTC (in ms) the wall clock of `timeZone` is at `instant`. */
function zoneOffsetMs(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * Converts a date-time value from an n8n parameter into an ISO 8601 UTC string. Values that carry
 * their own offset (or are Date objects) are exact; wall-clock values are read in `timeZone`.
 * Returns undefined when the value is not a date.
 */
export function toUtcIso(value: unknown, timeZone = 'UTC'): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : formatUtcIso(value);
	if (typeof value === 'object' && value !== null && 'toISO' in value) {
		// A Luxon DateTime from an expression such as {{ $now.plus(1, 'hour') }}.
		return toUtcIso(String((value as { toISO: () => string }).toISO()), timeZone);
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (OFFSET_SUFFIX.test(text)) {
		const ms = Date.parse(text);
		return Number.isNaN(ms) ? undefined : formatUtcIso(new Date(ms));
	}
	const m = WALL_CLOCK.exec(text);
	if (!m) return undefined;
	const [year, month, day, hour, minute, second] = m.slice(1, 7).map((p) => Number(p ?? 0));
	const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
	const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
	const check = new Date(wall);
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23)
		return undefined;
	let guess: number;
	try {
		guess = wall - zoneOffsetMs(wall, timeZone);
		// A second pass settles values near a daylight-saving switch.
		guess = wall - zoneOffsetMs(guess, timeZone);
	} catch {
		return undefined;
	}
	return formatUtcIso(new Date(guess));
}
