import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'

/** A random id of 80 bits, 16 lowercase base32 characters. */
export function createId(): string {
	const bytes = new Uint8Array(10)
	crypto.getRandomValues(bytes)
	return encodeBase32LowerCaseNoPadding(bytes)
}
