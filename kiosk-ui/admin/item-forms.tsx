import { useState } from 'preact/hooks';
import type { CaseItemView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { useLang } from '../shared/lang.ts';

/**
 * The acceptance form's 表格: the forms the district's catalogue lists for the item, each opening
 * its download in a new tab or printing a paper copy on the hall's receipt printer for the resident.
 */
export function ItemForms({ item, api }: { item: CaseItemView; api: Pick<ApiClient, 'printForm'> }) {
  const { t } = useLang();
  const [status, setStatus] = useState<string | null>(null);
  const forms = item.forms ?? [];
  if (forms.length === 0) return null;
  const print = async (form: string) => {
    setStatus(t('guide.printing'));
    try {
      setStatus(t((await api.printForm(item.id, form)).printed ? 'guide.form.printed' : 'guide.printFailed'));
    } catch {
      setStatus(t('guide.printFailed'));
    }
  };
  return (
    <fieldset class="accept-forms" data-testid="accept-forms">
      <legend>{t('accept.forms')}</legend>
      <ul>
        {forms.map((f) => (
          <li key={f.name} data-testid="accept-form">
            <a href={f.url} target="_blank" rel="noopener noreferrer" data-testid="accept-form-link">
              {f.name}
            </a>{' '}
            <button
              type="button"
              class="secondary-button"
              data-testid="accept-form-print"
              onClick={() => void print(f.name)}
            >
              {t('accept.form.print')}
            </button>
          </li>
        ))}
      </ul>
      {status && (
        <p role="status" data-testid="accept-form-status">
          {status}
        </p>
      )}
    </fieldset>
  );
}
