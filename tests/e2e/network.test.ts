import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
	createUser,
	expectNoSeriousA11yViolations,
	launchBrowser,
	login,
	newContext,
	overviewHeading,
	pathname,
	sharedServer,
	uniqueEmail,
} from './utils.ts'

// Texts from app/organisations, app/groups and app/admin messages (cs).
const ICO_INVALID =
	'Toto IČO neexistuje: musí mít 8 číslic a platnou kontrolní číslici. Zkontrolujte ho prosím, např. v ARES.'

const { baseUrl, databaseFile } = sharedServer()
const suffix = Date.now().toString(36)
const admin = {
	name: 'Martina Horáková',
	email: uniqueEmail('martina.horakova'),
	password: 'Sociální odbor Kolín má nové okno 9',
	isAdmin: true,
}
const organisation = {
	name: `Oblastní charita Kolín ${suffix}`,
	kind: 'Nestátní nezisková organizace (NNO)',
	address: 'Husova 123, 280 02 Kolín',
	contactEmail: 'info@charita-kolin.cz',
	orp: 'Kolín',
}
const group = {
	name: `Platforma KMB Kolín ${suffix}`,
	kind: 'Platforma KMB',
	orp: 'Kolín',
}
const invitee = {
	name: 'Tomáš Černý',
	email: uniqueEmail('tomas.cerny', 'charita-kolin.cz'),
	password: 'Kontaktní místo pro bydlení otevírá v osm',
}

let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
	await createUser(databaseFile, admin)
})

afterAll(async () => {
	await browser?.close()
})

async function visit(page: Page, heading: string | RegExp) {
	await page.getByRole('heading', { level: 1, name: heading }).waitFor()
	await expectNoSeriousA11yViolations(page)
}

