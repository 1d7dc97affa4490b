import { useTranslation } from '#app/i18n/use-translation.ts'

/**
 * Downloads of the minutes (PDF, Word, Markdown) with the export options. A plain GET form: the
 * browser downloads the file the chosen button points at.
 */
export function MinutesDownloads({ meetingId }: { meetingId: string }) {
	const { t } = useTranslation()
	const base = `/meetings/${meetingId}/minutes`
	return (
		<form method="get" action={`${base}.pdf`} className="minutes-downloads stack">
			<fieldset>
				<legend className="visually-hidden">{t('minutes.export.options')}</legend>
				<label>
					<input type="checkbox" name="includeAttendance" value="1" />{' '}
					{t('minutes.export.includeAttendance')}
				</label>{' '}
				<label>
					<input type="checkbox" name="omitConfidential" value="1" />{' '}
					{t('minutes.export.omitConfidential')}
				</label>
			</fieldset>
			<div className="actions">
				<button type="submit" className="button button--secondary">
					{t('minutes.export.pdf')}
				</button>
				<button type="submit" formAction={`${base}.docx`} className="button button--secondary">
					{t('minutes.export.docx')}
				</button>
				<button type="submit" formAction={`${base}.md`} className="button button--secondary">
					{t('minutes.export.md')}
				</button>
			</div>
		</form>
	)
}
