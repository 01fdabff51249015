import type { INodeProperties } from 'n8n-workflow';

import { VARIANT_UPSERT, upsertProperties } from '../spaaza/upsert';

export const properties: INodeProperties[] = upsertProperties(VARIANT_UPSERT);
