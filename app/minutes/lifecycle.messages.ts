import { defineMessages } from '#app/i18n/define.ts'

// The minutes' lifecycle (draft → comments → approved → published, corrections), the outline
// made from the agenda, decisions and approval notes in exports, and the public minutes page.
export const minutesLifecycleMessages = defineMessages({
	cs: {
		'minutes.outline.present': 'Přítomni',
		'minutes.outline.notRecorded':
			'Docházka zatím nebyla zapsána; níže jsou všichni pozvaní. Upravte seznam podle skutečnosti.',
		'minutes.outline.nobody': 'Seznam přítomných doplňte.',
		'minutes.outline.excused': 'Omluveni: {names}',
		'minutes.outline.item': '{number}. {title}',
		'minutes.lifecycle.heading': 'Stav zápisu',
		'minutes.lifecycle.state.draft': 'Koncept',
		'minutes.lifecycle.state.correction': 'Oprava schváleného zápisu',
		'minutes.lifecycle.state.comments': 'K připomínkám',
		'minutes.lifecycle.state.approved': 'Schválený',
		'minutes.lifecycle.state.published': 'Zveřejněný',
		'minutes.lifecycle.prepare': 'Připravit zápis podle programu',
		'minutes.lifecycle.prepare.hint':
			'Zápis je prázdný. Síťovka do něj vloží seznam přítomných a nadpis pro každý bod programu.',
		'minutes.lifecycle.send': 'Poslat k připomínkám',
		'minutes.lifecycle.send.change': 'Změnit termín připomínek',
		'minutes.lifecycle.send.hint':
			'Účastníci mohou zápis doplňovat a připomínkovat do konce zvoleného dne.',
		'minutes.lifecycle.commentsUntil': 'Připomínky do',
		'minutes.lifecycle.commentsUntil.required': 'Vyberte den, do kdy lze posílat připomínky.',
		'minutes.lifecycle.commentsUntil.invalid': 'Zadejte platné datum, např. 3. 12. 2026.',
		'minutes.lifecycle.commentsUntil.past':
			'Termín pro připomínky nemůže být v minulosti. Vyberte dnešek nebo pozdější den.',
		'minutes.lifecycle.approve': 'Schválit zápis',
		'minutes.lifecycle.approve.hint':
			'Schválený zápis se uloží jako verze a už ho nikdo nemůže měnit (opravit ho lze později).',
		'minutes.lifecycle.approve.notHeld':
			'Zápis lze schválit, až bude setkání označené jako proběhlé (Upravit → Setkání proběhlo).',
		'minutes.lifecycle.note': 'Co se změnilo',
		'minutes.lifecycle.note.hint': 'Krátce popište opravu, např. „doplněno jméno přítomné“.',
		'minutes.lifecycle.note.required': 'Napište prosím, co se v zápisu změnilo.',
		'minutes.lifecycle.publish': 'Zveřejnit zápis',
		'minutes.lifecycle.publish.hint': 'Zápis bude na veřejné stránce, kterou otevře kdokoli.',
		'minutes.lifecycle.publish.notPublic':
			'Zveřejnit lze jen zápis z veřejného setkání. Viditelnost změníte v úpravě setkání.',
		'minutes.lifecycle.correct': 'Opravit schválený zápis',
		'minutes.lifecycle.correct.hint':
			'Zápis půjde znovu upravovat, jen svolavatelům. Po opravě ho znovu schvalte s poznámkou, co se změnilo.',
		'minutes.lifecycle.publicLink': 'Veřejná stránka zápisu',
		'minutes.lifecycle.banner.comments':
			'Zápis je k připomínkám do {date}. Doplňte prosím své poznámky přímo do textu.',
		'minutes.lifecycle.banner.commentsOver':
			'Termín pro připomínky uplynul {date}. Zápis čeká na schválení; upravovat ho teď může jen svolavatel.',
		'minutes.lifecycle.banner.approved':
			'Zápis je schválený a nelze ho měnit. Schválená znění najdete níže.',
		'minutes.lifecycle.banner.published':
			'Zápis je schválený a zveřejněný; nelze ho měnit. Schválená znění najdete níže.',
		'minutes.lifecycle.banner.correction':
			'Schválený zápis se opravuje. Upravovat ho mohou jen svolavatelé skupiny.',
		'minutes.lifecycle.approvals': 'Schválená znění',
		'minutes.lifecycle.approvals.caption': 'Schválená znění zápisu, od nejnovějšího',
		'minutes.lifecycle.approvals.date': 'Schváleno',
		'minutes.lifecycle.approvals.approver': 'Schválil/a',
		'minutes.lifecycle.approvals.note': 'Co se změnilo',
		'minutes.lifecycle.approvals.first': 'První schválené znění',
		'minutes.lifecycle.approvals.published': 'zveřejněno',
		'minutes.lifecycle.approvals.view': 'Zobrazit znění',
		'minutes.lifecycle.versionName': 'Schválený zápis',
		'minutes.lifecycle.versionName.correction': 'Schválená oprava: {note}',
		'minutes.lifecycle.error.notEmpty':
			'Zápis už obsahuje text, proto se podle programu nepřipravil. Nic se nepřepsalo.',
		'minutes.lifecycle.error.notDraft': 'K připomínkám lze poslat jen rozpracovaný zápis.',
		'minutes.lifecycle.error.notHeld':
			'Zápis lze schválit, až bude setkání označené jako proběhlé.',
		'minutes.lifecycle.error.alreadyApproved': 'Zápis už je schválený.',
		'minutes.lifecycle.error.notApproved': 'Tento krok je možný jen u schváleného zápisu.',
		'minutes.lifecycle.error.notPublic':
			'Zveřejnit lze jen zápis z veřejného setkání. Viditelnost změníte v úpravě setkání.',
		'minutes.export.approvedVersion': 'Schválené znění ze dne {date}',
		'minutes.export.options': 'Co má stažený zápis obsahovat',
		'minutes.export.includeAttendance': 'S docházkou (přítomni, omluveni, nepřítomni)',
		'minutes.export.omitConfidential': 'Bez neveřejných částí',
		'minutes.export.decisions': 'Usnesení',
		'minutes.export.decision': 'Usnesení č. {number}:',
		'minutes.export.decision.unnumbered': 'Usnesení:',
		'minutes.export.vote':
			'Hlasování: pro {for}, proti {against}, zdrželo se {abstain} ({rule}) – {outcome}.',
		'publicMinutes.title': 'Zápis: {title}',
		'publicMinutes.approvedAt': 'Schválené znění ze dne {date}',
		'publicMinutes.present': 'Přítomni',
		'publicMinutes.present.none': 'Seznam přítomných nebyl zapsán.',
		'publicMinutes.decisions': 'Usnesení',
		'publicMinutes.minutes': 'Text zápisu',
		'publicMinutes.pdf': 'Stáhnout zápis v PDF',
		'publicMinutes.confidentialOmitted': 'Neveřejné části zápisu zde nejsou.',
		'notice.minutesPrepared': 'Zápis je připravený podle programu.',
		'notice.minutesSentForComments': 'Zápis je poslaný k připomínkám.',
		'notice.minutesApproved': 'Zápis je schválený.',
		'notice.minutesApprovedPublished': 'Oprava zápisu je schválená a zveřejněná.',
		'notice.minutesPublished': 'Zápis je zveřejněný.',
		'notice.minutesCorrection': 'Zápis lze opravovat. Po opravě ho znovu schvalte.',
	},
	en: {
		'minutes.outline.present': 'Present',
		'minutes.outline.notRecorded':
			'Attendance has not been recorded yet; everyone invited is listed below. Adjust the list.',
		'minutes.outline.nobody': 'Add the list of those present.',
		'minutes.outline.excused': 'Excused: {names}',
		'minutes.outline.item': '{number}. {title}',
		'minutes.lifecycle.heading': 'Minutes status',
		'minutes.lifecycle.state.draft': 'Draft',
		'minutes.lifecycle.state.correction': 'Correcting approved minutes',
		'minutes.lifecycle.state.comments': 'Open for comments',
		'minutes.lifecycle.state.approved': 'Approved',
		'minutes.lifecycle.state.published': 'Published',
		'minutes.lifecycle.prepare': 'Prepare minutes from the agenda',
		'minutes.lifecycle.prepare.hint':
			'The minutes are empty. Síťovka adds the attendance list and a heading for each agenda item.',
		'minutes.lifecycle.send': 'Send for comments',
		'minutes.lifecycle.send.change': 'Change the comments deadline',
		'minutes.lifecycle.send.hint':
			'Participants can add to and comment on the minutes until the end of the chosen day.',
		'minutes.lifecycle.commentsUntil': 'Comments until',
		'minutes.lifecycle.commentsUntil.required': 'Choose the last day for comments.',
		'minutes.lifecycle.commentsUntil.invalid': 'Enter a valid date, e.g. 3 Dec 2026.',
		'minutes.lifecycle.commentsUntil.past':
			'The comments deadline cannot be in the past. Choose today or a later day.',
		'minutes.lifecycle.approve': 'Approve minutes',
		'minutes.lifecycle.approve.hint':
			'Approved minutes are saved as a version and can no longer be changed (they can be corrected later).',
		'minutes.lifecycle.approve.notHeld':
			'The minutes can be approved once the meeting is marked as held (Edit → Meeting held).',
		'minutes.lifecycle.note': 'What changed',
		'minutes.lifecycle.note.hint': 'Describe the correction briefly, e.g. “added a name”.',
		'minutes.lifecycle.note.required': 'Please write what changed in the minutes.',
		'minutes.lifecycle.publish': 'Publish minutes',
		'minutes.lifecycle.publish.hint': 'The minutes will be on a public page anyone can open.',
		'minutes.lifecycle.publish.notPublic':
			'Only minutes of a public meeting can be published. Change the visibility when editing the meeting.',
		'minutes.lifecycle.correct': 'Correct approved minutes',
		'minutes.lifecycle.correct.hint':
			'The minutes become editable again, for convenors only. Approve them again with a note of what changed.',
		'minutes.lifecycle.publicLink': 'Public page of the minutes',
		'minutes.lifecycle.banner.comments':
			'The minutes are open for comments until {date}. Please add your notes directly to the text.',
		'minutes.lifecycle.banner.commentsOver':
			'The comments deadline passed on {date}. The minutes await approval; only the convenor can edit them now.',
		'minutes.lifecycle.banner.approved':
			'The minutes are approved and cannot be changed. The approved versions are listed below.',
		'minutes.lifecycle.banner.published':
			'The minutes are approved and published; they cannot be changed. The approved versions are listed below.',
		'minutes.lifecycle.banner.correction':
			'The approved minutes are being corrected. Only the group’s convenors can edit them.',
		'minutes.lifecycle.approvals': 'Approved versions',
		'minutes.lifecycle.approvals.caption': 'Approved versions of the minutes, newest first',
		'minutes.lifecycle.approvals.date': 'Approved',
		'minutes.lifecycle.approvals.approver': 'Approved by',
		'minutes.lifecycle.approvals.note': 'What changed',
		'minutes.lifecycle.approvals.first': 'First approved version',
		'minutes.lifecycle.approvals.published': 'published',
		'minutes.lifecycle.approvals.view': 'Show version',
		'minutes.lifecycle.versionName': 'Approved minutes',
		'minutes.lifecycle.versionName.correction': 'Approved correction: {note}',
		'minutes.lifecycle.error.notEmpty':
			'The minutes already contain text, so they were not prepared from the agenda. Nothing was overwritten.',
		'minutes.lifecycle.error.notDraft': 'Only draft minutes can be sent for comments.',
		'minutes.lifecycle.error.notHeld':
			'The minutes can be approved once the meeting is marked as held.',
		'minutes.lifecycle.error.alreadyApproved': 'The minutes are already approved.',
		'minutes.lifecycle.error.notApproved': 'This step is only possible for approved minutes.',
		'minutes.lifecycle.error.notPublic':
			'Only minutes of a public meeting can be published. Change the visibility when editing the meeting.',
		'minutes.export.approvedVersion': 'Approved version of {date}',
		'minutes.export.options': 'What the downloaded minutes contain',
		'minutes.export.includeAttendance': 'With attendance (present, excused, absent)',
		'minutes.export.omitConfidential': 'Without confidential parts',
		'minutes.export.decisions': 'Decisions',
		'minutes.export.decision': 'Decision no. {number}:',
		'minutes.export.decision.unnumbered': 'Decision:',
		'minutes.export.vote':
			'Vote: for {for}, against {against}, abstained {abstain} ({rule}) – {outcome}.',
		'publicMinutes.title': 'Minutes: {title}',
		'publicMinutes.approvedAt': 'Approved version of {date}',
		'publicMinutes.present': 'Present',
		'publicMinutes.present.none': 'No attendance list was recorded.',
		'publicMinutes.decisions': 'Decisions',
		'publicMinutes.minutes': 'Minutes',
		'publicMinutes.pdf': 'Download the minutes as PDF',
		'publicMinutes.confidentialOmitted': 'Confidential parts of the minutes are not shown here.',
		'notice.minutesPrepared': 'The minutes were prepared from the agenda.',
		'notice.minutesSentForComments': 'The minutes were sent for comments.',
		'notice.minutesApproved': 'The minutes are approved.',
		'notice.minutesApprovedPublished': 'The correction is approved and published.',
		'notice.minutesPublished': 'The minutes are published.',
		'notice.minutesCorrection': 'The minutes can be corrected. Approve them again afterwards.',
	},
})
