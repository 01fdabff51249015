/**
 * The public parameters of both upsert nodes (README "Spaaza Upsert Product / Spaaza Upsert
 * Variant"), which share one description builder (nodes/spaaza/upsert/description.ts).
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { SpaazaUpsertProduct } from '../../../../nodes/SpaazaUpsertProduct/SpaazaUpsertProduct.node';
import productCodex from '../../../../nodes/SpaazaUpsertProduct/SpaazaUpsertProduct.node.json';
import { SpaazaUpsertVariant } from '../../../../nodes/SpaazaUpsertVariant/SpaazaUpsertVariant.node';
import variantCodex from '../../../../nodes/SpaazaUpsertVariant/SpaazaUpsertVariant.node.json';
import { PRODUCT_FIELDS, VARIANT_FIELDS } from '../../../../nodes/core/records';

function property(properties: INodeProperties[], name: string): INodeProperties {
	const found = properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`No parameter ${name}`);
	return found;
}

function expectUpsertDescription(
	description: INodeTypeDescription,
	name: string,
	displayName: string,
): void {
	expect(description).toMatchObject({
		name,
		displayName,
		version: 1,
		usableAsTool: true,
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		credentials: [{ name: 'spaazaApi', required: true }],
		inputs: ['main'],
		outputs: ['main'],
	});
	expect(typeof description.subtitle).toBe('string');
	const properties = description.properties;
	// Empty means "the credential's chain"; 0 would read as a chain number.
	expect(property(properties, 'chainId')).toMatchObject({ type: 'number', default: '' });
	expect(property(properties, 'mappingMode')).toMatchObject({ type: 'options', default: 'auto' });
	expect(
		property(properties, 'mappingMode').options?.map(
			(option) => (option as { value: string }).value,
		),
	).toEqual(['auto', 'manual']);
	expect(property(properties, 'updateIfExists')).toMatchObject({ type: 'boolean', default: true });
	const options = property(properties, 'options').options as INodeProperties[];
	expect(options.map((option) => [option.name, option.default])).toEqual([
		['concurrency', 4],
		['dryRun', false],
		['maxRetries', 5],
		['output', 'records'],
	]);
	expect(
		property(options, 'output').options?.map((option) => (option as { value: string }).value),
	).toEqual(['records', 'summary']);
	expect(property(options, 'concurrency').typeOptions).toEqual({ minValue: 1, maxValue: 32 });
	for (const manual of properties.filter((p) => p.displayOptions?.show?.mappingMode)) {
		expect(manual.displayOptions).toEqual({ show: { mappingMode: ['manual'] } });
	}
}

/** API field names the manual mode offers: the top fields (by parameter) plus Additional Fields. */
function manualFieldNames(properties: INodeProperties[], top: Record<string, string>): string[] {
	const extra = (property(properties, 'additionalFields').options as INodeProperties[]).map(
		(option) => option.name,
	);
	for (const param of Object.keys(top))
		expect(property(properties, param).displayOptions).toEqual({
			show: { mappingMode: ['manual'] },
		});
	return [...Object.values(top), ...extra];
}

interface UpsertNode {
	description: INodeTypeDescription;
	codex: { node: string };
	name: string;
	displayName: string;
	/** The Spaaza call the node makes, whose parameters the manual mode offers. */
	endpoint: string;
	fields: ReadonlyArray<{ name: string }>;
	/** The manual mode's top parameters and the API fields they fill. */
	top: Record<string, string>;
}

const UPSERT_NODES: UpsertNode[] = [
	{
		description: new SpaazaUpsertProduct().description,
		codex: productCodex,
		name: 'spaazaUpsertProduct',
		displayName: 'Spaaza Create or Update Product',
		endpoint: 'add-product',
		fields: PRODUCT_FIELDS,
		top: { ownerCode: 'owner_code', productName: 'name' },
	},
	{
		description: new SpaazaUpsertVariant().description,
		codex: variantCodex,
		name: 'spaazaUpsertVariant',
		displayName: 'Spaaza Create or Update Variant',
		endpoint: 'add-product-variant',
		fields: VARIANT_FIELDS,
		top: {
			variantOwnerCode: 'owner_code',
			productOwnerCode: 'product_owner_code',
			barcodes: 'barcodes',
		},
	},
];

describe.each(UPSERT_NODES)(
	'$name',
	({ description, codex, name, displayName, endpoint, fields, top }) => {
		it('has the public name, parameters and defaults of README "Spaaza Upsert Product / Spaaza Upsert Variant"', () => {
			expectUpsertDescription(description, name, displayName);
			expect(codex.node).toBe(`n8n-nodes-spaaza.${name}`);
		});

		it(`offers one manual field per ${endpoint} parameter`, () => {
			const expected = fields
				.map((rule) => rule.name)
				.filter((field) => field !== 'update_if_exists');
			expect(manualFieldNames(description.properties as INodeProperties[], top).sort()).toEqual(
				expected.sort(),
			);
		});
	},
);
