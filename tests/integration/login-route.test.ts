import { describe, expect, test } from 'vitest'
import { validateSessionToken } from '#app/auth/session.server.ts'
import { createUser } from '#app/auth/users.server.ts'
import { action as loginAction } from '#app/routes/login.tsx'
import { action as logoutAction } from '#app/routes/logout.tsx'
import { answered } from '#tests/setup/route-helpers.ts'

const PASSWORD = 'Zelena-louka-u-Jizery-2026'
const context = { clientIp: '203.0.113.9', requestId: 'test' }

function post(path: string, fields: Record<string, string>, cookie?: string) {
	return new Request(`http://localhost:3000${path}`, {
		method: 'POST',
		body: new URLSearchParams(fields),
		headers: cookie ? { Cookie: cookie } : {},
	})
}

/** A redirect (signed in or refused early), or the refused form's payload (answered 400). */
async function callLogin(fields: Record<string, string>) {
	try {
		const result = await loginAction({ request: post('/login', fields), params: {}, context })
		if (result instanceof Response) return result
		const { payload, status } = answered(result)
		expect(status).toBe(400)
		return payload
	} catch (thrown) {
		return thrown
	}
}

function sessionCookie(response: Response) {
	const header = response.headers.get('Set-Cookie') ?? ''
	return header.split(';')[0]!
}

describe('POST /login and /logout', () => {
	test('the right password answers a redirect with an HttpOnly, SameSite=Lax session cookie', async () => {
		await createUser({ email: 'hana@example.cz', name: 'Hana Černá', password: PASSWORD })
		const response = (await callLogin({
			email: 'Hana@Example.cz',
			password: PASSWORD,
			redirectTo: '/groups',
		})) as Response
		expect(response.status).toBe(302)
		expect(response.headers.get('Location')).toBe('/groups')
		const setCookie = response.headers.get('Set-Cookie')!
		expect(setCookie).toMatch(/^sitovka_session=[a-z2-7]{24}\.[a-z2-7]{24};/)
		expect(setCookie).toContain('HttpOnly')
		expect(setCookie).toContain('SameSite=Lax')
		expect(setCookie).not.toContain('Secure')
		const token = sessionCookie(response).split('=')[1]!
		expect(validateSessionToken(token)?.user.name).toBe('Hana Černá')

		const out = (await logoutAction({
			request: post('/logout', {}, sessionCookie(response)),
			params: {},
			context,
		})) as Response
		expect(out.status).toBe(302)
		expect(out.headers.get('Set-Cookie')).toContain('Max-Age=0')
		expect(validateSessionToken(token)).toBeNull()
	})

	test('a foreign redirectTo is ignored', async () => {
		await createUser({ email: 'karel@example.cz', name: 'Karel Malý', password: PASSWORD })
		const response = (await callLogin({
			email: 'karel@example.cz',
			password: PASSWORD,
			redirectTo: '//evil.example/steal',
		})) as Response
		expect(response.headers.get('Location')).toBe('/')
	})

	test('wrong password and unknown e-mail get the same generic message; the e-mail stays, the password does not', async () => {
		await createUser({ email: 'lucie@example.cz', name: 'Lucie Horáková', password: PASSWORD })
		const wrong = (await callLogin({ email: 'lucie@example.cz', password: 'nespravne' })) as {
			result: { error: Record<string, string[]>; initialValue: Record<string, string> }
		}
		const unknown = (await callLogin({
			email: 'nikdo@example.cz',
			password: 'nespravne',
		})) as typeof wrong
		expect(wrong.result.error['']).toEqual(['auth.login.invalid'])
		expect(unknown.result.error['']).toEqual(['auth.login.invalid'])
		expect(wrong.result.initialValue.email).toBe('lucie@example.cz')
		expect(wrong.result.initialValue.password).toBeUndefined()
	})

	test('throttled sign-in says how long to wait', async () => {
		await createUser({ email: 'milan@example.cz', name: 'Milan Beneš', password: PASSWORD })
		for (let i = 0; i < 5; i++) await callLogin({ email: 'milan@example.cz', password: 'x' })
		const throttled = (await callLogin({ email: 'milan@example.cz', password: PASSWORD })) as {
			result: { error: Record<string, string[]> }
		}
		expect(throttled.result.error['']![0]).toMatch(
			/^auth\.login\.throttledSeconds\|count=(2\d|30)$/,
		)
	})
})
