/**
 * Fixed sample rows for the indexes the sandbox does not model (users, transactions, vouchers,
 * wallet-ledger). Column names are the sandbox's invention except the documented filter fields:
 * users `created_date`, transactions and wallet-ledger `timestamp`, vouchers `date_time_redeemed`.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const at = (now: number, daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();

export function sampleRows(index: string, chainId: number, now: number): Record<string, unknown>[] {
	switch (index) {
		case 'users':
			return [
				{
					id: 5001,
					chain_id: chainId,
					email: 'ada@example.test',
					first_name: 'Ada',
					country: 'NL',
					created_date: at(now, 400),
				},
				{
					id: 5002,
					chain_id: chainId,
					email: 'bo@example.test',
					first_name: 'Bo',
					country: 'GB',
					created_date: at(now, 20),
				},
				{
					id: 5003,
					chain_id: chainId,
					email: 'cy@example.test',
					first_name: 'Cy',
					country: 'NL',
					created_date: at(now, 0.5),
				},
			];
		case 'transactions':
			return [
				{
					id: 7001,
					user_id: 5001,
					total_value: 59.9,
					currency: 'EUR',
					branch_owner_code: 'STORE-1',
					timestamp: at(now, 3),
				},
				{
					id: 7002,
					user_id: 5002,
					total_value: 12.5,
					currency: 'EUR',
					branch_owner_code: 'WEB',
					timestamp: at(now, 0.2),
				},
				{
					id: 7003,
					user_id: 5003,
					total_value: 130,
					currency: 'EUR',
					branch_owner_code: 'STORE-2',
					timestamp: at(now, 40),
				},
			];
		case 'vouchers':
			return [
				{
					id: 9001,
					user_id: 5001,
					voucher_key: 'V-9001',
					amount: 5,
					status: 'redeemed',
					date_time_redeemed: at(now, 2),
				},
				{
					id: 9002,
					user_id: 5002,
					voucher_key: 'V-9002',
					amount: 10,
					status: 'claimed',
					date_time_redeemed: null,
				},
			];
		case 'wallet-ledger':
			return [
				{
					id: 11001,
					user_id: 5001,
					amount: 2.5,
					type: 'credit',
					description: 'Purchase reward',
					timestamp: at(now, 0.1),
				},
				{
					id: 11002,
					user_id: 5001,
					amount: -5,
					type: 'debit',
					description: 'Voucher',
					timestamp: at(now, 2),
				},
				{
					id: 11003,
					user_id: 5002,
					amount: 1,
					type: 'credit',
					description: 'Birthday',
					timestamp: at(now, 10),
				},
			];
		default:
			return [];
	}
}
