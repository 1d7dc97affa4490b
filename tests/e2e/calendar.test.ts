import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
	createUser,
	expectNoSeriousA11yViolations,
	launchBrowser,
	login,
	newContext,
	sharedServer,
	uniqueEmail,
} from './utils.ts'

// Texts from app/meetings/calendar.messages.ts (cs).
const PASSWORD = 'Lípa u rybníka kvete každé léto 1984!'

let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})

afterAll(async () => {
	await browser?.close()
})

/** The link shown once after creating it; only its path, the server's BASE_URL may differ. */
async function shownLink(page: Page) {
	const value = await page.getByLabel('Váš soukromý odkaz pro kalendář').inputValue()
	const match = /\/calendar\/[a-z2-7]+\.ics$/.exec(value)
	expect(match, value).not.toBeNull()
	return match![0]
}

/** Fetches the feed as a calendar app would: no cookies, no session. */
function fetchFeed(baseUrl: string, path: string) {
	return fetch(new URL(path, baseUrl))
}

describe('the private calendar link on "Můj účet"', () => {
	test('create it, add it to a calendar, replace it and remove it', async () => {
		const { baseUrl, databaseFile } = sharedServer()
		const email = uniqueEmail('lucie.benesova')
		await createUser(databaseFile, { email, name: 'Lucie Benešová', password: PASSWORD })
		const page = await (await newContext(browser, baseUrl)).newPage()
		await login(page, email, PASSWORD)
		await page.goto('/account')

		await page.getByRole('heading', { level: 2, name: 'Kalendář' }).waitFor()
		await page.getByText('Zatím nemáte žádný odkaz pro kalendář.').waitFor()
		await page.getByRole('button', { name: 'Vytvořit odkaz pro kalendář' }).click()
		const first = await shownLink(page)
		await page.getByText(/^Outlook: v kalendáři zvolte Přidat kalendář/).waitFor()
		await page.getByText(/^Google Kalendář \(na počítači\)/).waitFor()
		await page.getByText(/^iPhone: Nastavení → Kalendář/).waitFor()
		await expectNoSeriousA11yViolations(page)

		const feed = await fetchFeed(baseUrl, first)
		expect(feed.status).toBe(200)
		expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/)
		const text = await feed.text()
		expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/)
		expect(text).toContain('METHOD:PUBLISH')

		// Shown once: after a reload only the date it was created is left.
		await page.reload()
		await page.getByText(/^Odkaz pro kalendář máte vytvořený /).waitFor()
		expect(await page.getByLabel('Váš soukromý odkaz pro kalendář').count()).toBe(0)

		await page.getByRole('button', { name: 'Vytvořit nový odkaz' }).click()
		const second = await shownLink(page)
		expect(second).not.toBe(first)
		expect((await fetchFeed(baseUrl, first)).status).toBe(404)
		expect((await fetchFeed(baseUrl, second)).status).toBe(200)

		await page.getByRole('button', { name: 'Zrušit odkaz' }).click()
		await page
			.getByRole('status')
			.filter({ hasText: 'Odkaz pro kalendář je zrušený. Starý odkaz už nefunguje.' })
			.waitFor()
		await page.getByRole('button', { name: 'Vytvořit odkaz pro kalendář' }).waitFor()
		expect((await fetchFeed(baseUrl, second)).status).toBe(404)
	})
})
