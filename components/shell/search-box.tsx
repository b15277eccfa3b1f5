/** The shell's search: a plain GET form, so it works before any JavaScript and the result is a shareable URL. */
export function SearchBox() {
  return (
    <form action="/search" method="get" role="search" className="mb-4">
      <label htmlFor="shell-search" className="sr-only">
        Find by any ID
      </label>
      <input
        id="shell-search"
        name="q"
        type="search"
        placeholder="Find by any ID…"
        maxLength={200}
        className="w-full rounded bg-slate-800 px-2 py-1.5 text-sm text-white placeholder:text-slate-400"
      />
    </form>
  );
}