test('an administrator sets up an organisation and a group and invites a colleague who joins', async () => {
	const adminPage = await (await newContext(browser, baseUrl)).newPage()
	await login(adminPage, admin.email, admin.password)

	// Organisation: a mistyped IČO is explained and nothing else typed is lost.
	await adminPage.getByRole('navigation').getByRole('link', { name: 'Organizace' }).click()
	await visit(adminPage, 'Organizace')
	await adminPage.getByRole('link', { name: 'Nová organizace' }).click()
	await visit(adminPage, 'Nová organizace')

	await adminPage.getByLabel('Název', { exact: true }).fill(organisation.name)
	await adminPage.getByLabel('Druh organizace').selectOption({ label: organisation.kind })
	await adminPage.getByLabel(/^IČO/).fill('7023 1852')
	await adminPage.getByLabel(/^Adresa/).fill(organisation.address)
	await adminPage.getByLabel(/^Kontaktní e-mail/).fill(organisation.contactEmail)
	await adminPage.getByLabel(/^ORP/).selectOption({ label: organisation.orp })
	await adminPage.getByRole('button', { name: 'Založit organizaci' }).click()

	await adminPage.getByText(ICO_INVALID).waitFor()
	expect(pathname(adminPage)).toBe('/organisations/new')
	expect(await adminPage.getByLabel(/^IČO/).getAttribute('aria-invalid')).toBe('true')
	expect(await adminPage.getByLabel('Název', { exact: true }).inputValue()).toBe(organisation.name)
	expect(await adminPage.getByLabel(/^Adresa/).inputValue()).toBe(organisation.address)
	expect(await adminPage.getByLabel(/^Kontaktní e-mail/).inputValue()).toBe(
		organisation.contactEmail,
	)
	expect(await selectedLabel(adminPage, 'Druh organizace')).toBe(organisation.kind)
	expect(await selectedLabel(adminPage, /^ORP/)).toBe(organisation.orp)
	await expectNoSeriousA11yViolations(adminPage)

	await adminPage.getByLabel(/^IČO/).fill('7023 1851')
	await adminPage.getByRole('button', { name: 'Založit organizaci' }).click()
	await visit(adminPage, organisation.name)
	expect(pathname(adminPage)).toMatch(/^\/organisations\/[^/]+$/)
	await adminPage.getByRole('status').getByText('Organizace byla založena.').waitFor()

	// Group in the ORP Kolín.
	await adminPage.getByRole('navigation').getByRole('link', { name: 'Skupiny' }).click()
	await visit(adminPage, 'Skupiny')
	await adminPage.getByRole('link', { name: 'Nová skupina' }).click()
	await visit(adminPage, 'Nová skupina')
	await adminPage.getByLabel('Název skupiny').fill(group.name)
	await adminPage.getByLabel('Druh skupiny').selectOption({ label: group.kind })
	await adminPage.getByLabel('V jedné ORP (obci s rozšířenou působností)').check()
	await adminPage.getByLabel('ORP', { exact: true }).selectOption({ label: group.orp })
	await adminPage.getByRole('button', { name: 'Založit skupinu' }).click()
	await visit(adminPage, group.name)
	const groupPath = pathname(adminPage)
	expect(groupPath).toMatch(/^\/groups\/[^/]+$/)
	await adminPage.getByRole('status').getByText('Skupina byla založena.').waitFor()

	// Invitation into the group (and the organisation), by e-mail.
	await adminPage.getByRole('link', { name: 'Pozvat s dalšími možnostmi (organizace)' }).click()
	await visit(adminPage, 'Pozvat do Síťovky')
	expect(await selectedLabel(adminPage, /^Skupina/)).toBe(group.name)
	await adminPage.getByLabel('E-mail', { exact: true }).fill(invitee.email)
	await adminPage.getByLabel(/^Jméno a příjmení/).fill(invitee.name)
	await adminPage.getByLabel(/^Organizace/).selectOption({ label: organisation.name })
	await adminPage.getByRole('button', { name: 'Poslat pozvánku' }).click()
	await adminPage
		.getByRole('status')
		.getByText(/^Pozvánka je založena\. E-maily se zatím neodesílají/)
		.waitFor()
	await expectNoSeriousA11yViolations(adminPage)

	// Without SMTP the mail waits in the outbox, with its link masked: nobody can use it there.
	await adminPage.goto('/admin/outbox')
	await visit(adminPage, 'Odchozí e-maily')
	const mail = adminPage.getByRole('listitem').filter({ hasText: invitee.email })
	await mail.getByText('Zobrazit text e-mailu').click()
	await mail.getByText(/\/invite\/••••••[a-z2-7]{4}/).waitFor()
	expect(await mail.getByRole('link', { name: /\/invite\// }).count()).toBe(0)

	// The administrator creates a new link in the pending invitations and passes it on.
	await adminPage.goto('/admin/invitations')
	await visit(adminPage, 'Čekající pozvánky')
	await adminPage.getByRole('button', { name: `Vytvořit nový odkaz pro ${invitee.email}` }).click()
	// (Exact: the button "Vytvořit nový odkaz pro …" also contains these words.)
	const inviteField = adminPage.getByLabel(`Odkaz pro ${invitee.email}`, { exact: true })
	await inviteField.waitFor()
	const inviteUrl = await inviteField.inputValue()
	expect(inviteUrl).toMatch(new RegExp(`^${escapeRegExp(baseUrl)}/invite/[a-z2-7]{24}$`))
	await expectNoSeriousA11yViolations(adminPage)

	// The colleague opens the link in their own browser.
	const inviteePage = await (await newContext(browser, baseUrl)).newPage()
	await inviteePage.goto(inviteUrl!)
	await visit(inviteePage, 'Pozvánka do Síťovky')
	await inviteePage.getByText(`${admin.name} vás zve do Síťovky.`).waitFor()
	await inviteePage.getByText(group.name, { exact: false }).first().waitFor()
	await inviteePage.getByText(`Založíme vám účet pro e-mail ${invitee.email}.`).waitFor()
	expect(await inviteePage.getByLabel('Jméno a příjmení').inputValue()).toBe(invitee.name)
	await inviteePage.getByLabel('Heslo', { exact: true }).fill(invitee.password)
	await inviteePage.getByRole('button', { name: 'Přijmout pozvánku a založit účet' }).click()

	await visit(inviteePage, group.name)
	expect(pathname(inviteePage)).toBe(groupPath)
	await inviteePage.getByRole('button', { name: 'Odhlásit se' }).waitFor()
	await inviteePage.getByRole('link', { name: invitee.name }).waitFor()

	await inviteePage.getByRole('navigation').getByRole('link', { name: 'Přehled' }).click()
	await overviewHeading(inviteePage).waitFor()
	const myGroups = inviteePage.getByRole('region', { name: 'Moje skupiny' })
	await myGroups.getByRole('link', { name: group.name }).waitFor()
	await inviteePage
		.getByRole('region', { name: 'Moje organizace' })
		.getByRole('link', { name: organisation.name })
		.waitFor()
	await expectNoSeriousA11yViolations(inviteePage)
}, 180_000)

async function selectedLabel(page: Page, label: string | RegExp) {
	return page
		.getByLabel(label, { exact: typeof label === 'string' ? true : undefined })
		.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent?.trim() ?? '')
}

function escapeRegExp(value: string) {
	return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
