import type { Locator, Page } from 'playwright-core'
import { beforeAll, expect, test } from 'vitest'
import {
	browserSessions,
	createGroupWithMembers,
	createUser,
	expectNoSeriousA11yViolations,
	kolinColleagues,
	pathname,
	sharedServer,
	uniqueEmail,
} from './utils.ts'

// The whole life of a meeting in one walk: a convenor finds a date with a poll that a member and
// a guest without an account answer, confirms it (invitations with a calendar file go out), sets
// the agenda, marks the meeting held with attendance and hands a task to the member, who finds it
// on "Moje úkoly". Texts from app/polls, app/meetings, app/agenda and app/tasks messages (cs).

const { baseUrl, databaseFile } = sharedServer()
const suffix = Date.now().toString(36)
const TITLE = 'Červnové setkání pracovní skupiny Bydlení'

const { jana, petr } = kolinColleagues()
const marta = {
	name: 'Marta Horáková',
	email: uniqueEmail('marta.meetings', 'kr-s.cz'),
	password: 'Správa Síťovky na krajském úřadě 2026',
	isAdmin: true,
}
const GUEST = 'Lenka Dvořáková (Diakonie ČCE)'

/** Next year, so that the dates stay in the future (a slot in the past is refused). */
const YEAR =
	Number(
		new Intl.DateTimeFormat('en', { timeZone: 'Europe/Prague', year: 'numeric' }).format(
			new Date(),
		),
	) + 1

/** A slot in Prague time and how the poll names it, e.g. "út 22. 6. 2027, 09:00–11:00". */
function slot(date: string, start: string, end: string) {
	const day = new Intl.DateTimeFormat('cs-CZ', {
		weekday: 'short',
		day: 'numeric',
		month: 'numeric',
		year: 'numeric',
		timeZone: 'UTC',
	}).format(new Date(`${date}T12:00:00Z`))
	return { date, start, end, label: `${day}, ${start}–${end}` }
}

/** Three slots; the third falls on a public holiday. */
const SLOTS = [
	slot(`${YEAR}-06-22`, '09:00', '11:00'),
	slot(`${YEAR}-06-24`, '13:00', '15:00'),
	slot(`${YEAR}-07-06`, '09:00', '11:00'),
] as const
/** The chosen slot as the meeting page shows it. */
const CONFIRMED = `24. 6. ${YEAR} 13:00`
const [JUNE_22, JUNE_24, JULY_6] = SLOTS

const { anonymous, signedIn } = browserSessions(baseUrl)
let groupId = ''
let janaPage: Page
let petrPage: Page
let meetingPath = ''
let guestUrl = ''

beforeAll(async () => {
	const janaUser = await createUser(databaseFile, jana)
	const petrUser = await createUser(databaseFile, petr)
	await createUser(databaseFile, marta)
	// Jana convenes the group, Petr is a member.
	groupId = await createGroupWithMembers(
		databaseFile,
		{
			name: `Pracovní skupina Bydlení Kolín ${suffix}`,
			kind: 'platforma_kmb',
			scope: 'orp',
			orpKod: '2104',
		},
		janaUser.id,
		[[petrUser.id, 'member']],
	)
	;[{ page: janaPage }, { page: petrPage }] = await Promise.all([signedIn(jana), signedIn(petr)])
})

async function notice(page: Page, text: string) {
	await page.getByRole('status').filter({ hasText: text }).first().waitFor()
}

async function openTab(page: Page, path: string, heading: string) {
	await page.goto(`${meetingPath}${path}`)
	await page.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor()
}

/** Chooses yes / if need be / no for each slot (by its label) and saves. */
async function answerPoll(page: Page, answers: Array<[slot: string, answer: string]>) {
	const form = page.getByRole('form', { name: 'Vaše odpověď' })
	for (const [slot, answer] of answers) {
		await form.getByRole('group', { name: slot }).getByLabel(answer, { exact: true }).check()
	}
	await form.getByRole('button', { name: 'Uložit odpověď' }).click()
	await notice(page, 'Vaše odpověď je uložená.')
}

