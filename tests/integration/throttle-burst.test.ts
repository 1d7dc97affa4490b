import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { THROTTLE_RULES } from '#app/auth/throttle.server.ts'
import { createUser, findUserByEmail } from '#app/auth/users.server.ts'
import { verifyPassword } from '#app/auth/password.server.ts'
import { createTranslator } from '#app/i18n/i18n.ts'
import { action as accountAction } from '#app/routes/account.tsx'
import { action as loginAction } from '#app/routes/login.tsx'
import { getDb } from '#db/client.ts'
import { loginThrottle } from '#db/schema.ts'
import { person, post, reply, TEST_PASSWORD } from '#tests/setup/route-helpers.ts'

const PASSWORD = 'Zelena-louka-u-Jizery-2026'
const NEW_PASSWORD = 'Modra-obloha-nad-Pisekem-77'

/** One sign-in form submission from `ip`, through the real route action. */
async function signIn(email: string, password: string, ip: string) {
	const request = new Request('http://localhost:3000/login', {
		method: 'POST',
		body: new URLSearchParams({ email, password }),
	})
	try {
		return await loginAction({ request, params: {}, context: { clientIp: ip, requestId: 'test' } })
	} catch (thrown) {
		return thrown
	}
}

function signedIn(result: unknown) {
	return (
		result instanceof Response &&
		/sitovka_session=[^;]/.test(result.headers.get('Set-Cookie') ?? '')
	)
}

/** The form's error of a refused sign-in (answered 400), or '' for a redirect. */
function formError(result: unknown) {
	if (result instanceof Response) return ''
	return reply(result).error?.['']?.[0] ?? ''
}

describe('throttling holds under parallel requests', () => {
	test('60 simultaneous sign-ins for one account: the right password late in the burst does not get in', async () => {
		await createUser({ email: 'burst@example.cz', name: 'Bořek Rychlý', password: PASSWORD })
		const attempts = Array.from({ length: 60 }, (_, index) =>
			signIn(
				'burst@example.cz',
				index === 49 ? PASSWORD : `spatne-${index}`,
				`198.51.100.${index}`,
			),
		)
		const results = await Promise.all(attempts)
		expect(results.filter(signedIn)).toHaveLength(0)
		// Only the free attempts and the one that locked the account were checked at all.
		const evaluated = results.filter((result) => formError(result) === 'auth.login.invalid')
		expect(evaluated).toHaveLength(THROTTLE_RULES.account.freeFailures + 1)
		expect(formError(results[49])).toMatch(/^auth\.login\.throttledSeconds\|count=30$/)
	})

	test('parallel guesses at many accounts from one address are throttled per address', async () => {
		await createUser({ email: 'iva@example.cz', name: 'Iva Nová', password: PASSWORD })
		const ip = '192.0.2.77'
		const results = await Promise.all(
			Array.from({ length: 40 }, (_, index) =>
				index === 35
					? signIn('iva@example.cz', PASSWORD, ip)
					: signIn(`hadani-${index}@example.cz`, 'heslo123', ip),
			),
		)
		expect(results.filter(signedIn)).toHaveLength(0)
		expect(formError(results[35])).toMatch(/^auth\.login\.throttledSeconds\|count=30$/)
		expect(results.filter((result) => formError(result) === 'auth.login.invalid')).toHaveLength(
			THROTTLE_RULES.ip.freeFailures + 1,
		)
		// Iva herself, from her own office's address, is not affected.
		expect(signedIn(await signIn('iva@example.cz', PASSWORD, '203.0.113.50'))).toBe(true)
	})

	test('colleagues signing in behind one office address do not add up to a lock', async () => {
		const ip = '192.0.2.200'
		// Every attempt is counted before it is verified; a right password takes its count back.
		const count = THROTTLE_RULES.ip.freeFailures + 5
		for (let index = 0; index < count; index++) {
			const email = `kolega-${index}@mesto.cz`
			await createUser({ email, name: `Kolega ${index}`, password: PASSWORD })
			// A few make a typo first, as people do.
			if (index % 5 === 0) {
				expect(formError(await signIn(email, 'preklep', ip))).toBe('auth.login.invalid')
			}
			expect(signedIn(await signIn(email, PASSWORD, ip))).toBe(true)
		}
		// Only the typos still count against the address.
		const row = getDb()
			.select({ failures: loginThrottle.failures })
			.from(loginThrottle)
			.where(eq(loginThrottle.key, `ip:${ip}`))
			.get()
		expect(row?.failures).toBe(Math.ceil(count / 5))
	})

	test('the current password on "Můj účet" is throttled like signing in, also in parallel', async () => {
		const jana = await person('jana.ucet@example.cz', 'Jana Účetní')
		const change = (currentPassword: string) =>
			accountAction({
				request: post('/account', jana, {
					intent: 'change-password',
					currentPassword,
					password: NEW_PASSWORD,
				}),
				params: {},
				context: { clientIp: '203.0.113.60', requestId: 'test' },
			})
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, index) =>
				change(index === 25 ? TEST_PASSWORD : `hadam-${index}`),
			),
		)
		const errors = results.map((result) => reply(result).error?.currentPassword?.[0] ?? '')
		expect(errors.filter((error) => error === 'auth.account.wrongPassword')).toHaveLength(
			THROTTLE_RULES.account.freeFailures + 1,
		)
		expect(errors[25]).toBe('auth.login.throttledSeconds|count=30')
		// The password did not change, and nothing typed comes back in the form.
		const user = findUserByEmail(jana.email)!
		expect(await verifyPassword(user.passwordHash, TEST_PASSWORD)).toBe(true)
		expect(reply(results[25]).initialValue?.currentPassword).toBeUndefined()
		expect(reply(results[25]).initialValue?.password).toBeUndefined()
		// The person reads how long to wait, in Czech.
		const [key, param] = errors[25]!.split('|count=')
		expect(
			createTranslator('cs')(key as 'auth.login.throttledSeconds', { count: Number(param) }),
		).toBe('Příliš mnoho neúspěšných pokusů. Zkuste to znovu za 30 sekund.')
		// Guessing there also locks signing in to the same account.
		expect(formError(await signIn(jana.email, TEST_PASSWORD, '203.0.113.61'))).toMatch(
			/^auth\.login\.throttledSeconds/,
		)
	})
})
