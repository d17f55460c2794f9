import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Role } from '../../contract/api.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';

/**
 * A list only an admin may read (paired screens, staff accounts), loaded on mount and on refresh,
 * with the page's one status message (a failed load or action says why, in the page's language).
 */
export function useAdminList<T>(role: Role, load: () => Promise<T[]>) {
  const { t } = useLang();
  const [items, setItems] = useState<T[]>([]);
  const [message, setMessage] = useState('');
  const failed = useCallback(
    (err: unknown) => setMessage(t('admin.error', { message: apiErrorText(t, err, 'staff') })),
    [t],
  );
  const refresh = useCallback(async () => {
    try {
      setItems(await load());
    } catch (err) {
      failed(err);
    }
  }, [load, failed]);
  useEffect(() => {
    if (role === 'admin') void refresh();
  }, [role, refresh]);
  return { items, refresh, message, setMessage, failed };
}