function pollTable(page: Page) {
	return page.getByRole('table', { name: new RegExp(`Odpovědi na termíny setkání ${TITLE}`) })
}

/** The table row whose header names `name` (the header cell alone, not the whole row). */
function rowOf(page: Page, scope: Locator, name: string | RegExp) {
	return scope.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })
}

/** One person's answers as the table shows them, slot by slot ("Ano", "Pokud nutno", …). */
async function answersOf(page: Page, name: string) {
	// Only the answer cells: the convenor's table also has a column to remove an answer.
	const cells = await rowOf(page, pollTable(page), name).locator('td.poll-answer').allTextContents()
	return cells.map((text) => text.replace(/^[✓?✗–]\s*/, '').trim())
}

async function totals(page: Page) {
	return rowOf(page, pollTable(page), 'Celkem').locator('td.poll-total').allTextContents()
}

test('the convenor creates a meeting and offers dates in a poll', async () => {
	// Jana creates a public meeting for her group from the group page.
	await janaPage.goto(`/groups/${groupId}`)
	await janaPage.getByRole('link', { name: 'Nové setkání' }).click()
	await janaPage.getByRole('heading', { level: 1, name: 'Nové setkání' }).waitFor()
	await janaPage.getByLabel('Název setkání').fill(TITLE)
	await janaPage.getByLabel('Začátek').fill(`${YEAR}-06-22T09:00`)
	await janaPage.getByLabel(/^Místo/).fill('MěÚ Kolín, zasedací místnost ve 2. patře')
	await janaPage
		.getByLabel('Kdo setkání uvidí')
		.selectOption({ label: 'Veřejné – zápis lze zveřejnit' })
	// The date is not known yet: a draft, announced to nobody until the poll is closed.
	await janaPage
		.getByLabel('Termín', { exact: true })
		.selectOption({ label: 'Zatím návrh – termín ještě upřesním nebo vyberu v anketě' })
	await janaPage.getByRole('button', { name: 'Založit setkání' }).click()
	await janaPage.getByRole('heading', { level: 1, name: TITLE }).waitFor()
	await janaPage.locator('.meeting-state', { hasText: 'Návrh' }).first().waitFor()
	meetingPath = pathname(janaPage)
	expect(meetingPath).toMatch(/^\/meetings\/[a-z0-9]+$/)

	// The poll tab: three dates offered; the first opens the poll.
	await janaPage
		.getByRole('navigation', { name: 'Části setkání' })
		.getByRole('link', { name: 'Výběr termínu' })
		.click()
	await janaPage.getByRole('heading', { level: 2, name: 'Výběr termínu' }).waitFor()
	await janaPage.getByText('Hlasování o termínu zatím není otevřené.').waitFor()
	for (const slot of SLOTS) {
		await janaPage.getByLabel('Datum').fill(slot.date)
		await janaPage.getByLabel('Začátek').fill(slot.start)
		await janaPage.getByLabel('Konec').fill(slot.end)
		await janaPage.getByRole('button', { name: 'Přidat termín' }).click()
		await janaPage.getByRole('button', { name: `Odebrat termín ${slot.label}` }).waitFor()
	}
	await janaPage.getByText('Hlasování o termínu je otevřené.').waitFor()
	// The holiday is marked on its slot.
	await pollTable(janaPage)
		.getByRole('columnheader', { name: JULY_6.label })
		.getByText('Státní svátek: Den upálení mistra Jana Husa')
		.waitFor()
	guestUrl = await janaPage.getByLabel('Odkaz na hlasování').inputValue()
	expect(guestUrl).toMatch(new RegExp(`^${baseUrl}/poll/\\S+$`))
	await expectNoSeriousA11yViolations(janaPage)
})

