export type FilterField = {
  name: string;
  label: string;
  value?: string;
  options?: readonly string[];
  type?: 'text' | 'date';
  placeholder?: string;
};

/** A GET form of filters: the result is a URL anyone can share; empty fields are simply ignored. */
export function FilterForm({ action, fields }: { action: string; fields: FilterField[] }) {
  return (
    <form
      action={action}
      method="get"
      className="mb-3 flex flex-wrap items-end gap-2 text-sm"
      role="search"
      aria-label="Filters"
    >
      {fields.map((f) => (
        <label key={f.name} className="flex flex-col">
          <span className="text-xs text-slate-500">{f.label}</span>
          {f.options ? (
            <select
              name={f.name}
              defaultValue={f.value ?? ''}
              className="rounded border border-slate-300 bg-white px-2 py-1"
            >
              <option value="">any</option>
              {f.options.map((o) => (
                <option key={o} value={o}>
                  {o.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          ) : (
            <input
              name={f.name}
              type={f.type ?? 'text'}
              defaultValue={f.value ?? ''}
              placeholder={f.placeholder}
              maxLength={200}
              className="rounded border border-slate-300 px-2 py-1"
            />
          )}
        </label>
      ))}
      <button type="submit" className="rounded bg-slate-900 px-3 py-1 font-medium text-white">
        Apply
      </button>
      <a href={action} className="px-1 py-1 text-blue-700 underline">
        Clear
      </a>
    </form>
  );
}
