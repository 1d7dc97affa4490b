import { type FieldMetadata, getInputProps, getSelectProps } from '@conform-to/react'
import { Field, SelectField } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MEETING_KINDS } from '#db/schema/meetings.ts'

// Fields that a single meeting and a recurring series ask the same way.

type TextField = FieldMetadata<string | undefined, Record<string, unknown>, string[]>

export function MeetingKindField({ meta }: { meta: TextField }) {
	const { t } = useTranslation()
	return (
		<SelectField
			label={t('meetings.kind')}
			selectProps={getSelectProps(meta)}
			options={MEETING_KINDS.map((kind) => ({ value: kind, label: t(`meetings.kind.${kind}`) }))}
			errors={meta.errors}
		/>
	)
}

/** Where the meeting happens: a place, an online link, or both (hybrid). */
export function MeetingPlaceFields({
	place,
	onlineUrl,
}: {
	place: TextField
	onlineUrl: TextField
}) {
	const { t } = useTranslation()
	return (
		<>
			<Field
				label={t('meetings.place')}
				hint={t('meetings.place.hint')}
				optional
				inputProps={{ ...getInputProps(place, { type: 'text' }), autoComplete: 'off' }}
				errors={place.errors}
			/>
			<Field
				label={t('meetings.onlineUrl')}
				hint={t('meetings.onlineUrl.hint')}
				optional
				inputProps={{ ...getInputProps(onlineUrl, { type: 'url' }), autoComplete: 'off' }}
				errors={onlineUrl.errors}
			/>
		</>
	)
}