test('a member answers the poll and changes his answer; a guest answers by link without an account', async () => {
	// Petr, a member, answers in his own browser, then changes his mind about 24 June.
	await petrPage.goto(`${meetingPath}/poll`)
	await petrPage.getByRole('heading', { level: 2, name: 'Výběr termínu' }).waitFor()
	await answerPoll(petrPage, [
		[JUNE_22.label, 'Ano'],
		[JUNE_24.label, 'Ne'],
		[JULY_6.label, 'Pokud nutno'],
	])
	expect(await answersOf(petrPage, 'Petr Svoboda (vy)')).toEqual(['Ano', 'Ne', 'Pokud nutno'])
	// His saved answers are preselected; he changes one.
	const june24 = petrPage.getByRole('group', { name: JUNE_24.label })
	expect(await june24.getByLabel('Ne', { exact: true }).isChecked()).toBe(true)
	await answerPoll(petrPage, [[JUNE_24.label, 'Ano']])
	// (The notice from the first answer is still shown, so wait for the table itself.)
	await expect
		.poll(() => answersOf(petrPage, 'Petr Svoboda (vy)'))
		.toEqual(['Ano', 'Ano', 'Pokud nutno'])

	// A guest opens the link without an account and answers with just a name.
	const { page: guestPage } = await anonymous()
	await guestPage.goto(guestUrl)
	await guestPage.getByRole('heading', { level: 1, name: `Výběr termínu: ${TITLE}` }).waitFor()
	await guestPage.getByLabel('Vaše jméno').fill(GUEST)
	await answerPoll(guestPage, [
		[JUNE_22.label, 'Pokud nutno'],
		[JUNE_24.label, 'Ano'],
		[JULY_6.label, 'Ne'],
	])
	await guestPage.getByText(`Odpovídáte jako ${GUEST}.`).waitFor()
	expect(await answersOf(guestPage, `${GUEST} (host bez přihlášení) (vy)`)).toEqual([
		'Pokud nutno',
		'Ano',
		'Ne',
	])
	await expectNoSeriousA11yViolations(guestPage)
})

test('closing the poll confirms the best date and sends invitations with a calendar file', async () => {
	// Jana sees everyone's answers, the totals and the best date.
	await openTab(janaPage, '/poll', 'Výběr termínu')
	expect(await answersOf(janaPage, 'Petr Svoboda')).toEqual(['Ano', 'Ano', 'Pokud nutno'])
	expect(await answersOf(janaPage, `${GUEST} (host bez přihlášení)`)).toEqual([
		'Pokud nutno',
		'Ano',
		'Ne',
	])
	expect(await totals(janaPage)).toEqual([
		'Ano 1, pokud nutno 1',
		'Ano 2, pokud nutno 0',
		'Ano 0, pokud nutno 1',
	])
	await janaPage.getByText(`Nejlepší termín: ${JUNE_24.label}.`).waitFor()
	// The best date is chosen for closing by default.
	const closing = janaPage.getByRole('group', { name: 'Termín setkání' })
	const best = closing.getByRole('radio', { name: `${JUNE_24.label} (Nejlepší termín)` })
	expect(await best.isChecked()).toBe(true)
	await janaPage.getByRole('button', { name: 'Uzavřít a pozvat' }).click()
	await notice(janaPage, 'Hlasování je uzavřené, termín potvrzený a pozvánky odeslané.')
	await janaPage.getByText(`Hlasování je uzavřené. Vybraný termín: ${JUNE_24.label}.`).waitFor()

	// The meeting is confirmed on the chosen date.
	await janaPage.goto(meetingPath)
	await janaPage.locator('.meeting-state', { hasText: 'Potvrzeno' }).waitFor()
	await janaPage.getByText(CONFIRMED).waitFor()

	// Both group members are on the participants tab with their invitation sent.
	await openTab(janaPage, '/participants', 'Účastníci')
	for (const name of [jana.name, petr.name]) {
		const row = rowOf(janaPage, janaPage.getByRole('table'), name)
		await row.getByText(/^odeslána /).waitFor()
	}

	// The calendar file Jana downloads is the confirmed event (time in Prague, raised SEQUENCE).
	const ics = await janaPage.context().request.get(`${meetingPath}/invite.ics`)
	expect(ics.headers()['content-type']).toContain('text/calendar')
	const calendar = (await ics.text()).replace(/\r\n[ \t]/g, '')
	expect(calendar).toContain('METHOD:REQUEST')
	expect(calendar).toContain(`DTSTART;TZID=Europe/Prague:${YEAR}0624T130000`)
	expect(calendar).toContain('SEQUENCE:1')

	// Without SMTP the invitation waits in the outbox, where an administrator sees it.
	const { page: martaPage } = await signedIn(marta)
	await martaPage.goto('/admin/outbox')
	await martaPage.getByRole('heading', { level: 1, name: 'Odchozí e-maily' }).waitFor()
	const mail = martaPage
		.getByRole('listitem')
		.filter({ hasText: `Pozvánka: ${TITLE}, ${CONFIRMED}` })
		.filter({ hasText: petr.email })
	await mail.getByText('Pozvánka na setkání', { exact: true }).waitFor()
	await mail.getByText('Zobrazit text').click()
	await mail.getByText('Kdy: ').waitFor()
	await mail.getByText('pozvanka.ics').waitFor()
	await martaPage.context().close()
})

