import { describe, expect, test } from 'vitest'
import { createUser } from '#app/auth/users.server.ts'
import { action as languageAction } from '#app/routes/language.tsx'
import { action as loginAction } from '#app/routes/login.tsx'
import { HOSTILE_REDIRECTS } from '#tests/fixtures/hostile-redirects.ts'

const ORIGIN = 'http://localhost:3000'
const PASSWORD = 'Zelena-louka-u-Jizery-2026'
const context = { clientIp: '203.0.113.21', requestId: 'test' }

/** Runs a route action like Remix does: a thrown Response is the answer, anything else a 500. */
async function answer(run: () => Promise<unknown>) {
	try {
		const result = await run()
		if (result instanceof Response) return result
		throw new Error(`expected a redirect, got ${JSON.stringify(result)}`)
	} catch (thrown) {
		if (thrown instanceof Response) return thrown
		throw thrown
	}
}

function form(path: string, fields: Record<string, string>) {
	return new Request(`${ORIGIN}${path}`, { method: 'POST', body: new URLSearchParams(fields) })
}

/** Where a browser goes with this Location header (WHATWG parsing drops tabs and newlines). */
function destination(response: Response) {
	expect(response.status).toBe(302)
	return new URL(response.headers.get('Location')!, ORIGIN)
}

describe('after signing in, only paths on this site are followed', () => {
	test('hostile redirectTo values land on the home page, never elsewhere and never a 500', async () => {
		await createUser({ email: 'redir@example.cz', name: 'Radek Řídký', password: PASSWORD })
		// The login page copies ?redirectTo= (decoded) into the form's hidden field.
		const fromQuery = new URL(
			`${ORIGIN}/login?redirectTo=%2F%09%2F127.0.0.1:3899%2Fpwned`,
		).searchParams.get('redirectTo')!
		for (const redirectTo of [fromQuery, ...HOSTILE_REDIRECTS]) {
			const response = await answer(() =>
				loginAction({
					request: form('/login', { email: 'redir@example.cz', password: PASSWORD, redirectTo }),
					params: {},
					context,
				}),
			)
			const target = destination(response)
			expect(target.origin, JSON.stringify(redirectTo)).toBe(ORIGIN)
			expect(target.pathname).toBe('/')
			expect(response.headers.get('Set-Cookie')).toMatch(/^sitovka_session=/)
		}
	})

	test('a same-site path is kept', async () => {
		await createUser({ email: 'redir2@example.cz', name: 'Rita Řádná', password: PASSWORD })
		const response = await answer(() =>
			loginAction({
				request: form('/login', {
					email: 'redir2@example.cz',
					password: PASSWORD,
					redirectTo: '/meetings/abc?tab=agenda',
				}),
				params: {},
				context,
			}),
		)
		expect(response.headers.get('Location')).toBe('/meetings/abc?tab=agenda')
	})

	test('switching the language follows the same rule', async () => {
		for (const redirectTo of HOSTILE_REDIRECTS) {
			const response = await answer(() =>
				languageAction({
					request: form('/language', { locale: 'en', redirectTo }),
					params: {},
					context,
				}),
			)
			expect(destination(response).origin).toBe(ORIGIN)
		}
	})
})
