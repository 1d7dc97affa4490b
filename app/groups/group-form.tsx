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
import {
	ErrorList,
	Field,
	FormErrors,
	SelectField,
	TextareaField,
} from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { KrajSelect, OrpSelect } from '#app/territory/territory-select.tsx'
import type { KrajOption, OrpOptionGroup } from '#app/territory/territory.server.ts'
import { GROUP_KINDS } from '#db/schema/groups.ts'
import { NewGroupSchema } from './group.schema.ts'

export type GroupFormDefaults = {
	name?: string
	kind?: string
	scope?: 'orp' | 'kraj'
	orpKod?: string | null
	krajKod?: string | null
	description?: string | null
	convenorId?: string
}

/**
 * The group form for creating and editing. The territory is an ORP or a kraj: radio buttons
 * choose which, and CSS shows only the matching select (no script needed); the server keeps
 * only the chosen one.
 */
export function GroupForm({
	id,
	lastResult,
	defaultValue,
	orpOptions,
	krajOptions,
	convenorOptions,
	submitLabel,
	cancelTo,
}: {
	id: string
	lastResult?: SubmissionResult<string[]>
	defaultValue: GroupFormDefaults
	orpOptions: OrpOptionGroup[]
	krajOptions: KrajOption[]
	/** Shown only when creating: who becomes the first convenor. */
	convenorOptions?: Array<{ value: string; label: string }>
	submitLabel: string
	cancelTo: string
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id,
		lastResult,
		defaultValue: {
			...defaultValue,
			orpKod: defaultValue.orpKod ?? undefined,
			krajKod: defaultValue.krajKod ?? undefined,
			description: defaultValue.description ?? undefined,
		},
		// The edit schema is the same without convenorId; validating with the wider one is harmless.
		constraint: getZodConstraint(NewGroupSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: NewGroupSchema }),
	})
	const scopeErrorId = `${fields.scope.id}-error`
	return (
		<Form method="post" className="form" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<Field
				label={t('groups.name')}
				hint={t('groups.name.hint')}
				inputProps={getInputProps(fields.name, { type: 'text' })}
				errors={fields.name.errors}
			/>
			<SelectField
				label={t('groups.kind')}
				selectProps={getSelectProps(fields.kind)}
				placeholder={t('groups.kind.choose')}
				options={GROUP_KINDS.map((kind) => ({ value: kind, label: t(`groups.kind.${kind}`) }))}
				errors={fields.kind.errors}
			/>
			<div className="group-territory">
				<fieldset
					className="radio-group"
					aria-describedby={fields.scope.errors?.length ? scopeErrorId : undefined}
				>
					<legend>{t('groups.territory.scope')}</legend>
					{(['orp', 'kraj'] as const).map((scope) => {
						const props = getInputProps(fields.scope, { type: 'radio', value: scope })
						return (
							<div className="checkbox" key={scope}>
								<input {...props} id={`${fields.scope.id}-${scope}`} />
								<label htmlFor={`${fields.scope.id}-${scope}`}>
									{t(`groups.territory.scope.${scope}`)}
								</label>
							</div>
						)
					})}
					<ErrorList id={scopeErrorId} errors={fields.scope.errors} />
				</fieldset>
				<OrpSelect
					className="group-territory__orp"
					label={t('groups.territory.orp')}
					selectProps={getSelectProps(fields.orpKod)}
					options={orpOptions}
					errors={fields.orpKod.errors}
				/>
				<KrajSelect
					className="group-territory__kraj"
					label={t('groups.territory.kraj')}
					selectProps={getSelectProps(fields.krajKod)}
					options={krajOptions}
					errors={fields.krajKod.errors}
				/>
			</div>
			<TextareaField
				label={t('groups.description')}
				hint={t('groups.description.hint')}
				optional
				textareaProps={getTextareaProps(fields.description)}
				errors={fields.description.errors}
			/>
			{convenorOptions ? (
				<SelectField
					label={t('groups.convenor')}
					hint={t('groups.convenor.hint')}
					selectProps={getSelectProps(fields.convenorId)}
					options={convenorOptions}
					errors={fields.convenorId.errors}
				/>
			) : null}
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
