import { hash, verify } from '@node-rs/argon2'

/**
 * Argon2id with OWASP's second recommended setting (19 MiB, 2 passes, 1 lane).
 * @node-rs/argon2 defaults to Argon2id.
 */
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 }

export function hashPassword(password: string) {
	return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string) {
	try {
		return await verify(passwordHash, password)
	} catch {
		return false
	}
}

/** A hash of a random password, verified against when the account does not exist, to keep timing even. */
let dummyHash: Promise<string> | undefined
export function getDummyHash() {
	dummyHash ??= hashPassword(crypto.randomUUID())
	return dummyHash
}
