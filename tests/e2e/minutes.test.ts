import type { Page } from 'playwright-core'
import { beforeAll, expect, test } from 'vitest'
import { createMeeting } from '#app/meetings/meetings.server.ts'
import {
	browserSessions,
	createGroupWithMembers,
	createUser,
	expectNoSeriousA11yViolations,
	inServerDatabase,
	kolinColleagues,
	pathname,
	scrollWidth,
	sharedServer,
	uniqueEmail,
} from './utils.ts'

// Texts from app/minutes/minutes.messages.ts and app/meetings/meetings.messages.ts (cs).
const SAVED = 'Uloženo'
const OFFLINE = 'Offline – změny se uloží po připojení'
const EDITOR = 'Text zápisu'

const { baseUrl, databaseFile } = sharedServer()
const suffix = Date.now().toString(36)
const { jana, petr } = kolinColleagues()

const eva = {
	name: 'Eva Králová',
	email: uniqueEmail('eva.kralova', 'kr-s.cz'),
	password: 'Krajský úřad sleduje, jak se daří bydlení',
}

const { signedIn } = browserSessions(baseUrl)
let groupId: string
let janaId: string

beforeAll(async () => {
	const janaUser = await createUser(databaseFile, jana)
	janaId = janaUser.id
	const petrUser = await createUser(databaseFile, petr)
	const evaUser = await createUser(databaseFile, eva)
	// Jana convenes the group, Petr is a member and Eva an observer.
	groupId = await createGroupWithMembers(
		databaseFile,
		{ name: `Platforma KMB Kolín ${suffix}`, kind: 'platforma_kmb', scope: 'orp', orpKod: '2104' },
		janaUser.id,
		[
			[petrUser.id, 'member'],
			[evaUser.id, 'observer'],
		],
	)
})

/**
 * A meeting of its own for each test, with empty minutes, written to the server's database:
 * browser pages of other tests stay open until the file ends, and their text, carets and
 * keystrokes must not reach this test's minutes.
 */
async function newMeetingPath(title: string) {
	const meetingId = await inServerDatabase(
		databaseFile,
		() =>
			createMeeting(
				groupId,
				{ title, startsAt: new Date('2027-04-14T07:30:00Z'), place: 'MěÚ Kolín' },
				janaId,
			).id,
	)
	return `/meetings/${meetingId}`
}

function editor(page: Page) {
	return page.getByRole('textbox', { name: EDITOR })
}

function status(page: Page) {
	return page.locator('.minutes-status')
}

async function waitForStatus(page: Page, text: string) {
	await page.locator('.minutes-status', { hasText: text }).waitFor()
}

/** Types at the end of the minutes, on a new line. */
async function typeAtEnd(page: Page, text: string) {
	await editor(page).click()
	await page.keyboard.press('Control+End')
	await page.keyboard.press('Enter')
	await page.keyboard.type(text)
}

async function expectText(page: Page, text: string) {
	await editor(page).filter({ hasText: text }).waitFor()
}

