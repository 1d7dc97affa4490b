import {
	getFormProps,
	getInputProps,
	getSelectProps,
	getTextareaProps,
	type SubmissionResult,
	useForm,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link, useNavigation } from '@remix-run/react'
import type { z } from 'zod'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { KrajSelect, OrpSelect } from '#app/territory/territory-select.tsx'
import type { KrajOption, OrpOptionGroup } from '#app/territory/territory.server.ts'
import { ORGANISATION_KINDS } from '#db/schema/organisations.ts'
import { OrganisationSchema } from './organisation.schema.ts'

export type OrganisationFormValues = {
	name: string
	kind: string
	ico: string | null
	address: string | null
	contactEmail: string | null
	contactPhone: string | null
	website: string | null
	orpKod: string | null
	krajKod: string | null
	description: string | null
}

/**
 * The one form for creating and editing an organisation. After a failed submit the server's
 * reply (`lastResult`) carries every typed value back, so nothing is lost even without JS.
 */
export function OrganisationForm({
	id,
	lastResult,
	defaultValue,
	orpOptions,
	krajOptions,
	submitLabel,
	cancelTo,
}: {
	id: string
	lastResult?: SubmissionResult<string[]>
	defaultValue?: OrganisationFormValues
	orpOptions: OrpOptionGroup[]
	krajOptions: KrajOption[]
	submitLabel: string
	cancelTo: string
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const [form, fields] = useForm<z.input<typeof OrganisationSchema>>({
		id,
		lastResult,
		defaultValue,
		constraint: getZodConstraint(OrganisationSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSchema }),
	})
	const kindOptions = ORGANISATION_KINDS.map((kind) => ({
		value: kind,
		label: t(`organisations.kind.${kind}`),
	}))
	return (
		<Form method="post" className="form" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<Field
				label={t('organisations.field.name')}
				inputProps={{
					...getInputProps(fields.name, { type: 'text' }),
					autoComplete: 'organization',
				}}
				errors={fields.name.errors}
			/>
			<SelectField
				label={t('organisations.field.kind')}
				selectProps={getSelectProps(fields.kind)}
				options={kindOptions}
				placeholder={t('organisations.field.kindPlaceholder')}
				errors={fields.kind.errors}
			/>
			<Field
				label={t('organisations.field.ico')}
				hint={t('organisations.field.icoHint')}
				optional
				inputProps={{
					...getInputProps(fields.ico, { type: 'text' }),
					inputMode: 'numeric',
					autoComplete: 'off',
					className: 'input--short',
				}}
				errors={fields.ico.errors}
			/>
			<Field
				label={t('organisations.field.address')}
				optional
				inputProps={{
					...getInputProps(fields.address, { type: 'text' }),
					autoComplete: 'street-address',
				}}
				errors={fields.address.errors}
			/>
			<Field
				label={t('organisations.field.contactEmail')}
				optional
				inputProps={{
					...getInputProps(fields.contactEmail, { type: 'email' }),
					autoComplete: 'email',
				}}
				errors={fields.contactEmail.errors}
			/>
			<Field
				label={t('organisations.field.contactPhone')}
				optional
				inputProps={{ ...getInputProps(fields.contactPhone, { type: 'tel' }), autoComplete: 'tel' }}
				errors={fields.contactPhone.errors}
			/>
			<Field
				label={t('organisations.field.website')}
				hint={t('organisations.field.websiteHint')}
				optional
				inputProps={{ ...getInputProps(fields.website, { type: 'text' }), autoComplete: 'url' }}
				errors={fields.website.errors}
			/>
			<OrpSelect
				label={t('organisations.field.orp')}
				hint={t('organisations.field.orpHint')}
				optional
				selectProps={getSelectProps(fields.orpKod)}
				options={orpOptions}
				placeholder={t('organisations.field.orpPlaceholder')}
				errors={fields.orpKod.errors}
			/>
			<KrajSelect
				label={t('organisations.field.kraj')}
				hint={t('organisations.field.krajHint')}
				optional
				selectProps={getSelectProps(fields.krajKod)}
				options={krajOptions}
				placeholder={t('organisations.field.krajPlaceholder')}
				errors={fields.krajKod.errors}
			/>
			<TextareaField
				label={t('organisations.field.description')}
				hint={t('organisations.field.descriptionHint')}
				optional
				textareaProps={getTextareaProps(fields.description)}
				errors={fields.description.errors}
			/>
			<div className="actions">
				<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
					{navigation.state === 'submitting' ? t('form.saving') : submitLabel}
				</button>
				<Link to={cancelTo} className="button button--secondary">
					{t('form.cancel')}
				</Link>
			</div>
		</Form>
	)
}
