import { RecordCollector, csvFile, type CollectedRecords } from '../../../../nodes/core/filewriter';
import type { RecordKind } from '../../../../nodes/core/records';

/** Builds one file from records (item i = record i) and returns what was collected and the bytes. */
export async function buildFile(
	kind: RecordKind,
	records: readonly unknown[],
	options: { includeOtherFields?: boolean } = {},
): Promise<{ collected: CollectedRecords; bytes: Buffer }> {
	const collector = new RecordCollector(kind, options);
	records.forEach((record, itemIndex) => collector.add(record, { itemIndex }));
	const collected = collector.finish();
	return { collected, bytes: csvFile(kind, collected.records) };
}

export async function buildText(
	kind: RecordKind,
	records: readonly unknown[],
	options: { includeOtherFields?: boolean } = {},
) {
	const { collected, bytes } = await buildFile(kind, records, options);
	return { collected, text: bytes.toString('utf8') };
}

/** A record as Parse returns it, without the `_source` Build cannot know. */
export function withoutSource(record: Record<string, unknown>): Record<string, unknown> {
	const rest = { ...record };
	delete rest._source;
	return rest;
}