test('the convenor sets the agenda, marks the meeting held and records attendance', async () => {
	// Two agenda items, saved through the live agenda.
	await openTab(janaPage, '/agenda', 'Program setkání')
	await janaPage.locator('.minutes-status', { hasText: 'Uloženo' }).waitFor()
	const items = janaPage.getByRole('list', { name: 'Body programu' }).locator(':scope > li')
	for (const [title, minutes] of [
		['Bytová nouze v ORP Kolín', '45'],
		['Kontaktní místo pro bydlení', '30'],
	] as const) {
		await janaPage.getByRole('button', { name: 'Přidat bod' }).click()
		await janaPage.keyboard.type(title) // focus moves to the new item's title
		const item = items.filter({ has: janaPage.locator(`input[value="${title}"]`) })
		await item.getByLabel('Plánovaná délka (minuty)').fill(minutes)
		await item.getByLabel('Plánovaná délka (minuty)').blur()
	}
	await janaPage.getByText('Plánováno 75 z 120 minut setkání.').waitFor()
	await janaPage.locator('.minutes-status', { hasText: 'Uloženo' }).waitFor()
	expect(await items.locator('h3').allTextContents()).toEqual([
		'Bod 1: Bytová nouze v ORP Kolín',
		'Bod 2: Kontaktní místo pro bydlení',
	])

	// The meeting took place.
	await janaPage.goto(`${meetingPath}/edit`)
	await janaPage.getByRole('button', { name: 'Setkání proběhlo' }).click()
	await notice(janaPage, 'Setkání je označené jako proběhlé.')
	await janaPage.locator('.meeting-state', { hasText: 'Proběhlo' }).waitFor()

	// A guest who was not on the list is added; then attendance: the members came, she sent apologies.
	await openTab(janaPage, '/participants', 'Účastníci')
	await janaPage.getByLabel('Jméno a příjmení').fill('Lenka Dvořáková')
	await janaPage.getByRole('textbox', { name: /^Organizace/ }).fill('Diakonie ČCE')
	await janaPage.getByRole('button', { name: 'Přidat hosta' }).click()
	await notice(janaPage, 'Účastníci byli přidáni.')
	await janaPage.getByLabel('Prezence: Jana Nováková').selectOption({ label: 'přítomen' })
	await janaPage.getByLabel('Prezence: Petr Svoboda').selectOption({ label: 'přítomen' })
	await janaPage.getByLabel('Prezence: Lenka Dvořáková').selectOption({ label: 'omluven' })
	await janaPage.getByRole('button', { name: 'Uložit prezenci' }).click()
	await notice(janaPage, 'Prezence je uložená.')
	const present = janaPage.getByRole('region', { name: 'Přítomni' }).getByRole('listitem')
	expect(await present.allTextContents()).toEqual([jana.name, petr.name])
	await expectNoSeriousA11yViolations(janaPage)

	// Petr sees the same attendance, read-only.
	await openTab(petrPage, '/participants', 'Účastníci')
	const lenka = petrPage
		.getByRole('row')
		.filter({ has: petrPage.getByRole('rowheader', { name: /Lenka Dvořáková/ }) })
	await lenka.getByRole('cell', { name: 'omluven' }).waitFor()
	expect(await petrPage.getByRole('button', { name: 'Uložit prezenci' }).count()).toBe(0)
})