test('two colleagues write the minutes together, offline included, and use the history', async () => {
	// Jana creates the meeting.
	const { page: janaPage } = await signedIn(jana)
	await janaPage.goto(`/groups/${groupId}/meetings/new`)
	await janaPage.getByRole('heading', { level: 1, name: 'Nové setkání' }).waitFor()
	await expectNoSeriousA11yViolations(janaPage)
	await janaPage.getByLabel('Název setkání').fill('Březnové setkání platformy')
	await janaPage.getByLabel('Začátek').fill('2027-03-24T09:30')
	await janaPage.getByLabel(/^Místo/).fill('MěÚ Kolín, zasedací místnost')
	await janaPage.getByRole('button', { name: 'Založit setkání' }).click()
	await janaPage.getByRole('heading', { level: 1, name: 'Březnové setkání platformy' }).waitFor()
	expect(pathname(janaPage)).toMatch(/^\/meetings\/[a-z0-9]+$/)
	const meetingPath = pathname(janaPage)
	await janaPage.getByText('24. 3. 2027 9:30').waitFor()
	await waitForStatus(janaPage, SAVED)

	// Petr opens the same minutes.
	const { context: petrContext, page: petrPage } = await signedIn(petr)
	await petrPage.goto(meetingPath)
	await waitForStatus(petrPage, SAVED)

	// Each types; each sees the other's text, name and caret.
	await typeAtEnd(janaPage, 'Přítomni: Nováková, Svoboda')
	await expectText(petrPage, 'Přítomni: Nováková, Svoboda')
	await typeAtEnd(petrPage, 'Bod 1: volné byty v Kolíně')
	await expectText(janaPage, 'Bod 1: volné byty v Kolíně')
	const janaPresence = janaPage.getByRole('list', { name: 'Právě v zápisu' })
	await janaPresence.getByText('Petr Svoboda').waitFor()
	await janaPresence.getByText('Jana Nováková (vy)').waitFor()
	await petrPage.getByRole('list', { name: 'Právě v zápisu' }).getByText('Jana Nováková').waitFor()
	await janaPage.locator('.collaboration-carets__label', { hasText: 'Petr Svoboda' }).waitFor()
	await petrPage.locator('.collaboration-carets__label', { hasText: 'Jana Nováková' }).waitFor()
	await waitForStatus(janaPage, SAVED)
	await expectNoSeriousA11yViolations(janaPage)

	// Petr loses the connection and keeps writing; Jana writes meanwhile.
	await petrContext.setOffline(true)
	await waitForStatus(petrPage, OFFLINE)
	await typeAtEnd(petrPage, 'Psáno bez připojení')
	await typeAtEnd(janaPage, 'Mezitím online')
	await waitForStatus(janaPage, SAVED)
	expect(await status(petrPage).textContent()).toContain(OFFLINE)
	await petrContext.setOffline(false)
	await waitForStatus(petrPage, SAVED)
	await expectText(janaPage, 'Psáno bez připojení')
	await expectText(petrPage, 'Mezitím online')

	// Who wrote what.
	await janaPage.getByRole('button', { name: 'Barvit podle autorů' }).click()
	const legend = janaPage.getByRole('list', { name: 'Kdo co napsal' })
	await legend.getByText('Jana Nováková').waitFor()
	await legend.getByText('Petr Svoboda').waitFor()
	const coloured = janaPage.getByRole('document', { name: 'Zápis obarvený podle autorů' })
	await coloured.locator('span.ychange[title="Petr Svoboda"]', { hasText: 'Bod 1' }).waitFor()
	await coloured.locator('span.ychange[title="Jana Nováková"]', { hasText: 'Přítomni' }).waitFor()
	await expectNoSeriousA11yViolations(janaPage)
	await janaPage.getByRole('button', { name: 'Barvit podle autorů' }).click()
	await editor(janaPage).waitFor()

	// A named version, more text, then back to the version.
	await janaPage.getByRole('link', { name: 'Historie verzí' }).click()
	await janaPage.getByRole('heading', { level: 2, name: 'Historie verzí' }).waitFor()
	await janaPage.getByLabel('Název verze').fill('Před doplněním')
	await janaPage.getByRole('button', { name: 'Uložit verzi' }).click()
	await janaPage.getByText('Verze byla uložena.').waitFor()
	await typeAtEnd(janaPage, 'Doplněk po uložení verze')
	await expectText(petrPage, 'Doplněk po uložení verze')
	await waitForStatus(janaPage, SAVED)

	await janaPage.getByRole('link', { name: 'Před doplněním' }).click()
	await janaPage.getByRole('heading', { level: 3, name: 'Verze: Před doplněním' }).waitFor()
	const versionText = janaPage.getByRole('document', { name: 'Text verze Před doplněním' })
	await versionText.getByText('Psáno bez připojení').waitFor()
	expect(await versionText.textContent()).not.toContain('Doplněk po uložení verze')
	await janaPage.getByRole('button', { name: 'Porovnat s aktuálním zněním' }).click()
	await janaPage
		.getByRole('document', { name: 'Aktuální znění porovnané s verzí Před doplněním' })
		.locator('span.ychange[data-ychange="added"]', { hasText: 'Doplněk po uložení verze' })
		.waitFor()
	await expectNoSeriousA11yViolations(janaPage)

	await janaPage.getByRole('button', { name: 'Obnovit tuto verzi' }).click()
	await janaPage.getByRole('button', { name: 'Ano, obnovit' }).click()
	await janaPage.getByText('Verze byla obnovena.', { exact: false }).waitFor()
	expect(pathname(janaPage)).toBe(meetingPath)
	await expectText(janaPage, 'Psáno bez připojení')
	await expect
		.poll(() => editor(janaPage).textContent(), { timeout: 10_000 })
		.not.toContain('Doplněk po uložení verze')
	await expect
		.poll(() => editor(petrPage).textContent(), { timeout: 10_000 })
		.not.toContain('Doplněk po uložení verze')

	// The history has the text before the restore and the restore itself.
	await janaPage.getByRole('link', { name: 'Historie verzí' }).click()
	await janaPage.getByRole('link', { name: 'Obnoveno z verze „Před doplněním“' }).waitFor()
	await janaPage.getByRole('cell', { name: 'automatická' }).first().waitFor()
})

