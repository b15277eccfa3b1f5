'use client';

import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Dialog, DialogContent } from '@/components/ui/dialog';

export type ShortcutPage = { href: string; label: string; key: string };
export type PaletteCommand = { href: string; label: string; keywords?: string[] };

/** How long after `g` the page letter may follow. */
const SEQUENCE_MS = 1500;

/** Keys typed into a field are the field's, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const modalOpen = () => document.querySelector('[role="dialog"], [role="alertdialog"]') !== null;

/**
 * The console's keyboard: `/` focuses search, `g` then a letter goes to a page, `?` lists the keys, Ctrl/⌘-K opens
 * the command palette. Listens in the capture phase, so a `g` sequence is never taken by a page's own keys (the
 * review page's `a` approves); a page with keys of its own marks itself `data-page-keys` and keeps its `?`.
 */
export function KeyboardShortcuts({ pages, commands }: { pages: ShortcutPage[]; commands: PaletteCommand[] }) {
  const router = useRouter();
  const [help, setHelp] = useState(false);
  const [palette, setPalette] = useState(false);
  const gPressedAt = useRef(0);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPalette((open) => !open);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || modalOpen()) return;
      if (Date.now() - gPressedAt.current < SEQUENCE_MS) {
        gPressedAt.current = 0;
        const page = pages.find((p) => p.key === e.key.toLowerCase());
        if (page) {
          e.preventDefault();
          e.stopPropagation();
          router.push(page.href);
        }
        return;
      }
      if (e.key === 'g') {
        gPressedAt.current = Date.now();
      } else if (e.key === '/') {
        const search = document.getElementById('shell-search');
        if (search) {
          e.preventDefault();
          search.focus();
        }
      } else if (e.key === '?' && !document.querySelector('[data-page-keys]')) {
        e.preventDefault();
        setHelp(true);
      }
    }
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [pages, router]);

  return (
    <>
      <Dialog open={help} onOpenChange={setHelp}>
        <DialogContent title="Keyboard shortcuts" description="They work anywhere in the console, except while typing.">
          <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1 text-sm">
            <Shortcut keys={['/']} label="Find by any ID" />
            <Shortcut keys={['Ctrl', 'K']} label="Command palette: pages, actions, any ID (⌘-K on a Mac)" />
            <Shortcut keys={['?']} label="This list" />
            {pages.map((p) => (
              <Shortcut key={p.href} keys={['g', p.key]} label={`Go to ${p.label}`} />
            ))}
          </dl>
        </DialogContent>
      </Dialog>
      <CommandPalette
        open={palette}
        onOpenChange={setPalette}
        pages={pages}
        commands={commands}
        go={(href) => {
          setPalette(false);
          router.push(href);
        }}
      />
    </>
  );
}

function Shortcut({ keys, label }: { keys: string[]; label: string }) {
  return (
    <div className="contents">
      <dt>
        {keys.map((k, i) => (
          <span key={i}>
            {i > 0 && <span className="px-0.5 text-slate-500">then</span>}
            <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{k}</kbd>
          </span>
        ))}
      </dt>
      <dd>{label}</dd>
    </div>
  );
}

const itemClass =
  'flex cursor-pointer items-center justify-between rounded px-2 py-1.5 text-sm data-[selected=true]:bg-slate-900 data-[selected=true]:text-white';

function CommandPalette({
  open,
  onOpenChange,
  pages,
  commands,
  go,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pages: ShortcutPage[];
  commands: PaletteCommand[];
  go: (href: string) => void;
}) {
  const [query, setQuery] = useState('');
  const text = query.trim();
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) setQuery('');
      }}
    >
      <DialogContent title="Command palette" description="Go to a page, start an action, or find any ID.">
        <Command label="Command palette" loop>
          <Command.Input
            value={query}
            onValueChange={setQuery}
            placeholder="Type a page, an action, or an ID…"
            maxLength={200}
            className="w-full rounded border border-slate-300 px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-blue-600"
          />
          <Command.List className="mt-2 max-h-80 overflow-y-auto" label="Results">
            {text && (
              // Always offered, whatever matched: any ID the search page knows (documents, sends, webhooks, keys…).
              <Command.Item
                forceMount
                value={`search ${text}`}
                onSelect={() => go(`/search?${new URLSearchParams({ q: text })}`)}
                className={itemClass}
              >
                <span>
                  Find “<span className="font-mono">{text}</span>”
                </span>
                <span className="text-xs opacity-70">search</span>
              </Command.Item>
            )}
            <Command.Empty className="px-2 py-1.5 text-sm text-slate-500">No page or action matches.</Command.Empty>
            <Command.Group
              heading="Pages"
              className="mt-1 text-xs text-slate-500 [&_[cmdk-group-items]]:text-slate-900"
            >
              {pages.map((p) => (
                <Command.Item key={p.href} value={p.label} onSelect={() => go(p.href)} className={itemClass}>
                  <span>{p.label}</span>
                  <span className="font-mono text-xs opacity-70">g {p.key}</span>
                </Command.Item>
              ))}
            </Command.Group>
            {commands.length > 0 && (
              <Command.Group
                heading="Actions"
                className="mt-1 text-xs text-slate-500 [&_[cmdk-group-items]]:text-slate-900"
              >
                {commands.map((c) => (
                  <Command.Item
                    key={c.href}
                    value={c.label}
                    keywords={c.keywords}
                    onSelect={() => go(c.href)}
                    className={itemClass}
                  >
                    {c.label}
                  </Command.Item>
                ))}
              </Command.Group>
            )}
          </Command.List>
        </Command>
      </DialogContent>
    </Dialog>
  );
}
