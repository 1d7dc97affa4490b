import { describe, expect, test } from 'vitest'
import { attemptLogin } from '#app/auth/login.server.ts'
import { THROTTLE_RULES, waitAfterFailures } from '#app/auth/throttle.server.ts'
import { createUser } from '#app/auth/users.server.ts'

const PASSWORD = 'Zelena-louka-u-Jizery-2026'

describe('sign-in throttling', () => {
	test('waits grow with each failure past the free ones, up to a ceiling', () => {
		const free = THROTTLE_RULES.account.freeFailures
		expect(waitAfterFailures('account', free)).toBe(0)
		expect(waitAfterFailures('account', free + 1)).toBe(30_000)
		expect(waitAfterFailures('account', free + 2)).toBe(60_000)
		expect(waitAfterFailures('account', free + 3)).toBe(120_000)
		expect(waitAfterFailures('account', free + 30)).toBe(THROTTLE_RULES.account.maxWaitMs)
	})

	test('an account is locked after repeated wrong passwords, even for the right one, until the wait is over', async () => {
		await createUser({ email: 'petr@example.cz', name: 'Petr Dvořák', password: PASSWORD })
		let now = new Date('2026-03-01T09:00:00Z')
		for (let i = 0; i < THROTTLE_RULES.account.freeFailures; i++) {
			expect(await attemptLogin('petr@example.cz', 'wrong', '10.0.0.1', now)).toEqual({
				ok: false,
				reason: 'invalid',
			})
		}
		expect(await attemptLogin('petr@example.cz', 'wrong', '10.0.0.1', now)).toEqual({
			ok: false,
			reason: 'invalid',
		})
		const locked = await attemptLogin('PETR@example.cz ', PASSWORD, '10.0.0.2', now)
		expect(locked).toEqual({ ok: false, reason: 'throttled', waitMs: 30_000 })

		now = new Date(now.getTime() + 30_001)
		// One more failure after the wait doubles it.
		await attemptLogin('petr@example.cz', 'wrong', '10.0.0.1', now)
		const second = await attemptLogin('petr@example.cz', PASSWORD, '10.0.0.1', now)
		expect(second).toMatchObject({ reason: 'throttled', waitMs: 60_000 })

		now = new Date(now.getTime() + 60_001)
		expect(await attemptLogin('petr@example.cz', PASSWORD, '10.0.0.1', now)).toMatchObject({
			ok: true,
		})
		// Success clears the account counter: a single typo afterwards is not punished.
		expect(await attemptLogin('petr@example.cz', 'typo', '10.0.0.1', now)).toEqual({
			ok: false,
			reason: 'invalid',
		})
		expect(await attemptLogin('petr@example.cz', PASSWORD, '10.0.0.1', now)).toMatchObject({
			ok: true,
		})
	})

	test('one address guessing many accounts is throttled per IP', async () => {
		await createUser({ email: 'eva@example.cz', name: 'Eva Malá', password: PASSWORD })
		const now = new Date('2026-03-01T09:00:00Z')
		for (let i = 0; i < THROTTLE_RULES.ip.freeFailures; i++) {
			await attemptLogin(`guess${i}@example.cz`, 'wrong', '192.0.2.7', now)
		}
		await attemptLogin('guess-last@example.cz', 'wrong', '192.0.2.7', now)
		expect(await attemptLogin('eva@example.cz', PASSWORD, '192.0.2.7', now)).toMatchObject({
			reason: 'throttled',
		})
		// Eva's own office, at another address, is not affected.
		expect(await attemptLogin('eva@example.cz', PASSWORD, '198.51.100.4', now)).toMatchObject({
			ok: true,
		})
	})

	test('unknown e-mail and wrong password give the same answer', async () => {
		await createUser({ email: 'olga@example.cz', name: 'Olga Veselá', password: PASSWORD })
		const unknown = await attemptLogin('nikdo@example.cz', PASSWORD, null)
		const wrong = await attemptLogin('olga@example.cz', 'spatne-heslo', null)
		expect(unknown).toEqual(wrong)
	})
})
