import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, expect, test } from 'vitest'
import {
	browserSessions,
	createGroupWithMembers,
	createUser,
	kolinColleagues,
	login,
	pathname,
	sharedServer,
} from './utils.ts'

// Texts from app/minutes/minutes.messages.ts and app/auth/auth.messages.ts (cs).
const SAVED = 'Uloženo'
const EDITOR = 'Text zápisu'
const ACCOUNT = 'Můj účet'

const { baseUrl, databaseFile } = sharedServer()
const { jana } = kolinColleagues()
const { anonymous } = browserSessions(baseUrl)
let groupId: string

beforeAll(async () => {
	const janaUser = await createUser(databaseFile, jana)
	groupId = await createGroupWithMembers(
		databaseFile,
		{
			name: `Komunitní plánování Kolín ${Date.now().toString(36)}`,
			kind: 'pracovni_skupina_kp',
			scope: 'orp',
			orpKod: '2104',
		},
		janaUser.id,
	)
})

/**
 * Collects every Content-Security-Policy violation in the profile: the `securitypolicyviolation`
 * events of every page and frame, and Chromium's console messages about refused resources.
 */
async function watchViolations(context: BrowserContext, page: Page) {
	const violations: string[] = []
	await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
		violations.push(text)
	})
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = (window as unknown as { __reportCspViolation: (text: string) => void })
				.__reportCspViolation
			report(`${event.violatedDirective} blocked ${event.blockedURI} on ${location.pathname}`)
		})
	})
	page.on('console', (message) => {
		if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
	})
	return violations
}

test('home, login and live minutes work under the Content Security Policy without one violation', async () => {
	const { context, page } = await anonymous()
	const violations = await watchViolations(context, page)

	// Signed out, the home page leads to the sign-in form; signing in runs Remix's scripts.
	await page.goto('/')
	await page.getByRole('button', { name: 'Přihlásit se' }).waitFor()
	await login(page, jana.email, jana.password)

	// A new meeting opens with its live minutes: the editor (TipTap, its own style element, the
	// socket.io connection) loads, and what Jana types is saved.
	await page.goto(`/groups/${groupId}/meetings/new`)
	await page.getByLabel('Název setkání').fill('Dubnové setkání komunitního plánování')
	await page.getByLabel('Začátek').fill('2027-04-21T09:30')
	await page.getByRole('button', { name: 'Založit setkání' }).click()
	await page
		.getByRole('heading', { level: 1, name: 'Dubnové setkání komunitního plánování' })
		.waitFor()
	const meetingPath = pathname(page)
	await page.locator('.minutes-status', { hasText: SAVED }).waitFor()
	const editor = page.getByRole('textbox', { name: EDITOR })
	await editor.click()
	await page.keyboard.press('Control+End')
	await page.keyboard.press('Enter')
	await page.keyboard.type('Přítomni: Nováková; bod 1 – byty pro rodiny s dětmi')
	await page.locator('.minutes-status', { hasText: SAVED }).waitFor()

	// Saved on the server: a fresh load shows it.
	await page.goto(meetingPath)
	await editor.filter({ hasText: 'bod 1 – byty pro rodiny s dětmi' }).waitFor()
	// TipTap's style element carries the nonce, so its rules apply.
	expect(await page.locator('style[data-tiptap-style]').count()).toBe(1)
	expect(await editor.evaluate((element) => getComputedStyle(element).whiteSpace)).toBe(
		'break-spaces',
	)

	expect(violations).toEqual([])
})

test('another page of the same site cannot show /account in a frame', async () => {
	const { page } = await anonymous()
	await login(page, jana.email, jana.password)
	await page.goto('/account')
	await page.getByRole('heading', { level: 1, name: ACCOUNT }).waitFor()

	// A page served from the same site (here: the same origin, stricter still) frames /account.
	await page.route(`${baseUrl}/ramecek`, (route) =>
		route.fulfill({
			contentType: 'text/html; charset=utf-8',
			body: '<!doctype html><title>Rámeček</title><iframe src="/account" title="účet" onload="document.title = \'načteno\'"></iframe>',
		}),
	)
	await page.goto('/ramecek')
	await page.waitForFunction(() => document.title === 'načteno')
	const frame = page.frames().find((candidate) => candidate !== page.mainFrame())
	expect(frame).toBeDefined()
	expect(frame!.url()).not.toBe(`${baseUrl}/account`)
	await expect(
		page.frameLocator('iframe').getByRole('heading', { name: ACCOUNT }).count(),
	).resolves.toBe(0)
})
