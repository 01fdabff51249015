/** Assertions both upsert node tests share: the public parameters of README "Spaaza Upsert Product / Spaaza Upsert Variant". */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

function property(properties: INodeProperties[], name: string): INodeProperties {
	const found = properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`No parameter ${name}`);
	return found;
}

export function expectUpsertDescription(
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
export function manualFieldNames(
	properties: INodeProperties[],
	top: Record<string, string>,
): string[] {
	const extra = (property(properties, 'additionalFields').options as INodeProperties[]).map(
		(option) => option.name,
	);
	for (const param of Object.keys(top))
		expect(property(properties, param).displayOptions).toEqual({
			show: { mappingMode: ['manual'] },
		});
	return [...Object.values(top), ...extra];
}