test('the convenor gives the member a task; he finds it on "Moje úkoly" and marks it done', async () => {
	const task = 'Zjistit volné byty u Městského bytového podniku'
	await openTab(janaPage, '/decisions', 'Úkoly')
	const form = janaPage.getByRole('region', { name: 'Přidat úkol' })
	await form.getByLabel('Úkol', { exact: true }).fill(task)
	await form.getByLabel('Kdo úkol plní').selectOption({ label: petr.name })
	await form.getByLabel(/^Termín/).fill(`${YEAR}-07-31`)
	// The agenda items are offered for linking.
	await form.getByLabel(/^Bod programu/).selectOption({ label: 'Bytová nouze v ORP Kolín' })
	await form.getByRole('button', { name: 'Přidat úkol' }).click()
	await notice(janaPage, 'Úkol byl přidán.')
	const listed = janaPage
		.getByRole('region', { name: 'Úkoly' })
		.getByRole('listitem')
		.filter({ hasText: task })
	await listed.getByText(`Plní: ${petr.name}`).waitFor()
	await listed.getByText('K bodu: Bytová nouze v ORP Kolín').waitFor()
	await expectNoSeriousA11yViolations(janaPage)

	// Petr goes to "Moje úkoly" from the main navigation.
	await petrPage.goto('/')
	await petrPage.getByRole('link', { name: 'Moje úkoly' }).first().click()
	await petrPage.getByRole('heading', { level: 1, name: 'Moje úkoly' }).waitFor()
	const upcoming = petrPage.getByRole('region', { name: /^Probíhající a nadcházející/ })
	const mine = upcoming.getByRole('listitem').filter({ hasText: task })
	await mine.getByText(`Termín: 31. 7. ${YEAR}`).waitFor()
	await mine.getByRole('link', { name: new RegExp(`Setkání: ${TITLE}`) }).waitFor()
	await expectNoSeriousA11yViolations(petrPage)
	await mine.getByLabel(`Stav úkolu ${task}`).selectOption({ label: 'Hotový' })
	await mine.getByRole('button', { name: 'Změnit stav' }).click()
	await notice(petrPage, 'Stav úkolu byl změněn.')
	const finished = petrPage.getByRole('region', { name: /^Hotové a zrušené/ })
	await finished
		.getByRole('listitem')
		.filter({ hasText: task })
		.getByText('Hotový')
		.first()
		.waitFor()
	expect(await upcoming.getByRole('listitem').filter({ hasText: task }).count()).toBe(0)

	// Jana sees it done on the meeting.
	await openTab(janaPage, '/decisions', 'Úkoly')
	await janaPage
		.getByRole('region', { name: 'Úkoly' })
		.getByRole('listitem')
		.filter({ hasText: task })
		.locator('.badge', { hasText: 'Hotový' })
		.waitFor()
})

/** A day a week from now in Prague, as a date field takes it (YYYY-MM-DD). */
function pragueDayInAWeek() {
	const day = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000)
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague' }).format(day)
}

function minutesEditor(page: Page) {
	return page.getByRole('textbox', { name: 'Text zápisu' })
}

/** Types at the end of the minutes, on a new line. */
async function typeAtEnd(page: Page, text: string) {
	await minutesEditor(page).click()
	await page.keyboard.press('Control+End')
	await page.keyboard.press('Enter')
	await page.keyboard.type(text)
}

