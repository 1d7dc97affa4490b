import { defineMessages } from '#app/i18n/define.ts'

// The private calendar link (account page), the reminder e-mail and the agenda PDF.
export const calendarMessages = defineMessages({
	cs: {
		'calendar.title': 'Kalendář',
		'calendar.intro':
			'Setkání, na která jste pozváni, a setkání vašich skupin můžete mít ve svém kalendáři (Outlook, Google Kalendář, kalendář v telefonu). Kalendář si je sám načítá ze soukromého odkazu a změny času či místa se v něm objeví samy.',
		'calendar.none': 'Zatím nemáte žádný odkaz pro kalendář.',
		'calendar.active': 'Odkaz pro kalendář máte vytvořený {date}.',
		'calendar.create': 'Vytvořit odkaz pro kalendář',
		'calendar.regenerate': 'Vytvořit nový odkaz',
		'calendar.regenerate.hint':
			'Nový odkaz nahradí ten starý: starý přestane fungovat a v kalendáři ho bude potřeba vyměnit.',
		'calendar.revoke': 'Zrušit odkaz',
		'calendar.revoke.hint': 'Po zrušení odkazu kalendář přestane setkání ze Síťovky načítat.',
		'calendar.url.label': 'Váš soukromý odkaz pro kalendář',
		'calendar.url.once':
			'Odkaz si teď zkopírujte – po opuštění stránky už ho znovu neuvidíte. Nikomu ho neposílejte: kdo ho má, vidí vaše setkání. Kdybyste ho ztratili nebo ho někdo získal, vytvořte nový.',
		'calendar.howto.title': 'Jak odkaz přidat do kalendáře',
		'calendar.howto.outlook':
			'Outlook: v kalendáři zvolte Přidat kalendář → Přihlásit se k odběru z webu (ve starším Outlooku Otevřít kalendář → Z internetu) → vložte odkaz → Importovat.',
		'calendar.howto.google':
			'Google Kalendář (na počítači): vlevo u „Další kalendáře“ klikněte na + → Přihlásit se k odběru kalendáře přes URL → vložte odkaz → Přidat kalendář.',
		'calendar.howto.iphone':
			'iPhone: Nastavení → Kalendář → Účty → Přidat účet → Jiný → Přidat odebíraný kalendář → vložte odkaz.',
		'calendar.howto.android':
			'Telefon s Androidem: přidejte odkaz v Google Kalendáři na počítači (viz výše); v telefonu se kalendář objeví sám, pokud používáte stejný účet Google.',
		'calendar.howto.delay':
			'Kalendáře odkaz načítají samy, obvykle několikrát denně – nová setkání se proto mohou objevit až po několika hodinách.',
		'notice.calendarRevoked': 'Odkaz pro kalendář je zrušený. Starý odkaz už nefunguje.',

		'meetings.reminderMail.subject': 'Připomínka: {title}, {when}',
		'meetings.reminderMail.intro': 'připomínáme setkání skupiny {group}, které bude {when}.',
		'meetings.reminderMail.tomorrow': 'zítra v {time}',
		'meetings.reminderMail.today': 'dnes v {time}',
		'meetings.reminderMail.onDate': '{date} v {time}',
		'meetings.reminderMail.decline':
			'Pokud nemůžete přijít, dejte prosím vědět v Síťovce (odpověď na pozvánku).',

		'meetings.agendaPdf.link': 'Program (PDF)',
		'meetings.agendaPdf.title': 'Program setkání',
		'meetings.agendaPdf.presenter': 'Předkládá: {name}',
		'meetings.agendaPdf.minutes': '{count} min',
		'meetings.agendaPdf.total': 'Plánovaná délka programu: {count} min',
		'meetings.agendaPdf.empty': 'Program zatím nemá žádné body.',
		'meetings.agendaPdf.page': 'Strana {page} z {total}',
		'meetings.invitationMail.agenda': 'Program setkání je v příloze (program.pdf).',
	},
	en: {
		'calendar.title': 'Calendar',
		'calendar.intro':
			'Meetings you are invited to and meetings of your groups can appear in your own calendar (Outlook, Google Calendar, your phone). The calendar reads them from a private link, and changes of time or place show up by themselves.',
		'calendar.none': 'You have no calendar link yet.',
		'calendar.active': 'Your calendar link was created on {date}.',
		'calendar.create': 'Create calendar link',
		'calendar.regenerate': 'Create a new link',
		'calendar.regenerate.hint':
			'A new link replaces the old one: the old link stops working and must be replaced in your calendar.',
		'calendar.revoke': 'Remove link',
		'calendar.revoke.hint':
			'Once the link is removed, calendars stop reading meetings from Síťovka.',
		'calendar.url.label': 'Your private calendar link',
		'calendar.url.once':
			'Copy the link now – you will not see it again after leaving this page. Do not share it: whoever has it sees your meetings. If you lose it or someone else gets it, create a new one.',
		'calendar.howto.title': 'How to add the link to your calendar',
		'calendar.howto.outlook':
			'Outlook: in the calendar choose Add calendar → Subscribe from web (in older Outlook Open calendar → From internet) → paste the link → Import.',
		'calendar.howto.google':
			'Google Calendar (on a computer): next to “Other calendars” click + → From URL → paste the link → Add calendar.',
		'calendar.howto.iphone':
			'iPhone: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar → paste the link.',
		'calendar.howto.android':
			'Android phone: add the link in Google Calendar on a computer (see above); it appears on the phone by itself when you use the same Google account.',
		'calendar.howto.delay':
			'Calendars read the link on their own, usually a few times a day, so new meetings may take a few hours to appear.',
		'notice.calendarRevoked': 'The calendar link has been removed. The old link no longer works.',

		'meetings.reminderMail.subject': 'Reminder: {title}, {when}',
		'meetings.reminderMail.intro': 'this is a reminder of the meeting of {group}, {when}.',
		'meetings.reminderMail.tomorrow': 'tomorrow at {time}',
		'meetings.reminderMail.today': 'today at {time}',
		'meetings.reminderMail.onDate': '{date} at {time}',
		'meetings.reminderMail.decline':
			'If you cannot come, please let us know in Síťovka (answer to the invitation).',

		'meetings.agendaPdf.link': 'Agenda (PDF)',
		'meetings.agendaPdf.title': 'Meeting agenda',
		'meetings.agendaPdf.presenter': 'Presented by: {name}',
		'meetings.agendaPdf.minutes': '{count} min',
		'meetings.agendaPdf.total': 'Planned length of the agenda: {count} min',
		'meetings.agendaPdf.empty': 'The agenda has no items yet.',
		'meetings.agendaPdf.page': 'Page {page} of {total}',
		'meetings.invitationMail.agenda': 'The agenda is attached (program.pdf).',
	},
})
