import type { Page } from 'playwright-core'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#db/client.ts'
import { meetings } from '#db/schema.ts'
import {
	browserSessions,
	createGroupWithMembers,
	createUser,
	expectNoSeriousA11yViolations,
	inServerDatabase,
	kolinColleagues,
	scrollWidth,
	sharedServer,
} from './utils.ts'

// Texts from app/agenda/agenda.messages.ts (cs).
const TITLE = 'Název bodu'
const MINUTES = 'Plánovaná délka (minuty)'

const { baseUrl, databaseFile } = sharedServer()
const suffix = Date.now().toString(36)
const { jana, petr } = kolinColleagues()

const { signedIn } = browserSessions(baseUrl)
let agendaPath = ''

/** A group convened by Jana with Petr as a member and a one-hour meeting, written to the db. */
async function createMeeting(convenorId: string, memberId: string) {
	const groupId = await createGroupWithMembers(
		databaseFile,
		{
			name: `Pracovní skupina Bydlení ${suffix}`,
			kind: 'platforma_kmb',
			scope: 'orp',
			orpKod: '2104',
		},
		convenorId,
		[[memberId, 'member']],
	)
	return inServerDatabase(
		databaseFile,
		() =>
			getDb()
				.insert(meetings)
				.values({
					groupId,
					title: 'Květnové setkání pracovní skupiny',
					startsAt: new Date('2027-05-06T07:00:00Z'),
					endsAt: new Date('2027-05-06T08:00:00Z'),
					place: 'MěÚ Kolín',
				})
				.returning({ id: meetings.id })
				.get().id,
	)
}

beforeAll(async () => {
	const janaUser = await createUser(databaseFile, jana)
	const petrUser = await createUser(databaseFile, petr)
	agendaPath = `/meetings/${await createMeeting(janaUser.id, petrUser.id)}/agenda`
})

async function openAgenda(person: { email: string; password: string }) {
	const { page } = await signedIn(person)
	await page.goto(agendaPath)
	await page.getByRole('heading', { level: 2, name: 'Program setkání' }).waitFor()
	await page.locator('.minutes-status', { hasText: 'Uloženo' }).waitFor()
	return page
}

function items(page: Page) {
	return page.getByRole('list', { name: 'Body programu' }).locator(':scope > li')
}

/** The headings of the items in order ("Bod 1: Zahájení", …). */
function headings(page: Page) {
	return items(page).locator('h3').allTextContents()
}

async function addItem(page: Page, title: string, minutes: string) {
	await page.getByRole('button', { name: 'Přidat bod' }).click()
	// Focus moves to the new item's title.
	await page.keyboard.type(title)
	const item = items(page).filter({ has: page.locator(`input[value="${title}"]`) })
	await item.getByLabel(MINUTES).fill(minutes)
	await item.getByLabel(MINUTES).blur()
}

test('two people build the agenda at once, reorder it by keyboard and see the timing', async () => {
	const [janaPage, petrPage] = await Promise.all([openAgenda(jana), openAgenda(petr)])
	await expectNoSeriousA11yViolations(janaPage)

	// Both add items at the same time; each sees the other's.
	await Promise.all([
		addItem(janaPage, 'Zahájení a kontrola úkolů', '10'),
		addItem(petrPage, 'Bytová nouze v ORP Kolín', '30'),
	])
	for (const page of [janaPage, petrPage])
		await expect
			.poll(
				async () => (await headings(page)).map((text) => text.replace(/^Bod \d+: /, '')).sort(),
				{ timeout: 10_000 },
			)
			.toEqual(['Bytová nouze v ORP Kolín', 'Zahájení a kontrola úkolů'])
	await janaPage.getByText('Plánováno 40 z 60 minut setkání.').waitFor()

	// Over the meeting's hour: a clear Czech warning for both, nothing typed is lost.
	await addItem(janaPage, 'Dotazy hostů', '45')
	for (const page of [janaPage, petrPage])
		await page.getByText('Program je o 25 minut delší než setkání.').waitFor()

	// A length that is not a number: an error under the field, the text stays, the sum is unchanged.
	const guests = items(petrPage).filter({ hasText: 'Dotazy hostů' })
	await guests.getByLabel(MINUTES).fill('hodina')
	await guests.getByLabel(MINUTES).blur()
	await petrPage.getByText('Zadejte délku jako celé číslo minut').waitFor()
	expect(await guests.getByLabel(MINUTES).inputValue()).toBe('hodina')
	await petrPage.getByText('Program je o 25 minut delší než setkání.').waitFor()
	await expectNoSeriousA11yViolations(petrPage)

	// Keyboard reorder: the last item moves up; focus follows it and the move is announced.
	const before = await headings(janaPage)
	expect(before[2]).toBe('Bod 3: Dotazy hostů')
	await janaPage.getByRole('button', { name: 'Posunout bod 3 nahoru' }).focus()
	await janaPage.keyboard.press('Enter')
	await janaPage.getByRole('status').filter({ hasText: 'Bod přesunut na pozici 2' }).waitFor()
	await expect
		.poll(() => janaPage.evaluate(() => document.activeElement?.getAttribute('aria-label')))
		.toBe('Posunout bod 2 nahoru')
	expect((await headings(janaPage))[1]).toBe('Bod 2: Dotazy hostů')
	// Again with the keyboard only: to the top; "up" is then disabled, focus goes to "down".
	await janaPage.keyboard.press('Enter')
	await expect
		.poll(() => janaPage.evaluate(() => document.activeElement?.getAttribute('aria-label')))
		.toBe('Posunout bod 1 dolů')
	await expect.poll(async () => (await headings(petrPage))[0]).toBe('Bod 1: Dotazy hostů')

	// Shortening the item clears the warning for everyone.
	const janaGuests = items(janaPage).filter({ hasText: 'Dotazy hostů' })
	await janaGuests.getByLabel(MINUTES).fill('20')
	await janaGuests.getByLabel(MINUTES).blur()
	await petrPage.getByText('Plánováno 60 z 60 minut setkání.').waitFor()
	expect(await petrPage.getByText('Program je o').count()).toBe(0)
	await expect.poll(() => janaGuests.getByLabel(TITLE).inputValue()).toBe('Dotazy hostů')
	await expectNoSeriousA11yViolations(janaPage)

	// Dragging the last item onto the first puts it first, for Petr too.
	// (A tall window: both rows visible, so nothing scrolls during the drag.)
	await janaPage.setViewportSize({ width: 1280, height: 2400 })
	const last = (await headings(janaPage))[2]!.replace(/^Bod 3: /, '')
	await items(janaPage).nth(2).locator('.agenda-item__handle').dragTo(items(janaPage).nth(0))
	await expect.poll(async () => (await headings(petrPage))[0]).toBe(`Bod 1: ${last}`)

	// Usable on a phone: no sideways scrolling at 360 px.
	await janaPage.setViewportSize({ width: 360, height: 800 })
	expect(await scrollWidth(janaPage)).toBeLessThanOrEqual(360)
})