test('the minutes work on a phone (360 px): no sideways scrolling, the toolbar wraps', async () => {
	const meetingPath = await newMeetingPath('Dubnové setkání platformy')
	const { page } = await signedIn(petr, { viewport: { width: 360, height: 740 } })
	await page.goto(meetingPath)
	await waitForStatus(page, SAVED)
	await page.getByRole('toolbar', { name: 'Formátování zápisu' }).waitFor()
	await typeAtEnd(page, 'Z telefonu')
	await waitForStatus(page, SAVED)

	// The toolbar is one tab stop; arrow keys move along it.
	await page.getByRole('button', { name: 'Tučně' }).focus()
	await page.keyboard.press('ArrowRight')
	expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Kurzíva')
	await page.keyboard.press('End')
	expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Znovu')

	// A link, through the dialog (not window.prompt); a bad address is explained.
	await editor(page).click()
	await page.keyboard.press('Control+End')
	await page.keyboard.press('Enter')
	await page.getByRole('button', { name: 'Odkaz' }).click()
	const dialog = page.getByRole('dialog', { name: 'Odkaz' })
	await dialog.getByLabel('Webová adresa').fill('mpsv')
	await dialog.getByRole('button', { name: 'Použít' }).click()
	await dialog.getByText('Zadejte celou webovou adresu, např. https://www.mpsv.cz.').waitFor()
	await dialog.getByLabel('Webová adresa').fill('www.mpsv.cz')
	await dialog.getByRole('button', { name: 'Použít' }).click()
	await editor(page).locator('a[href="https://www.mpsv.cz/"]').waitFor()
	expect(await dialog.isVisible()).toBe(false)
	await waitForStatus(page, SAVED)
	expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
	await expectNoSeriousA11yViolations(page)
})

/** Whether the browser's stored copy of the minutes (IndexedDB) contains the text. */
function storedLocally(page: Page, text: string) {
	return page.evaluate(async (needle) => {
		const names = (await indexedDB.databases()).map((db) => db.name ?? '')
		for (const name of names.filter((candidate) => candidate.startsWith('sitovka:'))) {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(name)
				request.onsuccess = () => resolve(request.result)
				request.onerror = () => reject(request.error)
			})
			const updates = await new Promise<Uint8Array[]>((resolve, reject) => {
				const request = db.transaction('updates').objectStore('updates').getAll()
				request.onsuccess = () => resolve(request.result as Uint8Array[])
				request.onerror = () => reject(request.error)
			})
			db.close()
			const decoder = new TextDecoder()
			if (updates.some((update) => decoder.decode(update).includes(needle))) return true
		}
		return false
	}, text)
}

test('text typed offline survives a closed tab and is sent on the next visit', async () => {
	const note = 'Poznámka z terénu bez signálu'
	const meetingPath = await newMeetingPath('Setkání v terénu')
	const { context, page } = await signedIn(petr)
	await page.goto(meetingPath)
	await waitForStatus(page, SAVED)
	await context.setOffline(true)
	await waitForStatus(page, OFFLINE)
	await editor(page).click()
	await page.keyboard.press('Control+End')
	await page.keyboard.press('Enter')
	await page.keyboard.insertText(note)
	await expect.poll(() => storedLocally(page, note), { timeout: 10_000 }).toBe(true)
	await page.close()

	await context.setOffline(false)
	const again = await context.newPage()
	await again.goto(meetingPath)
	await expectText(again, note)
	await waitForStatus(again, SAVED)
	// It reached the server: someone else sees it.
	const { page: janaPage } = await signedIn(jana)
	await janaPage.goto(meetingPath)
	await expectText(janaPage, note)
})

test('an observer reads the minutes but cannot change them', async () => {
	// Jana writes a line; her caret stays at its end. (A writer's caret inside the line would put
	// their name into the editor's text, so nobody else has these minutes open.)
	const meetingPath = await newMeetingPath('Květnové setkání platformy')
	const { page: janaPage } = await signedIn(jana)
	await janaPage.goto(meetingPath)
	await waitForStatus(janaPage, SAVED)
	await typeAtEnd(janaPage, 'Přítomni: Nováková, Svoboda')

	const { page } = await signedIn(eva)
	await page.goto(meetingPath)
	await page.getByText('Jen pro čtení').waitFor()
	await waitForStatus(page, 'Aktuální znění')
	await expectText(page, 'Přítomni: Nováková, Svoboda')
	expect(await editor(page).getAttribute('aria-readonly')).toBe('true')
	expect(await editor(page).getAttribute('contenteditable')).toBe('false')
	expect(await page.getByRole('toolbar').count()).toBe(0)
	await page.getByRole('link', { name: 'Historie verzí' }).click()
	await page.getByRole('heading', { level: 2, name: 'Historie verzí' }).waitFor()
	expect(await page.getByRole('button', { name: 'Uložit verzi' }).count()).toBe(0)
	await expectNoSeriousA11yViolations(page)
})
