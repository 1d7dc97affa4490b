import { AxeBuilder } from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'
import { createUser as createAppUser } from '#app/auth/users.server.ts'
import type { GroupInput } from '#app/groups/group.schema.ts'
import { addGroupMember, createGroup } from '#app/groups/groups.server.ts'
import { resetEnvCache } from '#app/utils/env.server.ts'
import { closeDb } from '#db/client.ts'
import type { GroupRole } from '#db/schema.ts'

export {
	freshDatabaseFile,
	removeDatabaseFile,
	type RunningServer,
	startServer,
} from '#tests/setup/e2e-server.ts'

/** Debian's Chromium; browser downloads do not work on the CI machine. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Without these Chromium tries to reach the network at start and stalls on an offline machine. */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
]

/** How long a single action or wait may take before it fails with a readable message. */
const ACTION_TIMEOUT_MS = 15_000

/** The server shared by all browser test files (started in tests/setup/e2e-global-setup.ts). */
export function sharedServer() {
	return { baseUrl: inject('baseUrl'), databaseFile: inject('databaseFile') }
}

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
}

/** A fresh browser profile (no cookies) speaking Czech, in Prague time. */
export async function newContext(
	browser: Browser,
	baseUrl: string,
	options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
	const context = await browser.newContext({
		baseURL: baseUrl,
		locale: 'cs-CZ',
		timezoneId: 'Europe/Prague',
		viewport: options.viewport ?? { width: 1280, height: 800 },
	})
	context.setDefaultTimeout(ACTION_TIMEOUT_MS)
	context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS * 2)
	return context
}

/** A unique, realistic-looking address, so test files never collide on one server. */
export function uniqueEmail(name: string, domain = 'mesto-kolin.cz') {
	return `${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@${domain}`
}

/**
 * Jana (Kolín municipality) and Petr (Charita Kolín), who work together in most journeys; fresh
 * addresses on every call.
 */
export function kolinColleagues() {
	return {
		jana: {
			name: 'Jana Nováková',
			email: uniqueEmail('jana.novakova'),
			password: 'Kontaktní místo pro bydlení v Kolíně 2026',
		},
		petr: {
			name: 'Petr Svoboda',
			email: uniqueEmail('petr.svoboda', 'charita-kolin.cz'),
			password: 'Terénní práce začíná každé ráno v osm',
		},
	}
}

/**
 * Writes straight to a running server's database file through the app's own modules (SQLite in
 * WAL mode lets the test process and the server share the file).
 */
export async function inServerDatabase<T>(
	databaseFile: string,
	write: () => T | Promise<T>,
): Promise<T> {
	process.env.DATABASE_URL = `file:${databaseFile}`
	// Vite puts its own BASE_URL ('/') into the test process's environment.
	delete process.env.BASE_URL
	resetEnvCache()
	closeDb()
	try {
		return await write()
	} finally {
		closeDb()
	}
}

/** Adds a group with its convenor and members in their roles straight to the server's database. */
export function createGroupWithMembers(
	databaseFile: string,
	input: GroupInput,
	convenorId: string,
	members: Array<[userId: string, role: GroupRole]> = [],
) {
	return inServerDatabase(databaseFile, () => {
		const groupId = createGroup(input, convenorId).id
		for (const [userId, role] of members) addGroupMember(groupId, userId, role)
		return groupId
	})
}

/** Adds an account straight to a running server's database file. */
export function createUser(
	databaseFile: string,
	input: { email: string; name: string; password: string; isAdmin?: boolean },
) {
	return inServerDatabase(databaseFile, () => createAppUser(input))
}

/**
 * One browser for the test file: started before its tests, closed after them together with
 * every browser profile opened through `anonymous` or `signedIn`.
 */
export function browserSessions(baseUrl: string) {
	let browser: Browser | undefined
	const contexts: BrowserContext[] = []

	beforeAll(async () => {
		browser = await launchBrowser()
	})

	afterAll(async () => {
		for (const context of contexts) await context.close().catch(() => {})
		await browser?.close()
	})

	/** A fresh browser profile (no cookies) with one page. */
	async function anonymous(options: { viewport?: { width: number; height: number } } = {}) {
		if (!browser) throw new Error('the browser starts in beforeAll')
		const context = await newContext(browser, baseUrl, options)
		contexts.push(context)
		return { context, page: await context.newPage() }
	}

	/** A fresh browser profile signed in through the real login form. */
	async function signedIn(
		person: { email: string; password: string },
		options: { viewport?: { width: number; height: number } } = {},
	) {
		const session = await anonymous(options)
		await login(session.page, person.email, person.password)
		return session
	}

	return { anonymous, signedIn }
}

/** Opens the login page and submits the form; the caller checks the outcome. */
export async function submitLogin(page: Page, email: string, password: string) {
	if (new URL(page.url()).pathname !== '/login') await page.goto('/login')
	await page.getByLabel('E-mail').fill(email)
	await page.getByLabel('Heslo', { exact: true }).fill(password)
	await Promise.all([
		page.waitForResponse(
			(response) =>
				response.request().method() === 'POST' &&
				new URL(response.url()).pathname.startsWith('/login'),
		),
		page.getByRole('button', { name: 'Přihlásit se' }).click(),
	])
}

/** Signs in through the real login form and waits for the overview. */
export async function login(page: Page, email: string, password: string) {
	await submitLogin(page, email, password)
	await overviewHeading(page).waitFor()
}

export function overviewHeading(page: Page) {
	return page.getByRole('heading', { level: 1, name: 'Přehled' })
}

export function pathname(page: Page) {
	return new URL(page.url()).pathname
}

/**
 * Runs axe-core on the page as it is now and fails on any `serious` or `critical` violation,
 * naming the rules and the elements.
 */
export async function expectNoSeriousA11yViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze()
	const serious = results.violations.filter(
		(violation) => violation.impact === 'serious' || violation.impact === 'critical',
	)
	if (serious.length === 0) return
	const report = serious
		.map((violation) => {
			const targets = violation.nodes.map((node) => `    ${node.target.join(' ')}`).join('\n')
			return `  ${violation.id} (${violation.impact}): ${violation.help}\n${targets}`
		})
		.join('\n')
	throw new Error(`Accessibility violations on ${page.url()}:\n${report}`)
}

/** How wide the page's content is; wider than the viewport means sideways scrolling. */
export function scrollWidth(page: Page) {
	return page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth)
}
