import fc from 'fast-check';

import {
	PRODUCT_FIELDS,
	VARIANT_FIELDS,
	hasControlCharacter,
	readerFor,
	type FieldRule,
} from '../../../../nodes/core/records';

/** Pieces that have broken CSV writers and readers: separators, quotes, line ends, spaces, formulas. */
const TRICKY = fc.constantFrom(
	',',
	'"',
	'""',
	'\n',
	'\r\n',
	'\r',
	' ',
	'  ',
	'\t',
	'\u00a0',
	'\uFEFF',
	'\u2028',
	'é',
	'ü',
	'ß',
	'日本',
	'😀',
	'𝄞',
	'e\u0301',
	'=1+1',
	'+31',
	'-5',
	'@sum',
	';',
	'\\',
	"'",
	'#',
	'\0',
);

/** Arbitrary Unicode text (astral characters included, no lone surrogates) laced with tricky pieces. */
export const text = (maxPieces = 6): fc.Arbitrary<string> =>
	fc
		.array(
			fc.oneof(TRICKY, fc.string({ unit: 'binary', maxLength: 4 }), fc.string({ maxLength: 6 })),
			{ maxLength: maxPieces },
		)
		.map((pieces) => pieces.join(''));

/** A value in the form the shared field reader returns, i.e. what a valid record holds. */
function canonical(rule: FieldRule, arb: fc.Arbitrary<string>): fc.Arbitrary<string> {
	const read = readerFor(rule);
	// An empty string is "not provided" to the record check and to the parser alike.
	return arb.filter((value) => value !== '' && read(value) === value);
}

const digits = (min: number, max: number) =>
	fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

const decimal = fc.oneof(
	fc.constantFrom('0', '25.00', '1501.23', '0.5', '007.50', '12.5'),
	fc
		.tuple(digits(1, 9), fc.option(digits(1, 4), { nil: undefined }))
		.map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`)),
);

const urlText = fc.string({
	unit: fc.oneof(
		fc.constantFrom(...'abc-._~%,"\'=+@!$&*()日本é😀'),
		fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
	),
	maxLength: 12,
});
const url = fc
	.tuple(
		fc.constantFrom('http://', 'https://', 'HTTPS://'),
		urlText,
		fc.constantFrom('', '/', '?', '#'),
		urlText,
	)
	.map(
		([scheme, host, separator, rest]) =>
			`${scheme}${host || 'example.com'}${separator}${separator ? rest : ''}`,
	);

const barcode = fc.oneof(
	digits(1, 13).map((code) => `0${code}`),
	digits(20, 20),
	digits(8, 14),
	text(3),
);

function valueOf(rule: FieldRule): fc.Arbitrary<unknown> {
	switch (rule.type) {
		case 'integer':
			return fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
		case 'decimal':
			return decimal;
		case 'boolean':
			return fc.boolean();
		case 'url':
			return canonical(rule, url);
		default:
			return canonical(
				rule,
				rule.name === 'owner_code' || rule.name === 'product_owner_code'
					? fc.oneof(text(4), digits(1, 8))
					: text(),
			);
	}
}

/** Extra (non-Spaaza) columns: lowercase names the parser passes through, with odd characters. */
const EXTRA_KEYS = [
	'season_code',
	'colour code',
	'notes,internal',
	'quote"d',
	'ünïcode',
	'multi\nline',
	'cr\rkey',
	'x=y',
];
// Only text the parser passes through: no control characters (Build rejects those, as Parse does).
const extras = fc.dictionary(
	fc.constantFrom(...EXTRA_KEYS),
	text().filter((value) => value.trim() !== '' && !hasControlCharacter(value)),
	{ maxKeys: 3 },
);

function optionalFields(rules: readonly FieldRule[], skip: readonly string[]) {
	const shape: Record<string, fc.Arbitrary<unknown>> = {};
	for (const rule of rules) if (!skip.includes(rule.name)) shape[rule.name] = valueOf(rule);
	return fc.record(shape, { requiredKeys: [] });
}

const byName = (rules: readonly FieldRule[], name: string) =>
	rules.find((rule) => rule.name === name) as FieldRule;

/** A valid product record in normal form: owner_code and name, or only the id of an existing product. */
export const product = fc
	.tuple(
		fc.oneof(
			{
				weight: 4,
				arbitrary: fc.record({
					owner_code: valueOf(byName(PRODUCT_FIELDS, 'owner_code')),
					name: valueOf(byName(PRODUCT_FIELDS, 'name')),
				}),
			},
			{ weight: 1, arbitrary: fc.record({ id: valueOf(byName(PRODUCT_FIELDS, 'id')) }) },
		),
		optionalFields(PRODUCT_FIELDS, ['owner_code', 'name', 'id']),
		extras,
	)
	.map(
		([identity, fields, other]) =>
			({ ...other, ...fields, ...identity }) as Record<string, unknown>,
	);

/** Products with distinct identities (the parser's: owner_code, else id). */
export const products = fc.uniqueArray(product, {
	maxLength: 8,
	selector: (record) =>
		record.owner_code !== undefined ? `s:${String(record.owner_code)}` : `n:${String(record.id)}`,
});

const variant = fc
	.tuple(
		fc.record({
			owner_code: valueOf(byName(VARIANT_FIELDS, 'owner_code')),
			barcodes: fc.uniqueArray(canonical(byName(VARIANT_FIELDS, 'barcodes'), barcode), {
				minLength: 1,
				maxLength: 4,
			}),
		}),
		fc.oneof(
			fc.record({ product_owner_code: valueOf(byName(VARIANT_FIELDS, 'product_owner_code')) }),
			fc.record({ product_id: valueOf(byName(VARIANT_FIELDS, 'product_id')) }),
			fc.record({
				product_owner_code: valueOf(byName(VARIANT_FIELDS, 'product_owner_code')),
				product_id: valueOf(byName(VARIANT_FIELDS, 'product_id')),
			}),
		),
		optionalFields(VARIANT_FIELDS, ['owner_code', 'barcodes', 'product_id', 'product_owner_code']),
		extras,
	)
	.map(
		([identity, product, fields, other]) =>
			({ ...other, ...fields, ...product, ...identity }) as Record<string, unknown>,
	);

/** Variants with distinct owner codes and no barcode shared between two of them. */
export const variants = fc
	.uniqueArray(variant, { maxLength: 6, selector: (record) => record.owner_code })
	.map((list) => {
		const seen = new Set<string>();
		return list
			.map((record) => ({
				...record,
				barcodes: (record.barcodes as string[]).filter((code) => !seen.has(code) && seen.add(code)),
			}))
			.filter((record) => record.barcodes.length > 0);
	});
