import { renderToString } from 'react-dom/server'
import { Outlet } from 'react-router-dom'
import {
	createStaticHandler,
	createStaticRouter,
	StaticRouterProvider,
} from 'react-router-dom/server'
import { describe, expect, test } from 'vitest'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import type { MessageKey } from '#app/i18n/messages.ts'
import { errorResponse, invariantResponse, type ErrorStatus } from '#app/utils/errors.ts'

/**
 * A refusal thrown by a loader (`errorResponse`, `invariantResponse`) reaches the one error view,
 * which shows the message of its key in the reader's language, or the status's own message.
 */
async function render(refuse: () => never, locale: 'cs' | 'en' = 'cs') {
	const routes = [
		{
			id: 'root',
			path: '/',
			loader: () => ({ locale }),
			element: <Outlet />,
			children: [
				{
					id: 'page',
					index: true,
					loader: () => refuse(),
					element: <p>nikdy</p>,
					errorElement: <GeneralErrorBoundary />,
				},
			],
		},
	]
	const handler = createStaticHandler(routes)
	const context = await handler.query(new Request('http://localhost/'))
	if (context instanceof Response) throw new Error('unexpected redirect')
	const router = createStaticRouter(handler.dataRoutes, context)
	const html = renderToString(<StaticRouterProvider router={router} context={context} />)
	// What the reader sees (the router's hydration data follows in a script).
	return html.slice(0, html.indexOf('<script>'))
}

function refusal(status: ErrorStatus, key?: MessageKey) {
	return () => {
		throw errorResponse(status, key)
	}
}

describe('the error view shows the refusal’s message', () => {
	test('a domain key is shown in Czech (and in English for English readers)', async () => {
		const html = await render(refusal(403, 'decisions.locked.approved'))
		expect(html).toContain('Usnesení jsou součástí schváleného zápisu')
		const english = await render(refusal(403, 'decisions.locked.approved'), 'en')
		expect(english).toContain('The decisions are part of the approved minutes')
	})

	test('without a key, the status decides', async () => {
		expect(await render(refusal(404))).toContain('Tuto stránku jsme nenašli')
		expect(await render(refusal(403))).toContain('K této stránce nemáte přístup')
		expect(await render(refusal(400))).toContain('Tomuto požadavku jsme nerozuměli')
	})

	test('invariantResponse throws the key and status it was given', async () => {
		const html = await render(() => {
			invariantResponse(false, 'decisions.locked.managers', { status: 403 })
			throw new Error('unreachable')
		})
		expect(html).toContain('usnesení teď mění jen svolavatelé')
		const thrown = (() => {
			try {
				invariantResponse(false, 'decisions.locked.managers', { status: 403 })
			} catch (error) {
				return error
			}
		})() as Response
		expect(thrown.status).toBe(403)
		expect(await thrown.json()).toEqual({ error: 'decisions.locked.managers' })
	})

	test('a body that is not a known key never reaches the page', async () => {
		const html = await render(() => {
			throw Response.json({ error: '<script>alert(1)</script>' }, { status: 404 })
		})
		expect(html).toContain('Tuto stránku jsme nenašli')
		expect(html).not.toContain('alert(1)')
		const unknown = await render(() => {
			throw Response.json({ error: 'nic.takoveho' }, { status: 403 })
		})
		expect(unknown).toContain('K této stránce nemáte přístup')
	})
})