test('the minutes go from the agenda outline through comments and approval to a public page', async () => {
	const agreed = 'Kontaktní místo bude otevřené od září v budově MěÚ.'
	const comment = 'Připomínka: doplnit kontakt na Městský bytový podnik.'

	// Jana prepares the minutes from the agenda: the attendance and one heading per item.
	await janaPage.goto(meetingPath)
	await janaPage.locator('.minutes-status', { hasText: 'Uloženo' }).waitFor()
	await janaPage.getByRole('button', { name: 'Připravit zápis podle programu' }).click()
	await notice(janaPage, 'Zápis je připravený podle programu.')
	const janaEditor = minutesEditor(janaPage)
	await janaEditor.getByRole('heading', { name: '2. Kontaktní místo pro bydlení' }).waitFor()
	await janaEditor.getByRole('heading', { name: '1. Bytová nouze v ORP Kolín' }).waitFor()
	await janaEditor.getByRole('heading', { name: 'Přítomni' }).waitFor()
	await janaEditor.getByText('Omluveni: Lenka Dvořáková (Diakonie ČCE)').waitFor()
	await typeAtEnd(janaPage, agreed)

	// She sends them for comments until a day next week.
	await janaPage.getByLabel('Připomínky do').fill(pragueDayInAWeek())
	await janaPage.getByRole('button', { name: 'Poslat k připomínkám' }).click()
	await notice(janaPage, 'Zápis je poslaný k připomínkám.')

	// Petr sees the deadline and adds his comment to the text; Jana sees it live.
	await petrPage.goto(meetingPath)
	await petrPage
		.getByRole('status')
		.filter({ hasText: /^Zápis je k připomínkám do / })
		.waitFor()
	await minutesEditor(petrPage).filter({ hasText: agreed }).waitFor()
	await typeAtEnd(petrPage, comment)
	await janaEditor.filter({ hasText: comment }).waitFor()

	// Jana approves: the minutes are frozen for everyone, the meeting's state says so.
	await janaPage.getByRole('button', { name: 'Schválit zápis' }).click()
	await notice(janaPage, 'Zápis je schválený.')
	await janaPage.locator('.meeting-state', { hasText: 'Zápis schválen' }).waitFor()
	await janaPage
		.getByRole('status')
		.filter({ hasText: /^Zápis je schválený a nelze ho měnit/ })
		.waitFor()
	await expect.poll(() => janaEditor.getAttribute('contenteditable')).toBe('false')
	await expect.poll(() => minutesEditor(petrPage).getAttribute('contenteditable')).toBe('false')

	// Published: the public page opens without signing in.
	await janaPage.getByRole('button', { name: 'Zveřejnit zápis' }).click()
	await notice(janaPage, 'Zápis je zveřejněný.')
	const publicPath = await janaPage
		.getByRole('link', { name: 'Veřejná stránka zápisu' })
		.getAttribute('href')
	expect(publicPath).toBe(`/verejne/zapisy/${meetingPath.split('/').pop()}`)

	const { page: visitor } = await anonymous()
	await visitor.goto(publicPath!)
	await visitor.getByRole('heading', { level: 1, name: `Zápis: ${TITLE}` }).waitFor()
	expect(pathname(visitor)).toBe(publicPath)
	// The attendance comes with the text, under its own heading, shown once.
	const text = visitor.getByRole('region', { name: 'Text zápisu' })
	await text.getByRole('heading', { name: 'Přítomni' }).waitFor()
	expect(await visitor.getByRole('heading', { name: 'Přítomni' }).count()).toBe(1)
	expect(await text.getByRole('listitem').allTextContents()).toEqual([jana.name, petr.name])
	await text.getByText('Omluveni: Lenka Dvořáková (Diakonie ČCE)').waitFor()
	await text.getByRole('heading', { name: '1. Bytová nouze v ORP Kolín' }).waitFor()
	await text.getByText(agreed).waitFor()
	await text.getByText(comment).waitFor()
	await visitor.getByText(CONFIRMED).waitFor()
	await expectNoSeriousA11yViolations(visitor)
})
