import { eq, or } from 'drizzle-orm'
import { hashPassword } from '#app/auth/password.server.ts'
import type { Db } from '../client.ts'
import {
	groupMembers,
	groups,
	organisationMembers,
	organisations,
	users,
	type GroupKind,
	type GroupRole,
	type OrganisationKind,
} from '../schema.ts'
import { loadDemoMeetings } from './demo-meetings.ts'

/**
 * The demo data set: real public organisations from the seed material (IČO only where it is
 * certain; every one passes the mod-11 check), fictional people on demo.sitovka.cz, and five
 * groups like the networks in the seeds. Territory codes come from db/data/territory.
 */

/** Every demo account signs in with this password; README lists it. Demo data only. */
export const DEMO_PASSWORD = 'Sitovka-demo-2026!'

type DemoOrganisation = {
	name: string
	kind: OrganisationKind
	ico?: string
	orpKod?: string
	krajKod?: string
	obecKod?: string
	website?: string
	description: string
}

// Kraje (ČSÚ codes): Praha 3018, Jihočeský 3034, Plzeňský 3042, Ústecký 3069, Liberecký 3077,
// Pardubický 3093, Jihomoravský 3115, Moravskoslezský 3140.
const ORGANISATIONS = {
	liberec: {
		name: 'Statutární město Liberec',
		kind: 'obec',
		ico: '00262978',
		orpKod: '5105',
		krajKod: '3077',
		obecKod: '563889',
		website: 'https://www.liberec.cz',
		description:
			'Magistrát koordinuje komunitní plánování sociálních služeb regionu Liberec. Odbor humanitní přiděluje sociální byty (mj. 11 bytů v ul. Žitavská z IPRÚ) a vede tým Housing First.',
	},
	plzen: {
		name: 'Magistrát města Plzně',
		kind: 'obec',
		ico: '00075370',
		orpKod: '3209',
		krajKod: '3042',
		obecKod: '554791',
		website: 'https://www.plzen.eu',
		description:
			'Kontaktní místo pro bydlení (KMB) je velmi vytížené. Nová pozice poradce pro nájemníky se osvědčuje. V městských bytech poskytuje asistenci v bydlení magistrát, v bytech z volného trhu NNO (Naděje).',
	},
	pisek: {
		name: 'Město Písek',
		kind: 'obec',
		ico: '00249998',
		orpKod: '3108',
		krajKod: '3034',
		obecKod: '549240',
		description:
			'KMB funguje od roku 2019 (klíčový pracovník a koordinátor). Sociální odbor dobře spolupracuje s bytovou správou; v projektu Housing Led je zabydleno 10 domácností v městských bytech s podporou Naděje Písek.',
	},
	pardubice: {
		name: 'Statutární město Pardubice',
		kind: 'obec',
		ico: '00274046',
		orpKod: '5309',
		krajKod: '3093',
		obecKod: '555134',
		description:
			'KMB je součástí odboru sociálních věcí a pracuje s městskými byty, které dostávají i organizace z komunitního plánování. Majetkový odbor hlásí nové nájemní smlouvy, domácnostem se pak nabízí spolupráce.',
	},
	praha7: {
		name: 'Městská část Praha 7',
		kind: 'obec',
		ico: '00063754',
		orpKod: '1000',
		krajKod: '3018',
		obecKod: '554782',
		description:
			'KMB funguje od roku 2017 na odboru sociálního začleňování: navigátoři KMB i pracovníci přímé podpory, multidisciplinární tým. Zavádí case management v zabydlování.',
	},
	rumburk: {
		name: 'Město Rumburk',
		kind: 'obec',
		orpKod: '4212',
		krajKod: '3069',
		obecKod: '562777',
		description:
			'S KMB zatím nemá zkušenosti. Lokalita není zasíťovaná, sociální služby akutně chybí a chybějí i zdravotní specialisté, takže péče o náročnější cílové skupiny zatím není možná.',
	},
	nadeje: {
		name: 'Naděje',
		kind: 'nno',
		orpKod: '3209',
		krajKod: '3042',
		description:
			'Křesťanská nezisková organizace pro lidi v nouzi. V Plzni spolupracuje s KMB, v Písku poskytuje podporu v bydlení domácnostem z projektu Housing Led (společné supervize s městem).',
	},
	romodrom: {
		name: 'ROMODROM',
		kind: 'nno',
		orpKod: '3108',
		krajKod: '3034',
		description: 'V Písku působí v projektu zabydlování, zaměřuje se spíše na byty z volného trhu.',
	},
	iqRoma: {
		name: 'IQ Roma servis',
		kind: 'nno',
		orpKod: '6203',
		krajKod: '3115',
		obecKod: '582786',
		description:
			'Tříletý projekt zabydlování: 27 bytů z volného trhu. Partnerem je MČ Brno-střed, která provozuje Kontaktní místo pro bydlení. Zapojuje se do komunitního plánování rozhovory s klienty.',
	},
	kSrdciKlic: {
		name: 'K srdci klíč',
		kind: 'nno',
		orpKod: '4203',
		krajKod: '3069',
		obecKod: '562971',
		description:
			'Samostatný projekt zabydlování v Chomutově, pouze u soukromých pronajímatelů. S městem spolupracovala na evidenci žadatelů pro KMB.',
	},
	habition: {
		name: 'Habition',
		kind: 'nno',
		description:
			'Klíčová pracovnice podporuje domácnost od začátku do konce: žádost, prohlídka bytu, podpora před nastěhováním, při zabydlování i při udržení bydlení. Spolupráci s dalšími službami vymezují písemné dohody.',
	},
	navrat: {
		name: 'Návrat, o. p. s.',
		kind: 'nno',
		orpKod: '5105',
		krajKod: '3077',
		obecKod: '563889',
		description:
			'Provozuje v Liberci Azylový dům pro ženy a rodiny s dětmi (3 bytové jednotky pro rodiny). Vhodné klienty vybírají sociální pracovnice organizace.',
	},
	cpkp: {
		name: 'Centrum pro komunitní práci západní Čechy',
		kind: 'nno',
		orpKod: '3209',
		krajKod: '3042',
		obecKod: '554791',
		description:
			'Nositel projektu „Podpora odborného partnerství – přístupné a sociální bydlení v Plzeňském kraji“, v jehož rámci vznikla doporučení Plzeňskému kraji k sociálnímu bydlení.',
	},
	upLiberec: {
		name: 'Úřad práce ČR – krajská pobočka v Liberci',
		kind: 'urad_prace',
		ico: '72496991',
		orpKod: '5105',
		krajKod: '3077',
		obecKod: '563889',
		website: 'https://www.uradprace.cz',
		description:
			'Dávky pomoci v hmotné nouzi a příspěvek na bydlení. Podílí se na případových setkáních ke klientům v bytové nouzi.',
	},
	libereckyKraj: {
		name: 'Liberecký kraj',
		kind: 'kraj',
		ico: '70891508',
		krajKod: '3077',
		obecKod: '563889',
		website: 'https://www.kraj-lbc.cz',
		description:
			'Odbor sociálních věcí: plánování sítě sociálních služeb v kraji a metodická podpora obcí.',
	},
	plzenskyKraj: {
		name: 'Plzeňský kraj',
		kind: 'kraj',
		ico: '70890366',
		krajKod: '3042',
		obecKod: '554791',
		description:
			'Přijal doporučení k sociálnímu bydlení: setkání sociálních pracovníků ORP a POU, alespoň jednou ročně krajské setkání odborné koalice, mapování situace a koordinace sítě služeb navázaných na sociální bydlení.',
	},
	msk: {
		name: 'Moravskoslezský kraj',
		kind: 'kraj',
		ico: '70890692',
		krajKod: '3140',
		obecKod: '554821',
		website: 'https://www.msk.cz',
		description:
			'Projekt „Podpora návazných aktivit sociálních služeb v MSK“ (CZ.03.02.02/00/22_006/0000976): pracovní skupina k bydlení, přehled pravidel přidělování obecních bytů v ORP a POU, vzdělávání pracovníků obcí a služeb.',
	},
} satisfies Record<string, DemoOrganisation>

