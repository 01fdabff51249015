/**
 * A throwaway self-signed certificate for the sandbox's HTTPS mode, made with node:crypto alone
 * (Node has no X.509 writer, and the sandbox should need no openssl binary or extra package).
 * P-256 key, ECDSA-SHA256 signature, valid for 127.0.0.1 and localhost for one day. Clients trust
 * it by passing it as their CA (or NODE_EXTRA_CA_CERTS for a separate n8n process), never by
 * turning certificate checks off.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

function length(size: number): Buffer {
	if (size < 0x80) return Buffer.from([size]);
	const bytes: number[] = [];
	for (let rest = size; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
	const body = Buffer.concat(content);
	return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...content: Buffer[]) => tlv(0x30, ...content);

function oid(dotted: string): Buffer {
	const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
	const bytes = [first * 40 + second];
	for (const part of rest) {
		const chunk = [part & 0x7f];
		for (let value = part >> 7; value > 0; value >>= 7) chunk.unshift(0x80 | (value & 0x7f));
		bytes.push(...chunk);
	}
	return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
	const iso = date.toISOString();
	const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
	return tlv(0x17, Buffer.from(text, 'ascii'));
}

function commonName(name: string): Buffer {
	return sequence(tlv(0x31, sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(name, 'utf8')))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
	return sequence(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

function pem(label: string, der: Buffer): string {
	const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export interface SandboxCertificate {
	/** PEM; the CA a client passes to trust the sandbox (it is its own issuer). */
	cert: string;
	/** PEM (PKCS#8). */
	key: string;
}

export function selfSignedCertificate(now = new Date()): SandboxCertificate {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
	const name = commonName('Spaaza sandbox (throwaway)');
	const serial = randomBytes(16);
	serial[0] &= 0x7f;
	const subjectAltName = sequence(
		tlv(0x87, Buffer.from([127, 0, 0, 1])),
		tlv(0x82, Buffer.from('localhost', 'ascii')),
	);
	const tbs = sequence(
		tlv(0xa0, tlv(0x02, Buffer.from([2]))),
		tlv(0x02, serial),
		ecdsaWithSha256,
		name,
		sequence(
			utcTime(new Date(now.getTime() - 60_000)),
			utcTime(new Date(now.getTime() + 86_400_000)),
		),
		name,
		publicKey.export({ type: 'spki', format: 'der' }),
		tlv(
			0xa3,
			sequence(
				extension('2.5.29.19', true, sequence(tlv(0x01, Buffer.from([0xff])))),
				extension('2.5.29.17', false, subjectAltName),
			),
		),
	);
	const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
	const certificate = sequence(
		tbs,
		ecdsaWithSha256,
		tlv(0x03, Buffer.concat([Buffer.from([0]), signature])),
	);
	return {
		cert: pem('CERTIFICATE', certificate),
		key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
	};
}
