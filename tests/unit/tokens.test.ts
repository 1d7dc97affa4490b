import { describe, expect, test } from 'vitest'
import {
	generateSecureRandomString,
	hashSecret,
	hashToken,
	verifySecret,
} from '#app/auth/tokens.server.ts'

describe('session secrets', () => {
	test('random strings are 24 base32 characters and never repeat', () => {
		const seen = new Set<string>()
		for (let i = 0; i < 1000; i++) {
			const value = generateSecureRandomString()
			expect(value).toMatch(/^[a-z2-7]{24}$/)
			seen.add(value)
		}
		expect(seen.size).toBe(1000)
	})

	test('a secret verifies against its own SHA-256 hash and nothing else', () => {
		const secret = generateSecureRandomString()
		const stored = hashSecret(secret)
		expect(stored).toHaveLength(32)
		expect(verifySecret(secret, stored)).toBe(true)
		expect(verifySecret(`${secret.slice(0, -1)}a`, stored)).toBe(secret.endsWith('a'))
		expect(verifySecret(generateSecureRandomString(), stored)).toBe(false)
		expect(verifySecret(secret, stored.subarray(0, 16))).toBe(false)
	})

	test('token hashes are hex SHA-256 (known vector)', () => {
		expect(hashToken('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
		)
	})
})
