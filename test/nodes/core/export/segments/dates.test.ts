import { formatUtcIso, toUtcIso } from '../../../../../nodes/core/export/segments';

describe('toUtcIso', () => {
	it.each([
		['2026-05-26T12:00:00Z', 'UTC', '2026-05-26T12:00:00Z'],
		['2026-05-26T14:00:00+02:00', 'America/New_York', '2026-05-26T12:00:00Z'],
		['2026-05-26T12:00:00', 'UTC', '2026-05-26T12:00:00Z'],
		['2026-05-26T12:00:00', 'Europe/Amsterdam', '2026-05-26T10:00:00Z'],
		['2026-01-15T12:00:00', 'Europe/Amsterdam', '2026-01-15T11:00:00Z'],
		['2026-05-26 08:30', 'America/New_York', '2026-05-26T12:30:00Z'],
		['2026-05-26', 'Asia/Tokyo', '2026-05-25T15:00:00Z'],
		['2026-05-26T12:00:00.250', 'UTC', '2026-05-26T12:00:00.250Z'],
	])('%s in %s', (input, zone, expected) => {
		expect(toUtcIso(input, zone)).toBe(expected);
	});

	it('takes Date objects and Luxon-like values from expressions', () => {
		expect(toUtcIso(new Date(Date.UTC(2026, 4, 26, 12)))).toBe('2026-05-26T12:00:00Z');
		expect(toUtcIso({ toISO: () => '2026-05-26T14:00:00.000+02:00' })).toBe('2026-05-26T12:00:00Z');
	});

	it.each(['', 'tomorrow', '2026-02-30T10:00:00', '2026-05-26T25:00:00', 42, null])(
		'rejects %p',
		(input) => {
			expect(toUtcIso(input)).toBeUndefined();
		},
	);

	it('drops zero milliseconds only', () => {
		expect(formatUtcIso(new Date('2026-05-26T12:00:00.000Z'))).toBe('2026-05-26T12:00:00Z');
	});
});
