import { FieldFrame, type ListOfErrors } from '#app/components/ui/field.tsx'
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

/** The select inside the shared FieldFrame (label, hint, errors) from field.tsx. */
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
	const { key, ...rest } = selectProps
	return (
		<FieldFrame
			label={label}
			id={selectProps.id}
			errors={errors}
			hint={hint}
			optional={optional}
			className={className}
			render={(a11y) => (
				<select key={key} {...rest} {...a11y}>
					{placeholder !== null ? <option value="">{placeholder}</option> : null}
					{children}
				</select>
			)}
		/>
	)
}
