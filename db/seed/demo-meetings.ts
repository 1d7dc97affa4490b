import { getSchema, type JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { and, inArray } from 'drizzle-orm'
import * as Y from 'yjs'
import { agendaDocumentName, appendItems } from '#app/agenda/agenda-doc.ts'
import { projectAgenda } from '#app/agenda/agenda-projection.server.ts'
import { generateSecureRandomString, hashToken } from '#app/auth/tokens.server.ts'
import { pragueLocalToUtc, utcToPragueLocal } from '#app/meetings/prague-time.ts'
import { minutesSchemaExtensions } from '#app/minutes/editor-extensions.ts'
import { AUTHORS_MAP, MINUTES_FIELD } from '#app/minutes/minutes-doc.ts'
import { indexDecision, indexMeeting, indexMinutes } from '#app/search/search-index.server.ts'
import { decisionOutcome } from '#app/tasks/decisions.server.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import type { Db } from '../client.ts'
import {
	decisions,
	groups,
	meetingParticipants,
	meetings,
	minutesApprovals,
	organisations,
	pollAnswers,
	pollRespondents,
	pollSlots,
	tasks,
	users,
	yjsUpdates,
	yjsVersions,
	type MeetingKind,
	type MeetingState,
	type MeetingVisibility,
	type MinutesState,
} from '../schema.ts'

/**
 * Demo meetings, one in every state, drawn from the seed material: the Liberec working group's
 * meeting on the community plan (../shared/seeds/002_…) and the KMB working groups (000_…,
 * 001_…). Dates are relative to the moment of loading, so the demo always looks current: the
 * approved meeting two months ago, the held one last month, the poll and the confirmed meeting
 * in the coming weeks. Agendas and minutes are real Yjs documents stored in the realtime
 * engine's tables, as if people had written them in the browser. People are the fictional demo
 * accounts (demo.ts); an external guest or two have no account.
 */

const DAY = 24 * 60 * 60 * 1000

type Ids = {
	user: (email: string) => string
	group: (name: string) => string
	organisation: (name: string) => string
}

const LIBEREC_GROUP =
	'Pracovní skupina pro cizince, národnostní menšiny a osoby ohrožené sociálním vyloučením'
const KMB_GROUP = 'Platforma KMB – sdílení zkušeností'
const RUMBURK_GROUP = 'Síťování služeb v ORP Rumburk'
const PISEK_GROUP = 'Housing First Písek'

const person = (name: string) => `${name}@demo.sitovka.cz`
const JANA = person('jana.dvorakova')
const TOMAS = person('tomas.benes')
const LENKA = person('lenka.markova')
const PETR = person('petr.kucera')
const MARKETA = person('marketa.horakova')
const ONDREJ = person('ondrej.kral')
const EVA = person('eva.prochazkova')
const MARTIN = person('martin.novotny')
const LUCIE = person('lucie.vesela')
const BARBORA = person('barbora.nemcova')
const JAKUB = person('jakub.pokorny')
const RADKA = person('radka.simkova')
const ROMAN = person('roman.dolezal')
const ALENA = person('alena.pospisilova')

/** Fictional guest without an account (the agency's representative, a standing guest). */
const AGENCY_GUEST = { name: 'Kamila Vondrová', organisation: 'Agentura pro sociální začleňování' }

// ── Dates relative to now ──────────────────────────────────────────────────────────────────

/** A Prague working day `days` from now (weekends moved away from today), at `time`, in UTC. */
function pragueAt(now: Date, days: number, time: string) {
	const date = new Date(now.getTime() + days * DAY)
	let day = utcToPragueLocal(date).slice(0, 10)
	const weekday = new Date(`${day}T12:00:00Z`).getUTCDay()
	const shift = weekday === 6 ? (days < 0 ? -1 : 2) : weekday === 0 ? (days < 0 ? -2 : 1) : 0
	if (shift)
		day = utcToPragueLocal(new Date(`${day}T12:00:00Z`).getTime() + shift * DAY).slice(0, 10)
	return pragueLocalToUtc(`${day}T${time}`)!
}

/** A Prague calendar day `YYYY-MM-DD`, `days` from now (due dates of tasks). */
const pragueDay = (now: Date, days: number) =>
	utcToPragueLocal(new Date(now.getTime() + days * DAY)).slice(0, 10)

// ── Documents as the editors write them ────────────────────────────────────────────────────

const text = (value: string, bold = false): JSONContent =>
	bold ? { type: 'text', text: value, marks: [{ type: 'bold' }] } : { type: 'text', text: value }
const p = (...parts: Array<string | JSONContent>): JSONContent =>
	parts.length
		? {
				type: 'paragraph',
				content: parts.map((part) => (typeof part === 'string' ? text(part) : part)),
			}
		: { type: 'paragraph' }
const h = (value: string, level = 3): JSONContent => ({
	type: 'heading',
	attrs: { level },
	content: [text(value)],
})
const ul = (...items: string[]): JSONContent => ({
	type: 'bulletList',
	content: items.map((item) => ({ type: 'listItem', content: [p(item)] })),
})

/**
 * The minutes as the editor stores them: ProseMirror JSON in the editor's schema through
 * y-tiptap, written by `author` (mapped in the permanent user data, named in the authors map,
 * as the browser does). Returns the update to store.
 */
function minutesUpdate(content: JSONContent[], author: { id: string; name: string }) {
	const doc = prosemirrorJSONToYDoc(
		getSchema(minutesSchemaExtensions()),
		{ type: 'doc', content },
		MINUTES_FIELD,
	)
	try {
		new Y.PermanentUserData(doc).setUserMapping(doc, doc.clientID, author.id)
		doc.getMap<string>(AUTHORS_MAP).set(author.id, author.name)
		return Y.encodeStateAsUpdate(doc)
	} finally {
		doc.destroy()
	}
}

type DemoAgendaItem = {
	title: string
	description?: string
	presenter?: string
	plannedMinutes?: number
	status?: 'open' | 'done' | 'carried'
	/** Carried over from the item of this title on an earlier demo meeting of the group. */
	carriedFromTitle?: string
}

/**
 * The agenda document (`meeting:<id>:agenda`) with these items; its update and item ids.
 * `carried` maps titles of earlier demo items to their ids (for `carriedFromId`).
 */
function agendaUpdate(items: DemoAgendaItem[], carried: Map<string, string>) {
	const doc = new Y.Doc({ gc: false })
	try {
		const ids = appendItems(
			doc,
			items.map(({ carriedFromTitle, ...item }) => ({
				...item,
				carriedFromId: (carriedFromTitle && carried.get(carriedFromTitle)) || '',
			})),
		)
		return { update: Y.encodeStateAsUpdate(doc), ids, doc }
	} catch (error) {
		doc.destroy()
		throw error
	}
}

// ── The meetings ───────────────────────────────────────────────────────────────────────────

type Participant =
	| {
			email: string
			rsvp?: 'accepted' | 'maybe' | 'declined'
			attendance?: 'present' | 'excused' | 'absent'
	  }
	| {
			guestName: string
			guestOrganisation: string
			guestEmail?: string
			rsvp?: 'accepted' | 'maybe' | 'declined'
			attendance?: 'present' | 'excused' | 'absent'
	  }

type DemoTask = {
	title: string
	description?: string
	/** Agenda item index the task came from. */
	agendaItem?: number
	owner: { email: string } | { organisation: string }
	dueInDays: number | null
	status?: 'open' | 'in_progress' | 'done'
}

type DemoDecision = {
	text: string
	agendaItem: number
	votes?: [number, number, number]
}

type DemoMeeting = {
	group: string
	title: string
	kind: MeetingKind
	description: string
	state: MeetingState
	visibility: MeetingVisibility
	days: number
	from: string
	to: string
	place?: string
	onlineUrl?: string
	convenor: string
	agenda: DemoAgendaItem[]
	participants?: Participant[]
	/** Invitations went out this many days ago. */
	invitedDaysAgo?: number
	poll?: {
		slots: Array<{ days: number; from: string; to: string }>
		answers: Array<{ email?: string; guestName?: string; answers: Array<'yes' | 'maybe' | 'no'> }>
	}
	minutes?: {
		state: MinutesState
		content: (agenda: DemoAgendaItem[]) => JSONContent[]
		/** A later addition by another author (shows two authors in the history). */
		addition?: { email: string; content: JSONContent[] }
	}
	decisions?: DemoDecision[]
	tasks?: DemoTask[]
	/** Raised once per change sent to invitees (a cancelled meeting has 1). */
	sequence?: number
}

/** "1. Title" headings, like the minutes prepared from the agenda. */
const itemHeading = (agenda: DemoAgendaItem[], index: number) =>
	h(`${index + 1}. ${agenda[index]!.title}`)

function approvedMinutes(year: string) {
	return (agenda: DemoAgendaItem[]): JSONContent[] => [
		h('Přítomni'),
		ul(
			'Jana Dvořáková (Statutární město Liberec)',
			'Tomáš Beneš (Statutární město Liberec)',
			'Lenka Marková (Úřad práce ČR – krajská pobočka v Liberci)',
			'Markéta Horáková (Návrat, o. p. s.)',
			`${AGENCY_GUEST.name} (${AGENCY_GUEST.organisation})`,
		),
		p('Omluveni: Petr Kučera (Liberecký kraj)'),
		itemHeading(agenda, 0),
		p(
			'Na jednání skupiny byla provedena aktualizace Komunitního plánu služeb v sociální oblasti pro oblast osob ohrožených sociálním vyloučením. Souhrnné výsledky za všechny pracovní skupiny budou po zpracování představeny jednotlivým pracovním skupinám.',
		),
		ul(
			'4.1 Udržení stávající sítě sociálních služeb (odborné sociální poradenství, azylové domy, terénní programy, noclehárny, nízkoprahová denní centra)',
			'4.2 Rozvoj sítě služeb: navýšení kapacit terénních programů a dluhového poradenství',
			'4.3 Vznik nových služeb: azylový dům pro ženy a rodiny, sociálně-zdravotní služba pro osoby bez bydlení',
			'4.4 Další aktivity: potravinová banka, prostupné zaměstnávání, sociální bydlení a Housing First',
		),
		p(text(`Usnesení ${1}/${year}: `, true), DECISIONS_APPROVED[0]!.text),
		itemHeading(agenda, 1),
		p(
			'Vedoucí služby Markéta Horáková službu představila. Služba je plně personálně pokryta, kapacita pro rodiny s dětmi (3 bytové jednotky) je předběžně naplněna, některá lůžka pro ženy zůstávají volná. Vhodné klienty vybírají sociální pracovnice organizace Návrat.',
		),
		itemHeading(agenda, 2),
		p(
			'Zástupce Agentury pro sociální začleňování bude stálým hostem řídicí skupiny a členem této pracovní skupiny. V letošním roce proběhnou přibližně tři setkání (květen, září, listopad) nad průřezovými tématy (bydlení, bezpečnost); zúčastnit se mohou zástupci organizací podle vlastního uvážení.',
		),
		p(text(`Usnesení ${2}/${year}: `, true), DECISIONS_APPROVED[1]!.text),
		itemHeading(agenda, 3),
		p(
			'Probíhá analytická a návrhová část Strategie rozvoje města. Organizace i veřejnost se mohou hlásit do externí pracovní skupiny „Sociální oblast, zdravotnictví a bezpečnost“; za rok proběhne šest setkání.',
		),
		itemHeading(agenda, 4),
		p(
			'V ul. Žitavská je k dispozici 11 bytů od 1+kk po 4+1. Na prohlídce bytů bylo rozdáno 53 žádostí, 25 z nich bylo přijato k dalšímu zpracování; část zájemců žádost nedonesla, některé byly neúplné, jiní žadatelé nesplňovali podmínky.',
		),
		itemHeading(agenda, 5),
		p(
			text('Co zahrnuje podmínka bezdlužnosti vůči městu? ', true),
			'Nikdo z domácnosti nesmí mít dluhy na poplatcích za odpady a psy, pokutách u městské policie ani na nájmu, pokud dříve bydlel v městském bytě. Dluhy vůči dopravnímu podniku se nesledují.',
		),
		p(
			text('Jak se přidělují byty v režimu Housing First? ', true),
			'Housing First je určen klientům, kteří zpočátku nezvládnou bydlet bez podpory sociální služby. Označení se týká klienta, ne bytu: klient podepisuje smlouvu na 6 měsíců s možností prodloužení. Když se uvolní byt, organizace mají 14 dní na doplnění zájemců a doložení alespoň dvouměsíční spolupráce s klientem.',
		),
		p(text(`Usnesení ${3}/${year}: `, true), DECISIONS_APPROVED[2]!.text),
		h('Úkoly'),
		ul(
			'Jana Dvořáková rozešle členům souhrnné výsledky aktualizace komunitního plánu.',
			'Město Liberec pošle odkaz na aktualizovanou metodiku Housing First a kritéria výběru klientů.',
			'Návrat, o. p. s. nahlásí zájemce o členství v externí pracovní skupině ke Strategii.',
		),
		p('Zapsala: Jana Dvořáková. Zápis schválen bez připomínek.'),
	]
}

const DECISIONS_APPROVED: DemoDecision[] = [
	{
		text: 'Pracovní skupina schvaluje aktualizaci komunitního plánu pro oblast 4 – osoby ohrožené sociálním vyloučením (cíle 4.1–4.4) a předává ji řídicí skupině.',
		agendaItem: 0,
		votes: [5, 0, 0],
	},
	{
		text: 'Pracovní skupina souhlasí, aby zástupce Agentury pro sociální začleňování byl stálým hostem pracovní skupiny.',
		agendaItem: 2,
		votes: [4, 0, 1],
	},
	{
		text: 'Pracovní skupina bere na vědomí informace o sociálních bytech v ul. Žitavská a o postupu přidělování bytů v režimu Housing First.',
		agendaItem: 5,
	},
]

const HELD_AGENDA: DemoAgendaItem[] = [
	{
		title: 'Kontrola úkolů z minulého setkání',
		presenter: 'Jana Dvořáková',
		plannedMinutes: 10,
		status: 'done',
	},
	{
		title: 'Sociální byty v ul. Žitavská – výsledky prvního kola',
		description:
			'Z 53 rozdaných žádostí bylo 25 přijato k dalšímu zpracování. Jak pomoci zájemcům, jejichž žádost byla neúplná?',
		presenter: 'Tomáš Beneš',
		plannedMinutes: 25,
		status: 'done',
	},
	{
		title: 'Housing First – doplnění klientů do systému',
		description:
			'Organizace mají 14 dní na dodání zájemců a doložení alespoň dvouměsíční spolupráce s klientem. Výběr zohledňuje zdravotní stav, délku bytové nouze, závislost nebo duševní onemocnění, věk a počet lidí v domácnosti.',
		presenter: 'Jana Dvořáková',
		plannedMinutes: 30,
		status: 'done',
	},
	{
		title: 'Setkání nad průřezovými tématy (bydlení, bezpečnost)',
		description: 'Termíny a témata setkání otevřených i organizacím mimo pracovní skupinu.',
		presenter: 'Kamila Vondrová',
		plannedMinutes: 20,
		// Not discussed; carried over to the next meeting (the one still looking for a date).
		status: 'carried',
	},
	{ title: 'Různé', plannedMinutes: 10, status: 'done' },
]

function meetingsToLoad(now: Date): DemoMeeting[] {
	const approvedStart = pragueAt(now, -63, '15:00')
	const year = utcToPragueLocal(approvedStart).slice(0, 4)
	return [
		{
			group: LIBEREC_GROUP,
			title: 'Pracovní setkání: aktualizace komunitního plánu a sociální byty',
			kind: 'working_group',
			description:
				'Aktualizace komunitního plánu pro oblast osob ohrožených sociálním vyloučením.\nPředstavení Azylového domu pro ženy a rodiny s dětmi, Strategie rozvoje města, sociální byty v ul. Žitavská.',
			state: 'minutes_approved',
			visibility: 'public',
			days: -63,
			from: '15:00',
			to: '17:00',
			place: 'Magistrát města Liberec, zasedací místnost 2. patro',
			convenor: JANA,
			agenda: [
				{
					title: 'Aktualizace komunitního plánu, oblast 4 – osoby ohrožené sociálním vyloučením',
					description:
						'Cíle 4.1–4.4: udržení sítě služeb, rozvoj sítě, vznik nových služeb, další aktivity a programy pro cílovou skupinu.',
					presenter: 'Jana Dvořáková',
					plannedMinutes: 30,
					status: 'done',
				},
				{
					title: 'Azylový dům pro ženy a rodiny s dětmi – představení služby',
					presenter: 'Markéta Horáková',
					plannedMinutes: 15,
					status: 'done',
				},
				{
					title: 'Zapojení Agentury pro sociální začleňování do komunitního plánování',
					presenter: 'Jana Dvořáková',
					plannedMinutes: 10,
					status: 'done',
				},
				{
					title: 'Strategie rozvoje města 2021+',
					description: 'Externí pracovní skupina „Sociální oblast, zdravotnictví a bezpečnost“.',
					plannedMinutes: 10,
					status: 'done',
				},
				{
					title: 'Sociální byty realizované v rámci IPRÚ (ul. Žitavská)',
					presenter: 'Tomáš Beneš',
					plannedMinutes: 15,
					status: 'done',
				},
				{
					title: 'Dotazy členů: podmínka bezdlužnosti, byty v režimu Housing First',
					plannedMinutes: 20,
					status: 'done',
				},
			],
			participants: [
				{ email: JANA, rsvp: 'accepted', attendance: 'present' },
				{ email: TOMAS, rsvp: 'accepted', attendance: 'present' },
				{ email: LENKA, rsvp: 'accepted', attendance: 'present' },
				{ email: MARKETA, rsvp: 'accepted', attendance: 'present' },
				{ email: PETR, rsvp: 'declined', attendance: 'excused' },
				{
					guestName: AGENCY_GUEST.name,
					guestOrganisation: AGENCY_GUEST.organisation,
					attendance: 'present',
				},
			],
			invitedDaysAgo: 77,
			minutes: { state: 'published', content: approvedMinutes(year) },
			decisions: DECISIONS_APPROVED,
			tasks: [
				{
					title: 'Rozeslat členům souhrnné výsledky aktualizace komunitního plánu',
					agendaItem: 0,
					owner: { email: JANA },
					dueInDays: -35,
				},
				{
					title: 'Poslat odkaz na aktualizovanou metodiku Housing First a kritéria výběru klientů',
					agendaItem: 5,
					owner: { organisation: 'Statutární město Liberec' },
					dueInDays: -20,
					status: 'in_progress',
				},
				{
					title:
						'Nahlásit zájemce o členství v externí pracovní skupině ke Strategii rozvoje města',
					agendaItem: 3,
					owner: { organisation: 'Návrat, o. p. s.' },
					dueInDays: 10,
				},
				{
					title: 'Předat členům kontakty a specifikaci cílových skupin azylového domu',
					agendaItem: 1,
					owner: { email: MARKETA },
					dueInDays: -49,
					status: 'done',
				},
			],
		},
		{
			group: LIBEREC_GROUP,
			title: 'Pracovní setkání: sociální byty a Housing First',
			kind: 'working_group',
			description:
				'Výsledky prvního kola přidělování bytů v ul. Žitavská a doplnění klientů do systému Housing First.',
			state: 'held',
			visibility: 'members',
			days: -25,
			from: '15:00',
			to: '16:45',
			place: 'Magistrát města Liberec, zasedací místnost 2. patro',
			convenor: JANA,
			agenda: HELD_AGENDA,
			participants: [
				{ email: JANA, rsvp: 'accepted', attendance: 'present' },
				{ email: TOMAS, rsvp: 'accepted', attendance: 'present' },
				{ email: LENKA, rsvp: 'declined', attendance: 'excused' },
				{ email: PETR, rsvp: 'maybe', attendance: 'absent' },
				{ email: MARKETA, rsvp: 'accepted', attendance: 'present' },
				{
					guestName: AGENCY_GUEST.name,
					guestOrganisation: AGENCY_GUEST.organisation,
					rsvp: 'accepted',
					attendance: 'present',
				},
				{
					guestName: 'Hana Šrámková',
					guestOrganisation: 'Terénní programy sociální prevence, Liberec',
					attendance: 'present',
				},
			],
			invitedDaysAgo: 38,
			minutes: {
				state: 'draft',
				content: (agenda) => [
					h('Přítomni'),
					ul(
						'Jana Dvořáková (Statutární město Liberec)',
						'Tomáš Beneš (Statutární město Liberec)',
						'Markéta Horáková (Návrat, o. p. s.)',
						`${AGENCY_GUEST.name} (${AGENCY_GUEST.organisation})`,
						'Hana Šrámková (Terénní programy sociální prevence, Liberec)',
					),
					p('Omluveni: Lenka Marková (Úřad práce ČR – krajská pobočka v Liberci)'),
					itemHeading(agenda, 0),
					p(
						'Souhrnné výsledky aktualizace komunitního plánu zatím nebyly rozeslány; metodika Housing First se dokončuje.',
					),
					itemHeading(agenda, 1),
					p(
						'Přijato 25 žádostí z 53. Zájemcům s neúplnou žádostí pomohou s doplněním sociální pracovníci odboru humanitního a terénní programy.',
					),
					itemHeading(agenda, 2),
					p(
						'Tým Housing First vyzve spolupracující organizace k doplnění klientů. Pokud organizace klienty nedodají, vybírá se z dříve sebraných dotazníků.',
					),
					itemHeading(agenda, 3),
					p('Nestihlo se, bod se přesouvá na příští setkání.'),
					itemHeading(agenda, 4),
					p(),
				],
				addition: {
					email: TOMAS,
					content: [
						p(
							'Doplnění k bodu 2: volné zůstávají dva byty 1+kk, nabídka půjde znovu organizacím v pracovní skupině.',
						),
					],
				},
			},
			tasks: [
				{
					title: 'Připravit přehled volných bytů v ul. Žitavská po prvním kole přidělování',
					agendaItem: 1,
					owner: { email: TOMAS },
					dueInDays: 12,
				},
				{
					title: 'Ověřit postup u příspěvku na bydlení pro byty v režimu Housing First',
					agendaItem: 2,
					owner: { organisation: 'Úřad práce ČR – krajská pobočka v Liberci' },
					dueInDays: -4,
				},
			],
		},
		{
			group: LIBEREC_GROUP,
			title: 'Setkání nad průřezovým tématem: bydlení',
			kind: 'working_group',
			description:
				'Jedno ze tří setkání v roce nad průřezovými tématy. Přijít mohou i zástupci organizací mimo pracovní skupinu.\nHledáme termín – vyplňte prosím, kdy můžete.',
			state: 'scheduling',
			visibility: 'members',
			days: 15,
			from: '14:00',
			to: '16:00',
			place: 'Magistrát města Liberec, velká zasedací síň',
			convenor: JANA,
			agenda: [
				{
					title: 'Bydlení jako průřezové téma – podněty organizací',
					presenter: 'Jana Dvořáková',
					plannedMinutes: 45,
				},
				{
					title: 'Prostupné bydlení a Housing First – zkušenosti z praxe',
					presenter: 'Markéta Horáková',
					plannedMinutes: 30,
				},
				{
					...HELD_AGENDA[3]!,
					status: 'open',
					carriedFromTitle: HELD_AGENDA[3]!.title,
				},
			],
			poll: {
				slots: [
					{ days: 15, from: '14:00', to: '16:00' },
					{ days: 17, from: '09:00', to: '11:00' },
					{ days: 22, from: '14:00', to: '16:00' },
				],
				answers: [
					{ email: JANA, answers: ['yes', 'yes', 'maybe'] },
					{ email: TOMAS, answers: ['yes', 'no', 'yes'] },
					{ email: MARKETA, answers: ['maybe', 'yes', 'yes'] },
					{ guestName: AGENCY_GUEST.name, answers: ['yes', 'maybe', 'no'] },
				],
			},
		},
		{
			group: KMB_GROUP,
			title: 'Platforma KMB: spolupráce kontaktních míst s poskytovateli asistence v bydlení',
			kind: 'world_cafe',
			description:
				'Setkání formou world café u dvou stanovišť.\nJak si KMB a NNO předávají informace, jak zajistit asistenci v bydlení v celém ORP (i v menších obcích) a pro různé cílové skupiny.',
			state: 'confirmed',
			visibility: 'members',
			days: 9,
			from: '10:00',
			to: '13:00',
			place: 'Úřad městské části Praha 7, U Průhonu 1338/38, Praha 7',
			onlineUrl: 'https://meet.jit.si/sitovka-demo-platforma-kmb',
			convenor: ONDREJ,
			agenda: [
				{
					title: 'Úvodní kolečko: zkušenosti s KMB a se síťováním služeb',
					presenter: 'Ondřej Král',
					plannedMinutes: 30,
				},
				{
					title: 'Stanoviště 1: spolupráce KMB s poskytovateli asistence',
					description:
						'Předávání informací mezi KMB a NNO, souhlasy a trojstranné dohody, náhled NNO do evidence.',
					presenter: 'Eva Procházková',
					plannedMinutes: 40,
				},
				{
					title: 'Stanoviště 2: kapacity asistence v bydlení v celém ORP – obce a NNO',
					description:
						'Mapování poskytovatelů, pokrytí různých cílových skupin, výjezdy do menších obcí, financování asistence.',
					presenter: 'Martin Novotný',
					plannedMinutes: 40,
				},
				{
					title: 'Komunitní plánování jako platforma pro zpětnou vazbu',
					presenter: 'Barbora Němcová',
					plannedMinutes: 20,
				},
				{ title: 'Shrnutí a příští setkání', presenter: 'Ondřej Král', plannedMinutes: 10 },
			],
			participants: [
				{ email: ONDREJ, rsvp: 'accepted' },
				{ email: EVA, rsvp: 'accepted' },
				{ email: MARTIN, rsvp: 'maybe' },
				{ email: LUCIE, rsvp: 'accepted' },
				{ email: BARBORA, rsvp: 'declined' },
				{ email: ROMAN },
				{ email: JAKUB, rsvp: 'accepted' },
				{ email: RADKA, rsvp: 'maybe' },
				{
					guestName: 'Miroslav Kadlec',
					guestOrganisation: 'Magistrát města Ústí nad Labem',
					guestEmail: 'miroslav.kadlec@demo.sitovka.cz',
				},
			],
			invitedDaysAgo: 5,
		},
		{
			group: RUMBURK_GROUP,
			title: 'Mapování aktérů a profily typických klientů v ORP Rumburk',
			kind: 'working_group',
			description:
				'Návrh setkání: kdo v ORP poskytuje jaké služby, jak vypadají typičtí klienti a jak zajistit asistenci v bydlení i v menších obcích.',
			state: 'draft',
			visibility: 'members',
			days: 40,
			from: '09:00',
			to: '11:00',
			place: 'Městský úřad Rumburk',
			convenor: ALENA,
			agenda: [
				{ title: 'Mapa aktérů v ORP: obce, NNO, zdravotní péče', plannedMinutes: 40 },
				{ title: 'Profily typických klientů v lokalitě', plannedMinutes: 40 },
			],
		},
		{
			group: PISEK_GROUP,
			title: 'Společná supervize týmu Housing First',
			kind: 'case_conference',
			description: 'Zrušeno: supervizor onemocněl, nový termín domluvíme.',
			state: 'cancelled',
			visibility: 'confidential',
			days: 6,
			from: '13:00',
			to: '15:00',
			place: 'Městský úřad Písek, sociální odbor',
			convenor: MARTIN,
			agenda: [
				{
					title: 'Domácnosti s narůstajícím dluhem na nájmu – společný postup s Nadějí',
					presenter: 'Zdeněk Černý',
					plannedMinutes: 60,
				},
				{ title: 'Předávání informací se souhlasem klientů', plannedMinutes: 30 },
			],
			participants: [
				{ email: MARTIN, rsvp: 'accepted' },
				{ email: person('katerina.svobodova'), rsvp: 'accepted' },
				{ email: person('zdenek.cerny'), rsvp: 'maybe' },
			],
			invitedDaysAgo: 12,
			sequence: 1,
		},
	]
}

// ── Loading ────────────────────────────────────────────────────────────────────────────────

export type MeetingTally = { created: number; existing: number }

type Loaded = {
	meetingId: string
	agendaDoc: Y.Doc
	decisionIds: string[]
	hasMinutes: boolean
}

function lookups(db: Db): Ids {
	const byEmail = new Map(
		db
			.select({ id: users.id, email: users.email })
			.from(users)
			.all()
			.map((row) => [row.email, row.id]),
	)
	const byGroup = new Map(
		db
			.select({ id: groups.id, name: groups.name })
			.from(groups)
			.all()
			.map((row) => [row.name, row.id]),
	)
	const byOrganisation = new Map(
		db
			.select({ id: organisations.id, name: organisations.name })
			.from(organisations)
			.all()
			.map((row) => [row.name, row.id]),
	)
	const need = (map: Map<string, string>, key: string) => {
		const value = map.get(key)
		if (!value) throw new Error(`Demo data: ${key} is missing`)
		return value
	}
	return {
		user: (email) => need(byEmail, email),
		group: (name) => need(byGroup, name),
		organisation: (name) => need(byOrganisation, name),
	}
}

/**
 * Adds the demo meetings (after the organisations, people and groups of `loadDemoData`).
 * Idempotent: a meeting of the same title in the same group is left alone with everything
 * around it. The inserts run in one transaction; the agenda projection and the search index
 * follow, meeting by meeting.
 */
export async function loadDemoMeetings(db: Db, now: Date = new Date()): Promise<MeetingTally> {
	const ids = lookups(db)
	const tally: MeetingTally = { created: 0, existing: 0 }
	const loaded: Loaded[] = []
	const carried = new Map<string, string>()
	const demo = meetingsToLoad(now)
	const existingTitles = new Set(
		db
			.select({ groupId: meetings.groupId, title: meetings.title })
			.from(meetings)
			.where(
				and(
					inArray(
						meetings.groupId,
						demo.map((meeting) => ids.group(meeting.group)),
					),
					inArray(
						meetings.title,
						demo.map((meeting) => meeting.title),
					),
				),
			)
			.all()
			.map((row) => `${row.groupId}\n${row.title}`),
	)
	const names = new Map(
		db
			.select({ id: users.id, name: users.name })
			.from(users)
			.all()
			.map((row) => [row.id, row.name]),
	)
	try {
		db.transaction((tx) => {
			for (const meeting of demo) {
				const groupId = ids.group(meeting.group)
				if (existingTitles.has(`${groupId}\n${meeting.title}`)) {
					tally.existing++
					continue
				}
				tally.created++
				loaded.push(insertMeeting(tx, meeting, groupId, { ids, names, carried, now }))
			}
		})
		for (const meeting of loaded) {
			projectAgenda(meeting.meetingId, meeting.agendaDoc)
			indexMeeting(meeting.meetingId)
			for (const decisionId of meeting.decisionIds) indexDecision(decisionId)
			if (meeting.hasMinutes) await indexMinutes(meeting.meetingId)
		}
	} finally {
		for (const meeting of loaded) meeting.agendaDoc.destroy()
	}
	return tally
}

function insertMeeting(
	tx: Pick<Db, 'insert'>,
	meeting: DemoMeeting,
	groupId: string,
	{
		ids,
		names,
		carried,
		now,
	}: { ids: Ids; names: Map<string, string>; carried: Map<string, string>; now: Date },
): Loaded {
	const convenorId = ids.user(meeting.convenor)
	const startsAt = pragueAt(now, meeting.days, meeting.from)
	const endsAt = pragueAt(now, meeting.days, meeting.to)
	const ago = (days: number) => new Date(now.getTime() - days * DAY)
	const minutesState = meeting.minutes?.state ?? 'draft'
	const meetingId = tx
		.insert(meetings)
		.values({
			groupId,
			title: meeting.title,
			kind: meeting.kind,
			description: meeting.description,
			startsAt,
			endsAt,
			place: meeting.place ?? null,
			onlineUrl: meeting.onlineUrl ?? null,
			visibility: meeting.visibility,
			state: meeting.state,
			sequence: meeting.sequence ?? 0,
			minutesState,
			// Only the link's hash is kept: a convenor makes a new link to see one.
			pollTokenHash: meeting.poll ? hashToken(generateSecureRandomString()) : null,
			createdById: convenorId,
			createdAt: ago(Math.max(10, -meeting.days + 20)),
		})
		.returning({ id: meetings.id })
		.get().id

	// Agenda: the live document and (after the transaction) its projection.
	const agenda = [...meeting.agenda]
	const { update: agendaBytes, ids: agendaIds, doc: agendaDoc } = agendaUpdate(agenda, carried)
	agenda.forEach((item, index) => carried.set(item.title, agendaIds[index]!))
	if (agendaIds.length) {
		tx.insert(yjsUpdates)
			.values({
				docName: agendaDocumentName(meetingId),
				update: Buffer.from(agendaBytes),
				userId: convenorId,
			})
			.run()
	}

	for (const participant of meeting.participants ?? []) {
		const invitedAt = meeting.invitedDaysAgo ? ago(meeting.invitedDaysAgo) : null
		if ('email' in participant) {
			tx.insert(meetingParticipants)
				.values({
					meetingId,
					userId: ids.user(participant.email),
					rsvp: participant.rsvp ?? null,
					attendance: participant.attendance ?? null,
					invitedAt,
				})
				.run()
		} else {
			tx.insert(meetingParticipants)
				.values({
					meetingId,
					guestName: participant.guestName,
					guestOrganisation: participant.guestOrganisation,
					email: participant.guestEmail ?? null,
					rsvp: participant.rsvp ?? null,
					attendance: participant.attendance ?? null,
					invitedAt: participant.guestEmail ? invitedAt : null,
				})
				.run()
		}
	}

	if (meeting.poll) {
		const slotIds = meeting.poll.slots.map(
			(slot) =>
				tx
					.insert(pollSlots)
					.values({
						meetingId,
						startsAt: pragueAt(now, slot.days, slot.from),
						endsAt: pragueAt(now, slot.days, slot.to),
					})
					.returning({ id: pollSlots.id })
					.get().id,
		)
		meeting.poll.answers.forEach((respondent, index) => {
			const respondentId = tx
				.insert(pollRespondents)
				.values({
					meetingId,
					userId: respondent.email ? ids.user(respondent.email) : null,
					guestName: respondent.guestName ?? null,
					// Nobody holds this guest's edit token: a demo answer, not a real person's.
					guestTokenHash: respondent.guestName ? hashToken(generateSecureRandomString()) : null,
					createdAt: ago(4 - index * 0.5),
				})
				.returning({ id: pollRespondents.id })
				.get().id
			tx.insert(pollAnswers)
				.values(
					respondent.answers.map((answer, slot) => ({
						respondentId,
						slotId: slotIds[slot]!,
						answer,
					})),
				)
				.run()
		})
	}

	const decisionIds: string[] = []
	const year = utcToPragueLocal(startsAt).slice(0, 4)
	const present =
		meeting.participants?.filter((participant) => participant.attendance === 'present').length ??
		null
	meeting.decisions?.forEach((decision, index) => {
		const votes = decision.votes
			? {
					votesFor: decision.votes[0],
					votesAgainst: decision.votes[1],
					votesAbstain: decision.votes[2],
				}
			: null
		decisionIds.push(
			tx
				.insert(decisions)
				.values({
					meetingId,
					agendaItemId: agendaIds[decision.agendaItem] ?? null,
					number: `${index + 1}/${year}`,
					text: decision.text,
					votesFor: votes?.votesFor ?? null,
					votesAgainst: votes?.votesAgainst ?? null,
					votesAbstain: votes?.votesAbstain ?? null,
					rule: votes ? 'majority_of_present' : null,
					presentCount: votes ? present : null,
					outcome: votes ? decisionOutcome('majority_of_present', votes, present) : null,
					createdById: convenorId,
					createdAt: endsAt,
				})
				.returning({ id: decisions.id })
				.get().id,
		)
	})

	for (const task of meeting.tasks ?? []) {
		const status = task.status ?? 'open'
		tx.insert(tasks)
			.values({
				groupId,
				meetingId,
				agendaItemId: task.agendaItem === undefined ? null : (agendaIds[task.agendaItem] ?? null),
				title: task.title,
				description: task.description ?? null,
				ownerUserId: 'email' in task.owner ? ids.user(task.owner.email) : null,
				ownerOrganisationId:
					'organisation' in task.owner ? ids.organisation(task.owner.organisation) : null,
				dueDate: task.dueInDays === null ? null : pragueDay(now, task.dueInDays),
				status,
				createdById: convenorId,
				createdAt: endsAt,
				completedAt: status === 'done' ? ago(-meeting.days - 7) : null,
			})
			.run()
	}

	if (meeting.minutes) {
		const docName = meetingMinutesDocumentName(meetingId)
		const convenor = { id: convenorId, name: names.get(convenorId) ?? '' }
		const first = minutesUpdate(meeting.minutes.content(agenda), convenor)
		const updates = [{ bytes: first, userId: convenorId }]
		if (meeting.minutes.addition) {
			const authorId = ids.user(meeting.minutes.addition.email)
			updates.push({
				bytes: appendedBy(first, meeting.minutes.addition.content, {
					id: authorId,
					name: names.get(authorId) ?? '',
				}),
				userId: authorId,
			})
		}
		for (const update of updates) {
			tx.insert(yjsUpdates)
				.values({ docName, update: Buffer.from(update.bytes), userId: update.userId })
				.run()
		}
		if (minutesState === 'approved' || minutesState === 'published') {
			const approvedAt = ago(-meeting.days - 14)
			const state = Y.mergeUpdates(updates.map((update) => update.bytes))
			const versionId = tx
				.insert(yjsVersions)
				.values({
					docName,
					kind: 'manual',
					name: 'Schválený zápis',
					state: Buffer.from(state),
					createdById: convenorId,
					createdAt: approvedAt,
				})
				.returning({ id: yjsVersions.id })
				.get().id
			tx.insert(minutesApprovals)
				.values({
					meetingId,
					versionId,
					approvedById: convenorId,
					approvedAt,
					publishedAt:
						minutesState === 'published' && meeting.visibility === 'public' ? approvedAt : null,
				})
				.run()
		}
	}

	return { meetingId, agendaDoc, decisionIds, hasMinutes: Boolean(meeting.minutes) }
}

/** An edit by a second author on top of `state`: paragraphs appended at the end. */
function appendedBy(
	state: Uint8Array,
	content: JSONContent[],
	author: { id: string; name: string },
) {
	const base = new Y.Doc({ gc: false })
	try {
		Y.applyUpdate(base, state)
		const before = Y.encodeStateVector(base)
		const addition = prosemirrorJSONToYDoc(
			getSchema(minutesSchemaExtensions()),
			{ type: 'doc', content },
			MINUTES_FIELD,
		)
		try {
			const fragment = base.getXmlFragment(MINUTES_FIELD)
			base.transact(() => {
				fragment.push(
					addition
						.getXmlFragment(MINUTES_FIELD)
						.toArray()
						.map((node) => (node as Y.XmlElement).clone()),
				)
				new Y.PermanentUserData(base).setUserMapping(base, base.clientID, author.id)
				base.getMap<string>(AUTHORS_MAP).set(author.id, author.name)
			})
		} finally {
			addition.destroy()
		}
		return Y.encodeStateAsUpdate(base, before)
	} finally {
		base.destroy()
	}
}
