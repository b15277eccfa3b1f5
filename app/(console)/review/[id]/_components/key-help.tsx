const keys = [
  ['j / k', 'next / previous field'],
  ['1 – 9', 'pick that candidate for the current field'],
  ['a', 'approve the document'],
  ['b', 'block it (asks for a reason)'],
  ['?', 'show or hide these keys'],
];

export function KeyHelp() {
  return (
    <div role="dialog" aria-label="Keyboard shortcuts" className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-2 font-semibold">Keyboard shortcuts</h2>
      <dl className="grid grid-cols-[6rem_1fr] gap-1 text-sm">
        {keys.map(([k, what]) => [
          <dt key={k} className="font-mono">
            {k}
          </dt>,
          <dd key={`${k}-d`}>{what}</dd>,
        ])}
      </dl>
    </div>
  );
}