type OrganisationKey = keyof typeof ORGANISATIONS

type DemoGroup = {
	name: string
	kind: GroupKind
	description: string
} & ({ orpKod: string; krajKod?: never } | { krajKod: string; orpKod?: never })

const GROUPS = {
	liberec: {
		name: 'Pracovní skupina pro cizince, národnostní menšiny a osoby ohrožené sociálním vyloučením',
		kind: 'pracovni_skupina_kp',
		orpKod: '5105',
		description:
			'Pracovní skupina komunitního plánování sociálních služeb regionu Liberec. Sleduje plnění komunitního plánu pro osoby ohrožené sociálním vyloučením: udržení a rozvoj sítě služeb (odborné sociální poradenství, azylové domy, terénní programy, noclehárny, nízkoprahová denní centra), vznik nových služeb a sociální bydlení včetně Housing First. Stálým hostem je zástupce Agentury pro sociální začleňování.',
	},
	kmbPlatform: {
		name: 'Platforma KMB – sdílení zkušeností',
		kind: 'platforma_kmb',
		krajKod: '3018',
		description:
			'Setkávání pracovníků kontaktních míst pro bydlení a poskytovatelů asistence v bydlení z různých měst, obvykle v Praze. Sdílíme, jak spolupracujeme s NNO, jak si předáváme informace mezi odbory a jak se připravujeme na zákon o podpoře bydlení.',
	},
	plzenCoalition: {
		name: 'Krajská koalice pro sociální bydlení Plzeňského kraje',
		kind: 'krajska_koalice',
		krajKod: '3042',
		description:
			'Odborná koalice k sociálnímu bydlení, schází se alespoň jednou ročně. Přenáší dobrou praxi, sbírá podněty k analýzám a ke koordinaci sociálních služeb a sociální práce navázaných na sociální bydlení (prevence ztráty bydlení, dluhové poradenství, kapacity azylových domů).',
	},
	pisekHousingFirst: {
		name: 'Housing First Písek',
		kind: 'housing_first',
		orpKod: '3108',
		description:
			'Tým zabydlování v Písku: KMB města, bytová správa a podpora v bydlení od Naděje. Společné supervize; se souhlasem klientů si předáváme informace o placení nájmu a narůstajícím dluhu.',
	},
	rumburk: {
		name: 'Síťování služeb v ORP Rumburk',
		kind: 'jina',
		orpKod: '4212',
		description:
			'Začínající síť v území, kde služby akutně chybí. Chceme zmapovat aktéry a profily typických klientů a domluvit asistenci v bydlení i pro menší obce ORP, nejen pro Rumburk.',
	},
} satisfies Record<string, DemoGroup>

