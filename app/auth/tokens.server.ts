import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'

/** A random string of 120 bits (24 base32 characters), as the Lucia guide generates them. */
export function generateSecureRandomString(): string {
	const bytes = new Uint8Array(15)
	crypto.getRandomValues(bytes)
	return encodeBase32LowerCaseNoPadding(bytes)
}

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret))
}

/** Hex SHA-256, for single-use tokens looked up by their hash (reset links, invitations). */
export function hashToken(token: string): string {
	return encodeHexLowerCase(hashSecret(token))
}

/** Compares a presented secret with a stored hash in constant time. */
export function verifySecret(secret: string, storedHash: Uint8Array): boolean {
	const presented = hashSecret(secret)
	return presented.length === storedHash.length && constantTimeEqual(presented, storedHash)
}
