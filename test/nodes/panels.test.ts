import type { INodeProperties, INodeType } from 'n8n-workflow';

import { SpaazaCreateExportTask } from '../../nodes/SpaazaCreateExportTask/SpaazaCreateExportTask.node';
import { packageNodes } from '../support/packageNodes';

// What the node panels show before anything runs (the browser suite, test/ui/, sees them drawn).
const NODES: INodeType[] = packageNodes();

it('no panel shows a warning box whatever is selected: every notice depends on a parameter', () => {
	// n8n draws a `notice` as an orange box. A panel cannot see which kind of credential is selected,
	// so an unconditional notice about it stayed up with the right admin credential too.
	const unconditional = NODES.flatMap((node) =>
		(node.description.properties as INodeProperties[])
			.filter((property) => property.type === 'notice' && !property.displayOptions)
			.map((property) => `${node.description.displayName}: ${property.displayName}`),
	);
	expect(unconditional).toEqual([]);
});

it('Create Export Task says a set time runs the export once, not on a schedule', () => {
	const properties = new SpaazaCreateExportTask().description.properties as INodeProperties[];
	const runAt = properties.find((property) => property.name === 'runAt')!;
	expect(runAt.options).toEqual([
		expect.objectContaining({ name: 'Now', value: 'now' }),
		expect.objectContaining({ name: 'Once at a Set Time', value: 'scheduled' }),
	]);
	const time = properties.find((property) => property.name === 'scheduledTime')!;
	expect(time.displayName).toBe('Start Time');
	expect(time.description).toContain('runs once');
	expect(runAt.description).toContain('Schedule Trigger');
	const labels = [runAt, time].flatMap((property) => [
		property.displayName,
		...(property.options ?? []).map((option) => option.name),
	]);
	expect(labels.filter((label) => /schedul/i.test(label))).toEqual([]);
});