type GroupKey = keyof typeof GROUPS

type DemoPerson = {
	name: string
	email: string
	organisations: Array<[OrganisationKey, string]>
	groups: Array<[GroupKey, GroupRole]>
}

// Fictional people; any likeness to real workers is unintended.
const PEOPLE: DemoPerson[] = [
	{
		name: 'Jana Dvořáková',
		email: 'jana.dvorakova@demo.sitovka.cz',
		organisations: [['liberec', 'koordinátorka komunitního plánování']],
		groups: [['liberec', 'convenor']],
	},
	{
		name: 'Tomáš Beneš',
		email: 'tomas.benes@demo.sitovka.cz',
		organisations: [['liberec', 'sociální pracovník, odbor humanitní']],
		groups: [['liberec', 'member']],
	},
	{
		name: 'Lenka Marková',
		email: 'lenka.markova@demo.sitovka.cz',
		organisations: [['upLiberec', 'specialistka dávek pomoci v hmotné nouzi']],
		groups: [['liberec', 'member']],
	},
	{
		name: 'Petr Kučera',
		email: 'petr.kucera@demo.sitovka.cz',
		organisations: [['libereckyKraj', 'metodik sociální práce']],
		groups: [['liberec', 'observer']],
	},
	{
		name: 'Markéta Horáková',
		email: 'marketa.horakova@demo.sitovka.cz',
		organisations: [['navrat', 'vedoucí azylového domu pro ženy a rodiny s dětmi']],
		groups: [['liberec', 'guest']],
	},
	{
		name: 'Eva Procházková',
		email: 'eva.prochazkova@demo.sitovka.cz',
		organisations: [['plzen', 'klíčová pracovnice KMB']],
		groups: [
			['kmbPlatform', 'member'],
			['plzenCoalition', 'member'],
		],
	},
	{
		name: 'Martin Novotný',
		email: 'martin.novotny@demo.sitovka.cz',
		organisations: [['pisek', 'koordinátor KMB']],
		groups: [
			['pisekHousingFirst', 'convenor'],
			['kmbPlatform', 'member'],
		],
	},
	{
		name: 'Kateřina Svobodová',
		email: 'katerina.svobodova@demo.sitovka.cz',
		organisations: [['pisek', 'klíčová pracovnice KMB']],
		groups: [['pisekHousingFirst', 'member']],
	},
	{
		name: 'Zdeněk Černý',
		email: 'zdenek.cerny@demo.sitovka.cz',
		organisations: [['nadeje', 'sociální pracovník, podpora v bydlení (Písek)']],
		groups: [['pisekHousingFirst', 'member']],
	},
	{
		name: 'Veronika Marešová',
		email: 'veronika.maresova@demo.sitovka.cz',
		organisations: [['romodrom', 'terénní sociální pracovnice']],
		groups: [['pisekHousingFirst', 'guest']],
	},
	{
		name: 'Michaela Urbanová',
		email: 'michaela.urbanova@demo.sitovka.cz',
		organisations: [
			['nadeje', 'vedoucí pobočky Plzeň'],
			['cpkp', 'členka správní rady'],
		],
		groups: [['plzenCoalition', 'member']],
	},
	{
		name: 'Pavel Růžička',
		email: 'pavel.ruzicka@demo.sitovka.cz',
		organisations: [['plzenskyKraj', 'koordinátor sociálního bydlení, odbor sociálních věcí']],
		groups: [['plzenCoalition', 'convenor']],
	},
	{
		name: 'Hana Kolářová',
		email: 'hana.kolarova@demo.sitovka.cz',
		organisations: [
			['cpkp', 'metodička sociálního bydlení'],
			['plzenskyKraj', 'externí konzultantka'],
		],
		groups: [['plzenCoalition', 'member']],
	},
	{
		name: 'Lucie Veselá',
		email: 'lucie.vesela@demo.sitovka.cz',
		organisations: [['pardubice', 'klíčová pracovnice KMB']],
		groups: [['kmbPlatform', 'member']],
	},
	{
		name: 'Ondřej Král',
		email: 'ondrej.kral@demo.sitovka.cz',
		organisations: [['praha7', 'navigátor KMB, odbor sociálního začleňování']],
		groups: [['kmbPlatform', 'convenor']],
	},
	{
		name: 'Barbora Němcová',
		email: 'barbora.nemcova@demo.sitovka.cz',
		organisations: [['iqRoma', 'sociální pracovnice, podpora v bydlení']],
		groups: [['kmbPlatform', 'member']],
	},
	{
		name: 'Jakub Pokorný',
		email: 'jakub.pokorny@demo.sitovka.cz',
		organisations: [['habition', 'klíčový pracovník, podpora v zabydlování']],
		groups: [['kmbPlatform', 'guest']],
	},
	{
		name: 'Radka Šimková',
		email: 'radka.simkova@demo.sitovka.cz',
		organisations: [['msk', 'projektová koordinátorka, odbor sociálních věcí']],
		groups: [['kmbPlatform', 'observer']],
	},
	{
		name: 'Alena Pospíšilová',
		email: 'alena.pospisilova@demo.sitovka.cz',
		organisations: [['rumburk', 'vedoucí odboru sociálních věcí']],
		groups: [['rumburk', 'convenor']],
	},
	{
		name: 'Jiří Hájek',
		email: 'jiri.hajek@demo.sitovka.cz',
		organisations: [['rumburk', 'sociální pracovník']],
		groups: [['rumburk', 'member']],
	},
	{
		name: 'Roman Doležal',
		email: 'roman.dolezal@demo.sitovka.cz',
		organisations: [['kSrdciKlic', 'koordinátor projektu zabydlování (Chomutov)']],
		groups: [
			['rumburk', 'guest'],
			['kmbPlatform', 'member'],
		],
	},
]

