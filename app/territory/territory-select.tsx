import { useId } from 'react'
import { ErrorList, type ListOfErrors } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import type { KrajOption, OrpOptionGroup } from './territory.server.ts'

/*
 * Select boxes for a territory code, for organisation and group forms.
 *
 * Loader:  return { orpOptions: listOrpOptions(), krajOptions: listKrajOptions() }
 *          (both from '#app/territory/territory.server.ts').
 * Form:    <OrpSelect
 *            label={t('organisations.orp')}
 *            selectProps={getSelectProps(fields.orpKod)}   // or { name: 'orpKod', defaultValue }
 *            options={orpOptions}
 *            errors={fields.orpKod.errors}
 *          />
 *          <KrajSelect label={…} selectProps={getSelectProps(fields.krajKod)} options={krajOptions} />
 *
 * Props (both components):
 * - label: the visible label (required).
 * - selectProps: attributes for the <select>: name, defaultValue (a code such as '4212'), and
 *   whatever conform's getSelectProps gives (key, id, form, required). id is generated if absent.
 * - options: OrpSelect takes listOrpOptions() (one <optgroup> per kraj), KrajSelect
 *   listKrajOptions().
 * - errors: message keys, shown translated under the field and linked by aria-describedby.
 * - hint, optional: as in Field/SelectField.
 * - placeholder: the first, empty option; defaults to "Vyberte ORP" / "Vyberte kraj". Pass
 *   null to leave it out (then the first ORP is preselected, so keep it for optional fields).
 * On submit the form sends the ČSÚ code (orp.kod / kraj.kod). Check it on the server with
 * findOrp / findKraj from territory.server.ts.
 */

type SelectProps = React.SelectHTMLAttributes<HTMLSelectElement> & { key?: string; id?: string }

type TerritorySelectProps = {
	label: React.ReactNode
	selectProps: SelectProps
	errors?: ListOfErrors
	hint?: React.ReactNode
	optional?: boolean
	placeholder?: string | null
	className?: string
}

export function OrpSelect({
	options,
	placeholder,
	...props
}: TerritorySelectProps & { options: OrpOptionGroup[] }) {
	const { t } = useTranslation()
	return (
		<TerritorySelectFrame
			{...props}
			placeholder={placeholder === undefined ? t('territory.select.orpPlaceholder') : placeholder}
		>
			{options.map((group) => (
				<optgroup key={group.krajKod} label={group.krajNazev}>
					{group.orp.map((option) => (
						<option key={option.kod} value={option.kod}>
							{option.nazev}
						</option>
					))}
				</optgroup>
			))}
		</TerritorySelectFrame>
	)
}

export function KrajSelect({
	options,
	placeholder,
	...props
}: TerritorySelectProps & { options: KrajOption[] }) {
	const { t } = useTranslation()
	return (
		<TerritorySelectFrame
			{...props}
			placeholder={placeholder === undefined ? t('territory.select.krajPlaceholder') : placeholder}
		>
			{options.map((option) => (
				<option key={option.kod} value={option.kod}>
					{option.nazev}
				</option>
			))}
		</TerritorySelectFrame>
	)
}

/** Label, hint and errors around the select, wired up like SelectField in field.tsx. */
function TerritorySelectFrame({
	label,
	selectProps,
	errors,
	hint,
	optional,
	placeholder,
	className,
	children,
}: Omit<TerritorySelectProps, 'placeholder'> & {
	placeholder: string | null
	children: React.ReactNode
}) {
	const { t } = useTranslation()
	const fallbackId = useId()
	const { key, id: givenId, ...rest } = selectProps
	const id = givenId ?? fallbackId
	const errorId = errors?.some(Boolean) ? `${id}-error` : undefined
	const hintId = hint ? `${id}-hint` : undefined
	return (
		<div className={['field', className].filter(Boolean).join(' ')}>
			<label htmlFor={id}>
				{label}
				{optional ? <span className="muted"> ({t('form.optional')})</span> : null}
			</label>
			{hint ? (
				<p id={hintId} className="field-hint">
					{hint}
				</p>
			) : null}
			<select
				key={key}
				{...rest}
				id={id}
				aria-invalid={errorId ? true : undefined}
				aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
			>
				{placeholder !== null ? <option value="">{placeholder}</option> : null}
				{children}
			</select>
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}
