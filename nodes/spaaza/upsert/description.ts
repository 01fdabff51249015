import type { INodeProperties } from 'n8n-workflow';

import {
	chainIdProperty,
	concurrencyOption,
	dryRunOption,
	maxRetriesOption,
	optionsCollection,
} from '../properties';
import type { UpsertKind } from '../../shell/mapping/kinds';
import { manualMappingProperties, mappingModeProperty } from '../../shell/mapping/manual';

/** README "Spaaza Upsert Product / Spaaza Upsert Variant": at most 32 requests in flight, whatever the user types. */
export const MAX_CONCURRENCY = 32;
export const DEFAULT_CONCURRENCY = 4;

/** The parameters both upsert nodes share; only the words and the manual fields differ. */
export function upsertProperties(kind: UpsertKind): INodeProperties[] {
	const { noun, plural } = kind;
	return [
		// No notice about admin credentials here: a node panel cannot see which kind of credential is
		// selected, so n8n showed its orange box even with the right one. The credential's Access
		// Token option says it, and a token credential stops the run before anything is sent
		// (SPAAZA_ADMIN_AUTH_REQUIRED, nodes/spaaza/transport/request.ts).
		chainIdProperty(`to write the ${plural} to`),
		mappingModeProperty(
			`Fill in each Spaaza field yourself, for example with expressions from a sheet or shop ${noun}`,
		),
		...manualMappingProperties(kind),
		{
			displayName: `Update Existing ${kind.plural[0].toUpperCase()}${plural.slice(1)}`,
			name: 'updateIfExists',
			type: 'boolean',
			default: true,
			description: `Whether to update a ${noun} that already exists in Spaaza (same owner code). Applies to records that do not say so themselves in an update_if_exists field. When off, an existing ${noun} is reported as rejected.`,
		},
		optionsCollection([
			concurrencyOption(
				DEFAULT_CONCURRENCY,
				MAX_CONCURRENCY,
				`How many ${plural} to send to Spaaza at the same time (1 to ${MAX_CONCURRENCY}). Lower it if Spaaza reports that it is busy.`,
			),
			dryRunOption(
				`Whether to only check the ${plural} and report what would be sent, without sending anything to Spaaza`,
			),
			maxRetriesOption(
				`How many times to try a ${noun} again when Spaaza is busy or the connection drops, waiting a little longer each time`,
			),
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'records',
				options: [
					{
						name: 'One Item per Record',
						value: 'records',
						description: `One item per ${noun} with its status (one item per batch when the input comes in batches)`,
					},
					{
						name: 'Summary and Problems Only',
						value: 'summary',
						description: `One item with the counts, plus one item for each ${noun} that was rejected or could not be sent. Uses much less memory for large imports.`,
					},
				],
				description: `What this node outputs. Choose Summary and Problems Only for large files or small n8n plans: the run then keeps no result for the ${plural} that went in.`,
			},
		]),
	];
}