/** The group the setup administrator convenes. */
const ADMIN_GROUP: GroupKey = 'liberec'

/** How many rows of a kind were inserted now and how many were there already. */
export type Tally = { created: number; existing: number }

export type DemoSummary = {
	organisations: Tally
	users: Tally
	groups: Tally
	organisationMembers: Tally
	groupMembers: Tally
	/** Meetings in every state, with agendas, polls, attendance, minutes, decisions and tasks. */
	meetings: Tally
	/** The demo accounts; `created` is false for accounts that existed (their password is kept). */
	accounts: Array<{ email: string; name: string; created: boolean }>
	password: string
}

const tally = (): Tally => ({ created: 0, existing: 0 })

/**
 * Loads the demo data set. Idempotent: organisations are looked up by name or IČO, groups by
 * name, people by e-mail, memberships by their key, so a second run inserts nothing. Existing accounts keep their
 * password. With `adminId`, that user convenes the Liberec working group. Then the demo
 * meetings (demo-meetings.ts), again only those not there yet, searchable at once.
 * Everything happens in one transaction; the password is hashed once, before it.
 */
export async function loadDemoData(
	db: Db,
	options: { adminId?: string } = {},
): Promise<DemoSummary> {
	const passwordHash = await hashPassword(DEMO_PASSWORD)
	const summary: DemoSummary = {
		organisations: tally(),
		users: tally(),
		groups: tally(),
		organisationMembers: tally(),
		groupMembers: tally(),
		meetings: tally(),
		accounts: [],
		password: DEMO_PASSWORD,
	}

	db.transaction((tx) => {
		const organisationIds = {} as Record<OrganisationKey, string>
		for (const [key, organisation] of Object.entries(ORGANISATIONS) as Array<
			[OrganisationKey, DemoOrganisation]
		>) {
			const existing = tx
				.select({ id: organisations.id })
				.from(organisations)
				.where(
					organisation.ico
						? or(eq(organisations.name, organisation.name), eq(organisations.ico, organisation.ico))
						: eq(organisations.name, organisation.name),
				)
				.get()
			if (existing) {
				organisationIds[key] = existing.id
				summary.organisations.existing++
				continue
			}
			organisationIds[key] = tx
				.insert(organisations)
				.values({
					name: organisation.name,
					kind: organisation.kind,
					ico: organisation.ico ?? null,
					orpKod: organisation.orpKod ?? null,
					krajKod: organisation.krajKod ?? null,
					obecKod: organisation.obecKod ?? null,
					website: organisation.website ?? null,
					description: organisation.description,
				})
				.returning({ id: organisations.id })
				.get().id
			summary.organisations.created++
		}

		const userIds = PEOPLE.map((person) => {
			const existing = tx
				.select({ id: users.id })
				.from(users)
				.where(eq(users.email, person.email))
				.get()
			summary.accounts.push({ email: person.email, name: person.name, created: !existing })
			if (existing) {
				summary.users.existing++
				return existing.id
			}
			summary.users.created++
			return tx
				.insert(users)
				.values({ email: person.email, name: person.name, passwordHash, locale: 'cs' })
				.returning({ id: users.id })
				.get().id
		})

		const groupIds = {} as Record<GroupKey, string>
		for (const [key, group] of Object.entries(GROUPS) as Array<[GroupKey, DemoGroup]>) {
			const existing = tx
				.select({ id: groups.id })
				.from(groups)
				.where(eq(groups.name, group.name))
				.get()
			if (existing) {
				groupIds[key] = existing.id
				summary.groups.existing++
				continue
			}
			const convenorIndex = PEOPLE.findIndex((person) =>
				person.groups.some(([groupKey, role]) => groupKey === key && role === 'convenor'),
			)
			const createdById =
				(key === ADMIN_GROUP ? options.adminId : undefined) ?? userIds[convenorIndex] ?? null
			groupIds[key] = tx
				.insert(groups)
				.values({
					name: group.name,
					kind: group.kind,
					orpKod: group.orpKod ?? null,
					krajKod: group.krajKod ?? null,
					description: group.description,
					createdById,
				})
				.returning({ id: groups.id })
				.get().id
			summary.groups.created++
		}

		const count = (target: Tally, changes: number) => {
			if (changes > 0) target.created++
			else target.existing++
		}
		PEOPLE.forEach((person, index) => {
			const userId = userIds[index]!
			for (const [organisationKey, position] of person.organisations) {
				const result = tx
					.insert(organisationMembers)
					.values({ organisationId: organisationIds[organisationKey], userId, position })
					.onConflictDoNothing()
					.run()
				count(summary.organisationMembers, result.changes)
			}
			for (const [groupKey, role] of person.groups) {
				const result = tx
					.insert(groupMembers)
					.values({ groupId: groupIds[groupKey], userId, role })
					.onConflictDoNothing()
					.run()
				count(summary.groupMembers, result.changes)
			}
		})
		if (options.adminId) {
			const result = tx
				.insert(groupMembers)
				.values({ groupId: groupIds[ADMIN_GROUP], userId: options.adminId, role: 'convenor' })
				.onConflictDoNothing()
				.run()
			count(summary.groupMembers, result.changes)
		}
	})
	summary.meetings = await loadDemoMeetings(db)
	return summary
}
